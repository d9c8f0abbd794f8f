package data

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

func runKey(id string) []byte { return []byte("a/" + id) }

// PutRun stores an analysis run, giving it the next run id and, when it
// has none, the time; it returns the stored run.
func (s *Store) PutRun(ctx context.Context, r model.Run) (model.Run, error) {
	if err := ctx.Err(); err != nil {
		return r, err
	}
	if r.Kind == "" {
		return r, model.Errorf(model.Invalid, "analysis run without a kind")
	}
	if r.At.IsZero() {
		r.At = time.Now().UTC()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.db.Update(func(txn *badger.Txn) error {
		c, err := readCounters(txn)
		if err != nil {
			return err
		}
		c.NextRun++
		r.ID = fmt.Sprintf("%010d", c.NextRun)
		if err := setJSON(txn, countersKey, c); err != nil {
			return err
		}
		return setJSON(txn, runKey(r.ID), r)
	})
	if err != nil {
		return r, fmt.Errorf("store %s run: %w", r.Kind, err)
	}
	return r, nil
}

// Run returns a stored analysis run, or a model.NotFound error.
func (s *Store) Run(ctx context.Context, id string) (model.Run, error) {
	var r model.Run
	err := s.view(ctx, func(txn *badger.Txn) error {
		err := getJSON(txn, runKey(id), &r)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return notFound("no analysis run %s", id)
		}
		return err
	})
	return r, err
}

// Runs calls fn with every stored analysis run, oldest first.
func (s *Store) Runs(ctx context.Context, fn func(model.Run) error) error {
	return s.view(ctx, func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte("a/")
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var r model.Run
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
