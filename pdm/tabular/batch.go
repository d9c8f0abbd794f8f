package tabular

import (
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// AttrCategory is the text attribute holding the category a BOM gives
// its line ("Electronics", "Fasteners"): a hint for classification, not
// a class path.
const AttrCategory = "category"

// maxName bounds the length, in runes, of a name taken from a description.
const maxName = 200

// buildBatch makes the product, its parts and its BOM edges.
func buildBatch(name string, lines []line, opt pdm.Options) (*model.Batch, error) {
	pid := productID(name, opt)
	prod := model.Item{
		ID:     model.NewID(System, pid),
		Level:  model.LevelProduct,
		Name:   productName(name, opt),
		Source: model.SourceRef{System: System, ExternalID: pid},
	}
	b := &model.Batch{Origin: name}
	b.Add(prod)
	// Repeated lines of a part merge into one ref and one edge as they
	// are read: MergeRef and Use keep this linear in the lines, however
	// many lines name one part.
	for _, ln := range lines {
		part := partItem(ln)
		if part.ID == prod.ID {
			continue
		}
		b.MergeRef(part)
		b.Use(model.Edge{Parent: prod.ID, Child: part.ID, Kind: model.BOM, Quantity: ln.qty, RefDes: ln.refdes})
	}
	if len(b.Edges) == 0 {
		return nil, failf(reasonNoData, "no line names a part")
	}
	b.Compact()
	return b, nil
}

// PartKey returns the external id of the part a BOM line names, the key
// that makes the same part from different files of system "bom" (and the
// kicad reader's BOMs) one item: "mpn:" and the manufacturer part number
// upper-cased without white space when the line has one; else "line:" and
// value, footprint and description (or name), each lower-cased with white
// space collapsed, joined by "|"; else "sku:" supplier ":" SKU.
func PartKey(mpn, value, footprint, description, supplier, sku string) string {
	if k := mpnKey(mpn); k != "" {
		return "mpn:" + k
	}
	if value != "" || description != "" {
		return "line:" + lineNorm(value) + "|" + lineNorm(footprint) + "|" + lineNorm(description)
	}
	if sku != "" {
		return "sku:" + supplier + ":" + strings.Join(strings.Fields(sku), "")
	}
	return "line:|" + lineNorm(footprint) + "|"
}

func mpnKey(mpn string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, mpn))
}

func lineNorm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// partItem makes the part a line names. Its name is the first of MPN,
// value, name, description, SKU and footprint that the line has (MPN
// first, as the kicad reader names its parts).
func partItem(ln line) model.Item {
	mpn, supplier, sku := "", "", ""
	if len(ln.mpns) > 0 {
		mpn = ln.mpns[0].MPN
	}
	if len(ln.skus) > 0 {
		supplier, sku = ln.skus[0].Supplier, ln.skus[0].SKU
	}
	desc := ln.desc
	if desc == "" {
		desc = ln.name
	}
	key := PartKey(mpn, ln.value, ln.footprint, desc, supplier, sku)
	if ln.ipn != "" && mpnKey(mpn) == "" {
		// Without an MPN, the designer's own part number names the part
		// in all the designer's BOMs, whatever their suppliers.
		key = "ipn:" + strings.Join(strings.Fields(ln.ipn), " ")
	}
	it := model.Item{
		ID:          model.NewID(System, key),
		Level:       model.LevelPart,
		Name:        firstOf(mpn, ln.value, ln.name, ln.desc, sku, ln.footprint, ln.ipn),
		Description: ln.desc,
		Source:      model.SourceRef{System: System, ExternalID: key},
	}
	if it.Name == "" {
		it.Name = key
	}
	if r := []rune(it.Name); len(r) > maxName {
		it.Name = string(r[:maxName])
	}
	for _, a := range []model.Attribute{
		model.TextAttr(model.AttrValue, ln.value),
		model.TextAttr(model.AttrFootprint, ln.footprint),
		model.TextAttr(model.AttrLibPart, ln.libPart),
		model.TextAttr(AttrCategory, ln.category),
	} {
		if a.Text != "" {
			it.SetAttr(a)
		}
	}
	for _, m := range ln.mpns {
		it.AddMPN(m)
	}
	for _, s := range ln.skus {
		it.AddSupplierPart(s)
	}
	return it
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v = strings.Join(strings.Fields(v), " "); v != "" {
			return v
		}
	}
	return ""
}
