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
	// Actor is the member on whose behalf the batch is written; the store
	// refuses a batch without one, and one that writes another member's
	// records.
	Actor MemberID `json:"actor,omitempty"`
	Items []Item   `json:"items,omitempty"`
	Refs  []Item   `json:"refs,omitempty"`
	Edges []Edge   `json:"edges,omitempty"`

	// merging indexes Refs and Edges for MergeRef and Use; see batchIndex.
	merging *batchIndex
}

// Len is the number of items and edges in the batch.
func (b *Batch) Len() int { return len(b.Items) + len(b.Refs) + len(b.Edges) }

// Add appends a record item.
func (b *Batch) Add(it Item) { b.Items = append(b.Items, it) }

// Ref appends an observed item.
func (b *Batch) Ref(it Item) { b.Refs = append(b.Refs, it) }

// Use records that parent uses qty of child, merging repeated usages of the
// same child (same parent and kind) into the first such edge (see
// Edge.Merge). It takes constant time per call, however many edges and
// designators the batch holds, when the batch's Edges change only through
// Use between calls; other changes are noticed and cost one re-indexing.
func (b *Batch) Use(e Edge) {
	if e.Kind == "" {
		e.Kind = BOM
	}
	x := b.index()
	k := keyOf(e)
	if i, ok := x.edges.find(b.Edges, k, keyOf); ok {
		x.edges.state(i).merge(&b.Edges[i], e)
		return
	}
	b.Edges = x.edges.push(b.Edges, k, e)
}

// MergeRef adds an observed item, merging it into an earlier ref of the
// same ID as Compact does (MergeInto, in order), in time that does not grow
// with the refs already merged: a reader that meets one part on many lines
// need not hold every copy until Compact. As with Use, other changes to
// Refs between calls are noticed.
func (b *Batch) MergeRef(it Item) {
	x := b.index()
	if i, ok := x.refs.find(b.Refs, it.ID, itemID); ok {
		x.refs.state(i).into(&b.Refs[i], it)
		return
	}
	b.Refs = x.refs.push(b.Refs, it.ID, it)
}

// Compact merges repeated items and edges: later records replace earlier
// ones with the same ID, repeated refs are merged (MergeInto), and repeated
// edges are merged (Edge.Merge), each into the first occurrence, in time
// linear in the batch. Readers may call Use freely and Compact once at the
// end.
func (b *Batch) Compact() {
	b.merging = nil
	b.Items = dedupe(b.Items, func(old *Item, it Item) { *old = it })
	var refs listIndex[ItemID, Item, itemMerge]
	b.Refs = compact(&refs, b.Refs, itemID, func(i int, it Item) { refs.state(i).into(&b.Refs[i], it) })
	var edges listIndex[edgeKey, Edge, edgeMerge]
	b.Edges = compact(&edges, b.Edges, keyOf, func(i int, e Edge) { edges.state(i).merge(&b.Edges[i], e) })
}

// compact keeps the first element of each key of list, in order, and folds
// the later ones into it with fold(index of the first, later one). The
// kept elements are moved to the front of list in place, so fold sees them
// at their final index in list.
func compact[K comparable, V, M any](x *listIndex[K, V, M], list []V, key func(V) K, fold func(int, V)) []V {
	x.at = make(map[K]int, len(list))
	n := 0
	for _, v := range list {
		k := key(v)
		if i, ok := x.at[k]; ok {
			fold(i, v)
			continue
		}
		x.at[k] = n
		list[n] = v
		n++
	}
	return list[:n]
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

// edgeKey is what makes two edges usages of one child.
type edgeKey struct {
	parent, child ItemID
	kind          EdgeKind
}

func keyOf(e Edge) edgeKey  { return edgeKey{e.Parent, e.Child, e.Kind} }
func itemID(it Item) ItemID { return it.ID }

// batchIndex is what MergeRef and Use know of a batch between calls.
type batchIndex struct {
	refs  listIndex[ItemID, Item, itemMerge]
	edges listIndex[edgeKey, Edge, edgeMerge]
}

func (b *Batch) index() *batchIndex {
	if b.merging == nil {
		b.merging = &batchIndex{}
	}
	return b.merging
}

// listIndex maps the keys of a list to the index of their first element,
// with the merge state of elements merged into. It stands for the list of
// the length and first element's address it last saw; a list changed
// otherwise is indexed again, from scratch, on the next find.
type listIndex[K comparable, V, M any] struct {
	at     map[K]int
	merges map[int]*M
	n      int
	first  *V
}

// find returns the index of the first element of list with key k.
func (x *listIndex[K, V, M]) find(list []V, k K, key func(V) K) (int, bool) {
	if x.at == nil || x.n != len(list) || (len(list) > 0 && x.first != &list[0]) {
		x.reindex(list, key)
	}
	i, ok := x.at[k]
	if ok && key(list[i]) != k { // an element was changed in place
		x.reindex(list, key)
		i, ok = x.at[k]
	}
	return i, ok
}

func (x *listIndex[K, V, M]) reindex(list []V, key func(V) K) {
	x.at, x.merges = make(map[K]int, len(list)), nil
	for i, v := range list {
		if _, ok := x.at[key(v)]; !ok {
			x.at[key(v)] = i
		}
	}
	x.mark(list)
}

// push appends v, of key k, to list (find having just said k is absent).
func (x *listIndex[K, V, M]) push(list []V, k K, v V) []V {
	list = append(list, v)
	x.at[k] = len(list) - 1
	x.mark(list)
	return list
}

func (x *listIndex[K, V, M]) mark(list []V) {
	x.n, x.first = len(list), nil
	if len(list) > 0 {
		x.first = &list[0]
	}
}

// state returns the merge state of element i.
func (x *listIndex[K, V, M]) state(i int) *M {
	if x.merges == nil {
		x.merges = map[int]*M{}
	}
	m := x.merges[i]
	if m == nil {
		m = new(M)
		x.merges[i] = m
	}
	return m
}

// MergeInto adds to dst what src has and dst lacks: empty name,
// description and class, missing attributes, manufacturer and supplier part
// numbers. It reports whether dst changed. Lifecycle, owner, scope and source
// are dst's and stay. One call costs the length of both items' lists; to
// merge many items into one, use Batch.MergeRef or Batch.Compact.
func MergeInto(dst *Item, src Item) bool {
	var m itemMerge
	return m.into(dst, src)
}

// itemMerge is the state of an item that others are merged into: sets of
// its manufacturer and supplier part numbers, kept between merges.
type itemMerge struct {
	mpns seen[ManufacturerPart]
	skus seen[SupplierPart]
}

func (m *itemMerge) into(dst *Item, src Item) bool {
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
	// As AddMPN and AddSupplierPart: a part number without its number is
	// not kept (though it counts as a change, as it always has).
	for _, p := range src.Manufacturers {
		if !m.mpns.has(dst.Manufacturers, p) {
			if p.MPN != "" {
				dst.Manufacturers = m.mpns.add(dst.Manufacturers, p)
			}
			changed = true
		}
	}
	for _, s := range src.Suppliers {
		if !m.skus.has(dst.Suppliers, s) {
			if s.SKU != "" {
				dst.Suppliers = m.skus.add(dst.Suppliers, s)
			}
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
	// Actor is the member whose write made the revision.
	Actor MemberID `json:"actor,omitempty"`
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
	Edges        int `json:"edges"`                 // BOM usages
	Variants     int `json:"variants"`              // family memberships
	Embodiments  int `json:"embodiments,omitempty"` // technologies embodied in modules and parts
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
