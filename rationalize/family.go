package rationalize

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize/commonality"
	"github.com/cbb-alliance/cbb/rationalize/duplicates"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
	"github.com/cbb-alliance/cbb/retrieval/dedup"
)

// CommonalityParams are the parameters of the "commonality" analysis.
type CommonalityParams struct {
	Scope matrix.Scope `json:"scope"`
	// Threshold is the near-duplicate score that groups parts (0: the
	// detector's default).
	Threshold float64 `json:"threshold,omitempty"`
	// CostPerPartNumber is the yearly cost of a part number (0: the
	// default), for the saving of merging duplicates.
	CostPerPartNumber float64 `json:"cost_per_part_number,omitempty"`
}

// CommonalityResult is the commonality of a scope's products before and
// after merging its duplicate parts into their masters.
type CommonalityResult struct {
	Scope    string                `json:"scope"`
	Products []string              `json:"products"`
	Parts    int                   `json:"parts"`
	Before   commonality.Indices   `json:"before"`
	After    commonality.Indices   `json:"after"`
	Proposal duplicates.Proposal   `json:"proposal"`
	Family   *commonality.Family   `json:"-"`
	Items    map[string]model.Item `json:"-"`
}

func init() {
	register("commonality", Commonality, func(r *CommonalityResult) string {
		return fmt.Sprintf("%d products, %d parts: CI %.3f -> %.3f, PCI %.1f -> %.1f, %d duplicate groups, %d part numbers removed",
			len(r.Products), r.Parts, r.Before.CI, r.After.CI, r.Before.PCI, r.After.PCI, len(r.Proposal.Groups), r.Proposal.PartNumbersRemoved)
	}, func(env Env, p CommonalityParams) string { return scopeInput(env, p.Scope) })
}

// Commonality computes the commonality indices of the scope's products
// from their BOMs, groups their leaf parts into near-duplicates with a
// master each, and computes the indices again as if the duplicates were
// merged.
func Commonality(ctx context.Context, env Env, p CommonalityParams) (*CommonalityResult, error) {
	fam, items, err := FamilyOf(ctx, env, p.Scope)
	if err != nil {
		return nil, err
	}
	var parts []model.Item
	used := map[model.ItemID]int{}
	leaf := map[string]bool{}
	for _, ps := range fam.Parts {
		for _, id := range ps {
			leaf[id] = true
		}
	}
	for id := range leaf {
		it := items[id]
		parts = append(parts, it)
		w, err := env.Store.WhereUsed(ctx, it.ID)
		if err != nil {
			return nil, err
		}
		used[it.ID] = len(w)
	}
	sortItems(parts)
	env.progress("duplicates", 0, len(parts))
	pairs, err := dedup.Find(ctx, parts, dedup.Options{Threshold: p.Threshold})
	if err != nil {
		return nil, err
	}
	prop := duplicates.Propose(parts, used, pairs, p.CostPerPartNumber)
	fam.Type = map[string]string{}
	for _, g := range prop.Groups {
		for _, m := range g.Merge {
			fam.Type[string(m.ID)] = string(g.Master.ID)
		}
		fam.Type[string(g.Master.ID)] = string(g.Master.ID)
	}
	before, err := commonality.Compute(*fam)
	if err != nil {
		return nil, err
	}
	after, err := commonality.Compute(fam.Merge(prop.Merges()))
	if err != nil {
		return nil, err
	}
	var prods []string
	for _, id := range fam.Products {
		prods = append(prods, items[id].Name)
	}
	return &CommonalityResult{
		Scope: p.Scope.String(), Products: prods, Parts: len(parts),
		Before: before, After: after, Proposal: prop, Family: fam, Items: items,
	}, nil
}

// FamilyOf reads the scope's products and their BOM trees from the
// store: the commonality package's input, and every item met by id.
func FamilyOf(ctx context.Context, env Env, s matrix.Scope) (*commonality.Family, map[string]model.Item, error) {
	prods, err := matrix.Products(ctx, env.Store, s)
	if err != nil {
		return nil, nil, err
	}
	if len(prods) == 0 {
		return nil, nil, model.Errorf(model.NotFound, "no products in %s", s)
	}
	fam := &commonality.Family{Uses: map[string][]string{}, Material: map[string]string{}, Process: map[string]string{}}
	items := map[string]model.Item{}
	var walk func(id model.ItemID) error
	walk = func(id model.ItemID) error {
		if _, seen := fam.Uses[string(id)]; seen {
			return nil
		}
		fam.Uses[string(id)] = nil
		edges, err := env.Store.Children(ctx, id)
		if err != nil {
			return err
		}
		for _, e := range edges {
			if e.Kind != model.BOM || e.Optional {
				continue
			}
			fam.Uses[string(id)] = append(fam.Uses[string(id)], string(e.Child))
			if err := walk(e.Child); err != nil {
				return err
			}
		}
		return nil
	}
	for i, pr := range prods {
		env.progress("BOMs", i, len(prods))
		items[string(pr.ID)] = pr
		fam.Products = append(fam.Products, string(pr.ID))
		if err := walk(pr.ID); err != nil {
			return nil, nil, err
		}
		fam.Parts = append(fam.Parts, leavesOf(fam.Uses, string(pr.ID)))
	}
	for id := range fam.Uses {
		if _, ok := items[id]; ok {
			continue
		}
		it, err := env.Store.Item(ctx, model.ItemID(id))
		if err != nil {
			return nil, nil, err
		}
		items[id] = it
		if a, ok := it.Attr(model.AttrMaterial); ok {
			fam.Material[id] = a.Text
		}
		if a, ok := it.Attr(model.AttrProcess); ok {
			fam.Process[id] = a.Text
		} else if a, ok := it.Attr(model.AttrProcurement); ok {
			fam.Process[id] = a.Text
		}
	}
	return fam, items, nil
}

// leavesOf returns the leaf parts below root in the BOM trees already
// read (uses), each once: the parts of a product, without reading the
// store again.
func leavesOf(uses map[string][]string, root string) []string {
	var out []string
	seen := map[string]bool{root: true}
	var walk func(id string)
	walk = func(id string) {
		for _, c := range uses[id] {
			if seen[c] {
				continue
			}
			seen[c] = true
			if len(uses[c]) == 0 {
				out = append(out, c)
				continue
			}
			walk(c)
		}
	}
	walk(root)
	return out
}

func sortItems(items []model.Item) {
	slices.SortFunc(items, func(a, b model.Item) int { return strings.Compare(string(a.ID), string(b.ID)) })
}
