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

// PutRun stores an analysis run made by actor, giving it the next run id,
// its maker and, when it has none, the time; it returns the stored run.
// The maker must be an active member or the administrator, and the run is
// recorded in the audit log in the same transaction.
func (s *Store) PutRun(ctx context.Context, actor model.MemberID, r model.Run) (model.Run, error) {
	if r.Kind == "" {
		return r, model.Errorf(model.Invalid, "analysis run without a kind")
	}
	if r.At.IsZero() {
		r.At = time.Now().UTC()
	}
	err := s.updateAs(ctx, actor, func(txn *badger.Txn, v model.Viewer, now time.Time) error {
		if err := v.MayWrite(v.Member); err != nil {
			return err
		}
		c, err := readCounters(txn)
		if err != nil {
			return err
		}
		c.NextRun++
		r.ID = fmt.Sprintf("%010d", c.NextRun)
		r.Actor = actor
		if err := setJSON(txn, countersKey, c); err != nil {
			return err
		}
		if err := setJSON(txn, runKey(r.ID), r); err != nil {
			return err
		}
		return appendAudit(txn, &model.AuditEntry{Actor: actor, Action: model.AuditRun, Target: r.ID, Detail: r.Kind + ": " + r.Summary}, now)
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
