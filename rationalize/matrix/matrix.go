// Package matrix builds the matrices rationalization analyses run on from
// the store: the product x part incidence of a scope (with quantities,
// BOMs exploded to their leaf parts), part co-occurrence, and the module
// DSM the BOM structure gives. The analyses themselves take these plain
// matrices, so they run on files too.
package matrix

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Source is what building matrices reads of the store; *data.Store
// implements it.
type Source interface {
	Item(ctx context.Context, id model.ItemID) (model.Item, error)
	Children(ctx context.Context, parent model.ItemID) ([]model.Edge, error)
	Items(ctx context.Context, level model.Level, fn func(model.Item) error) error
}

// Scope chooses the products of an analysis. At most one of Family,
// Member and Products is set; none means the whole alliance.
type Scope struct {
	// Family takes the family's variants.
	Family model.ItemID `json:"family,omitempty"`
	// Member takes the products the member owns.
	Member model.MemberID `json:"member,omitempty"`
	// Products takes these products.
	Products []model.ItemID `json:"products,omitempty"`
}

// String names the scope for reports.
func (s Scope) String() string {
	switch {
	case s.Family != "":
		return "family " + string(s.Family)
	case s.Member != "":
		return "member " + string(s.Member)
	case len(s.Products) > 0:
		return fmt.Sprintf("%d products", len(s.Products))
	}
	return "the alliance"
}

// Entry is one non-zero cell of a sparse row.
type Entry struct {
	Col int     `json:"col"`
	Qty float64 `json:"qty"`
}

// Incidence is a product x part incidence matrix: row i holds the leaf
// parts of product Rows[i] with the quantity one product uses, in column
// order.
type Incidence struct {
	Rows []model.Item `json:"-"`
	Cols []model.Item `json:"-"`
	// Cells[i] lists row i's non-zero columns, ascending.
	Cells [][]Entry `json:"cells"`
}

// Ones is the number of non-zero cells.
func (m *Incidence) Ones() int {
	n := 0
	for _, r := range m.Cells {
		n += len(r)
	}
	return n
}

// ColCounts returns, per column, the number of rows using it.
func (m *Incidence) ColCounts() []int {
	c := make([]int, len(m.Cols))
	for _, r := range m.Cells {
		for _, e := range r {
			c[e.Col]++
		}
	}
	return c
}

// Products returns the products of a scope, in id order.
func Products(ctx context.Context, src Source, s Scope) ([]model.Item, error) {
	var out []model.Item
	switch {
	case s.Family != "":
		kids, err := src.Children(ctx, s.Family)
		if err != nil {
			return nil, fmt.Errorf("variants of family %s: %w", s.Family, err)
		}
		for _, e := range kids {
			if e.Kind != model.Variant {
				continue
			}
			it, err := src.Item(ctx, e.Child)
			if err != nil {
				return nil, err
			}
			out = append(out, it)
		}
		if len(out) == 0 {
			return nil, model.Errorf(model.NotFound, "family %s has no variants", s.Family)
		}
	case len(s.Products) > 0:
		for _, id := range s.Products {
			it, err := src.Item(ctx, id)
			if err != nil {
				return nil, err
			}
			out = append(out, it)
		}
	default:
		err := src.Items(ctx, model.LevelProduct, func(it model.Item) error {
			if s.Member == "" || it.Owner == s.Member {
				out = append(out, it)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b model.Item) int { return cmp.Compare(a.ID, b.ID) })
	return slices.CompactFunc(out, func(a, b model.Item) bool { return a.ID == b.ID }), nil
}

// Explode returns the leaf parts of root with the quantity one root uses
// (BOM edges only, quantities multiplied down the tree; optional lines
// left out), and its inner assemblies with their quantities. A BOM is
// acyclic in the store; depth is capped all the same.
func Explode(ctx context.Context, src Source, root model.ItemID) (leaves, inner map[model.ItemID]float64, err error) {
	leaves, inner = map[model.ItemID]float64{}, map[model.ItemID]float64{}
	kids := map[model.ItemID][]model.Edge{}
	var walk func(id model.ItemID, n float64, depth int) error
	walk = func(id model.ItemID, n float64, depth int) error {
		if depth > 64 {
			return model.Errorf(model.Internal, "BOM of %s deeper than 64 levels", root)
		}
		es, ok := kids[id]
		if !ok {
			all, err := src.Children(ctx, id)
			if err != nil {
				return fmt.Errorf("explode %s: %w", id, err)
			}
			for _, e := range all {
				if e.Kind == model.BOM && !e.Optional {
					es = append(es, e)
				}
			}
			kids[id] = es
		}
		if len(es) == 0 {
			if id != root {
				leaves[id] += n
			}
			return nil
		}
		if id != root {
			inner[id] += n
		}
		for _, e := range es {
			if err := walk(e.Child, n*e.Quantity, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return leaves, inner, walk(root, 1, 0)
}

// Build returns the product x part incidence of the scope: one row per
// product, one column per leaf part any of them uses.
func Build(ctx context.Context, src Source, s Scope) (*Incidence, error) {
	prods, err := Products(ctx, src, s)
	if err != nil {
		return nil, err
	}
	m := &Incidence{Rows: prods, Cells: make([][]Entry, len(prods))}
	col := map[model.ItemID]int{}
	var rows []map[model.ItemID]float64
	for _, p := range prods {
		leaves, _, err := Explode(ctx, src, p.ID)
		if err != nil {
			return nil, err
		}
		rows = append(rows, leaves)
		for id := range leaves {
			col[id] = -1
		}
	}
	ids := make([]model.ItemID, 0, len(col))
	for id := range col {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for i, id := range ids {
		col[id] = i
		it, err := src.Item(ctx, id)
		if err != nil {
			return nil, err
		}
		m.Cols = append(m.Cols, it)
	}
	for i, leaves := range rows {
		for id, q := range leaves {
			m.Cells[i] = append(m.Cells[i], Entry{Col: col[id], Qty: q})
		}
		slices.SortFunc(m.Cells[i], func(a, b Entry) int { return a.Col - b.Col })
	}
	return m, nil
}

// Cooccurrence returns, for every pair of columns used together by at
// least one row, the number of rows using both (keyed with a < b).
func (m *Incidence) Cooccurrence() map[[2]int]int {
	co := map[[2]int]int{}
	for _, r := range m.Cells {
		for i := range r {
			for j := i + 1; j < len(r); j++ {
				co[[2]int{r[i].Col, r[j].Col}]++
			}
		}
	}
	return co
}
