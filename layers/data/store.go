package data

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/cbb-alliance/cbb/layers/model"
)

// schemaVersion 2 keys members' own records within their owner (see
// model.OwnedID) and keeps owner and scope in the item head; a store of
// version 1 is migrated by Migrate.
const schemaVersion = "2"

// Store is the system of record. It is safe for concurrent use; writes are
// serialized.
type Store struct {
	db  *badger.DB
	dir string
	mu  sync.Mutex // serializes Apply and member writes
}

// Options tune a store.
type Options struct {
	// InMemory keeps everything in memory, for tests; Dir is ignored.
	InMemory bool
	// Logger receives badger's warnings and errors; nil discards them.
	Logger *slog.Logger
	// MustExist refuses to create a store: Open fails with a
	// model.NotFound error naming dir when no store is there, so that a
	// mistyped --store is an error, not an empty store.
	MustExist bool
}

// Exists reports whether dir holds a store.
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "MANIFEST"))
	return err == nil
}

// Open opens or creates the store in dir. It fails with a model.Busy error
// when another process holds the store.
func Open(ctx context.Context, dir string, opt Options) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	bo := badger.DefaultOptions(dir).
		WithSyncWrites(true).
		WithCompression(options.ZSTD).
		WithLogger(badgerLogger{opt.Logger}).
		WithNumVersionsToKeep(1)
	if opt.InMemory {
		bo = bo.WithDir("").WithValueDir("").WithInMemory(true)
	} else if opt.MustExist && !Exists(dir) {
		return nil, model.Errorf(model.NotFound, "no store at %s (give --store, or create one with cbb import, restore, member add or demo)", dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	db, err := badger.Open(bo)
	if err != nil {
		if strings.Contains(err.Error(), "acquire directory lock") {
			return nil, &model.Error{Code: model.Busy, Msg: fmt.Sprintf("store %s is in use by another process (is `cbb serve` running?)", dir)}
		}
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	s := &Store{db: db, dir: dir}
	if err := s.checkSchema(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the store; it is an error to use it afterwards.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.dir, err)
	}
	return nil
}

// Dir is the folder the store lives in.
func (s *Store) Dir() string { return s.dir }

func (s *Store) checkSchema() error {
	return s.db.Update(withIdentity(func(txn *badger.Txn) error {
		v, err := getValue(txn, []byte("v"))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return txn.Set([]byte("v"), []byte(schemaVersion))
		}
		if err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if string(v) == "1" {
			return model.Errorf(model.Conflict, "store %s has schema version 1, from before members' records were keyed within their owner; run `cbb migrate` (it keeps the old store beside the new one)", s.dir)
		}
		if string(v) != schemaVersion {
			return model.Errorf(model.Conflict, "store %s has schema version %q, this cbb reads %q", s.dir, v, schemaVersion)
		}
		return nil
	}))
}

// Key construction. See doc.go for the layout.

func headKey(id model.ItemID) []byte { return []byte("i/" + string(id)) }

func revKey(id model.ItemID, rev uint32) []byte {
	k := make([]byte, 0, len(id)+7)
	k = append(k, "r/"...)
	k = append(k, id...)
	k = append(k, '/')
	return binary.BigEndian.AppendUint32(k, rev)
}

func revPrefix(id model.ItemID) []byte { return []byte("r/" + string(id) + "/") }

func sourceKey(src model.SourceRef) []byte { return []byte("s/" + src.Key()) }

func edgeKey(e model.Edge) []byte {
	return []byte("c/" + string(e.Parent) + "/" + string(e.Kind) + "/" + string(e.Child))
}

func childrenPrefix(parent model.ItemID) []byte { return []byte("c/" + string(parent) + "/") }

func usedKey(e model.Edge) []byte {
	return []byte("u/" + string(e.Child) + "/" + string(e.Kind) + "/" + string(e.Parent))
}

func usedPrefix(child model.ItemID) []byte { return []byte("u/" + string(child) + "/") }

func levelKey(l model.Level, id model.ItemID) []byte {
	return []byte("l/" + string(l) + "/" + string(id))
}

func memberKey(id model.MemberID) []byte { return []byte("m/" + string(id)) }

func batchKey(id string) []byte { return []byte("b/" + id) }

// batchID is the id of the n-th batch: zero-padded, so ids sort as
// numbers.
func batchID(n uint64) string { return fmt.Sprintf("%010d", n) }

var countersKey = []byte("n")

// head is the small record that points at an item's current revision. It
// carries what deciding visibility needs (owner and scope), so that a
// reader filters edges and counts by the viewer's rights without reading
// every revision.
type head struct {
	Rev   uint32
	Hash  [16]byte
	Level model.Level
	Owner model.MemberID
	Scope model.Scope
}

func headOf(rev uint32, sum [16]byte, it *model.Item) head {
	return head{Rev: rev, Hash: sum, Level: it.Level, Owner: it.Owner, Scope: it.Scope}
}

// encode writes rev, hash, then level, owner, scope kind and partners
// separated by NUL (none of them holds one).
func (h head) encode() []byte {
	b := binary.BigEndian.AppendUint32(nil, h.Rev)
	b = append(b, h.Hash[:]...)
	b = append(b, h.Level...)
	b = append(b, 0)
	b = append(b, h.Owner...)
	b = append(b, 0)
	b = append(b, h.Scope.Kind...)
	for i, p := range h.Scope.Partners {
		if i == 0 {
			b = append(b, 0)
		} else {
			b = append(b, ',')
		}
		b = append(b, p...)
	}
	return b
}

func decodeHead(b []byte) (head, error) {
	if len(b) < 20 {
		return head{}, fmt.Errorf("corrupt item head of %d bytes", len(b))
	}
	var h head
	h.Rev = binary.BigEndian.Uint32(b)
	copy(h.Hash[:], b[4:20])
	parts := strings.SplitN(string(b[20:]), "\x00", 4)
	if len(parts) < 3 {
		return head{}, fmt.Errorf("corrupt item head: %d fields", len(parts))
	}
	h.Level, h.Owner, h.Scope.Kind = model.Level(parts[0]), model.MemberID(parts[1]), model.ScopeKind(parts[2])
	if len(parts) == 4 {
		for p := range strings.SplitSeq(parts[3], ",") {
			h.Scope.Partners = append(h.Scope.Partners, model.MemberID(p))
		}
	}
	return h, nil
}

// stub is the part of an item its head knows: enough to decide whether a
// viewer may see it.
func (h head) stub(id model.ItemID) model.Item {
	return model.Item{ID: id, Level: h.Level, Owner: h.Owner, Scope: h.Scope}
}

// counters are the store-wide numbers kept up to date by every write.
type counters struct {
	NextBatch uint64 `json:"next_batch"`
	NextRun   uint64 `json:"next_run,omitempty"`
	// NextLicence numbers licences.
	NextLicence uint64      `json:"next_licence,omitempty"`
	Stats       model.Stats `json:"stats"`
}

func getValue(txn *badger.Txn, key []byte) ([]byte, error) {
	it, err := txn.Get(key)
	if err != nil {
		return nil, err
	}
	return it.ValueCopy(nil)
}

func getJSON(txn *badger.Txn, key []byte, v any) error {
	b, err := getValue(txn, key)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode %q: %w", key, err)
	}
	return nil
}

func setJSON(txn *badger.Txn, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %q: %w", key, err)
	}
	return txn.Set(key, b)
}

func readCounters(txn *badger.Txn) (counters, error) {
	var c counters
	err := getJSON(txn, countersKey, &c)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return counters{}, nil
	}
	return c, err
}

// keysWithPrefix returns the keys under prefix, in order.
func keysWithPrefix(txn *badger.Txn, prefix []byte) [][]byte {
	opt := badger.DefaultIteratorOptions
	opt.PrefetchValues = false
	opt.Prefix = prefix
	it := txn.NewIterator(opt)
	defer it.Close()
	var keys [][]byte
	for it.Rewind(); it.Valid(); it.Next() {
		keys = append(keys, it.Item().KeyCopy(nil))
	}
	return keys
}

// badgerLogger adapts slog to badger's logger; badger's info and debug
// chatter is dropped.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any) {
	if b.l != nil {
		b.l.Error(strings.TrimSpace(fmt.Sprintf(f, a...)), "component", "badger")
	}
}

func (b badgerLogger) Warningf(f string, a ...any) {
	if b.l != nil {
		b.l.Warn(strings.TrimSpace(fmt.Sprintf(f, a...)), "component", "badger")
	}
}

func (badgerLogger) Infof(string, ...any)  {}
func (badgerLogger) Debugf(string, ...any) {}

func decodeJSON(b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}

// Size returns the bytes the store takes on disk: its sorted tables (the
// compressed data) and its value log (the write-ahead log and large values).
func (s *Store) Size() (tables, log int64) { return s.db.Size() }
