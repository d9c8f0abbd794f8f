package model

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Batch is the unit of import: what one reader made of one input, applied
// to the store in one transaction, all or nothing.
//
// Items are records the input is authoritative for (a product, its
// assemblies, a PDM part record): an item that differs from the stored one
// replaces it as a new revision. Refs are items the input only mentions (a
// BOM line's part, identified by its MPN or its constructor): they are merged
// into the stored item, adding what it lacks and changing nothing it has, so
// that many BOMs naming one part leave one item that does not flip between
// their wordings. Edges belong to their parents, which must be among Items:
// a parent's edges in the batch replace its previous ones.
type Batch struct {
	// Origin names the input (a file or folder path), for errors and history.
	Origin string `json:"origin"`
	Items  []Item `json:"items,omitempty"`
	Refs   []Item `json:"refs,omitempty"`
	Edges  []Edge `json:"edges,omitempty"`
}

// Len is the number of items and edges in the batch.
func (b *Batch) Len() int { return len(b.Items) + len(b.Refs) + len(b.Edges) }

// Add appends a record item.
func (b *Batch) Add(it Item) { b.Items = append(b.Items, it) }

// Ref appends an observed item.
func (b *Batch) Ref(it Item) { b.Refs = append(b.Refs, it) }

// Use records that parent uses qty of child, merging repeated usages of the
// same child into one edge.
func (b *Batch) Use(e Edge) {
	if e.Kind == "" {
		e.Kind = BOM
	}
	for i := range b.Edges {
		o := &b.Edges[i]
		if o.Parent == e.Parent && o.Child == e.Child && o.Kind == e.Kind {
			o.Merge(e)
			return
		}
	}
	b.Edges = append(b.Edges, e)
}

// Compact merges repeated items and edges: later records replace earlier
// ones with the same ID, repeated refs are merged, and repeated edges are
// merged. Readers may call Use freely and Compact once at the end.
func (b *Batch) Compact() {
	b.Items = dedupe(b.Items, func(old *Item, it Item) { *old = it })
	b.Refs = dedupe(b.Refs, func(old *Item, it Item) { MergeInto(old, it) })
	type key struct {
		p, c ItemID
		k    EdgeKind
	}
	at := make(map[key]int, len(b.Edges))
	out := b.Edges[:0]
	for _, e := range b.Edges {
		k := key{e.Parent, e.Child, e.Kind}
		if i, ok := at[k]; ok {
			out[i].Merge(e)
			continue
		}
		at[k] = len(out)
		out = append(out, e)
	}
	b.Edges = out
}

func dedupe(items []Item, fold func(*Item, Item)) []Item {
	at := make(map[ItemID]int, len(items))
	out := items[:0]
	for _, it := range items {
		if i, ok := at[it.ID]; ok {
			fold(&out[i], it)
			continue
		}
		at[it.ID] = len(out)
		out = append(out, it)
	}
	return out
}

// MergeInto adds to dst what src has and dst lacks: empty name,
// description and class, missing attributes, manufacturer and supplier part
// numbers. It reports whether dst changed. Lifecycle, owner, scope and source
// are dst's and stay.
func MergeInto(dst *Item, src Item) bool {
	changed := false
	fill := func(d *string, s string) {
		if *d == "" && s != "" {
			*d, changed = s, true
		}
	}
	fill(&dst.Name, src.Name)
	fill(&dst.Description, src.Description)
	c := string(dst.Class)
	fill(&c, string(src.Class))
	dst.Class = ClassPath(c)
	for _, a := range src.Attributes {
		if _, ok := dst.Attr(a.Name); !ok {
			dst.SetAttr(a)
			changed = true
		}
	}
	for _, m := range src.Manufacturers {
		if !slices.Contains(dst.Manufacturers, m) {
			dst.AddMPN(m)
			changed = true
		}
	}
	for _, s := range src.Suppliers {
		if !slices.Contains(dst.Suppliers, s) {
			dst.AddSupplierPart(s)
			changed = true
		}
	}
	return changed
}

// SortEdges orders edges by kind, parent and child, the order the store keeps.
func SortEdges(es []Edge) {
	slices.SortFunc(es, func(a, b Edge) int {
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.Parent), string(b.Parent)); c != 0 {
			return c
		}
		return strings.Compare(string(a.Child), string(b.Child))
	})
}

// BatchResult says what applying a batch did.
type BatchResult struct {
	BatchID   string `json:"batch_id"`
	Created   int    `json:"created"`   // items new to the store
	Revised   int    `json:"revised"`   // items that got a new revision
	Unchanged int    `json:"unchanged"` // items already as the batch has them
	Edges     int    `json:"edges"`     // edges in the batch
}

// Revision is one stored state of an item with its outgoing edges.
type Revision struct {
	Item  Item      `json:"item"`
	Edges []Edge    `json:"edges,omitempty"`
	No    int       `json:"no"`
	At    time.Time `json:"at"`
	Batch string    `json:"batch"`
}

// Stats counts what the store holds.
type Stats struct {
	Families     int `json:"families"`
	Products     int `json:"products"`
	Modules      int `json:"modules"`
	Parts        int `json:"parts"`
	Features     int `json:"features"`
	Technologies int `json:"technologies"`
	Items        int `json:"items"`
	Edges        int `json:"edges"`    // BOM usages
	Variants     int `json:"variants"` // family memberships
	Revisions    int `json:"revisions"`
	Members      int `json:"members"`
	Batches      int `json:"batches"`
}

// AddLevel adds n to the count of level l.
func (s *Stats) AddLevel(l Level, n int) {
	switch l {
	case LevelFamily:
		s.Families += n
	case LevelProduct:
		s.Products += n
	case LevelModule:
		s.Modules += n
	case LevelPart:
		s.Parts += n
	case LevelFeature:
		s.Features += n
	case LevelTechnology:
		s.Technologies += n
	}
	s.Items += n
}

// ContentHash identifies an item's content together with its outgoing
// edges: equal hashes mean equal content. The edges must be sorted (see
// SortEdges).
func ContentHash(it Item, edges []Edge) ([16]byte, error) {
	b, err := json.Marshal(struct {
		Item  Item   `json:"item"`
		Edges []Edge `json:"edges"`
	}{it, edges})
	if err != nil {
		return [16]byte{}, fmt.Errorf("encode item %s: %w", it.ID, err)
	}
	sum := sha256.Sum256(b)
	var h [16]byte
	copy(h[:], sum[:])
	return h, nil
}

// EdgesByParent groups the batch's edges by parent, each group sorted.
func (b *Batch) EdgesByParent() map[ItemID][]Edge {
	out := map[ItemID][]Edge{}
	for _, e := range b.Edges {
		out[e.Parent] = append(out[e.Parent], e)
	}
	for _, es := range out {
		SortEdges(es)
	}
	return out
}

// Explode flattens the BOM below root: how many of each leaf (an item
// without BOM children) one root holds, and how many instances of each
// inner item. Optional usages count only when withOptional is set.
func (b *Batch) Explode(root ItemID, withOptional bool) (leaves, inner map[ItemID]float64) {
	kids := map[ItemID][]Edge{}
	for _, e := range b.Edges {
		if e.Kind == BOM && (withOptional || !e.Optional) {
			kids[e.Parent] = append(kids[e.Parent], e)
		}
	}
	leaves, inner = map[ItemID]float64{}, map[ItemID]float64{}
	var walk func(id ItemID, n float64)
	walk = func(id ItemID, n float64) {
		if len(kids[id]) == 0 {
			leaves[id] += n
			return
		}
		inner[id] += n
		for _, e := range kids[id] {
			walk(e.Child, n*e.Quantity)
		}
	}
	walk(root, 1)
	return leaves, inner
}
