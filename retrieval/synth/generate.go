package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// System is the source system of generated items: their ids are
// model.OwnedID(owner, model.NewID(System, "<seed>/<index>")), each part
// its owner's record.
const System = "synth"

// The shares of generated parts that vary their prototype, in [0, 1].
const (
	// redrawNumber: a number attribute takes a value drawn from its class
	// (else it keeps the prototype's).
	redrawNumber = 0.8
	// redrawEnum: an enum attribute takes a value drawn from its class.
	redrawEnum = 0.3
	// otherMaker: the manufacturer is drawn from the class, not the
	// prototype's.
	otherMaker = 0.4
	// zhOnly and zhToo: the description is Chinese only, or English
	// followed by Chinese (for classes the glossary names).
	zhOnly = 0.12
	zhToo  = 0.10
)

// members are the synthetic alliance members owning the generated parts,
// weighted like a real alliance: a few large enterprises own most parts.
var members = func() weighted[model.MemberID] {
	var w weighted[model.MemberID]
	for i := range 12 {
		w.add(model.MemberID(fmt.Sprintf("m%02d", i+1)), 1/float64(i+1))
	}
	w.sort()
	return w
}()

// Members returns the synthetic members that own generated parts, in
// order; queries run as one of them.
func Members() []model.MemberID { return slices.Clone(members.vals) }

// scopeMix is the mix of sharing scopes: mostly the alliance, some owner
// only, some named partners, some public.
var scopeMix = func() weighted[model.ScopeKind] {
	var w weighted[model.ScopeKind]
	w.add(model.ScopeAlliance, 65)
	w.add(model.ScopeOwner, 15)
	w.add(model.ScopePartners, 12)
	w.add(model.ScopePublic, 8)
	w.sort()
	return w
}()

// Generate calls fn with n parts drawn from the model, in order, stopping
// at fn's first error, which it returns. The parts depend only on seed and
// their index: the same seed gives the same parts, and the first k parts of
// a larger catalogue are those of a catalogue of k. Parts are keyed
// within their owners (see System), owners among Members with a scope
// mix of mostly alliance, some owner only, partners and public, and for a
// share of them Chinese descriptions.
func (m *Model) Generate(seed int64, n int, fn func(model.Item) error) error {
	for i := range n {
		if err := fn(m.Item(seed, i)); err != nil {
			return err
		}
	}
	return nil
}

// Item returns the part of index i of the catalogue generated with seed,
// as Generate makes it.
func (m *Model) Item(seed int64, i int) model.Item {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(i)))
	c := m.classes[m.classPick.pick(r)]
	p := &c.protos[r.IntN(len(c.protos))]
	ext := fmt.Sprintf("%d/%d", seed, i)
	it := model.Item{
		ID:        model.NewID(System, ext),
		Level:     model.LevelPart,
		Class:     c.class,
		Lifecycle: m.lifecycle.pick(r),
		Source:    model.SourceRef{System: System, ExternalID: ext},
	}
	it.Attributes = c.drawAttrs(r, p)
	mpns := make([]string, len(p.mpns))
	for k, s := range p.mpns {
		mpns[k] = redraw(r, s)
	}
	maker := p.maker
	if r.Float64() < otherMaker && !c.makers.empty() {
		maker = c.makers.pick(r)
	}
	for _, mpn := range mpns {
		it.AddMPN(model.ManufacturerPart{Manufacturer: maker, MPN: mpn})
	}
	for _, s := range p.suppliers {
		it.AddSupplierPart(model.SupplierPart{Supplier: s.Supplier, SKU: redraw(r, s.SKU)})
	}
	fill := filler{r: r, it: &it, mpns: mpns}
	for name, t := range p.text {
		a, _ := it.Attr(name)
		a.Text = fill.render(t)
		it.SetAttr(a)
	}
	it.Name = fill.render(p.name)
	if it.Name == "" {
		it.Name = fallbackName(c, mpns)
	}
	it.Description = fill.render(p.desc)
	if c.zh != "" {
		switch x := r.Float64(); {
		case x < zhOnly:
			it.Description = zhText(c, &it)
		case x < zhOnly+zhToo:
			it.Description = strings.TrimSpace(it.Description + " " + zhText(c, &it))
		}
	}
	it.Owner = members.pick(r)
	it.Scope = drawScope(r, it.Owner)
	// Each generated part is its owner's record, keyed within it, as an
	// import keys a member's records.
	it.Source.Namespace = it.Owner
	it.ID = model.KeyedID(&it)
	return it
}

func fallbackName(c *classModel, mpns []string) string {
	if len(mpns) > 0 {
		return mpns[0]
	}
	if c.noun != "" {
		return c.noun
	}
	return "part"
}

func drawScope(r *rand.Rand, owner model.MemberID) model.Scope {
	s := model.Scope{Kind: scopeMix.pick(r)}
	if s.Kind != model.ScopePartners {
		return s
	}
	for range 1 + r.IntN(3) {
		p := members.vals[r.IntN(len(members.vals))]
		if p != owner && !slices.Contains(s.Partners, p) {
			s.Partners = append(s.Partners, p)
		}
	}
	if len(s.Partners) == 0 {
		s.Partners = append(s.Partners, members.vals[(slices.Index(members.vals, owner)+1)%len(members.vals)])
	}
	return s
}

// drawAttrs returns the prototype's attributes with new values: numbers
// and ranges mostly drawn from the class (electrical values moved along
// their E-series), enums sometimes, text kept (and rewritten by the caller
// where it writes another attribute).
func (c *classModel) drawAttrs(r *rand.Rand, p *proto) []model.Attribute {
	attrs := make([]model.Attribute, len(p.attrs))
	for k, a := range p.attrs {
		switch a.Kind {
		case model.Number:
			if ns := c.numbers[a.Name]; ns.unit == a.Unit && len(ns.values) > 0 && r.Float64() < redrawNumber {
				a.Value = ns.values[r.IntN(len(ns.values))]
			}
			a.Value = jitter(r, a.Name, a.Value)
			if a.Raw != "" {
				a.Raw = formatQuantity(a.Value, a.Unit, styleOf(a.Raw))
			}
		case model.Range:
			if rs := c.ranges[a.Name]; len(rs) > 0 && r.Float64() < redrawNumber {
				v := rs[r.IntN(len(rs))]
				a.Value, a.Max = v[0], v[1]
				if a.Raw != "" {
					st := styleOf(a.Raw)
					a.Raw = formatQuantity(a.Value, a.Unit, st) + ".." + formatQuantity(a.Max, a.Unit, st)
				}
			}
		case model.Enum:
			if e := c.enums[a.Name]; e != nil && r.Float64() < redrawEnum {
				a.Text = e.pick(r)
				a.Raw = ""
			}
		}
		attrs[k] = a
	}
	return attrs
}

// redraw returns s with its digits redrawn, letters and punctuation kept:
// "RC0603FR-072M26L" gives "RC4819FR-530M07L".
func redraw(r *rand.Rand, s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= '0' && c <= '9' {
			b[i] = byte('0' + r.IntN(10))
		}
	}
	return string(b)
}

// filler renders templates for one generated part.
type filler struct {
	r    *rand.Rand
	it   *model.Item
	mpns []string
	b    strings.Builder
}

func (f *filler) render(t template) string {
	f.b.Reset()
	for _, p := range t {
		if f.b.Len() > 0 {
			f.b.WriteByte(' ')
		}
		f.b.WriteString(f.word(p))
	}
	return f.b.String()
}

func (f *filler) word(p piece) string {
	switch {
	case p.mpn && len(f.mpns) > 0:
		return f.mpns[0]
	case p.attr == slotThreadLength:
		if tl := threadLength(f.it); tl != "" {
			return tl
		}
		return p.lit
	case p.attr != "":
		a, ok := f.it.Attr(p.attr)
		if !ok {
			return p.lit
		}
		if a.Kind == model.Enum {
			return a.Text
		}
		return formatQuantity(a.Value, a.Unit, styleOf(p.lit))
	case p.shape:
		return redraw(f.r, p.lit)
	}
	return p.lit
}

// Batches calls fn with the catalogue of n parts generated with seed, in
// batches of up to size parts, each written by the administrator on its
// members' behalf (the parts belong to several members): how benchmarks
// load a store.
func (m *Model) Batches(seed int64, n, size int, fn func(*model.Batch) error) error {
	batch := &model.Batch{Origin: "synth", Actor: model.Administrator}
	flush := func() error {
		if len(batch.Items) == 0 {
			return nil
		}
		err := fn(batch)
		batch = &model.Batch{Origin: "synth", Actor: model.Administrator}
		return err
	}
	err := m.Generate(seed, n, func(it model.Item) error {
		batch.Add(it)
		if len(batch.Items) == size {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}
