package synth

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Query is a search as an engineer phrases it, made from one generated
// part: its key values and class name in English or Chinese ("10k 0603 1%
// resistor", "M3x8 socket head cap screw", "贴片电容 100nF"), a few words
// of its description, or its part number; sometimes with a numeric filter
// around one of its values, a level or a class filter. It mirrors
// retrieval/index.Query without depending on it.
type Query struct {
	Text    string
	Levels  []model.Level
	Class   model.ClassPath
	Numbers []NumberFilter
	// Viewer is the member the search runs as, Active whether it is still
	// an active member.
	Viewer model.MemberID
	Active bool
	// Target is the part the query was made from: any catalogue generated
	// with the query's seed and at least Targets parts holds it.
	Target model.ItemID
}

// NumberFilter keeps the parts whose attribute Attr lies in [Min, Max]
// (SI units; a nil bound is open).
type NumberFilter struct {
	Attr     string
	Min, Max *float64
}

// Targets is how many parts, from the start of a generated catalogue,
// queries are made from.
const Targets = 10000

// The query mix, as shares in [0, 1].
const (
	qPartNumber = 0.10 // the exact part number
	qWords      = 0.15 // a few words of the description or name
	qChinese    = 0.15 // class name in Chinese and key values
	qNoText     = 0.03 // filters alone
	qNumber     = 0.35 // with a numeric filter
	qLevel      = 0.30 // with a level filter (part)
	qClass      = 0.15 // with a class filter
	qInactive   = 0.05 // run as an expelled or withdrawn member
)

// Queries returns n queries about parts of the catalogue generated with
// seed (the first Targets of them), deterministically.
func (m *Model) Queries(seed int64, n int) []Query {
	r := rand.New(rand.NewPCG(uint64(seed), math.MaxUint64))
	out := make([]Query, 0, n)
	for range n {
		out = append(out, m.query(r, seed))
	}
	return out
}

func (m *Model) query(r *rand.Rand, seed int64) Query {
	it := m.Item(seed, r.IntN(Targets))
	c := m.class(it.Class)
	q := Query{Target: it.ID, Viewer: members.pick(r), Active: r.Float64() >= qInactive}
	switch x := r.Float64(); {
	case x < qPartNumber && len(it.Manufacturers) > 0:
		q.Text = it.Manufacturers[0].MPN
	case x < qPartNumber+qWords:
		q.Text = someWords(r, it)
	case x < qPartNumber+qWords+qChinese && c.zh != "":
		q.Text = strings.Join(append([]string{c.zh}, keyWords(&it, 1+r.IntN(2))...), " ")
	default:
		q.Text = english(r, c, &it)
	}
	if q.Text == "" {
		q.Text = someWords(r, it)
	}
	if f, ok := numberFilter(&it); ok && r.Float64() < qNumber {
		q.Numbers = []NumberFilter{f}
	}
	if r.Float64() < qLevel {
		q.Levels = []model.Level{model.LevelPart}
	}
	if segs := it.Class.Segments(); len(segs) > 0 && r.Float64() < qClass {
		q.Class = model.ClassPath(strings.Join(segs[:min(2, len(segs))], "/"))
	}
	if len(q.Numbers) > 0 && r.Float64() < qNoText/qNumber {
		q.Text = ""
	}
	return q
}

// english names the part by up to three key values, a fastener's head, and
// its class: "10k 0603 1% resistor", "M3x8 socket head cap screw".
func english(r *rand.Rand, c *classModel, it *model.Item) string {
	words := keyWords(it, 1+r.IntN(3))
	if len(words) == 0 {
		return someWords(r, *it)
	}
	if a, ok := it.Attr(model.AttrHead); ok && a.Kind == model.Enum {
		words = append(words, a.Text)
	}
	if c.noun != "" {
		words = append(words, c.noun)
	}
	return strings.Join(words, " ")
}

// someWords returns two to four consecutive words of the part's
// description, or of its name when it has none.
func someWords(r *rand.Rand, it model.Item) string {
	ws := strings.Fields(it.Description)
	if len(ws) == 0 {
		ws = strings.Fields(it.Name)
	}
	if len(ws) == 0 {
		return ""
	}
	n := min(len(ws), 2+r.IntN(3))
	i := r.IntN(len(ws) - n + 1)
	return strings.Join(ws[i:i+n], " ")
}

// filterAttrs are the attributes a numeric filter is put on, first
// present first.
var filterAttrs = []string{
	model.AttrResistance, model.AttrCapacitance, model.AttrInductance, model.AttrLength,
	model.AttrBore, model.AttrDiameter, model.AttrFrequency, model.AttrVoltage, model.AttrCurrent, model.AttrPower,
}

// numberFilter is the filter an engineer would put on the part's main
// value: within 2 % for electrical values, ±0.5 mm for sizes, at least
// the rating for voltage, current and power.
func numberFilter(it *model.Item) (NumberFilter, bool) {
	for _, name := range filterAttrs {
		a, ok := it.Attr(name)
		if !ok || a.Kind != model.Number {
			continue
		}
		v := a.Value
		f := NumberFilter{Attr: name}
		switch name {
		case model.AttrLength, model.AttrBore, model.AttrDiameter:
			f.Min, f.Max = ptr(v-0.0005), ptr(v+0.0005)
		case model.AttrVoltage, model.AttrCurrent, model.AttrPower:
			f.Min = ptr(v)
		default:
			lo, hi := v*0.98, v*1.02
			f.Min, f.Max = ptr(min(lo, hi)), ptr(max(lo, hi))
		}
		return f, true
	}
	return NumberFilter{}, false
}

func ptr(f float64) *float64 { return &f }

// class returns the model of a class the model holds.
func (m *Model) class(c model.ClassPath) *classModel {
	i, _ := slices.BinarySearchFunc(m.classes, c, func(x *classModel, c model.ClassPath) int {
		return strings.Compare(string(x.class), string(c))
	})
	return m.classes[i]
}

// Requirement states the query as an engineer's requirement: one item
// with its text, level and class, its numeric filters as must-constraints,
// as the member it runs as.
func (q Query) Requirement() model.Requirement {
	level := model.LevelAny
	if len(q.Levels) == 1 {
		level = q.Levels[0]
	}
	ri := model.RequirementItem{Name: "q", Text: q.Text, Class: q.Class, Level: level, Quantity: 1}
	for _, f := range q.Numbers {
		c := model.Constraint{Attribute: f.Attr, Must: true, Unit: model.UnitOf(f.Attr)}
		switch {
		case f.Min != nil && f.Max != nil:
			c.Op, c.Value, c.Tolerance = model.Target, (*f.Min+*f.Max)/2, (*f.Max-*f.Min)/2
		case f.Min != nil:
			c.Op, c.Value = model.Min, *f.Min
		default:
			c.Op, c.Value = model.Max, *f.Max
		}
		ri.Constraints = append(ri.Constraints, c)
	}
	if ri.Text == "" && ri.Class == "" && len(ri.Constraints) == 0 {
		ri.Text = "part"
	}
	return model.Requirement{Name: "scale", Member: q.Viewer, Items: []model.RequirementItem{ri}}
}
