package data

import (
	"context"
	"errors"

	"github.com/dgraph-io/badger/v4"

	"cbb/layers/model"
)

// PutMember adds a member or updates it. It returns a model.Invalid error
// for a malformed member.
func (s *Store) PutMember(ctx context.Context, m model.Member) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.Update(func(txn *badger.Txn) error {
		_, err := getValue(txn, memberKey(m.ID))
		isNew := errors.Is(err, badger.ErrKeyNotFound)
		if err != nil && !isNew {
			return err
		}
		if isNew {
			c, err := readCounters(txn)
			if err != nil {
				return err
			}
			c.Stats.Members++
			if err := setJSON(txn, countersKey, c); err != nil {
				return err
			}
		}
		return setJSON(txn, memberKey(m.ID), m)
	})
}

// Member returns a member, or a model.NotFound error.
func (s *Store) Member(ctx context.Context, id model.MemberID) (model.Member, error) {
	var m model.Member
	err := s.view(ctx, func(txn *badger.Txn) error {
		err := getJSON(txn, memberKey(id), &m)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return notFound("no member %s", id)
		}
		return err
	})
	return m, err
}

// Members returns every member in id order.
func (s *Store) Members(ctx context.Context) ([]model.Member, error) {
	var out []model.Member
	err := s.view(ctx, func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte("m/")
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var m model.Member
			if err := it.Item().Value(func(v []byte) error { return decodeJSON(v, &m) }); err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}
