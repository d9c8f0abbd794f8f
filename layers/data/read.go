package data

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

func notFound(format string, args ...any) error {
	return model.Errorf(model.NotFound, format, args...)
}

// Current returns the current revision of an item: the item and its
// outgoing edges. It returns a model.NotFound error for an unknown id.
func (s *Store) Current(ctx context.Context, id model.ItemID) (model.Revision, error) {
	var r model.Revision
	err := s.view(ctx, func(txn *badger.Txn) error {
		var err error
		r, err = current(txn, id)
		return err
	})
	return r, err
}

// Item returns the current state of an item. It returns a model.NotFound
// error for an unknown id.
func (s *Store) Item(ctx context.Context, id model.ItemID) (model.Item, error) {
	r, err := s.Current(ctx, id)
	return r.Item, err
}

func current(txn *badger.Txn, id model.ItemID) (model.Revision, error) {
	v, err := getValue(txn, headKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return model.Revision{}, notFound("no item %s", id)
	}
	if err != nil {
		return model.Revision{}, fmt.Errorf("read item %s: %w", id, err)
	}
	h, err := decodeHead(v)
	if err != nil {
		return model.Revision{}, fmt.Errorf("read item %s: %w", id, err)
	}
	var r model.Revision
	if err := getJSON(txn, revKey(id, h.Rev), &r); err != nil {
		return model.Revision{}, fmt.Errorf("read item %s revision %d: %w", id, h.Rev, err)
	}
	return r, nil
}

// Revisions returns every stored revision of an item, oldest first.
func (s *Store) Revisions(ctx context.Context, id model.ItemID) ([]model.Revision, error) {
	var out []model.Revision
	err := s.view(ctx, func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = revPrefix(id)
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var r model.Revision
			if err := it.Item().Value(func(v []byte) error { return decodeJSON(v, &r) }); err != nil {
				return fmt.Errorf("read revisions of %s: %w", id, err)
			}
			out = append(out, r)
		}
		if len(out) == 0 {
			return notFound("no item %s", id)
		}
		return nil
	})
	return out, err
}

// Children returns the current edges from a parent, BOM usages first, then
// family members, each in child id order.
func (s *Store) Children(ctx context.Context, parent model.ItemID) ([]model.Edge, error) {
	var out []model.Edge
	err := s.view(ctx, func(txn *badger.Txn) error {
		if _, err := txn.Get(headKey(parent)); err != nil {
			if errors.Is(err, badger.ErrKeyNotFound) {
				return notFound("no item %s", parent)
			}
			return err
		}
		opt := badger.DefaultIteratorOptions
		opt.Prefix = childrenPrefix(parent)
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var e model.Edge
			if err := it.Item().Value(func(v []byte) error { return decodeJSON(v, &e) }); err != nil {
				return fmt.Errorf("read children of %s: %w", parent, err)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// WhereUsed returns the current edges that point at child: the BOMs it is
// used in and the families it belongs to.
func (s *Store) WhereUsed(ctx context.Context, child model.ItemID) ([]model.Edge, error) {
	var out []model.Edge
	err := s.view(ctx, func(txn *badger.Txn) error {
		if _, err := txn.Get(headKey(child)); err != nil {
			if errors.Is(err, badger.ErrKeyNotFound) {
				return notFound("no item %s", child)
			}
			return err
		}
		var err error
		out, err = whereUsed(txn, child)
		return err
	})
	return out, err
}

// Lookup returns the item a source key maps to, or a model.NotFound error.
func (s *Store) Lookup(ctx context.Context, src model.SourceRef) (model.ItemID, error) {
	var id model.ItemID
	err := s.view(ctx, func(txn *badger.Txn) error {
		v, err := getValue(txn, sourceKey(src))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return notFound("no item from %s", src)
		}
		id = model.ItemID(v)
		return err
	})
	return id, err
}

// Stats counts what the store holds.
func (s *Store) Stats(ctx context.Context) (model.Stats, error) {
	var st model.Stats
	err := s.view(ctx, func(txn *badger.Txn) error {
		c, err := readCounters(txn)
		st = c.Stats
		return err
	})
	return st, err
}

// Items calls fn with the current state of every item of the given level,
// or of every level when level is empty, in id order within a level. It
// stops at fn's first error and returns it.
func (s *Store) Items(ctx context.Context, level model.Level, fn func(model.Item) error) error {
	levels := model.Levels
	if level != "" {
		levels = []model.Level{level}
	}
	return s.view(ctx, func(txn *badger.Txn) error {
		for _, l := range levels {
			prefix := []byte("l/" + string(l) + "/")
			for i, k := range keysWithPrefix(txn, prefix) {
				if i%1024 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				r, err := current(txn, model.ItemID(bytes.TrimPrefix(k, prefix)))
				if err != nil {
					return err
				}
				if err := fn(r.Item); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Batch returns the record of an applied batch.
func (s *Store) Batch(ctx context.Context, id string) (BatchRecord, error) {
	var r BatchRecord
	err := s.view(ctx, func(txn *badger.Txn) error {
		err := getJSON(txn, batchKey(id), &r)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return notFound("no batch %s", id)
		}
		return err
	})
	return r, err
}

// LastBatch returns the record of the last batch applied, ok false when
// none has been: its id follows from the batch counter, so nothing is
// scanned.
func (s *Store) LastBatch(ctx context.Context) (r BatchRecord, ok bool, err error) {
	err = s.view(ctx, func(txn *badger.Txn) error {
		c, err := readCounters(txn)
		if err != nil || c.NextBatch == 0 {
			return err
		}
		ok = true
		return getJSON(txn, batchKey(batchID(c.NextBatch)), &r)
	})
	return r, ok, err
}

// Batches calls fn with every batch record, oldest first.
func (s *Store) Batches(ctx context.Context, fn func(BatchRecord) error) error {
	return s.BatchesAfter(ctx, "", fn)
}

// BatchesAfter calls fn with the records of the batches applied after the
// batch with id after (every batch when after is ""), oldest first: how a
// follower of the store, such as the search index, catches up.
func (s *Store) BatchesAfter(ctx context.Context, after string, fn func(BatchRecord) error) error {
	return s.view(ctx, func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte("b/")
		it := txn.NewIterator(opt)
		defer it.Close()
		start := batchKey(after)
		for it.Seek(start); it.Valid(); it.Next() {
			if after != "" && bytes.Equal(it.Item().Key(), start) {
				continue
			}
			var r BatchRecord
			if err := it.Item().Value(func(v []byte) error { return decodeJSON(v, &r) }); err != nil {
				return err
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) view(ctx context.Context, fn func(*badger.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(fn)
}

// ItemUse is an item's current state and the number of parents using it.
type ItemUse struct {
	Item   model.Item
	UsedIn int
}

// ItemsUse reads the current state of the given items and how many
// parents use each, in one read transaction: what ranking needs of a few
// hundred candidates, without a transaction per item. Ids not in the
// store are left out of the map.
func (s *Store) ItemsUse(ctx context.Context, ids []model.ItemID) (map[model.ItemID]ItemUse, error) {
	return s.As(model.Viewer{Member: model.Administrator, Active: true, Admin: true}).ItemsUse(ctx, ids)
}
