package mendel90

import (
	"context"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Family is the external id of the family every Mendel90 variant belongs
// to; FamilyName is its name.
const (
	Family     = "mendel90"
	FamilyName = "Mendel90"
)

// emitter builds the batch of a checked machine.
type emitter struct {
	m     *machine
	n     map[string]int // instances per assembly key
	b     *model.Batch
	kinds map[model.ItemID]string
}

// ProductName is the name of the product of a variant.
func ProductName(variant string) string { return FamilyName + " " + variant }

func (m *machine) batch(ctx context.Context, n map[string]int, name string) (*model.Batch, error) {
	e := &emitter{m: m, n: n, b: &model.Batch{Origin: m.own.display}, kinds: map[model.ItemID]string{}}
	fam := model.NewID(System, Family)
	pid := model.NewID(System, m.product)
	e.b.Add(model.Item{ID: fam, Level: model.LevelFamily, Name: FamilyName,
		Source: model.SourceRef{System: System, ExternalID: Family}})
	e.b.Add(model.Item{ID: pid, Level: model.LevelProduct, Name: name,
		Source: model.SourceRef{System: System, ExternalID: m.product}})
	e.kinds[fam], e.kinds[pid] = "the family", "the product"
	e.b.Use(model.Edge{Parent: fam, Child: pid, Kind: model.Variant})
	for _, sib := range m.siblings {
		id := model.NewID(System, sib)
		if e.kinds[id] != "" {
			continue
		}
		e.kinds[id] = "a variant"
		e.b.Ref(model.Item{ID: id, Level: model.LevelProduct, Name: ProductName(sib),
			Source: model.SourceRef{System: System, ExternalID: sib}})
		e.b.Use(model.Edge{Parent: fam, Child: id, Kind: model.Variant})
	}
	used := m.uses()
	for _, key := range m.order {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := e.assembly(key, used[key] == 0); err != nil {
			return nil, err
		}
	}
	e.b.Compact()
	return e.b, nil
}

// id returns the item id of an assembly: the product for the root.
func (e *emitter) id(key string) model.ItemID {
	if key == Root {
		return model.NewID(System, e.m.product)
	}
	return model.NewID(System, e.m.product+"/"+key[len(keyDir(key)):])
}

// assembly adds one assembly's module (unless it is the machine) and its
// edges, per instance; an accessory not used by another is an optional
// part of the product.
func (e *emitter) assembly(key string, top bool) error {
	a := e.m.asms[key]
	dir := keyDir(key)
	id := e.id(key)
	if key != Root {
		kind := "an assembly"
		if dir == accessoryDir {
			kind = "an accessory"
		}
		if err := e.claim(id, kind, a.file, 1, "", a.name); err != nil {
			return err
		}
		e.b.Add(model.Item{ID: id, Level: model.LevelModule, Name: a.name,
			Source: model.SourceRef{System: System, ExternalID: e.m.product + "/" + a.name}})
		if dir == accessoryDir && top {
			e.b.Use(model.Edge{Parent: e.id(Root), Child: id, Quantity: 1, Optional: true})
		}
	}
	n := e.n[key]
	for _, s := range a.subs {
		q := per(s, n)
		e.b.Use(model.Edge{Parent: id, Child: e.id(dir + s.text), Quantity: q})
	}
	for _, v := range a.vitamins {
		q := per(v, n)
		it := model.Item{ID: model.NewID(System, v.text), Level: model.LevelPart, Name: v.text,
			Source: model.SourceRef{System: System, ExternalID: v.text}}
		it.SetAttr(model.EnumAttr(model.AttrProcurement, "buy", ""))
		if err := e.claim(it.ID, "a vitamin", a.file, v.line, secVitamins, v.text); err != nil {
			return err
		}
		e.b.Ref(it)
		e.b.Use(model.Edge{Parent: id, Child: it.ID, Quantity: q})
	}
	for _, p := range a.printed {
		q := per(p, n)
		ext := e.m.product + "/" + p.text
		it := model.Item{ID: model.NewID(System, ext), Level: model.LevelPart, Name: p.text,
			Class: model.ClassPrinted, Source: model.SourceRef{System: System, ExternalID: ext}}
		it.SetAttr(model.EnumAttr(model.AttrProcurement, "make", ""))
		it.SetAttr(model.EnumAttr(model.AttrProcess, "3d printing", ""))
		if err := e.claim(it.ID, "a printed part", a.file, p.line, secPrinted, p.text); err != nil {
			return err
		}
		e.b.Add(it)
		e.b.Use(model.Edge{Parent: id, Child: it.ID, Quantity: q})
	}
	return nil
}

// per divides a total over all instances of an assembly by their number.
// The quotient may be a fraction: Mendel90's two z_motor_assemblies hold
// one z_motor_bracket_lhs.stl and one z_motor_bracket_rhs.stl, half of
// each per instance on average, and only the totals are known.
func per(x entry, n int) float64 { return float64(x.count) / float64(n) }

// claim records what an item id is used for, and fails when two different
// things would be one item.
func (e *emitter) claim(id model.ItemID, kind, file string, line int, field, name string) error {
	if prev, ok := e.kinds[id]; ok && prev != kind {
		return model.ParseError(file, line, field, "%q would be both %s and %s of %s", name, prev, kind, e.m.product)
	}
	e.kinds[id] = kind
	return nil
}
