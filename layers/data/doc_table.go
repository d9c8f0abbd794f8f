package data

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Documents are the middle layer's records (design rules, variability,
// R&D requests, credits), kept as JSON under d/<table>/<id>. The data
// layer stores them atomically and durably; what they mean is the middle
// layer's business.

func docKey(table, id string) []byte { return []byte("d/" + table + "/" + id) }

func checkDocKey(table, id string) error {
	if table == "" || id == "" || strings.ContainsAny(table, "/\x00") || strings.Contains(id, "\x00") {
		return model.Errorf(model.Invalid, "bad document key %q/%q", table, id)
	}
	return nil
}

// PutDocs writes documents of one table in one transaction: all or none.
// With create set, it fails with model.Conflict if any of them exists.
// The audit entries, which name the acting member, are appended to the
// audit log in the same transaction; there must be at least one, so that
// no document is written without an actor on record.
func (s *Store) PutDocs(ctx context.Context, table string, docs map[string]any, create bool, audit ...model.AuditEntry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(audit) == 0 {
		return fmt.Errorf("write %s documents: no audit entry names the actor", table)
	}
	for id := range docs {
		if err := checkDocKey(table, id); err != nil {
			return err
		}
	}
	for _, e := range audit {
		if err := e.Validate(); err != nil {
			return err
		}
	}
	now := time.Now().UTC()
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.db.Update(func(txn *badger.Txn) error {
		for i := range audit {
			if err := appendAudit(txn, &audit[i], now); err != nil {
				return err
			}
		}
		for id, v := range docs {
			if create {
				if _, err := txn.Get(docKey(table, id)); err == nil {
					return model.Errorf(model.Conflict, "%s %s exists already", table, id)
				} else if !errors.Is(err, badger.ErrKeyNotFound) {
					return err
				}
			}
			if err := setJSON(txn, docKey(table, id), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", table, err)
	}
	return nil
}

// GetDoc reads one document into v, or returns a model.NotFound error.
func (s *Store) GetDoc(ctx context.Context, table, id string, v any) error {
	if err := checkDocKey(table, id); err != nil {
		return err
	}
	return s.view(ctx, func(txn *badger.Txn) error {
		err := getJSON(txn, docKey(table, id), v)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return notFound("no %s %s", table, id)
		}
		return err
	})
}

// Docs calls fn with the id and JSON of every document of the table whose
// id starts with prefix, in id order.
func (s *Store) Docs(ctx context.Context, table, prefix string, fn func(id string, raw []byte) error) error {
	if err := checkDocKey(table, "x"); err != nil {
		return err
	}
	return s.view(ctx, func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = docKey(table, prefix)
		it := txn.NewIterator(opt)
		defer it.Close()
		head := len(docKey(table, ""))
		for it.Rewind(); it.Valid(); it.Next() {
			id := string(it.Item().Key()[head:])
			if err := it.Item().Value(func(v []byte) error { return fn(id, v) }); err != nil {
				return err
			}
		}
		return nil
	})
}
