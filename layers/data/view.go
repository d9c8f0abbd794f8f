package data

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

// View is the store as one member sees it: the one read path of every
// command, analysis and search. An item the viewer may not see does not
// exist for it (model.NotFound, with the message of an unknown id), edges
// to such items are left out, and counts leave them out, but for
// where-used, which counts the parents it does not name (HiddenParents).
type View struct {
	s *Store
	v model.Viewer
}

// As returns the store as v sees it.
func (s *Store) As(v model.Viewer) *View { return &View{s: s, v: v} }

// Viewer returns whose view this is.
func (w *View) Viewer() model.Viewer { return w.v }

// visible reports whether the viewer may see the item with head h.
func (w *View) visible(id model.ItemID, h head) bool {
	if w.v.Admin {
		return true
	}
	it := h.stub(id)
	return w.v.CanSee(&it)
}

// visibleID reads the head of id and reports whether it exists and the
// viewer may see it.
func (w *View) visibleID(txn *badger.Txn, id model.ItemID) (bool, error) {
	h, ok, err := readHeadTxn(txn, id)
	if err != nil || !ok {
		return false, err
	}
	return w.visible(id, h), nil
}

// Current returns the current revision of an item the viewer may see,
// with only the edges to children it may see.
func (w *View) Current(ctx context.Context, id model.ItemID) (model.Revision, error) {
	var r model.Revision
	err := w.s.view(ctx, func(txn *badger.Txn) error {
		ok, err := w.visibleID(txn, id)
		if err != nil {
			return err
		}
		if !ok {
			return notFound("no item %s", id)
		}
		if r, err = current(txn, id); err != nil {
			return err
		}
		r.Edges, _, err = w.filterEdges(txn, r.Edges, func(e model.Edge) model.ItemID { return e.Child })
		return err
	})
	return r, err
}

// Item returns the current state of an item the viewer may see.
func (w *View) Item(ctx context.Context, id model.ItemID) (model.Item, error) {
	r, err := w.Current(ctx, id)
	return r.Item, err
}

// Revisions returns the revisions of an item the viewer may see that it
// could see as they were (a revision from before the owner widened the
// scope stays the owner's), each with the edges to children it may see
// now. Who wrote a revision, and in which batch, is told only to that
// writer, the item's owner and the administrator: of a catalogue part it
// would say which member's BOM uses it.
func (w *View) Revisions(ctx context.Context, id model.ItemID) ([]model.Revision, error) {
	if _, err := w.Item(ctx, id); err != nil {
		return nil, err
	}
	all, err := w.s.Revisions(ctx, id)
	if err != nil {
		return nil, err
	}
	var revs []model.Revision
	err = w.s.view(ctx, func(txn *badger.Txn) error {
		for _, r := range all {
			if !w.v.CanSee(&r.Item) {
				continue
			}
			es, _, err := w.filterEdges(txn, r.Edges, func(e model.Edge) model.ItemID { return e.Child })
			if err != nil {
				return err
			}
			r.Edges = es
			if !w.v.Admin && r.Actor != w.v.Member && r.Item.Owner != w.v.Member {
				r.Actor, r.Batch = "", ""
			}
			revs = append(revs, r)
		}
		return nil
	})
	return revs, err
}

// filterEdges keeps the edges whose far end (and substitutes) the viewer
// may see, and counts the others.
func (w *View) filterEdges(txn *badger.Txn, es []model.Edge, end func(model.Edge) model.ItemID) ([]model.Edge, int, error) {
	if w.v.Admin {
		return es, 0, nil
	}
	out := es[:0:0]
	hidden := 0
	for _, e := range es {
		ok, err := w.visibleID(txn, end(e))
		if err != nil {
			return nil, 0, err
		}
		if !ok {
			hidden++
			continue
		}
		subs := e.Substitutes[:0:0]
		for _, s := range e.Substitutes {
			if ok, err := w.visibleID(txn, s); err != nil {
				return nil, 0, err
			} else if ok {
				subs = append(subs, s)
			}
		}
		if len(subs) == 0 {
			subs = nil
		}
		e.Substitutes = subs
		out = append(out, e)
	}
	return out, hidden, nil
}

// Children returns the current edges from a parent the viewer may see to
// the children it may see.
func (w *View) Children(ctx context.Context, parent model.ItemID) ([]model.Edge, error) {
	r, err := w.Current(ctx, parent)
	if err != nil {
		return nil, err
	}
	// The current revision's edges are the parent's edges, in the order
	// the store keeps them.
	if r.Edges == nil {
		return []model.Edge{}, nil
	}
	return r.Edges, nil
}

// WhereUsed returns the edges to child from the parents the viewer may
// see.
func (w *View) WhereUsed(ctx context.Context, child model.ItemID) ([]model.Edge, error) {
	es, _, err := w.WhereUsedCounted(ctx, child)
	return es, err
}

// WhereUsedCounted returns the edges to child from the parents the viewer
// may see, and how many other parents use it: a parent the viewer may not
// see is counted, not named.
func (w *View) WhereUsedCounted(ctx context.Context, child model.ItemID) ([]model.Edge, int, error) {
	var out []model.Edge
	hidden := 0
	err := w.s.view(ctx, func(txn *badger.Txn) error {
		ok, err := w.visibleID(txn, child)
		if err != nil {
			return err
		}
		if !ok {
			return notFound("no item %s", child)
		}
		all, err := whereUsed(txn, child)
		if err != nil {
			return err
		}
		out, hidden, err = w.filterEdges(txn, all, func(e model.Edge) model.ItemID { return e.Parent })
		if err != nil || hidden == 0 {
			return err
		}
		// A technology the viewer may not see is not a user: counting it
		// would say the item embodies someone's secret.
		hidden = 0
		for _, e := range all {
			if e.Kind == model.Embodiment {
				continue
			}
			if ok, err := w.visibleID(txn, e.Parent); err != nil {
				return err
			} else if !ok {
				hidden++
			}
		}
		return nil
	})
	return out, hidden, err
}

func whereUsed(txn *badger.Txn, child model.ItemID) ([]model.Edge, error) {
	var out []model.Edge
	for _, k := range keysWithPrefix(txn, usedPrefix(child)) {
		// u/<child>/<kind>/<parent>
		rest := bytes.TrimPrefix(k, usedPrefix(child))
		kind, parent, ok := bytes.Cut(rest, []byte("/"))
		if !ok {
			return nil, fmt.Errorf("corrupt where-used key %q", k)
		}
		var e model.Edge
		ek := edgeKey(model.Edge{Parent: model.ItemID(parent), Child: child, Kind: model.EdgeKind(kind)})
		if err := getJSON(txn, ek, &e); err != nil {
			return nil, fmt.Errorf("read edge %s -> %s: %w", parent, child, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// Lookup returns the item a source key maps to, if the viewer may see it.
// A key without a namespace is looked up in the viewer's own records
// first, then in the shared catalogue.
func (w *View) Lookup(ctx context.Context, src model.SourceRef) (model.ItemID, error) {
	tries := []model.SourceRef{src}
	if src.Namespace == "" && !w.v.Admin {
		own := src
		own.Namespace = w.v.Member
		tries = []model.SourceRef{own, src}
	}
	for _, t := range tries {
		id, err := w.s.Lookup(ctx, t)
		if model.Code(err) == model.NotFound {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := w.Item(ctx, id); err == nil {
			return id, nil
		} else if model.Code(err) != model.NotFound {
			return "", err
		}
	}
	return "", notFound("no item from %s", src)
}

// Items calls fn with the current state of every item of the level (every
// level when empty) that the viewer may see.
func (w *View) Items(ctx context.Context, level model.Level, fn func(model.Item) error) error {
	return w.s.Items(ctx, level, func(it model.Item) error {
		if !w.v.CanSee(&it) {
			return nil
		}
		return fn(it)
	})
}

// ItemsUse reads the items of ids the viewer may see, each with the
// number of parents using it that the viewer may see.
func (w *View) ItemsUse(ctx context.Context, ids []model.ItemID) (map[model.ItemID]ItemUse, error) {
	out := make(map[model.ItemID]ItemUse, len(ids))
	err := w.s.view(ctx, func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues = false
		for _, id := range ids {
			r, err := current(txn, id)
			if model.Code(err) == model.NotFound {
				continue
			}
			if err != nil {
				return err
			}
			if !w.v.CanSee(&r.Item) {
				continue
			}
			prefix := usedPrefix(id)
			opt.Prefix = prefix
			it := txn.NewIterator(opt)
			n := 0
			for it.Rewind(); it.Valid(); it.Next() {
				k := it.Item().Key()
				kind, parent, ok := bytes.Cut(k[len(prefix):], []byte("/"))
				if !ok {
					it.Close()
					return fmt.Errorf("corrupt where-used key %q", k)
				}
				if model.EdgeKind(kind) == model.Embodiment {
					continue // a technology is not a use
				}
				if w.v.Admin {
					n++
					continue
				}
				vis, err := w.visibleID(txn, model.ItemID(parent))
				if err != nil {
					it.Close()
					return err
				}
				if vis {
					n++
				}
			}
			it.Close()
			out[id] = ItemUse{Item: r.Item, UsedIn: n}
		}
		return nil
	})
	return out, err
}

// Stats counts what the viewer may see: its items by level, the edges
// between them, their revisions, the members, and the batches it wrote.
// The administrator's count is the whole store's.
func (w *View) Stats(ctx context.Context) (model.Stats, error) {
	if w.v.Admin {
		return w.s.Stats(ctx)
	}
	var st model.Stats
	err := w.s.view(ctx, func(txn *badger.Txn) error {
		c, err := readCounters(txn)
		if err != nil {
			return err
		}
		st.Members = c.Stats.Members
		seen := map[model.ItemID]bool{}
		err = eachJSON(txn, []byte("i/"), func(k, v []byte) error {
			h, err := decodeHead(v)
			if err != nil {
				return fmt.Errorf("read item %s: %w", k[2:], err)
			}
			id := model.ItemID(k[2:])
			if !w.visible(id, h) {
				return nil
			}
			seen[id] = true
			st.AddLevel(h.Level, 1)
			st.Revisions += int(h.Rev)
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range keysWithPrefix(txn, []byte("c/")) {
			// c/<parent>/<kind>/<child>
			parts := bytes.SplitN(k[2:], []byte("/"), 3)
			if len(parts) != 3 {
				return fmt.Errorf("corrupt edge key %q", k)
			}
			if !seen[model.ItemID(parts[0])] || !seen[model.ItemID(parts[2])] {
				continue
			}
			switch model.EdgeKind(parts[1]) {
			case model.Variant:
				st.Variants++
			case model.Embodiment:
				st.Embodiments++
			default:
				st.Edges++
			}
		}
		return eachJSON(txn, []byte("b/"), func(_, v []byte) error {
			var r BatchRecord
			if err := decodeJSON(v, &r); err != nil {
				return err
			}
			if r.Actor == w.v.Member {
				st.Batches++
			}
			return nil
		})
	})
	return st, err
}

// Technologies returns the technologies the viewer may see that item id
// embodies: the parents of its embodiment edges, found from the
// where-used keys of that kind alone (a part used in hundreds of BOMs
// costs no more than one used in none).
func (w *View) Technologies(ctx context.Context, id model.ItemID) ([]model.Item, error) {
	var out []model.Item
	err := w.s.view(ctx, func(txn *badger.Txn) error {
		var techs []model.ItemID
		prefix := []byte("u/" + string(id) + "/" + string(model.Embodiment) + "/")
		for _, k := range keysWithPrefix(txn, prefix) {
			techs = append(techs, model.ItemID(k[len(prefix):]))
		}
		// The item's owner's statements (middle.Embody): technologies of
		// other members it embodies.
		stated := docKey("embodiment", string(id)+"/")
		for _, k := range keysWithPrefix(txn, stated) {
			if t := model.ItemID(k[len(stated):]); !slices.Contains(techs, t) {
				techs = append(techs, t)
			}
		}
		for _, tech := range techs {
			ok, err := w.visibleID(txn, tech)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			r, err := current(txn, tech)
			if err != nil {
				return err
			}
			out = append(out, r.Item)
		}
		return nil
	})
	return out, err
}
