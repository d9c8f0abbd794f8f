package data

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

// PutMember adds a member or updates its name, kind or status, on behalf
// of actor, who must be the administrator: members do not admit
// themselves, and a member that left cannot set itself back to active. A
// status change is appended to the member's history, and every change to
// the audit log, in the same transaction. It returns a model.Invalid
// error for a malformed member or a reserved id, model.Forbidden for any
// actor but the administrator.
func (s *Store) PutMember(ctx context.Context, actor model.MemberID, m model.Member) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if err := model.ValidMemberID(m.ID); err != nil {
		return err
	}
	return s.updateAs(ctx, actor, func(txn *badger.Txn, v model.Viewer, now time.Time) error {
		return putMemberTxn(txn, v, now, actor, m)
	})
}

// SetMemberStatus changes a member's standing on behalf of actor (the
// administrator); with ifVersion (model.Member.Version) only if the
// member is still as the caller read it, checked in the same transaction
// as the change, else a model.Stale error.
func (s *Store) SetMemberStatus(ctx context.Context, actor, id model.MemberID, status model.MemberStatus, ifVersion string) (model.Member, error) {
	var m model.Member
	err := s.updateAs(ctx, actor, func(txn *badger.Txn, v model.Viewer, now time.Time) error {
		if err := getJSON(txn, memberKey(id), &m); err != nil {
			if errors.Is(err, badger.ErrKeyNotFound) {
				return notFound("no member %s", id)
			}
			return err
		}
		if ifVersion != "" && ifVersion != m.Version() {
			return model.Errorf(model.Stale, "member %s changed since version %s (now %s): read it again", id, ifVersion, m.Version())
		}
		m.Status = status
		if err := m.Validate(); err != nil {
			return err
		}
		if err := putMemberTxn(txn, v, now, actor, m); err != nil {
			return err
		}
		return getJSON(txn, memberKey(id), &m)
	})
	return m, err
}

// putMemberTxn writes a member as PutMember does, in txn.
func putMemberTxn(txn *badger.Txn, v model.Viewer, now time.Time, actor model.MemberID, m model.Member) error {
	if err := v.RequireAdmin("managing members"); err != nil {
		return err
	}
	var old model.Member
	err := getJSON(txn, memberKey(m.ID), &old)
	isNew := errors.Is(err, badger.ErrKeyNotFound)
	if err != nil && !isNew {
		return err
	}
	entry := model.AuditEntry{Actor: actor, Action: model.AuditMemberAdd, Target: string(m.ID),
		Detail: fmt.Sprintf("%s (%s), %s", m.Name, m.Kind, m.Status)}
	m.History = old.History
	if isNew || old.Status != m.Status {
		m.History = append(m.History, model.StatusChange{At: now, Status: m.Status, Actor: actor})
	}
	if !isNew {
		entry.Action, entry.Detail = model.AuditMemberStatus, fmt.Sprintf("%s -> %s", old.Status, m.Status)
		if old.Status == m.Status {
			entry.Action, entry.Detail = model.AuditMemberUpdate, fmt.Sprintf("%s (%s)", m.Name, m.Kind)
		}
	}
	if err := appendAudit(txn, &entry, now); err != nil {
		return err
	}
	// A member that leaves loses its keys for good: readmitted, it
	// gets new ones, so no key out in the world comes back to life.
	if !isNew && old.Status == model.Active && m.Status != model.Active {
		if err := revokeKeysOf(txn, m.ID, actor, now); err != nil {
			return err
		}
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
