package synth

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/layers/quantity"
)

// Model holds what Learn found in real parts: how they spread over
// classes and, per class, real parts to vary (each keeps its attribute set,
// so which attributes occur together, and how often, is preserved) and the
// empirical values that varied attributes are drawn from. A Model is
// read-only once learnt and safe for concurrent use.
type Model struct {
	classes   []*classModel // sorted by class path
	classPick weighted[int]
	lifecycle weighted[model.Lifecycle]
	parts     int
}

// classModel is what Learn knows of one class.
type classModel struct {
	class   model.ClassPath
	count   int
	protos  []proto
	numbers map[string]numbers // Number attributes: empirical values
	ranges  map[string][][2]float64
	enums   map[string]*weighted[string]
	makers  weighted[string]
	present map[string]int // parts of the class with each attribute
	noun    string         // what the class is called in a query ("resistor")
	zh      string         // the class in Chinese, "" when the glossary has none
}

// numbers are the values seen for one Number attribute in one class.
type numbers struct {
	unit   string
	values []float64
}

// proto is one real part, ready to be varied: its attributes, and its name,
// description and part numbers as templates.
type proto struct {
	attrs     []model.Attribute
	text      map[string]template // Text attributes that mention another attribute
	name      template
	desc      template
	maker     string
	mpns      []string // part number shapes: digits are redrawn
	suppliers []model.SupplierPart
}

// A template is a text cut at blanks into pieces: literal words, part
// number shapes whose digits are redrawn, and slots that take the new value
// of an attribute or the new part number.
type template []piece

type piece struct {
	lit   string // the word as written; for a slot, the style to write it in
	attr  string // slot: the value of this attribute
	mpn   bool   // slot: the item's first part number
	shape bool   // a part-number-like word: digits are redrawn
}

// Learn builds a model from real parts (items of other levels are ignored):
// class frequencies; per class, the parts themselves as prototypes and the
// empirical values of their numeric and enum attributes, manufacturers and
// part number shapes; and the lifecycle mix. Items should be normalized as
// an import normalizes them (ReadParts does). The model does not depend on
// the order of items. Learn returns nil when there are no parts.
func Learn(items []model.Item) *Model {
	byClass := map[model.ClassPath]*classModel{}
	lifecycles := map[model.Lifecycle]int{}
	m := &Model{}
	// Parts are learnt in id order, so that the catalogue does not depend
	// on the order the readers returned them in.
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(string(items[a].ID), string(items[b].ID)) })
	for _, i := range order {
		it := &items[i]
		if it.Level != model.LevelPart {
			continue
		}
		c := byClass[it.Class]
		if c == nil {
			c = newClassModel(it.Class)
			byClass[it.Class] = c
		}
		c.add(it)
		if it.Lifecycle != "" {
			lifecycles[it.Lifecycle]++
		}
		m.parts++
	}
	if m.parts == 0 {
		return nil
	}
	for _, c := range byClass {
		m.classes = append(m.classes, c)
	}
	slices.SortFunc(m.classes, func(a, b *classModel) int { return strings.Compare(string(a.class), string(b.class)) })
	for i, c := range m.classes {
		m.classPick.add(i, float64(c.count))
		for _, e := range c.enums {
			e.sort()
		}
		c.makers.sort()
	}
	m.classPick.sort()
	m.lifecycle = lifecycleMix(lifecycles)
	return m
}

// defaultLifecycles is the lifecycle mix used when the real parts show no
// mix of their own (an import stamps one default state on most of them).
var defaultLifecycles = map[model.Lifecycle]int{
	model.Released: 70, model.Preferred: 12, model.InWork: 8, model.Deprecated: 6, model.Obsolete: 4,
}

func lifecycleMix(seen map[model.Lifecycle]int) weighted[model.Lifecycle] {
	if len(seen) < 3 {
		seen = defaultLifecycles
	}
	var w weighted[model.Lifecycle]
	for _, l := range model.Lifecycles {
		if n := seen[l]; n > 0 {
			w.add(l, float64(n))
		}
	}
	w.sort()
	return w
}

func newClassModel(class model.ClassPath) *classModel {
	return &classModel{
		class:   class,
		numbers: map[string]numbers{},
		ranges:  map[string][][2]float64{},
		enums:   map[string]*weighted[string]{},
		present: map[string]int{},
		noun:    noun(class),
		zh:      glossary(class),
	}
}

// add learns one part.
func (c *classModel) add(it *model.Item) {
	c.count++
	p := proto{
		attrs:     slices.Clone(it.Attributes),
		name:      learnTemplate(it.Name, it, true),
		desc:      learnTemplate(it.Description, it, true),
		suppliers: slices.Clone(it.Suppliers),
	}
	for _, mp := range it.Manufacturers {
		p.mpns = append(p.mpns, mp.MPN)
		if p.maker == "" && mp.Manufacturer != "" {
			p.maker = mp.Manufacturer
			c.makers.add(mp.Manufacturer, 1)
		}
	}
	for _, a := range it.Attributes {
		c.present[a.Name]++
		switch a.Kind {
		case model.Number:
			n := c.numbers[a.Name]
			if n.unit == "" || n.unit == a.Unit {
				n.unit = a.Unit
				n.values = append(n.values, a.Value)
				c.numbers[a.Name] = n
			}
		case model.Range:
			c.ranges[a.Name] = append(c.ranges[a.Name], [2]float64{a.Value, a.Max})
		case model.Enum:
			w := c.enums[a.Name]
			if w == nil {
				w = &weighted[string]{}
				c.enums[a.Name] = w
			}
			w.add(a.Text, 1)
		case model.Text:
			if t := learnTemplate(a.Text, it, false); t.hasSlot() {
				if p.text == nil {
					p.text = map[string]template{}
				}
				p.text[a.Name] = t
			}
		}
	}
	c.protos = append(c.protos, p)
}

// learnTemplate cuts text into a template. A word that writes the value of
// one of the item's number or enum attributes, or one of its part numbers,
// becomes a slot; with shapes, other part-number-like words become shapes.
func learnTemplate(text string, it *model.Item, shapes bool) template {
	words := strings.Fields(text)
	t := make(template, 0, len(words))
	for _, w := range words {
		p := piece{lit: w}
		switch {
		case isMPN(w, it):
			p.mpn = true
		default:
			p.attr = attrWritten(w, it)
			p.shape = p.attr == "" && shapes && partNumberLike(w)
		}
		t = append(t, p)
	}
	return t
}

func (t template) hasSlot() bool {
	return slices.ContainsFunc(t, func(p piece) bool { return p.attr != "" || p.mpn })
}

func isMPN(w string, it *model.Item) bool {
	return slices.ContainsFunc(it.Manufacturers, func(m model.ManufacturerPart) bool { return strings.EqualFold(m.MPN, w) })
}

// attrWritten returns the name of the item's attribute whose value w
// writes ("10K" for a resistance of 10 kΩ, "0603" for the package), or "".
func attrWritten(w string, it *model.Item) string {
	if !strings.ContainsFunc(w, unicode.IsDigit) {
		// Enum words without digits ("X7R" has some) are left literal:
		// "socket" or "stainless" stay words of the text.
		return ""
	}
	if tl := threadLength(it); tl != "" && strings.EqualFold(w, tl) {
		return slotThreadLength
	}
	for _, a := range it.Attributes {
		switch a.Kind {
		case model.Enum:
			if strings.EqualFold(a.Text, w) || (a.Raw != "" && strings.EqualFold(a.Raw, w)) {
				return a.Name
			}
		case model.Number:
			if a.Unit == "" {
				continue // a plain count would match any bare number
			}
			q, err := quantity.Parse(w, a.Unit)
			if err == nil && q.Unit == a.Unit && closeTo(q.Value, a.Value) {
				return a.Name
			}
		}
	}
	return ""
}

// slotThreadLength is the slot of a fastener's thread and length written
// as one word, "M3x8".
const slotThreadLength = "thread x length"

// threadLength writes a fastener's thread and length as one word ("M3x8"),
// or returns "" when it lacks either.
func threadLength(it *model.Item) string {
	t, ok := it.Attr(model.AttrThread)
	l, ok2 := it.Attr(model.AttrLength)
	if !ok || !ok2 || l.Kind != model.Number {
		return ""
	}
	return t.Text + "x" + number(l.Value*1000)
}

func closeTo(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-6*math.Max(math.Abs(a), math.Abs(b))
}

// partNumberLike reports whether w looks like a part or catalogue number
// (at least three digits in five characters or more, no decimal point or
// percent sign), whose digits can be redrawn without making nonsense of a
// quantity.
func partNumberLike(w string) bool {
	if len(w) < 5 || strings.ContainsAny(w, ".,%/") {
		return false
	}
	digits := 0
	for _, r := range w {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits >= 3
}

// noun returns the word a query names a class by: its last segment, before
// any " - " qualifier, in lower case and singular ("Resistors" ->
// "resistor", "Transistors - Bipolar (BJT) - Single" -> "transistor").
func noun(c model.ClassPath) string {
	segs := c.Segments()
	if len(segs) == 0 {
		return ""
	}
	s, _, _ := strings.Cut(segs[len(segs)-1], " - ")
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss") {
		s = strings.TrimSuffix(s, "s")
	}
	return s
}

// Parts returns the number of real parts the model was learnt from.
func (m *Model) Parts() int { return m.parts }

// ClassStats is what the model knows of one class.
type ClassStats struct {
	Class model.ClassPath
	// Share is the class's share of the parts, in [0, 1].
	Share float64
	// Attrs is, per attribute name, the share of the class's parts that
	// have it.
	Attrs map[string]float64
}

// Classes returns the model's classes, the largest first.
func (m *Model) Classes() []ClassStats {
	out := make([]ClassStats, 0, len(m.classes))
	for _, c := range m.classes {
		s := ClassStats{Class: c.class, Share: float64(c.count) / float64(m.parts), Attrs: map[string]float64{}}
		for a, n := range c.present {
			s.Attrs[a] = float64(n) / float64(c.count)
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b ClassStats) int { return cmp.Compare(b.Share, a.Share) })
	return out
}

// weighted draws values with given weights.
type weighted[T cmp.Ordered] struct {
	vals []T
	w    []float64
	cum  []float64 // built by sort
}

func (w *weighted[T]) add(v T, weight float64) {
	w.vals = append(w.vals, v)
	w.w = append(w.w, weight)
	w.cum = nil
}

// sort merges repeated values, orders them (so draws do not depend on the
// order parts were learnt in) and builds the cumulative weights.
func (w *weighted[T]) sort() {
	sum := map[T]float64{}
	for i, v := range w.vals {
		sum[v] += w.w[i]
	}
	w.vals = w.vals[:0]
	for v := range sum {
		w.vals = append(w.vals, v)
	}
	slices.Sort(w.vals)
	w.w = w.w[:len(w.vals)]
	for i, v := range w.vals {
		w.w[i] = sum[v]
	}
	w.cum = make([]float64, len(w.w))
	total := 0.0
	for i, x := range w.w {
		total += x
		w.cum[i] = total
	}
}

func (w *weighted[T]) empty() bool { return len(w.vals) == 0 }

// pick draws a value; the zero value when there are none. The values must
// have been sorted since the last add.
func (w *weighted[T]) pick(r *rand.Rand) T {
	if len(w.vals) == 0 {
		var zero T
		return zero
	}
	x := r.Float64() * w.cum[len(w.cum)-1]
	i, _ := slices.BinarySearch(w.cum, x)
	return w.vals[min(i, len(w.vals)-1)]
}
