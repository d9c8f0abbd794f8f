package index

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/cbb-alliance/cbb/layers/model"
)

// lockTimeout is how long Open waits for another process to let go of the
// index before it gives up with model.Busy.
const lockTimeout = 500 * time.Millisecond

// Doc is one item to index, with its reuse count.
type Doc struct {
	Item model.Item
	// UsedIn is the number of parents using the item: the reuse prior.
	UsedIn int
}

// Index is the search index of items. It is safe for concurrent use.
//
// An index is made of shards, each a bleve index of its own in a
// sub-folder (s0, s1...), an item living in the shard its id hashes to.
// One bleve index has one goroutine each to introduce, persist and merge
// segments, so two shards let a build use both cores of a small machine,
// and a search runs on the shards in parallel. A shard scores with its own
// BM25 statistics, which differ noticeably between shards of a small
// index: an index is split only when built in bulk for at least
// shardMinItems items (see BeginBulk), and has one shard otherwise.
type Index struct {
	mu     sync.RWMutex
	dir    string        // "" in memory
	shards []bleve.Index // nil once closed
	bulk   *bulkState    // non-nil between BeginBulk and EndBulk
	// Thresholds of the text search (see search.go), fields so that tests
	// can exercise them on small indexes.
	rareMinDocs int
	scoreCap    int
	// ranges names the attributes some item states as a range: only for
	// those does a number filter look for overlapping ranges, an open
	// numeric range query that enumerates every term of its field.
	rangesMu sync.Mutex
	ranges   map[string]bool
}

// hasRanges reports whether some indexed item states attr as a range
// (always true when the fields could not be listed).
func (x *Index) hasRanges(attr string) bool {
	x.rangesMu.Lock()
	defer x.rangesMu.Unlock()
	return x.ranges == nil || x.ranges[attr]
}

// noteRanges records the range attributes of docs being indexed.
func (x *Index) noteRanges(docs []Doc) {
	x.rangesMu.Lock()
	defer x.rangesMu.Unlock()
	if x.ranges == nil {
		return
	}
	for _, d := range docs {
		for _, a := range d.Item.Attributes {
			if a.Kind == model.Range {
				x.ranges[a.Name] = true
			}
		}
	}
}

// loadRanges reads which attributes the index holds ranges of, from its
// fields ("lo.<attr>"), when it is opened.
func (x *Index) loadRanges() error {
	x.rangesMu.Lock()
	defer x.rangesMu.Unlock()
	x.ranges = map[string]bool{}
	for _, s := range x.shards {
		fields, err := s.Fields()
		if err != nil {
			return fmt.Errorf("list the search index's fields: %w", err)
		}
		for _, f := range fields {
			if attr, ok := strings.CutPrefix(f, subRangeLo+"."); ok {
				x.ranges[attr] = true
			}
		}
	}
	return nil
}

// bulkShards is the number of shards of an index built in bulk for at
// least shardMinItems items.
const (
	bulkShards    = 2
	shardMinItems = 100000
)

// shardDir is the folder of shard i of the index in dir.
func shardDir(dir string, i int) string { return filepath.Join(dir, fmt.Sprintf("s%d", i)) }

func newIndex(dir string, shards []bleve.Index) *Index {
	x := &Index{dir: dir, shards: shards, rareMinDocs: rareMinDocs, scoreCap: scoreCap}
	// A failure to list the fields only costs speed: number filters then
	// look for ranges of every attribute.
	if err := x.loadRanges(); err != nil {
		x.ranges = nil
	}
	return x
}

// Open opens the index in dir, creating it if dir holds none. Only one
// process at a time can hold an index open: while another one does, Open
// fails with a *model.Error of code model.Busy after a short wait. An index
// built by another version of this package is refused with model.Conflict:
// delete dir and rebuild it from the store.
func Open(ctx context.Context, dir string) (*Index, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err == nil {
		// An index of mapping cbb-items-1 or older, in one piece: open it
		// so that one in use says Busy, then refuse its version.
		idx, err := openShard(dir, false)
		if err != nil {
			return nil, err
		}
		err = checkVersion(idx, dir)
		_ = idx.Close()
		if err == nil {
			err = model.Errorf(model.Conflict, "search index %s is not split in shards: delete it and rebuild the index", dir)
		}
		return nil, err
	}
	n := 1
	for n < 64 {
		if _, err := os.Stat(shardDir(dir, n)); err != nil {
			break
		}
		n++
	}
	shards, err := openShards(dir, n, false)
	if err != nil {
		return nil, err
	}
	return newIndex(dir, shards), nil
}

// openShards opens (or creates) the n shards of the index in dir, checking
// each one's mapping version.
func openShards(dir string, n int, unsafeBatch bool) ([]bleve.Index, error) {
	var shards []bleve.Index
	for i := range n {
		d := shardDir(dir, i)
		idx, err := openShard(d, unsafeBatch)
		if err == nil {
			err = checkVersion(idx, d)
			if err != nil {
				_ = idx.Close()
			}
		}
		if err != nil {
			for _, s := range shards {
				_ = s.Close()
			}
			return nil, err
		}
		shards = append(shards, idx)
	}
	return shards, nil
}

// openShard opens the bleve index in dir, creating it if dir holds none.
// unsafeBatch makes a batch return once it is searchable, before it is on
// disk (for a full build, see BeginBulk).
func openShard(dir string, unsafeBatch bool) (bleve.Index, error) {
	config := map[string]any{"bolt_timeout": lockTimeout.String()}
	if unsafeBatch {
		config["unsafe_batch"] = true
	}
	var (
		idx bleve.Index
		err error
	)
	if _, statErr := os.Stat(filepath.Join(dir, "index_meta.json")); statErr == nil {
		idx, err = bleve.OpenUsing(dir, config)
	} else {
		idx, err = bleve.NewUsing(dir, newMapping(), scorch.Name, bleve.Config.DefaultKVStore, config)
		if errors.Is(err, bleve.ErrorIndexPathExists) {
			// Another process created it meanwhile: open that one.
			idx, err = bleve.OpenUsing(dir, config)
		} else if err == nil {
			err = idx.SetInternal(mappingKey, []byte(mappingVersion))
			if err != nil {
				_ = idx.Close()
				idx = nil
			}
		}
	}
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, &model.Error{Code: model.Busy, Msg: fmt.Sprintf("search index %s is in use by another process", dir), Err: err}
		}
		return nil, fmt.Errorf("open search index %s: %w", dir, err)
	}
	return idx, nil
}

// checkVersion refuses an index built with another mapping.
func checkVersion(idx bleve.Index, dir string) error {
	v, err := idx.GetInternal(mappingKey)
	if err != nil {
		return fmt.Errorf("open search index %s: read mapping version: %w", dir, err)
	}
	if string(v) != mappingVersion {
		return model.Errorf(model.Conflict, "search index %s was built with mapping %q, this program uses %q: delete it and rebuild the index", dir, v, mappingVersion)
	}
	return nil
}

// OpenMemory returns a new, empty index held in memory only, in one
// shard: small indexes have no use for more, and BM25 statistics are then
// those of the whole index.
func OpenMemory() (*Index, error) { return openMemory(1) }

func openMemory(n int) (*Index, error) {
	shards := make([]bleve.Index, n)
	for i := range shards {
		// Scorch without a path keeps its segments in memory: the same
		// engine, and BM25 scoring, as on disk (bleve.NewMemOnly would use
		// upsidedown).
		idx, err := bleve.NewUsing("", newMapping(), scorch.Name, bleve.Config.DefaultMemKVStore, nil)
		if err != nil {
			for _, s := range shards[:i] {
				_ = s.Close()
			}
			return nil, fmt.Errorf("new in-memory search index: %w", err)
		}
		shards[i] = idx
	}
	return newIndex("", shards), nil
}

// open returns the open shards with the read lock held, or an error once
// the index is closed. The caller must call x.mu.RUnlock.
func (x *Index) open() ([]bleve.Index, error) {
	x.mu.RLock()
	if x.shards == nil {
		x.mu.RUnlock()
		return nil, errClosed()
	}
	return x.shards, nil
}

func errClosed() error { return model.Errorf(model.Internal, "search index is closed") }

// shardOf returns the shard an item lives in: FNV-1a of its id.
func shardOf(id string, n int) int {
	if n == 1 {
		return 0
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	return int(h.Sum32() % uint32(n))
}

// Put adds or replaces the given items: an item already in the index (same
// ID) is updated, not duplicated. Outside a bulk build the items are
// searchable, and on disk, when Put returns; within one (see BeginBulk)
// they may wait for later Puts or EndBulk.
func (x *Index) Put(ctx context.Context, docs []Doc) error {
	shards, err := x.open()
	if err != nil {
		return err
	}
	defer x.mu.RUnlock()
	for _, d := range docs {
		if d.Item.ID == "" {
			return model.Errorf(model.Invalid, "index item %q: no id", d.Item.Name)
		}
	}
	x.noteRanges(docs)
	if x.bulk != nil {
		return x.bulk.put(ctx, shards, docs)
	}
	return putShards(ctx, shards, docs, nil, nil)
}

// putShards indexes docs, each in its shard, one batch per shard, the
// shards concurrently. Every batch also records the internal values in
// internal. When persisted is not nil, shard i reports on persisted[i]
// once its batch is on disk.
func putShards(ctx context.Context, shards []bleve.Index, docs []Doc, internal map[string][]byte, persisted []chan error) error {
	batches := make([]*bleve.Batch, len(shards))
	for i, s := range shards {
		batches[i] = s.NewBatch()
		for k, v := range internal {
			batches[i].SetInternal([]byte(k), v)
		}
		if persisted != nil {
			ch := persisted[i]
			batches[i].SetPersistedCallback(func(err error) { ch <- err })
		}
	}
	for i, d := range docs {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		id := string(d.Item.ID)
		if err := batches[shardOf(id, len(shards))].Index(id, document(d)); err != nil {
			return fmt.Errorf("index item %s: %w", d.Item.ID, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return eachShard(shards, func(i int, s bleve.Index) error {
		if batches[i].Size() == 0 {
			return nil
		}
		if err := s.Batch(batches[i]); err != nil {
			return fmt.Errorf("index %d items: %w", batches[i].Size(), err)
		}
		return nil
	})
}

// eachShard runs f on every shard, concurrently when there are several,
// and returns their errors joined.
func eachShard(shards []bleve.Index, f func(i int, s bleve.Index) error) error {
	if len(shards) == 1 {
		return f(0, shards[0])
	}
	errs := make([]error, len(shards))
	var wg sync.WaitGroup
	for i, s := range shards {
		wg.Go(func() { errs[i] = f(i, s) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Delete removes the given items from the index; ids not in it are ignored.
func (x *Index) Delete(ctx context.Context, ids []model.ItemID) error {
	shards, err := x.open()
	if err != nil {
		return err
	}
	defer x.mu.RUnlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	if x.bulk != nil {
		// Buffered puts of these items must not outlive their deletion.
		if err := x.bulk.flush(ctx, shards, false); err != nil {
			return err
		}
	}
	batches := make([]*bleve.Batch, len(shards))
	for i, s := range shards {
		batches[i] = s.NewBatch()
	}
	for _, id := range ids {
		batches[shardOf(string(id), len(shards))].Delete(string(id))
	}
	return eachShard(shards, func(i int, s bleve.Index) error {
		if batches[i].Size() == 0 {
			return nil
		}
		if err := s.Batch(batches[i]); err != nil {
			return fmt.Errorf("delete %d items from the index: %w", len(ids), err)
		}
		return nil
	})
}

// Count returns the number of items in the index.
func (x *Index) Count() (uint64, error) {
	shards, err := x.open()
	if err != nil {
		return 0, err
	}
	defer x.mu.RUnlock()
	var total uint64
	for _, s := range shards {
		n, err := s.DocCount()
		if err != nil {
			return 0, fmt.Errorf("count indexed items: %w", err)
		}
		total += n
	}
	return total, nil
}

// Close flushes and closes the index and releases it for other processes.
// Closing a closed index does nothing. A bulk build still under way is
// ended first, as EndBulk ends it.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.shards == nil {
		return nil
	}
	err := x.endBulk(context.Background())
	x.bulk = nil
	for _, s := range x.shards {
		if e := s.Close(); e != nil && err == nil {
			err = e
		}
	}
	x.shards = nil
	if err != nil {
		return fmt.Errorf("close search index: %w", err)
	}
	return nil
}

// markerKey is where the index keeps how far it has followed the store.
var markerKey = []byte("cbb_synced")

// Marker returns what SetMarker last recorded, or "" for a new index.
func (x *Index) Marker() (string, error) {
	shards, err := x.open()
	if err != nil {
		return "", err
	}
	defer x.mu.RUnlock()
	v, err := shards[0].GetInternal(markerKey)
	if err != nil {
		return "", fmt.Errorf("read the search index's sync marker: %w", err)
	}
	return string(v), nil
}

// SetMarker records how far the index has followed the store (the caller
// decides what the marker says). It is written after the documents it
// covers, so a crash in between leaves an older marker and the next
// catch-up indexes those documents again, which is harmless. It is kept
// in the first shard, once every shard holds the documents it covers
// (Put returns then; during a bulk build, the marker waits for EndBulk).
func (x *Index) SetMarker(m string) error {
	shards, err := x.open()
	if err != nil {
		return err
	}
	defer x.mu.RUnlock()
	if x.bulk != nil {
		x.bulk.setMarker(m)
		return nil
	}
	if err := shards[0].SetInternal(markerKey, []byte(m)); err != nil {
		return fmt.Errorf("write the search index's sync marker: %w", err)
	}
	return nil
}
