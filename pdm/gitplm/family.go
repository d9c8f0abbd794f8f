package gitplm

import (
	"reflect"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// families returns a family for every CCC-NNN that two or more IPNs of
// the table share, in the order the bases first appear, with their
// variant edges. items holds the parts' records, by IPN.
func (t *table) families(parts []*part, items map[string]model.Item) ([]model.Item, []model.Edge, error) {
	var bases []string
	members := map[string][]*part{}
	for _, p := range parts {
		if _, base, ok := splitIPN(p.ipn); ok {
			if members[base] == nil {
				bases = append(bases, base)
			}
			members[base] = append(members[base], p)
		}
	}
	var fams []model.Item
	var edges []model.Edge
	for _, base := range bases {
		ms := members[base]
		if len(ms) < 2 {
			continue
		}
		if p := slices.IndexFunc(parts, func(p *part) bool { return p.ipn == base }); p >= 0 {
			return nil, nil, model.ParseError(t.file, parts[p].lines[0], t.cols[0].label(),
				"IPN %s is also the base of the variations %s and %s", base, ms[0].ipn, ms[1].ipn)
		}
		vs := make([]model.Item, len(ms))
		for i, m := range ms {
			vs[i] = items[m.ipn]
		}
		fam := familyItem(base, vs)
		fams = append(fams, fam)
		for _, v := range vs {
			edges = append(edges, model.Edge{Parent: fam.ID, Child: v.ID, Kind: model.Variant})
		}
	}
	return fams, edges, nil
}

// familyItem makes the family of the variations vs of base (CCC-NNN):
// named by the base and the words all the variations' descriptions share,
// described by those words, with the attributes all of them have alike.
func familyItem(base string, vs []model.Item) model.Item {
	code, _, _ := splitIPN(base + "-0000")
	common := commonWords(vs)
	name := base
	if common != "" {
		name += " " + common
	}
	fam := model.Item{
		ID:          model.NewID(System, base),
		Level:       model.LevelFamily,
		Name:        name,
		Description: common,
		Class:       categories[code].class,
		Source:      model.SourceRef{System: System, ExternalID: base},
	}
	fam.SetAttr(model.TextAttr(attrIPN, base))
	for _, a := range vs[0].Attributes {
		if a.Name == attrIPN || a.Name == model.AttrValue {
			continue
		}
		if !slices.ContainsFunc(vs[1:], func(v model.Item) bool { return !hasAttr(v, a) }) {
			fam.SetAttr(a)
		}
	}
	return fam
}

// hasAttr reports whether it has the attribute a, alike in every field.
func hasAttr(it model.Item, a model.Attribute) bool {
	b, ok := it.Attr(a.Name)
	return ok && reflect.DeepEqual(a, b)
}

// commonWords returns the words of the first item's description that
// every other item's description has, in order, without trailing
// punctuation: "50V 0603 X7R" for "0.1uF 50V 0603 X7R" and "1uF 50V 0603
// X7R".
func commonWords(vs []model.Item) string {
	sets := make([]map[string]bool, len(vs))
	for i, v := range vs {
		sets[i] = map[string]bool{}
		for _, w := range strings.Fields(v.Description) {
			sets[i][w] = true
		}
	}
	var out []string
	for _, w := range strings.Fields(vs[0].Description) {
		if !slices.ContainsFunc(sets[1:], func(s map[string]bool) bool { return !s[w] }) {
			out = append(out, w)
		}
	}
	return strings.TrimRight(strings.Join(out, " "), " ,;:-")
}
