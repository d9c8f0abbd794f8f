package data

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Licences and projects are kept as documents of the data layer itself,
// since every read builds its viewer from them.
const (
	tableLicence = "licence"
	tableProject = "project"
)

// Viewer returns the rights of member id as of now: its standing, the
// projects it belongs to, the items its licences cover (each licensed
// item and what it contains, through BOM and family edges, as far as the
// grantor owns it), and the members gone from the alliance. The
// administrator (model.Administrator) sees everything. An unknown member
// is a model.NotFound error: nobody reads as a member that does not exist.
func (s *Store) Viewer(ctx context.Context, id model.MemberID) (model.Viewer, error) {
	var v model.Viewer
	err := s.view(ctx, func(txn *badger.Txn) error {
		var err error
		v, err = viewerTxn(txn, id, time.Now())
		return err
	})
	return v, err
}

func viewerTxn(txn *badger.Txn, id model.MemberID, now time.Time) (model.Viewer, error) {
	if id == model.Administrator {
		return model.Viewer{Member: id, Active: true, Admin: true}, nil
	}
	if id == "" || id == model.Catalogue {
		return model.Viewer{}, model.Errorf(model.Forbidden, "no acting member: every read and write runs as a member (--member)")
	}
	var m model.Member
	if err := getJSON(txn, memberKey(id), &m); err != nil {
		if errors.Is(err, badger.ErrKeyNotFound) {
			return model.Viewer{}, model.Errorf(model.NotFound, "no member %s", id)
		}
		return model.Viewer{}, err
	}
	v := model.Viewer{Member: id, Active: m.Status == model.Active}
	err := eachJSON(txn, []byte("m/"), func(_ []byte, raw []byte) error {
		var o model.Member
		if err := json.Unmarshal(raw, &o); err != nil {
			return err
		}
		if o.Status != model.Active {
			v.Gone = append(v.Gone, o.ID)
		}
		return nil
	})
	if err != nil {
		return model.Viewer{}, fmt.Errorf("read members: %w", err)
	}
	if !v.Active {
		return v, nil // a gone member has no rights to others' items
	}
	err = eachJSON(txn, docKey(tableProject, ""), func(_ []byte, raw []byte) error {
		var p model.Project
		if err := json.Unmarshal(raw, &p); err != nil {
			return err
		}
		if slices.Contains(p.Members, id) {
			v.Projects = append(v.Projects, p.ID)
		}
		return nil
	})
	if err != nil {
		return model.Viewer{}, fmt.Errorf("read projects: %w", err)
	}
	licensed := map[model.ItemID]bool{}
	err = eachJSON(txn, docKey(tableLicence, ""), func(_ []byte, raw []byte) error {
		var l model.Licence
		if err := json.Unmarshal(raw, &l); err != nil {
			return err
		}
		if !l.InForce(now) || !l.Covers(id, v.Projects) {
			return nil
		}
		return coverage(txn, l.Item, l.Owner, licensed)
	})
	if err != nil {
		return model.Viewer{}, fmt.Errorf("read licences: %w", err)
	}
	for it := range licensed {
		v.Licensed = append(v.Licensed, it)
	}
	slices.Sort(v.Licensed)
	slices.Sort(v.Gone)
	return v, nil
}

// coverage adds to out the item root and every item below it through BOM
// and family edges that owner owns: what a licence on root covers.
func coverage(txn *badger.Txn, root model.ItemID, owner model.MemberID, out map[model.ItemID]bool) error {
	stack := []model.ItemID{root}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if out[id] {
			continue
		}
		h, ok, err := readHeadTxn(txn, id)
		if err != nil {
			return err
		}
		if !ok || h.Owner != owner {
			continue
		}
		out[id] = true
		prefix := childrenPrefix(id)
		for _, k := range keysWithPrefix(txn, prefix) {
			// c/<parent>/<kind>/<child>: what an item contains are its
			// BOM children and a family's variants; the modules that
			// embody a licensed technology are not the technology.
			kind, child, ok := bytes.Cut(k[len(prefix):], []byte("/"))
			if ok && model.EdgeKind(kind) != model.Embodiment {
				stack = append(stack, model.ItemID(child))
			}
		}
	}
	return nil
}

func readHeadTxn(txn *badger.Txn, id model.ItemID) (head, bool, error) {
	v, err := getValue(txn, headKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return head{}, false, nil
	}
	if err != nil {
		return head{}, false, fmt.Errorf("read item %s: %w", id, err)
	}
	h, err := decodeHead(v)
	if err != nil {
		return head{}, false, fmt.Errorf("read item %s: %w", id, err)
	}
	return h, true, nil
}

// eachJSON calls fn with every key and value under prefix.
func eachJSON(txn *badger.Txn, prefix []byte, fn func(k, v []byte) error) error {
	opt := badger.DefaultIteratorOptions
	opt.Prefix = prefix
	it := txn.NewIterator(opt)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		if err := it.Item().Value(func(v []byte) error { return fn(k, v) }); err != nil {
			return err
		}
	}
	return nil
}

// updateAs runs fn in one write transaction on behalf of actor, with the
// actor's rights as of now: how every write that is not a batch checks
// who may make it.
func (s *Store) updateAs(ctx context.Context, actor model.MemberID, fn func(txn *badger.Txn, v model.Viewer, now time.Time) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := time.Now().UTC()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.Update(func(txn *badger.Txn) error {
		v, err := viewerTxn(txn, actor, now)
		if err != nil {
			return err
		}
		return fn(txn, v, now)
	})
}

// GrantLicence records a licence on an item its acting owner grants. The
// actor must be the item's owner (or the administrator, on the owner's
// behalf) and active; the licensees must be members and the project must
// exist. The licence gets an id and its grant time, and the grant is
// written to the audit log in the same transaction.
func (s *Store) GrantLicence(ctx context.Context, actor model.MemberID, l model.Licence) (model.Licence, error) {
	err := s.updateAs(ctx, actor, func(txn *badger.Txn, v model.Viewer, now time.Time) error {
		h, ok, err := readHeadTxn(txn, l.Item)
		if err != nil {
			return err
		}
		stub := h.stub(l.Item)
		if !ok || !v.CanSee(&stub) {
			return model.Errorf(model.NotFound, "no item %s", l.Item)
		}
		if h.Owner == model.Catalogue {
			return model.Errorf(model.Invalid, "item %s is a catalogue item, public to all: there is nothing to license", l.Item)
		}
		if err := v.MayWrite(h.Owner); err != nil {
			return err
		}
		if h.Owner != actor && !v.Admin {
			return model.Errorf(model.Forbidden, "only the owner of item %s (%s) may license it", l.Item, h.Owner)
		}
		l.Owner, l.Actor, l.Granted, l.Revoked = h.Owner, actor, now, time.Time{}
		c, err := readCounters(txn)
		if err != nil {
			return err
		}
		c.NextLicence++
		l.ID = fmt.Sprintf("L%06d", c.NextLicence)
		if err := l.Validate(); err != nil {
			return err
		}
		for _, m := range l.Licensees {
			if _, err := getValue(txn, memberKey(m)); err != nil {
				return model.Errorf(model.Invalid, "licence to %s: no such member", m)
			}
		}
		if l.Project != "" {
			if _, err := getValue(txn, docKey(tableProject, string(l.Project))); err != nil {
				return model.Errorf(model.Invalid, "licence to project %s: no such project", l.Project)
			}
		}
		if err := setJSON(txn, countersKey, c); err != nil {
			return err
		}
		if err := setJSON(txn, docKey(tableLicence, l.ID), l); err != nil {
			return err
		}
		return appendAudit(txn, &model.AuditEntry{Actor: actor, Action: model.AuditLicenceGrant, Target: l.ID, Detail: l.String()}, now)
	})
	return l, err
}

// RevokeLicence ends a licence from now on. Only its grantor (or the
// administrator) may, and only while active.
func (s *Store) RevokeLicence(ctx context.Context, actor model.MemberID, id string) (model.Licence, error) {
	var l model.Licence
	err := s.updateAs(ctx, actor, func(txn *badger.Txn, v model.Viewer, now time.Time) error {
		if err := getJSON(txn, docKey(tableLicence, id), &l); err != nil {
			if errors.Is(err, badger.ErrKeyNotFound) {
				return model.Errorf(model.NotFound, "no licence %s", id)
			}
			return err
		}
		if l.Owner != actor && !v.Admin {
			return model.Errorf(model.NotFound, "no licence %s", id) // not the actor's to see
		}
		if err := v.MayWrite(l.Owner); err != nil {
			return err
		}
		if !l.Revoked.IsZero() {
			return model.Errorf(model.Conflict, "licence %s was revoked already, on %s", id, l.Revoked.Format(time.DateOnly))
		}
		l.Revoked = now
		if err := setJSON(txn, docKey(tableLicence, id), l); err != nil {
			return err
		}
		return appendAudit(txn, &model.AuditEntry{Actor: actor, Action: model.AuditLicenceRevoke, Target: id, Detail: l.String()}, now)
	})
	return l, err
}

// Licences returns the licences v granted or holds (every licence for the
// administrator), in id order, revoked and expired ones included.
func (s *Store) Licences(ctx context.Context, v model.Viewer) ([]model.Licence, error) {
	var out []model.Licence
	err := s.view(ctx, func(txn *badger.Txn) error {
		return eachJSON(txn, docKey(tableLicence, ""), func(_ []byte, raw []byte) error {
			var l model.Licence
			if err := json.Unmarshal(raw, &l); err != nil {
				return err
			}
			if v.Admin || l.Owner == v.Member || l.Covers(v.Member, v.Projects) {
				out = append(out, l)
			}
			return nil
		})
	})
	return out, err
}

// AddProject records an alliance project with its members; only the
// administrator sets up projects.
func (s *Store) AddProject(ctx context.Context, actor model.MemberID, p model.Project) (model.Project, error) {
	if err := p.Validate(); err != nil {
		return p, err
	}
	err := s.updateAs(ctx, actor, func(txn *badger.Txn, v model.Viewer, now time.Time) error {
		if err := v.RequireAdmin("setting up a project"); err != nil {
			return err
		}
		if _, err := getValue(txn, docKey(tableProject, string(p.ID))); err == nil {
			return model.Errorf(model.Conflict, "project %s exists already", p.ID)
		}
		for _, m := range p.Members {
			if _, err := getValue(txn, memberKey(m)); err != nil {
				return model.Errorf(model.Invalid, "project %s: no member %s", p.ID, m)
			}
		}
		p.Created, p.Actor = now, actor
		if err := setJSON(txn, docKey(tableProject, string(p.ID)), p); err != nil {
			return err
		}
		return appendAudit(txn, &model.AuditEntry{Actor: actor, Action: model.AuditProjectAdd, Target: string(p.ID), Detail: fmt.Sprintf("members %v", p.Members)}, now)
	})
	return p, err
}

// Projects returns every alliance project in id order: projects and their
// members are known to the whole alliance.
func (s *Store) Projects(ctx context.Context) ([]model.Project, error) {
	var out []model.Project
	err := s.view(ctx, func(txn *badger.Txn) error {
		return eachJSON(txn, docKey(tableProject, ""), func(_ []byte, raw []byte) error {
			var p model.Project
			if err := json.Unmarshal(raw, &p); err != nil {
				return err
			}
			out = append(out, p)
			return nil
		})
	})
	return out, err
}
