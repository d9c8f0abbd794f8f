package kicad

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// component is one schematic component (or one row of a part list) with
// its fields resolved.
type component struct {
	// refs are its reference designators: one for a netlist component,
	// any number for a part-list row.
	refs []string
	// count is how many components it stands for: 1 for a netlist
	// component, the stated quantity or the number of refs for a row.
	count                       float64
	value, footprint, lib, part string
	desc                        string
	fields                      map[string]string
}

// Stats counts what a read found.
type Stats struct {
	// Components is the number of fitted components (netlist components,
	// counted once per reference designator, or part-list quantities).
	Components int
	// Skipped is the number of components not fitted in the default
	// variant (DNP, excluded from the BOM, or only in other variants).
	Skipped int
	// Unidentified is the number of part-list rows skipped for having
	// neither a part number nor a value.
	Unidentified int
	// Parts is the number of distinct parts the design uses.
	Parts int
}

// builder groups components into the product's BOM.
type builder struct {
	b       *model.Batch
	product model.ItemID
	stats   Stats
	parts   map[model.ItemID]bool
}

func newBuilder(origin string, product model.Item) *builder {
	b := &model.Batch{Origin: origin}
	b.Add(product)
	return &builder{b: b, product: product.ID, parts: map[model.ItemID]bool{}}
}

// add records a component: each of its subparts becomes a part used by the
// product, unless the component is not fitted.
func (bl *builder) add(c component) {
	n := len(c.refs)
	if n == 0 {
		n = int(c.count)
	}
	if !fitted(c.fields) {
		bl.stats.Skipped += n
		return
	}
	bl.stats.Components += n
	subs := subparts(c.fields, c.desc)
	for i, s := range subs {
		it, ok := partItem(c, s, i, len(subs))
		if !ok {
			continue
		}
		bl.parts[it.ID] = true
		bl.b.Ref(it)
		bl.b.Use(model.Edge{
			Parent:   bl.product,
			Child:    it.ID,
			Kind:     model.BOM,
			Quantity: c.count * s.qty,
			RefDes:   append([]string(nil), c.refs...),
		})
	}
}

// finish compacts the batch and returns it with the counts.
func (bl *builder) finish() (*model.Batch, Stats) {
	bl.b.Compact()
	for i := range bl.b.Edges {
		slices.SortStableFunc(bl.b.Edges[i].RefDes, compareRefs)
	}
	bl.stats.Parts = len(bl.parts)
	return bl.b, bl.stats
}

// partItem makes the part of subpart i of n of a component. A part with a
// manufacturer part number is keyed by it ("mpn:" and the number, upper
// case, without spaces); the first subpart of a component without one is
// keyed by its symbol, value and footprint ("sym:lib:part|value|footprint").
// Further subparts without a number are dropped (ok is false).
func partItem(c component, s subpart, i, n int) (model.Item, bool) {
	var ext string
	switch {
	case s.mpn != "":
		ext = "mpn:" + NormalizeMPN(s.mpn)
	case i == 0:
		ext = "sym:" + c.lib + ":" + c.part + "|" + c.value + "|" + c.footprint
	default:
		return model.Item{}, false
	}
	it := model.Item{
		ID:          model.NewID(System, ext),
		Level:       model.LevelPart,
		Name:        firstOf(s.mpn, c.value, c.part, c.footprint, "unnamed part"),
		Description: strings.Join(strings.Fields(s.desc), " "),
		Source:      model.SourceRef{System: System, ExternalID: ext},
	}
	if n == 1 {
		if c.value != "" {
			it.SetAttr(model.TextAttr(model.AttrValue, c.value))
		}
		if c.footprint != "" {
			it.SetAttr(model.TextAttr(model.AttrFootprint, c.footprint))
		}
		if c.lib != "" || c.part != "" {
			it.SetAttr(model.TextAttr(model.AttrLibPart, c.lib+":"+c.part))
		}
	}
	it.AddMPN(model.ManufacturerPart{Manufacturer: s.manf, MPN: s.mpn})
	for _, sp := range s.skus {
		it.AddSupplierPart(sp)
	}
	return it, true
}

// NormalizeMPN returns the form of a manufacturer part number that part
// external ids use: upper case, without white space.
func NormalizeMPN(mpn string) string {
	return strings.Join(strings.Fields(strings.ToUpper(mpn)), "")
}

// compareRefs orders reference designators by prefix, then number, then
// the rest: R2 before R10.
func compareRefs(a, b string) int {
	pa, na, ra := splitRef(a)
	pb, nb, rb := splitRef(b)
	if c := strings.Compare(pa, pb); c != 0 {
		return c
	}
	if c := cmp.Compare(len(na), len(nb)); c != 0 {
		return c
	}
	if c := strings.Compare(na, nb); c != 0 {
		return c
	}
	return strings.Compare(ra, rb)
}

// splitRef splits "R10A" into "R", "10" (without leading zeros) and "A".
func splitRef(s string) (prefix, num, rest string) {
	i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return s, "", ""
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	return s[:i], strings.TrimLeft(s[i:j], "0"), s[j:]
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// fileStem returns the last element of a slash- or backslash-separated path
// without its extension.
func fileStem(p string) string {
	p = strings.TrimSpace(strings.ReplaceAll(p, `\`, "/"))
	base := path.Base(p)
	if base == "." || base == "/" {
		return ""
	}
	return strings.TrimSuffix(base, path.Ext(base))
}

// productItem makes the product item of a design.
func productItem(ext, title, rev string) model.Item {
	return model.Item{
		ID:          model.NewID(System, ext),
		Level:       model.LevelProduct,
		Name:        ext,
		Description: title,
		Source:      model.SourceRef{System: System, ExternalID: ext, Revision: rev},
	}
}
