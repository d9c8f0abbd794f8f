package step

import (
	"math"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// builder turns the collected records into a batch.
type builder struct {
	c       *collector
	display string
	b       *model.Batch
	itemOf  map[uint64]model.ItemID // PRODUCT instance -> item
	at      map[model.ItemID]int    // item -> index in b.Items
	formOf  map[uint64]model.ItemID // formation instance -> item
	defOf   map[uint64]model.ItemID // definition instance -> item
}

// batch builds the batch: one item per product, one edge per parent and
// child product with the usages merged.
func (c *collector) batch(display, stem string, opt pdm.Options) (*model.Batch, error) {
	if len(c.products) == 0 {
		return nil, model.ParseError(display, 0, "PRODUCT", "no product")
	}
	bd := &builder{c: c, display: display, b: &model.Batch{Origin: display}}
	bd.products(stem)
	if err := bd.formations(); err != nil {
		return nil, err
	}
	if err := bd.definitions(); err != nil {
		return nil, err
	}
	lines, err := bd.edges()
	if err != nil {
		return nil, err
	}
	bd.b.Compact()
	if err := bd.acyclic(lines); err != nil {
		return nil, err
	}
	bd.levels(opt)
	return bd.b, nil
}

// products makes an item of each product. Products are named locally by
// the CAD file, so the external id is the file's stem and the product id;
// two PRODUCT records with one id are one item.
func (bd *builder) products(stem string) {
	bd.itemOf = make(map[uint64]model.ItemID, len(bd.c.products))
	bd.at = make(map[model.ItemID]int, len(bd.c.products))
	for _, p := range bd.c.products {
		key := clean(p.id)
		name := clean(p.name)
		if key == "" {
			key = name
		}
		if key == "" {
			key = "#" + formatID(p.rec)
		}
		if name == "" {
			name = key
		}
		ext := stem + "/" + key
		id := model.NewID(System, ext)
		bd.itemOf[p.rec] = id
		if _, dup := bd.at[id]; dup {
			continue
		}
		bd.at[id] = len(bd.b.Items)
		bd.b.Add(model.Item{
			ID:          id,
			Name:        name,
			Description: clean(p.desc),
			Source:      model.SourceRef{System: System, ExternalID: ext},
		})
	}
}

// formations links each formation to its product and takes the first
// non-empty formation id of a product as its revision.
func (bd *builder) formations() error {
	bd.formOf = make(map[uint64]model.ItemID, len(bd.c.formations))
	for _, f := range bd.c.formations {
		id, ok := bd.itemOf[f.product]
		if !ok {
			return bd.dangling(f.line, f.rec, "PRODUCT_DEFINITION_FORMATION.of_product", f.product, "PRODUCT")
		}
		bd.formOf[f.rec] = id
		it := &bd.b.Items[bd.at[id]]
		if rev := clean(f.rev); it.Source.Revision == "" && rev != "" {
			it.Source.Revision = rev
		}
	}
	return nil
}

// definitions links each product definition to its product.
func (bd *builder) definitions() error {
	bd.defOf = make(map[uint64]model.ItemID, len(bd.c.definitions))
	for _, d := range bd.c.definitions {
		id, ok := bd.formOf[d.formation]
		if !ok {
			return bd.dangling(d.line, d.rec, "PRODUCT_DEFINITION.formation", d.formation, "PRODUCT_DEFINITION_FORMATION")
		}
		bd.defOf[d.rec] = id
	}
	return nil
}

// edgeKey names the edge between two items.
type edgeKey struct{ parent, child model.ItemID }

// edges makes one edge per usage, quantity 1 unless the usage is
// quantified, named by the occurrence; Compact merges them. It returns the
// line of the first usage of each edge.
func (bd *builder) edges() (map[edgeKey]int, error) {
	lines := make(map[edgeKey]int)
	for _, u := range bd.c.usages {
		parent, ok := bd.defOf[u.parent]
		if !ok {
			return nil, bd.dangling(u.line, u.rec, u.entity+".relating_product_definition", u.parent, "PRODUCT_DEFINITION")
		}
		child, ok := bd.defOf[u.child]
		if !ok {
			return nil, bd.dangling(u.line, u.rec, u.entity+".related_product_definition", u.child, "PRODUCT_DEFINITION")
		}
		field := "#" + formatID(u.rec) + " " + u.entity
		if parent == child {
			return nil, model.ParseError(bd.display, u.line, field, "product %q is used in itself", bd.b.Items[bd.at[parent]].Name)
		}
		qty := 1.0
		if u.quantified {
			q, ok := bd.c.measures[u.quantity]
			if !ok {
				return nil, model.ParseError(bd.display, u.line, field+".quantity", "#%d is not a measure with a number", u.quantity)
			}
			if q <= 0 || math.IsInf(q, 0) || math.IsNaN(q) {
				return nil, model.ParseError(bd.display, u.line, field+".quantity", "quantity %g is not positive", q)
			}
			qty = q
		}
		occ := firstOf(clean(u.name), clean(u.refdes), clean(u.id), "#"+formatID(u.rec))
		k := edgeKey{parent, child}
		if _, ok := lines[k]; !ok {
			lines[k] = u.line
		}
		bd.b.Edges = append(bd.b.Edges, model.Edge{Parent: parent, Child: child, Kind: model.BOM, Quantity: qty, RefDes: []string{occ}})
	}
	return lines, nil
}

// acyclic rejects an assembly that contains itself, through any depth.
func (bd *builder) acyclic(lines map[edgeKey]int) error {
	children := make(map[model.ItemID][]model.ItemID)
	for _, e := range bd.b.Edges {
		children[e.Parent] = append(children[e.Parent], e.Child)
	}
	const (
		open = 1
		done = 2
	)
	state := make(map[model.ItemID]int8, len(bd.b.Items))
	var visit func(model.ItemID) error
	visit = func(id model.ItemID) error {
		state[id] = open
		for _, ch := range children[id] {
			switch state[ch] {
			case open:
				return model.ParseError(bd.display, lines[edgeKey{id, ch}], "NEXT_ASSEMBLY_USAGE_OCCURRENCE",
					"assembly cycle: %q is used inside itself", bd.b.Items[bd.at[ch]].Name)
			case 0:
				if err := visit(ch); err != nil {
					return err
				}
			}
		}
		state[id] = done
		return nil
	}
	for _, it := range bd.b.Items {
		if state[it.ID] == 0 {
			if err := visit(it.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// levels makes the roots (products used in no other) products, the
// products with children modules and the rest parts; it names a single
// root after Options.Product and stamps the header's schema and
// originating system on the roots.
func (bd *builder) levels(opt pdm.Options) {
	used := make(map[model.ItemID]bool)
	parent := make(map[model.ItemID]bool)
	for _, e := range bd.b.Edges {
		used[e.Child], parent[e.Parent] = true, true
	}
	roots := 0
	for _, it := range bd.b.Items {
		if !used[it.ID] {
			roots++
		}
	}
	for i := range bd.b.Items {
		it := &bd.b.Items[i]
		switch {
		case !used[it.ID]:
			it.Level = model.LevelProduct
			if roots == 1 && opt.Product != "" {
				it.Name = opt.Product
			}
			if len(bd.c.schemas) > 0 {
				it.SetAttr(model.TextAttr(AttrSchema, strings.Join(bd.c.schemas, ", ")))
			}
			if bd.c.system != "" {
				it.SetAttr(model.TextAttr(AttrOriginatingSystem, bd.c.system))
			}
		case parent[it.ID]:
			it.Level = model.LevelModule
		default:
			it.Level = model.LevelPart
		}
	}
}

// dangling is the error of a reference to an instance that is missing or
// of the wrong type.
func (bd *builder) dangling(line int, rec uint64, attr string, ref uint64, want string) error {
	return model.ParseError(bd.display, line, "#"+formatID(rec)+" "+attr, "#%d is not a %s", ref, want)
}

// clean trims a text attribute.
func clean(s string) string { return strings.TrimSpace(s) }

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
