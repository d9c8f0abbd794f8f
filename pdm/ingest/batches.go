package ingest

import (
	"fmt"
	"slices"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Group joins consecutive small batches into batches of up to max items
// and edges, so that an import of many small files does not pay a disk
// sync per file. Batches that share a record are never joined: each
// record's edge set must come from one input. Refs shared by joined
// batches merge exactly as they would applied one after the other.
func Group(batches []*model.Batch, max int) []*model.Batch {
	var out []*model.Batch
	var cur *model.Batch
	var records map[model.ItemID]bool
	var origins []string
	flush := func() {
		if cur == nil {
			return
		}
		cur.Origin = joinOrigins(origins)
		cur.Compact()
		out = append(out, cur)
		cur, records, origins = nil, nil, nil
	}
	for _, b := range batches {
		if cur != nil && (cur.Len()+b.Len() > max || sharesRecord(records, b) || cur.Actor != b.Actor) {
			flush()
		}
		if cur == nil {
			cur, records = &model.Batch{Actor: b.Actor}, map[model.ItemID]bool{}
		}
		cur.Items = append(cur.Items, b.Items...)
		cur.Refs = append(cur.Refs, b.Refs...)
		cur.Edges = append(cur.Edges, b.Edges...)
		for _, it := range b.Items {
			records[it.ID] = true
		}
		origins = append(origins, b.Origin)
	}
	flush()
	return out
}

func sharesRecord(records map[model.ItemID]bool, b *model.Batch) bool {
	for _, it := range b.Items {
		if records[it.ID] {
			return true
		}
	}
	return false
}

func joinOrigins(o []string) string {
	switch len(o) {
	case 1:
		return o[0]
	case 2:
		return o[0] + "; " + o[1]
	}
	return fmt.Sprintf("%s ... %s (%d inputs)", o[0], o[len(o)-1], len(o))
}

// Split cuts a batch into batches of at most max items and edges each,
// except that a record always travels with all its edges. Children come
// before their parents, so each part only refers to items stored by an
// earlier part or carried by itself.
func Split(b *model.Batch, max int) []*model.Batch {
	if b.Len() <= max {
		return []*model.Batch{b}
	}
	edges := map[model.ItemID][]model.Edge{}
	for _, e := range b.Edges {
		edges[e.Parent] = append(edges[e.Parent], e)
	}
	var parts []*model.Batch
	cur := &model.Batch{Origin: b.Origin, Actor: b.Actor}
	flush := func(size int) {
		if cur.Len() > 0 && cur.Len()+size > max {
			parts = append(parts, cur)
			cur = &model.Batch{Origin: b.Origin, Actor: b.Actor}
		}
	}
	for _, it := range b.Refs {
		flush(1)
		cur.Refs = append(cur.Refs, it)
	}
	for _, it := range childrenFirst(b.Items, edges) {
		es := edges[it.ID]
		flush(1 + len(es))
		cur.Items = append(cur.Items, it)
		cur.Edges = append(cur.Edges, es...)
	}
	if cur.Len() > 0 {
		parts = append(parts, cur)
	}
	for i, p := range parts {
		p.Origin = fmt.Sprintf("%s [%d/%d]", b.Origin, i+1, len(parts))
	}
	return parts
}

// childrenFirst orders records so that each comes after the records it
// has edges to. Cycles, which Apply rejects anyway, are broken arbitrarily.
func childrenFirst(items []model.Item, edges map[model.ItemID][]model.Edge) []model.Item {
	byID := make(map[model.ItemID]int, len(items))
	for i, it := range items {
		byID[it.ID] = i
	}
	state := make([]byte, len(items)) // 0 new, 1 visiting, 2 done
	out := make([]model.Item, 0, len(items))
	var visit func(i int)
	visit = func(i int) {
		if state[i] != 0 {
			return
		}
		state[i] = 1
		for _, e := range edges[items[i].ID] {
			for _, c := range append([]model.ItemID{e.Child}, e.Substitutes...) {
				if j, ok := byID[c]; ok {
					visit(j)
				}
			}
		}
		state[i] = 2
		out = append(out, items[i])
	}
	for i := range items {
		visit(i)
	}
	return slices.Clip(out)
}
