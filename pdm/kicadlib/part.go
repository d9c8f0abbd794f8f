package kicadlib

import (
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/model"
)

// The names of KiCad's mandatory fields, as the S-expression format spells
// them; the legacy format's F0..F3 are read under these names.
const (
	fieldReference = "Reference"
	fieldValue     = "Value"
	fieldFootprint = "Footprint"
	fieldDatasheet = "Datasheet"
)

// Attribute names this package sets besides those of package model.
const (
	// AttrReferencePrefix is the symbol's reference designator prefix
	// ("R", "U").
	AttrReferencePrefix = "reference_prefix"
	// AttrDatasheet is the datasheet address.
	AttrDatasheet = "datasheet"
	// AttrURL is the supplier's product page (Digi-Key's DK_Detail_Page).
	AttrURL = "url"
	// AttrStatus is the part status as the library states it ("Active
	// NonStock"), read into the lifecycle too.
	AttrStatus = "status"
)

// digikeySite prefixes Digi-Key's relative product-detail paths.
const digikeySite = "https://www.digikey.com"

// field is one named field of a symbol, as written.
type field struct{ name, value string }

// symbol is what both formats say about one library entry: a legacy DEF or
// ALIAS, or an S-expression (symbol ...).
type symbol struct {
	name   string
	line   int
	fields []field
	// index maps the lower-cased field names to their places in fields;
	// set builds it when it is nil.
	index map[string]int
	// The documentation: the .dcm entry of a legacy symbol, the
	// ki_description and ki_keywords properties of an S-expression one.
	description, keywords, docDatasheet string
	// power marks power symbols (GND, +5V): net labels, not parts.
	power bool
}

// set replaces the field of that name, compared case-insensitively, or
// appends it.
func (s *symbol) set(name, value string) {
	if s.index == nil {
		s.index = make(map[string]int, len(s.fields))
		for i, f := range s.fields {
			s.index[strings.ToLower(f.name)] = i
		}
	}
	key := strings.ToLower(name)
	if i, ok := s.index[key]; ok {
		s.fields[i].value = value
		return
	}
	s.index[key] = len(s.fields)
	s.fields = append(s.fields, field{name, value})
}

// fieldKind says what a field name stands for.
type fieldKind int

const (
	kindOther fieldKind = iota
	kindReference
	kindValue
	kindFootprint
	kindDatasheet
	kindMPN
	kindManufacturer
	kindSupplier
	kindDescription
	kindKeywords
	kindCategory
	kindFamily
	kindStatus
	kindDetailPage
	kindDKDatasheet
	kindIgnored
)

// fieldKinds maps squashed field names (lower case, without spaces, "_",
// "-" and ".") to what they stand for.
var fieldKinds = map[string]fieldKind{
	"reference": kindReference, "value": kindValue, "footprint": kindFootprint, "datasheet": kindDatasheet,
	"mpn": kindMPN, "manf#": kindMPN, "mfr#": kindMPN, "mfg#": kindMPN, "mfrpn": kindMPN, "mfgpn": kindMPN,
	"manufacturerpartnumber": kindMPN, "manufacturerpn": kindMPN, "mfrpartnumber": kindMPN,
	"manufacturer": kindManufacturer, "manf": kindManufacturer, "mfr": kindManufacturer, "mfg": kindManufacturer,
	"manufacturername": kindManufacturer,
	"description":      kindDescription, "kidescription": kindDescription,
	"kikeywords": kindKeywords, "keywords": kindKeywords,
	"category": kindCategory, "family": kindFamily, "status": kindStatus,
	"dkdetailpage": kindDetailPage, "dkdatasheetlink": kindDKDatasheet,
	"kifpfilters": kindIgnored, "kilocked": kindIgnored,
}

// suppliers maps the distributor names that start a supplier field name
// to the supplier names recorded, the names package kicad uses.
var suppliers = map[string]string{
	"digikey": "Digikey", "mouser": "Mouser", "rs": "RS", "newark": "Newark", "farnell": "Farnell",
	"element14": "Element14", "lcsc": "LCSC", "tme": "TME", "arrow": "Arrow",
}

// supplierStubs end a supplier field name after the distributor's name:
// "Digi-Key_PN", "Mouser Part Number", "LCSC", "digikey#".
var supplierStubs = []string{"", "pn", "#", "p#", "part#", "partnumber", "partno", "sku", "number", "no"}

func squash(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r == ' ' || r == '_' || r == '-' || r == '.' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// kindOf returns what a field stands for and, for a supplier field, the
// supplier's name.
func kindOf(name string) (fieldKind, string) {
	sq := squash(name)
	if k, ok := fieldKinds[sq]; ok {
		return k, ""
	}
	for d, supplier := range suppliers {
		if rest, ok := strings.CutPrefix(sq, d); ok {
			for _, stub := range supplierStubs {
				if rest == stub {
					return kindSupplier, supplier
				}
			}
		}
	}
	return kindOther, ""
}

// partItem turns a symbol of library lib into a part record.
func partItem(lib string, s *symbol) model.Item {
	ext := lib + ":" + s.name
	it := model.Item{
		ID:     model.NewID(System, ext),
		Level:  model.LevelPart,
		Source: model.SourceRef{System: System, ExternalID: ext},
	}
	var f partFields
	f.read(s.fields)
	it.Name = firstOf(f.mpn, s.name)
	it.Description = firstOf(clean(s.description), f.description)
	it.Class = classOf(f.category, f.family)
	it.Lifecycle = lifecycleOf(f.status)
	it.AddMPN(model.ManufacturerPart{Manufacturer: f.manufacturer, MPN: f.mpn})
	for _, sp := range f.suppliers {
		it.AddSupplierPart(sp)
	}
	datasheet := firstOf(f.datasheet, clean(s.docDatasheet), f.dkDatasheet)
	if f.dkDatasheet != datasheet {
		f.others = append(f.others, field{"DK_Datasheet_Link", f.dkDatasheet})
	}
	if f.mpn == "" {
		f.others = append(f.others, field{"Manufacturer", f.manufacturer})
	}
	for _, a := range [][2]string{
		{model.AttrValue, f.value}, {model.AttrFootprint, f.footprint}, {AttrReferencePrefix, f.reference},
		{model.AttrKeywords, firstOf(clean(s.keywords), f.keywords)}, {AttrDatasheet, datasheet},
		{AttrURL, f.url}, {AttrStatus, f.status},
	} {
		setText(&it, a[0], a[1])
	}
	for _, o := range f.others {
		name := attrName(o.name)
		if _, taken := it.Attr(name); taken || reserved[name] {
			name += "_field"
		}
		setText(&it, name, o.value)
	}
	return it
}

// partFields are a symbol's fields sorted by what they stand for, values
// cleaned.
type partFields struct {
	reference, value, footprint, datasheet, dkDatasheet, url string
	mpn, manufacturer, description, keywords                 string
	category, family, status                                 string
	suppliers                                                []model.SupplierPart
	others                                                   []field
}

// read sorts fields; of two fields standing for the same thing, the later
// wins.
func (pf *partFields) read(fields []field) {
	for _, f := range fields {
		v := clean(f.value)
		k, supplier := kindOf(f.name)
		dst := pf.slot(k)
		switch {
		case dst != nil:
			*dst = v
		case k == kindSupplier:
			pf.suppliers = append(pf.suppliers, model.SupplierPart{Supplier: supplier, SKU: v})
		case k == kindOther:
			pf.others = append(pf.others, field{f.name, v})
		}
	}
	if strings.HasPrefix(pf.url, "/") {
		pf.url = digikeySite + pf.url
	}
}

// slot returns where a field of kind k goes, nil for suppliers and others.
func (pf *partFields) slot(k fieldKind) *string {
	switch k {
	case kindReference:
		return &pf.reference
	case kindValue:
		return &pf.value
	case kindFootprint:
		return &pf.footprint
	case kindDatasheet:
		return &pf.datasheet
	case kindDKDatasheet:
		return &pf.dkDatasheet
	case kindDetailPage:
		return &pf.url
	case kindMPN:
		return &pf.mpn
	case kindManufacturer:
		return &pf.manufacturer
	case kindDescription:
		return &pf.description
	case kindKeywords:
		return &pf.keywords
	case kindCategory:
		return &pf.category
	case kindFamily:
		return &pf.family
	case kindStatus:
		return &pf.status
	}
	return nil
}

// setText sets a text attribute unless the value is empty; an attribute
// already set keeps its value.
func setText(it *model.Item, name, v string) {
	if v == "" || name == "" {
		return
	}
	if _, ok := it.Attr(name); ok {
		return
	}
	it.SetAttr(model.TextAttr(name, v))
}

// clean collapses the white space of a field value (escaped line breaks
// included) and reads KiCad's "~" as empty.
func clean(v string) string {
	v = strings.Join(strings.Fields(v), " ")
	if v == "~" {
		return ""
	}
	return v
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// classOf is "Electronics/<category>/<family>" when the symbol has both
// (Digi-Key's libraries do), "Electronics/<category>" with a category
// alone; a "/" inside either becomes "-" ("RF/IF and RFID" is
// "RF-IF and RFID"), as in Digi-Key's own address slugs.
func classOf(category, family string) model.ClassPath {
	seg := func(s string) string {
		return strings.Join(strings.Fields(strings.ReplaceAll(s, "/", "-")), " ")
	}
	category, family = seg(category), seg(family)
	switch {
	case category == "":
		return ""
	case family == "":
		return model.ClassPath("Electronics/" + category)
	}
	return model.ClassPath("Electronics/" + category + "/" + family)
}

// lifecycleOf reads a Digi-Key part status: "Obsolete" is obsolete; "Not
// For New Designs", "Last Time Buy" and "Discontinued at Digi-Key" are
// deprecated; "Active" and anything else leave the lifecycle to ingest. A
// trailing "NonStock" (Digi-Key does not stock the part) changes nothing.
func lifecycleOf(status string) model.Lifecycle {
	s := strings.ToLower(strings.Join(strings.Fields(status), " "))
	switch {
	case strings.HasPrefix(s, "obsolete"):
		return model.Obsolete
	case strings.HasPrefix(s, "not for new designs"), strings.HasPrefix(s, "nrnd"),
		strings.HasPrefix(s, "last time buy"), strings.HasPrefix(s, "discontinued"):
		return model.Deprecated
	}
	return ""
}

// reserved are attribute names a free field may not take: those of
// package model's vocabulary (left to normalization, which derives typed
// values) and those this package sets.
var reserved = map[string]bool{
	model.AttrValue: true, model.AttrFootprint: true, model.AttrPackage: true, model.AttrResistance: true,
	model.AttrCapacitance: true, model.AttrInductance: true, model.AttrVoltage: true, model.AttrCurrent: true,
	model.AttrPower: true, model.AttrFrequency: true, model.AttrTolerance: true, model.AttrDielectric: true,
	model.AttrThread: true, model.AttrDiameter: true, model.AttrLength: true, model.AttrWidth: true,
	model.AttrHeight: true, model.AttrThickness: true, model.AttrStandard: true, model.AttrHead: true,
	model.AttrFrameSize: true, model.AttrBore: true, model.AttrOuterDiameter: true, model.AttrSeal: true,
	model.AttrDesignation: true, model.AttrMaterial: true, model.AttrProcurement: true, model.AttrProcess: true,
	model.AttrLibPart: true, model.AttrKeywords: true, model.AttrUnits: true,
	AttrReferencePrefix: true, AttrDatasheet: true, AttrURL: true, AttrStatus: true,
}

// attrName is the snake case of a field name: "Operating Temp." is
// "operating_temp"; a name without letters or digits is "field".
func attrName(name string) string {
	var b strings.Builder
	sep := false
	for _, c := range strings.ToLower(name) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(c)
			sep = false
			continue
		}
		sep = true
	}
	if b.Len() == 0 {
		return "field"
	}
	return b.String()
}
