package retrieval

import (
	"context"
	"fmt"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/index"
)

// viaPart is what a module, product or family scores through its parts: a
// matching part found inside it is worth this share of the part's own
// similarity (the assembly brings more than was asked for).
const viaPart = 0.9

// reach is what the upward walk from the matching parts learns of one
// ancestor.
type reach struct {
	best     match // the best matching part below it
	matching int   // how many matching parts are below it
}

// assemblies scores the modules, products and families the requirement
// item seeks by how their parts cover it: the walk goes up the BOM and
// variant edges from the best matching parts, and an ancestor scores
// through its best part (and for a family, its variability: how many of
// its variants contain a match), or by its own text and attributes when
// those match better. Which ancestors the viewer may see is asked of the
// index, so the scope filter stays inside the search.
func (e *Engine) assemblies(ctx context.Context, p *prepared, direct []match, v index.Viewer) ([]match, error) {
	var parts []match
	for _, m := range direct {
		if m.item.Level == model.LevelPart && m.similarity > 0 && len(parts) < partsUpward {
			parts = append(parts, m)
		}
	}
	reached := map[model.ItemID]*reach{}
	onPath := map[model.ItemID]bool{}
	for _, pm := range parts {
		if err := e.walkUp(ctx, pm, reached, onPath); err != nil {
			return nil, err
		}
	}
	var sought []model.Level
	for _, l := range []model.Level{model.LevelFamily, model.LevelProduct, model.LevelModule} {
		if p.seeks(l) {
			sought = append(sought, l)
		}
	}
	ids := make([]model.ItemID, 0, len(reached))
	for id := range reached {
		ids = append(ids, id)
	}
	if len(ids) == 0 || len(sought) == 0 {
		return nil, nil
	}
	visible, err := e.Index.Search(ctx, index.Query{IDs: ids, Levels: sought, Viewer: v, Size: index.MaxSize})
	if err != nil {
		return nil, err
	}
	vis := make([]model.ItemID, len(visible))
	for i, h := range visible {
		vis[i] = h.ID
	}
	uses, err := e.read(ctx, vis)
	if err != nil {
		return nil, err
	}
	out := make([]match, 0, len(visible))
	for _, id := range vis {
		u, ok := uses[id]
		if !ok {
			continue // deleted since it was indexed
		}
		m, err := e.assembly(ctx, p, u, reached[id], onPath)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// walkUp records every ancestor of the part pm.
func (e *Engine) walkUp(ctx context.Context, pm match, reached map[model.ItemID]*reach, onPath map[model.ItemID]bool) error {
	seen := map[model.ItemID]bool{pm.item.ID: true}
	onPath[pm.item.ID] = true
	frontier := []model.ItemID{pm.item.ID}
	for depth := 0; depth < maxDepth && len(frontier) > 0 && len(reached) < maxAncestors; depth++ {
		var next []model.ItemID
		for _, id := range frontier {
			edges, err := e.Items.WhereUsed(ctx, id)
			if err != nil {
				return fmt.Errorf("where-used of %s: %w", id, err)
			}
			for _, ed := range edges {
				if seen[ed.Parent] {
					continue
				}
				seen[ed.Parent] = true
				onPath[ed.Parent] = true
				r := reached[ed.Parent]
				if r == nil {
					r = &reach{best: pm}
					reached[ed.Parent] = r
				} else if better(pm, r.best) {
					r.best = pm
				}
				r.matching++
				next = append(next, ed.Parent)
			}
		}
		frontier = next
	}
	return nil
}

// assembly scores one visible ancestor.
func (e *Engine) assembly(ctx context.Context, p *prepared, u data.ItemUse, r *reach, onPath map[model.ItemID]bool) (match, error) {
	it, id := u.Item, u.Item.ID
	own := p.score(it, 0, u.UsedIn)
	via := &Via{Part: r.best.item.ID, PartName: r.best.item.Name, PartScore: round(r.best.similarity), Matching: r.matching}
	if it.Level == model.LevelFamily {
		children, err := e.Items.Children(ctx, id)
		if err != nil {
			return match{}, err
		}
		for _, c := range children {
			if c.Kind != model.Variant {
				continue
			}
			via.Variants++
			if onPath[c.Child] {
				via.Covering++
			}
		}
	}
	m := own
	m.via = via
	through := viaPart * r.best.similarity
	if through > own.similarity {
		// The assembly is as good as the part inside it: its
		// explanation is the part's, each term naming the part's value.
		m.similarity = through
		m.must = r.best.must
		m.score = through * lifecycleOf(it) * reusePrior(u.UsedIn)
		m.explain = append([]Explain(nil), r.best.explain...)
		for i := range m.explain {
			m.explain[i].Value = r.best.item.Name + ": " + m.explain[i].Value
		}
	}
	return m, nil
}

func lifecycleOf(it model.Item) float64 {
	if f, ok := lifecycleFactor[it.Lifecycle]; ok {
		return f
	}
	return lifecycleFactor[model.InWork]
}

// mergeMatches adds the assembly matches to the direct ones, keeping the
// better of two matches of one item.
func mergeMatches(direct, up []match) []match {
	at := map[model.ItemID]int{}
	for i, m := range direct {
		at[m.item.ID] = i
	}
	for _, m := range up {
		if i, ok := at[m.item.ID]; ok {
			if better(m, direct[i]) {
				direct[i] = m
			}
			continue
		}
		at[m.item.ID] = len(direct)
		direct = append(direct, m)
	}
	return direct
}
