package normalize

import (
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// derived collects what a description yields: one attribute per name, the
// first found winning, and a class.
type derived struct {
	attrs []model.Attribute
	class model.ClassPath
}

// set adds a unless an attribute of that name was found before.
func (r *derived) set(a model.Attribute) {
	if a.Validate() != nil {
		return
	}
	for _, o := range r.attrs {
		if o.Name == a.Name {
			return
		}
	}
	r.attrs = append(r.attrs, a)
}

// recognizers are tried in order; the first that recognizes the text wins.
// Mechanical ones come first and are specific (a keyword and a pattern);
// passive is the fallback for electronic parts.
var recognizers = []struct {
	name string
	fn   func(*description, *derived) bool
}{
	{"stepper", stepper},
	{"bearing", bearing},
	{"belt", belt},
	{"extrusion", extrusion},
	{"rail", linearRail},
	{"rod", rod},
	{"leadscrew", leadscrew},
	{"sheet", sheet},
	{"fastener", fastener},
	{"passive", passive},
}

// Describe returns what Enrich would derive from one text alone: typed
// attributes, sorted by name, and a class (empty when the text does not say).
func Describe(text string) (attrs []model.Attribute, class model.ClassPath) {
	d := newDescription(text)
	var out derived
	for _, r := range recognizers {
		if r.fn(d, &out) {
			break
		}
		out = derived{}
	}
	slices.SortFunc(out.attrs, func(a, b model.Attribute) int { return strings.Compare(a.Name, b.Name) })
	return out.attrs, out.class
}

// Enrich derives typed attributes (and a class, when the item has none) from
// the item's Name, Description and text attributes model.AttrValue,
// model.AttrFootprint and model.AttrLibPart; it never overwrites an
// attribute the item already has.
//
// The texts are read together, most specific first (value, description,
// name, footprint, library part), as phrases that patterns do not span:
// the first value found for an attribute wins, and a footprint's designator
// ("R_0603") or a library symbol ("Device:C") can say what a bare value
// ("100n") is.
func Enrich(it *model.Item) {
	var parts []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	add(textAttr(it, model.AttrValue))
	add(it.Description)
	add(it.Name)
	add(textAttr(it, model.AttrFootprint))
	add(textAttr(it, model.AttrLibPart))
	attrs, class := Describe(strings.Join(parts, " "+boundary+" "))
	for _, a := range attrs {
		if _, ok := it.Attr(a.Name); !ok {
			it.SetAttr(a)
		}
	}
	if it.Class == "" {
		it.Class = class
	}
}

// textAttr returns a text attribute's value. It scans rather than relying
// on the attributes being sorted, so items built by hand work too.
func textAttr(it *model.Item, name string) string {
	for _, a := range it.Attributes {
		if a.Name == name && (a.Kind == model.Text || a.Kind == model.Enum) {
			return a.Text
		}
	}
	return ""
}
