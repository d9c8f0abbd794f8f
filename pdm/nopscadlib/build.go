package nopscadlib

import (
	"context"

	"github.com/cbb-alliance/cbb/layers/model"
)

// AttrConstructor is the text attribute holding a vitamin's NopSCADlib
// constructor, e.g. "screw(M3_cap_screw, 10)".
const AttrConstructor = "constructor"

// builder turns decoded assemblies into a batch.
type builder struct {
	file    string // for errors
	product string // the product's name and external id
	asms    []*assembly
	byName  map[string]*assembly
	root    *assembly
	// instances is each assembly's number of physical instances: bom.py's
	// count less the times the assembly was nested in itself.
	instances map[string]float64
	// ambiguous marks constructors that name more than one vitamin in
	// this file; their vitamins are keyed by constructor and description.
	ambiguous map[string]bool
	// kinds records what each item id was made for, to refuse names that
	// make two different things one item.
	kinds map[model.ItemID]string
	b     *model.Batch
}

func build(ctx context.Context, file, product string, asms []*assembly) (*model.Batch, error) {
	bd := &builder{
		file: file, product: product, asms: asms,
		byName:    make(map[string]*assembly, len(asms)),
		root:      asms[len(asms)-1],
		instances: make(map[string]float64, len(asms)),
		kinds:     map[model.ItemID]string{},
		b:         &model.Batch{Origin: file},
	}
	for _, a := range asms {
		bd.byName[a.name] = a
	}
	if err := bd.check(); err != nil {
		return nil, err
	}
	bd.findAmbiguous()
	bd.kinds[bd.parentID(bd.root)] = "the product"
	bd.b.Add(model.Item{
		ID: bd.parentID(bd.root), Level: model.LevelProduct, Name: product,
		Source: model.SourceRef{System: System, ExternalID: product},
	})
	for _, a := range asms {
		if a == bd.root {
			continue
		}
		ext := product + "/" + a.name
		it := model.Item{
			ID: model.NewID(System, ext), Level: model.LevelModule, Name: a.name,
			Source: model.SourceRef{System: System, ExternalID: ext},
		}
		if err := bd.claim(it.ID, "an assembly", a.line, "name", a.name); err != nil {
			return nil, err
		}
		bd.b.Add(it)
	}
	for _, a := range asms {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := bd.contents(a); err != nil {
			return nil, err
		}
	}
	bd.b.Compact()
	return bd.b, nil
}

// check validates references and counts: every sub-assembly is listed,
// every assembly has at least one instance once self-nesting is taken
// out, and assemblies do not contain themselves through others.
func (bd *builder) check() error {
	for _, a := range bd.asms {
		self := 0.0
		for _, s := range a.subs {
			if _, ok := bd.byName[s.key]; !ok {
				return model.ParseError(bd.file, s.line, "assemblies."+s.key,
					"assembly %q uses %q, which the file does not list", a.name, s.key)
			}
			if s.key == a.name {
				self = s.count
			} else if s.key == bd.root.name {
				return model.ParseError(bd.file, s.line, "assemblies."+s.key,
					"assembly %q uses the main assembly %q, which is the product itself", a.name, s.key)
			}
		}
		n := a.count - self
		if n <= 0 {
			return model.ParseError(bd.file, a.line, "count",
				"assembly %q: count %v leaves no instance besides the %v nested in itself", a.name, a.count, self)
		}
		bd.instances[a.name] = n
	}
	return bd.checkCycles()
}

// checkCycles rejects an assembly that contains itself through others
// (nesting in itself directly is bom.py's record of a repeated name and
// is taken out of the count instead).
func (bd *builder) checkCycles() error {
	const (
		unseen = iota
		open
		done
	)
	state := make(map[string]int, len(bd.asms))
	var visit func(a *assembly) error
	visit = func(a *assembly) error {
		state[a.name] = open
		for _, s := range a.subs {
			if s.key == a.name {
				continue
			}
			switch state[s.key] {
			case open:
				return model.ParseError(bd.file, s.line, "assemblies."+s.key,
					"assembly %q uses %q, which contains it: the assemblies form a cycle", a.name, s.key)
			case unseen:
				if err := visit(bd.byName[s.key]); err != nil {
					return err
				}
			}
		}
		state[a.name] = done
		return nil
	}
	for _, a := range bd.asms {
		if state[a.name] == unseen {
			if err := visit(a); err != nil {
				return err
			}
		}
	}
	return nil
}

// findAmbiguous marks constructors that come with more than one
// description in this file (a user vitamin whose constructor leaves out
// the length, "BELT", "smd_capacitor(CAP0805)" with different values).
func (bd *builder) findAmbiguous() {
	descs := map[string]string{}
	bd.ambiguous = map[string]bool{}
	for _, a := range bd.asms {
		for _, v := range a.vitamins {
			c, d := SplitKey(v.key)
			if c == "" {
				continue
			}
			d = collapse(d)
			if prev, ok := descs[c]; ok && prev != d {
				bd.ambiguous[c] = true
			}
			descs[c] = d
		}
	}
}

// parentID is the item an assembly's contents belong to: the product for
// the main assembly, the module otherwise.
func (bd *builder) parentID(a *assembly) model.ItemID {
	if a == bd.root {
		return model.NewID(System, bd.product)
	}
	return model.NewID(System, bd.product+"/"+a.name)
}

// contents adds the edges of one assembly, with quantities per instance.
func (bd *builder) contents(a *assembly) error {
	parent := bd.parentID(a)
	per := bd.instances[a.name]
	for _, s := range a.subs {
		if s.key == a.name {
			continue
		}
		bd.b.Use(model.Edge{Parent: parent, Child: bd.parentID(bd.byName[s.key]), Quantity: s.count / per})
	}
	for _, v := range a.vitamins {
		it, err := bd.vitamin(a, v)
		if err != nil {
			return err
		}
		if err := bd.claim(it.ID, "a vitamin", v.line, "vitamins."+v.key, v.key); err != nil {
			return err
		}
		bd.b.Ref(it)
		bd.b.Use(model.Edge{Parent: parent, Child: it.ID, Quantity: v.count / per})
	}
	for _, p := range a.printed {
		it := bd.made(p, model.ClassPrinted, "3d printing")
		if err := bd.claim(it.ID, "a made part", p.line, "printed."+p.key, p.key); err != nil {
			return err
		}
		bd.b.Add(it)
		bd.b.Use(model.Edge{Parent: parent, Child: it.ID, Quantity: p.count / per})
	}
	for _, p := range a.routed {
		it := bd.made(p, model.ClassRouted, "cnc routing")
		if err := bd.claim(it.ID, "a made part", p.line, "routed."+p.key, p.key); err != nil {
			return err
		}
		bd.b.Add(it)
		bd.b.Use(model.Edge{Parent: parent, Child: it.ID, Quantity: p.count / per})
	}
	return nil
}

// claim records that id is used for an item of the given kind, and fails
// when the id was already taken by an item of another kind: a name that
// would make, say, an assembly and a printed part one item.
func (bd *builder) claim(id model.ItemID, kind string, line int, field, name string) error {
	if prev, ok := bd.kinds[id]; ok && prev != kind {
		return model.ParseError(bd.file, line, field,
			"%q would be both %s and %s of product %q", name, prev, kind, bd.product)
	}
	bd.kinds[id] = kind
	return nil
}

// VitaminID returns the external id of a vitamin: its constructor; its
// description when it has no constructor; both, as "constructor:
// description", when ambiguous is set because the constructor names more
// than one vitamin in the product's file.
func VitaminID(constructor, description string, ambiguous bool) string {
	description = collapse(description)
	switch {
	case constructor == "":
		return description
	case ambiguous:
		return constructor + ": " + description
	}
	return constructor
}

// vitamin makes the ref item of a vitamin entry.
func (bd *builder) vitamin(a *assembly, v use) (model.Item, error) {
	c, d := SplitKey(v.key)
	name := collapse(d)
	if name == "" {
		name = c
	}
	if name == "" {
		return model.Item{}, model.ParseError(bd.file, v.line, "vitamins",
			"assembly %q: a vitamin has neither constructor nor description", a.name)
	}
	ext := VitaminID(c, d, bd.ambiguous[c])
	if ext == "" {
		ext = c
	}
	it := model.Item{
		ID: model.NewID(System, ext), Level: model.LevelPart, Name: name,
		Source: model.SourceRef{System: System, ExternalID: ext},
	}
	if c != "" {
		it.SetAttr(model.TextAttr(AttrConstructor, c))
	}
	it.SetAttr(model.EnumAttr(model.AttrProcurement, "buy", ""))
	return it, nil
}

// made makes the record of a printed or routed part of this product.
func (bd *builder) made(p use, class model.ClassPath, process string) model.Item {
	ext := bd.product + "/" + p.key
	it := model.Item{
		ID: model.NewID(System, ext), Level: model.LevelPart, Name: p.key, Class: class,
		Source: model.SourceRef{System: System, ExternalID: ext},
	}
	it.SetAttr(model.EnumAttr(model.AttrProcurement, "make", ""))
	it.SetAttr(model.EnumAttr(model.AttrProcess, process, ""))
	if p.colour != "" {
		it.SetAttr(model.TextAttr(AttrColour, p.colour))
	}
	return it
}

// AttrColour is the text attribute holding the colour NopSCADlib renders
// a printed or routed part in, as bom.json gives it.
const AttrColour = "colour"
