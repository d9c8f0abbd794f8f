package data

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/cbb-alliance/cbb/layers/model"
)

// MigrateReport says what a migration did.
type MigrateReport struct {
	From, To  string        `json:"-"`
	Items     int           `json:"items"`
	Catalogue int           `json:"catalogue"` // items that became shared catalogue items
	Owned     int           `json:"owned"`     // items keyed anew within their owner
	Keys      int           `json:"keys"`      // keys written
	Kept      string        `json:"kept"`      // where the old store was kept
	Took      time.Duration `json:"took_ns"`
}

// Migrate brings the store in dir from schema version 1 to the current
// one: every member's own record is keyed within its owner (a new id,
// model.OwnedID, and a namespaced source key), every item shared says
// is a catalogue item (owned by model.Catalogue, public), and item heads
// carry owner and scope. Every key referring to an item (revisions, edges
// both ways, levels, source keys, batch records, analysis runs, middle-
// layer documents) follows its new id; revisions are rewritten, not
// added to, so an item's history reads as if it had always been keyed so.
//
// The new store is written beside dir and swapped in only when complete;
// the old store is kept beside it as dir.schema1-<time> (the backup), so a
// failed or killed migration leaves dir as it was. The search index,
// which lives in the old folder, is rebuilt on next use. A store of the
// current version is left alone (model.Conflict error).
func Migrate(ctx context.Context, dir string, shared func(*model.Item) bool) (MigrateReport, error) {
	start := time.Now()
	rep := MigrateReport{To: schemaVersion}
	if !Exists(dir) {
		return rep, model.Errorf(model.NotFound, "no store at %s", dir)
	}
	old, err := badger.Open(badger.DefaultOptions(dir).WithLogger(badgerLogger{}).WithCompression(options.ZSTD).WithNumVersionsToKeep(1))
	if err != nil {
		if errors.Is(err, badger.ErrTruncateNeeded) || bytes.Contains([]byte(err.Error()), []byte("acquire directory lock")) {
			return rep, model.Errorf(model.Busy, "store %s is in use by another process", dir)
		}
		return rep, fmt.Errorf("migrate %s: %w", dir, err)
	}
	closeOld := func() { old.Close() }
	var version []byte
	err = old.View(func(txn *badger.Txn) error {
		version, err = getValue(txn, []byte("v"))
		return err
	})
	if err != nil {
		closeOld()
		return rep, fmt.Errorf("migrate %s: read schema version: %w", dir, err)
	}
	rep.From = string(version)
	if rep.From != "1" {
		closeOld()
		return rep, model.Errorf(model.Conflict, "store %s has schema version %s: nothing to migrate", dir, version)
	}
	// Ids that are now reserved (or malformed) would take another meaning:
	// a member called catalogue would see its items made public.
	err = old.View(func(txn *badger.Txn) error {
		return eachJSON(txn, []byte("m/"), func(_ []byte, raw []byte) error {
			var m model.Member
			if err := json.Unmarshal(raw, &m); err != nil {
				return err
			}
			if err := model.ValidMemberID(m.ID); err != nil {
				return model.Errorf(model.Conflict, "member %q cannot be migrated: %v; rename it in a schema-1 cbb first", m.ID, err)
			}
			return nil
		})
	})
	if err != nil {
		closeOld()
		return rep, err
	}
	remap, err := planMigration(ctx, old, shared, &rep)
	if err != nil {
		closeOld()
		return rep, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(dir)), "."+filepath.Base(dir)+".migrate-*")
	if err != nil {
		closeOld()
		return rep, fmt.Errorf("migrate %s: %w", dir, err)
	}
	fail := func(err error) (MigrateReport, error) {
		os.RemoveAll(tmp)
		return rep, fmt.Errorf("migrate %s: %w", dir, err)
	}
	ns, err := Open(ctx, tmp, Options{})
	if err != nil {
		closeOld()
		return fail(err)
	}
	err = copyMigrated(ctx, old, ns, remap, &rep)
	closeOld()
	if err == nil {
		_, err = ns.Audit(ctx, model.AuditEntry{Actor: model.Administrator, Action: model.AuditMigrate, Target: "schema " + schemaVersion,
			Detail: fmt.Sprintf("from schema 1: %d items, %d catalogue, %d keyed within their owner", rep.Items, rep.Catalogue, rep.Owned)})
	}
	if cerr := ns.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(err)
	}
	rep.Kept = fmt.Sprintf("%s.schema1-%s", filepath.Clean(dir), start.UTC().Format("20060102T150405"))
	if err := os.Rename(dir, rep.Kept); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Put the old store back: dir must hold a store whatever happens.
		os.Rename(rep.Kept, dir)
		return fail(err)
	}
	rep.Took = time.Since(start)
	return rep, nil
}

// migrated is what becomes of one item.
type migrated struct {
	to        model.ItemID
	catalogue bool
	owner     model.MemberID
}

// planMigration decides, from each item's current revision, whether it is
// a catalogue item or its owner's record, and its new id.
func planMigration(ctx context.Context, db *badger.DB, shared func(*model.Item) bool, rep *MigrateReport) (map[model.ItemID]migrated, error) {
	remap := map[model.ItemID]migrated{}
	err := db.View(func(txn *badger.Txn) error {
		return eachJSON(txn, []byte("i/"), func(k, v []byte) error {
			if len(remap)%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			id := model.ItemID(k[2:])
			if len(v) < 20 {
				return fmt.Errorf("corrupt head of %s", id)
			}
			rev := uint32(v[0])<<24 | uint32(v[1])<<16 | uint32(v[2])<<8 | uint32(v[3])
			var r model.Revision
			if err := getJSON(txn, revKey(id, rev), &r); err != nil {
				return fmt.Errorf("read %s revision %d: %w", id, rev, err)
			}
			rep.Items++
			if shared(&r.Item) {
				rep.Catalogue++
				remap[id] = migrated{to: id, catalogue: true}
				return nil
			}
			rep.Owned++
			remap[id] = migrated{to: model.OwnedID(r.Item.Owner, id), owner: r.Item.Owner}
			return nil
		})
	})
	return remap, err
}

// copyMigrated writes every key of old into ns with item ids remapped.
func copyMigrated(ctx context.Context, old *badger.DB, ns *Store, remap map[model.ItemID]migrated, rep *MigrateReport) error {
	wb := ns.db.NewWriteBatch()
	defer wb.Cancel()
	set := func(k, v []byte) error {
		rep.Keys++
		return wb.Set(k, v)
	}
	id := func(x model.ItemID) model.ItemID {
		if m, ok := remap[x]; ok {
			return m.to
		}
		return x
	}
	// The text of documents and runs names items by id: replacing the ids
	// in place keeps their bytes otherwise as they were.
	var pairs []string
	for from, m := range remap {
		if m.to != from {
			pairs = append(pairs, string(from), string(m.to))
		}
	}
	texts := newReplacer(pairs)
	var heads = map[model.ItemID]head{}
	err := old.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		it := txn.NewIterator(opt)
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			k := it.Item().KeyCopy(nil)
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			switch {
			case string(k) == "v":
				// The new store's version stands.
			case bytes.HasPrefix(k, []byte("i/")), bytes.HasPrefix(k, []byte("s/")):
				// Heads and source keys are written from the revisions.
			case bytes.HasPrefix(k, []byte("r/")):
				var r model.Revision
				if err := json.Unmarshal(v, &r); err != nil {
					return fmt.Errorf("read %q: %w", k, err)
				}
				from := r.Item.ID
				m := remap[from]
				migrateItem(&r.Item, m)
				for i := range r.Edges {
					e := &r.Edges[i]
					e.Parent, e.Child = id(e.Parent), id(e.Child)
					for j, s := range e.Substitutes {
						e.Substitutes[j] = id(s)
					}
				}
				model.SortEdges(r.Edges)
				b, err := json.Marshal(r)
				if err != nil {
					return err
				}
				if err := set(revKey(r.Item.ID, uint32(r.No)), b); err != nil {
					return err
				}
				if h, ok := heads[r.Item.ID]; !ok || uint32(r.No) > h.Rev {
					sum, err := model.ContentHash(r.Item, r.Edges)
					if err != nil {
						return err
					}
					heads[r.Item.ID] = headOf(uint32(r.No), sum, &r.Item)
				}
				if r.Item.Source.System != "" {
					if err := set(sourceKey(r.Item.Source), []byte(r.Item.ID)); err != nil {
						return err
					}
				}
			case bytes.HasPrefix(k, []byte("c/")):
				var e model.Edge
				if err := json.Unmarshal(v, &e); err != nil {
					return fmt.Errorf("read %q: %w", k, err)
				}
				e.Parent, e.Child = id(e.Parent), id(e.Child)
				for j, s := range e.Substitutes {
					e.Substitutes[j] = id(s)
				}
				b, err := json.Marshal(e)
				if err != nil {
					return err
				}
				if err := set(edgeKey(e), b); err != nil {
					return err
				}
				if err := set(usedKey(e), nil); err != nil {
					return err
				}
			case bytes.HasPrefix(k, []byte("u/")):
				// Written with the c/ key it mirrors.
			case bytes.HasPrefix(k, []byte("l/")):
				rest := k[2:]
				i := bytes.IndexByte(rest, '/')
				if i < 0 {
					return fmt.Errorf("corrupt level key %q", k)
				}
				if err := set(levelKey(model.Level(rest[:i]), id(model.ItemID(rest[i+1:]))), nil); err != nil {
					return err
				}
			case bytes.HasPrefix(k, []byte("d/variability/")):
				item := model.ItemID(k[len("d/variability/"):])
				if err := set(docKey("variability", string(id(item))), texts.replace(v)); err != nil {
					return err
				}
			default: // batch records, runs, documents, members, audit
				if err := set(k, texts.replace(v)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for id, h := range heads {
		if err := set(headKey(id), h.encode()); err != nil {
			return err
		}
	}
	return wb.Flush()
}

// migrateItem gives an item its schema-2 identity.
func migrateItem(it *model.Item, m migrated) {
	if m.catalogue {
		it.Owner, it.Scope = model.Catalogue, model.Scope{Kind: model.ScopePublic}
		return
	}
	it.ID = m.to
	if it.Source.System != "" {
		it.Source.Namespace = m.owner
	}
}

// replacer replaces item ids in JSON text.
type replacer struct{ to map[string]string }

func newReplacer(pairs []string) replacer {
	r := replacer{to: make(map[string]string, len(pairs)/2)}
	for i := 0; i+1 < len(pairs); i += 2 {
		r.to[pairs[i]] = pairs[i+1]
	}
	return r
}

// idLen is the length of an item id: 80 bits in base32.
const idLen = 16

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// replace swaps every id of the map standing as a word of its own in b
// (quoted, or in a text such as a run's input): ids are 16 random
// characters, so no other word is one by chance.
func (r replacer) replace(b []byte) []byte {
	if len(r.to) == 0 {
		return b
	}
	var out []byte
	last := 0
	for i := 0; i+idLen <= len(b); i++ {
		if (i > 0 && wordByte(b[i-1])) || (i+idLen < len(b) && wordByte(b[i+idLen])) || !wordByte(b[i]) {
			continue
		}
		if to, ok := r.to[string(b[i:i+idLen])]; ok {
			out = append(out, b[last:i]...)
			out = append(out, to...)
			last = i + idLen
			i += idLen - 1
		}
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}
