package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/cbb-alliance/cbb/layers/model"
)

// mappingVersion names the current mapping. It is stored in the index; an
// index built with another version is refused on Open, because the index
// follows from the store and is cheaper to rebuild than to migrate.
//
// cbb-items-2: text_cjk holds ideographs only (analyzerHan), and the index
// is split in shards.
const mappingVersion = "cbb-items-2"

// mappingKey is the internal key under which mappingVersion is stored.
var mappingKey = []byte("cbb.mapping")

// The indexed fields. Nothing is stored: a hit's id is bleve's document id.
const (
	fieldLevel     = "level"     // keyword
	fieldLifecycle = "lifecycle" // keyword
	fieldOwner     = "owner"     // keyword
	fieldScope     = "scope"     // keyword: the scope kind
	fieldPartners  = "partners"  // keyword, one term per partner
	fieldSystem    = "system"    // keyword: Source.System
	fieldClass     = "class"     // keyword, one term per class path prefix
	fieldPN        = "pn"        // keyword: MPNs and supplier SKUs, normalized
	fieldTextEN    = "text_en"   // the item's text, English analyser
	fieldTextCJK   = "text_cjk"  // the same text's ideograph bigrams
	fieldUsedIn    = "used_in"   // numeric: number of parents using the item
	// Numeric attributes live in three dynamic sub-documents, so their
	// fields are "n.<attribute>" (Number kinds), "lo.<attribute>" and
	// "hi.<attribute>" (Range kinds: lower and upper bound).
	subNumber  = "n"
	subRangeLo = "lo"
	subRangeHi = "hi"
)

// newMapping builds the explicit index mapping: every field is declared,
// except numeric attribute values, which sit in the dynamic sub-documents
// "n", "lo" and "hi" because attribute names are open-ended (readers and
// normalization may add names beyond model/vocab.go). Only numbers are ever
// put there, and dynamic fields are indexed but neither stored nor given doc
// values, so dynamism costs nothing beyond the terms themselves.
func newMapping() *mapping.IndexMappingImpl {
	im := mapping.NewIndexMapping()
	im.ScoringModel = bleveindex.BM25Scoring
	im.StoreDynamic = false
	im.IndexDynamic = true
	im.DocValuesDynamic = false
	im.DefaultAnalyzer = keyword.Name

	doc := mapping.NewDocumentStaticMapping()
	for _, f := range []string{fieldLevel, fieldLifecycle, fieldOwner, fieldScope, fieldPartners, fieldSystem, fieldClass, fieldPN} {
		doc.AddFieldMappingsAt(f, keywordField())
	}
	doc.AddFieldMappingsAt(fieldTextEN, textField(analyzerEN))
	doc.AddFieldMappingsAt(fieldTextCJK, textField(analyzerHan))
	num := mapping.NewNumericFieldMapping()
	num.Store, num.DocValues, num.IncludeInAll = false, false, false
	doc.AddFieldMappingsAt(fieldUsedIn, num)
	for _, sub := range []string{subNumber, subRangeLo, subRangeHi} {
		dyn := mapping.NewDocumentMapping() // dynamic
		doc.AddSubDocumentMapping(sub, dyn)
	}
	// No composite "_all" field: queries always name their fields.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.DefaultMapping = doc
	return im
}

func keywordField() *mapping.FieldMapping {
	f := mapping.NewKeywordFieldMapping()
	f.Store, f.DocValues, f.IncludeInAll, f.IncludeTermVectors = false, false, false, false
	return f
}

func textField(analyzer string) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store, f.DocValues, f.IncludeInAll, f.IncludeTermVectors = false, false, false, false
	return f
}

// document turns an item into the map bleve indexes.
func document(d Doc) map[string]any {
	it := &d.Item
	m := map[string]any{
		fieldLevel:     string(it.Level),
		fieldLifecycle: string(it.Lifecycle),
		fieldOwner:     string(it.Owner),
		fieldScope:     string(it.Scope.Kind),
		fieldSystem:    it.Source.System,
		fieldUsedIn:    float64(d.UsedIn),
	}
	if len(it.Scope.Partners) > 0 {
		ps := make([]string, len(it.Scope.Partners))
		for i, p := range it.Scope.Partners {
			ps[i] = string(p)
		}
		m[fieldPartners] = ps
	}
	if cs := classTerms(it.Class); len(cs) > 0 {
		m[fieldClass] = cs
	}
	if pns := partNumbers(it); len(pns) > 0 {
		m[fieldPN] = pns
	}
	text := ItemText(it)
	m[fieldTextEN], m[fieldTextCJK] = text, text
	nums, los, his := map[string]any{}, map[string]any{}, map[string]any{}
	for _, a := range it.Attributes {
		switch a.Kind {
		case model.Number:
			nums[a.Name] = a.Value
		case model.Range:
			los[a.Name], his[a.Name] = a.Value, a.Max
		}
	}
	for sub, vals := range map[string]map[string]any{subNumber: nums, subRangeLo: los, subRangeHi: his} {
		if len(vals) > 0 {
			m[sub] = vals
		}
	}
	return m
}

// classTerms returns every prefix of the class path, from the root down:
// "A/B/C" gives "A", "A/B", "A/B/C", so a class filter is one term query.
func classTerms(c model.ClassPath) []string {
	segs := model.ClassPath(normClass(c)).Segments()
	out := make([]string, 0, len(segs))
	for i := range segs {
		out = append(out, strings.Join(segs[:i+1], "/"))
	}
	return out
}

// normClass trims blanks and stray slashes off a class path.
func normClass(c model.ClassPath) string {
	return strings.Trim(strings.TrimSpace(string(c)), "/")
}

// partNumbers returns the item's MPNs and supplier SKUs, normalized.
func partNumbers(it *model.Item) []string {
	var out []string
	for _, m := range it.Manufacturers {
		if pn := normPN(m.MPN); pn != "" {
			out = append(out, pn)
		}
	}
	for _, s := range it.Suppliers {
		if pn := normPN(s.SKU); pn != "" {
			out = append(out, pn)
		}
	}
	return out
}

// normPN normalizes a part number for exact matching: upper case, without
// blanks.
func normPN(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u3000' {
			return -1
		}
		return r
	}, strings.ToUpper(s))
}

// ItemText is the text both analysed fields index: name, description,
// class segments, manufacturers and their part numbers, supplier SKUs, the
// text of enum and text attributes (keywords among them) and the raw text
// numbers were read from ("4k7", "100nF"). Underscores and colons, common
// in EDA footprints and library names ("Resistor_SMD:R_0603"), become
// blanks so the words inside them are found.
func ItemText(it *model.Item) string {
	var b strings.Builder
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	add(it.Name)
	add(it.Description)
	for _, s := range it.Class.Segments() {
		add(s)
	}
	for _, m := range it.Manufacturers {
		add(m.Manufacturer)
		add(m.MPN)
	}
	for _, s := range it.Suppliers {
		add(s.SKU)
	}
	for _, a := range it.Attributes {
		switch a.Kind {
		case model.Enum, model.Text:
			add(a.Text)
		default:
			add(a.Raw)
		}
	}
	return strings.NewReplacer("_", " ", ":", " ").Replace(b.String())
}
