package retrieval

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/index"
)

// IndexDir is where the search index of a store lives: inside the store's
// folder, so the two travel together. Badger ignores the sub-folder.
func IndexDir(store *data.Store) string { return filepath.Join(store.Dir(), "index") }

// SyncReport says what bringing the index in step with the store did.
type SyncReport struct {
	// Rebuilt is true when the index was built again from the whole
	// store (new, from another store, or asked for).
	Rebuilt bool `json:"rebuilt"`
	// Batches is the number of store batches caught up with.
	Batches int `json:"batches"`
	// Indexed is the number of items (re)indexed.
	Indexed int           `json:"indexed"`
	Took    time.Duration `json:"took_ns"`
}

// putChunk is how many items go to the index in one bleve batch.
const putChunk = 2000

// OpenIndex opens the store's search index and brings it in step with the
// store: items written since the index last followed it (every batch the
// store records names the item revisions it wrote) are indexed again,
// with the items whose reuse count those batches changed. An index that
// is new, unreadable, built by another mapping or following another store
// (one restored from a backup, say) is rebuilt from the store. Being a
// catch-up rather than a hook, this holds after a crash between a store
// write and its indexing too.
func OpenIndex(ctx context.Context, s *data.Store, log *slog.Logger) (*index.Index, SyncReport, error) {
	return openIndex(ctx, s, false, log)
}

// CatchUp brings an open index in step with what the store wrote since it
// was opened or last caught up (the same process may write, then search).
func CatchUp(ctx context.Context, s *data.Store, x *index.Index) (SyncReport, error) {
	start := time.Now()
	rep, ok, err := catchUp(ctx, s, x, true)
	rep.Took = time.Since(start)
	if err == nil && !ok {
		err = model.Errorf(model.Conflict, "search index %s no longer follows the store: run cbb reindex", IndexDir(s))
	}
	return rep, err
}

// Reindex rebuilds the store's search index from the store.
func Reindex(ctx context.Context, s *data.Store, log *slog.Logger) (*index.Index, SyncReport, error) {
	return openIndex(ctx, s, true, log)
}

func openIndex(ctx context.Context, s *data.Store, rebuild bool, log *slog.Logger) (*index.Index, SyncReport, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	dir := IndexDir(s)
	var (
		x   *index.Index
		err error
	)
	if !rebuild {
		x, err = index.Open(ctx, dir)
		switch {
		case model.Code(err) == model.Busy:
			return nil, SyncReport{}, err
		case err != nil:
			log.Warn("search index unusable, rebuilding it", "dir", dir, "err", err)
			rebuild = true
		}
	}
	if !rebuild {
		rep, ok, err := catchUp(ctx, s, x, false)
		if err != nil || ok {
			rep.Took = time.Since(start)
			if err != nil {
				_ = x.Close()
				return nil, rep, err
			}
			return x, rep, nil
		}
		log.Info("search index follows another store state, rebuilding it", "dir", dir)
		if err := x.Close(); err != nil {
			return nil, SyncReport{}, err
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, SyncReport{}, fmt.Errorf("remove search index %s: %w", dir, err)
	}
	if x, err = index.Open(ctx, dir); err != nil {
		return nil, SyncReport{}, err
	}
	rep, err := build(ctx, s, x)
	rep.Took = time.Since(start)
	if err != nil {
		_ = x.Close()
		return nil, rep, err
	}
	return x, rep, nil
}

// marker names the last batch the index has followed, with its time, so
// that a store whose batch of that number is another one (a restored or
// replaced store) is told apart.
func marker(r data.BatchRecord) string { return r.ID + "@" + r.At.UTC().Format(time.RFC3339Nano) }

// catchUp indexes what the store wrote after the index's marker. ok is
// false when the marker does not name a batch of this store, and the
// index must be rebuilt.
//
// An index without a marker is new (or its build did not finish): it is
// built from the items rather than by replaying every batch, unless
// replayEmpty is set and it holds nothing (an index built on an empty
// store, open while the first batches are written).
func catchUp(ctx context.Context, s *data.Store, x *index.Index, replayEmpty bool) (rep SyncReport, ok bool, err error) {
	m, err := x.Marker()
	if err != nil {
		return rep, false, err
	}
	after := ""
	if m == "" {
		n, err := x.Count()
		if err != nil || !replayEmpty || n > 0 {
			return rep, false, err
		}
	} else {
		after, _, _ = strings.Cut(m, "@")
		r, err := s.Batch(ctx, after)
		switch {
		case model.Code(err) == model.NotFound:
			return rep, false, nil
		case err != nil:
			return rep, false, err
		case marker(r) != m:
			return rep, false, nil
		}
	}
	dirty := map[model.ItemID]bool{}
	var last *data.BatchRecord
	err = s.BatchesAfter(ctx, after, func(r data.BatchRecord) error {
		rep.Batches++
		last = &r
		for _, w := range r.Written {
			if err := markDirty(ctx, s, w, dirty); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return rep, false, err
	}
	ids := make([]model.ItemID, 0, len(dirty))
	for id := range dirty {
		ids = append(ids, id)
	}
	n, err := putItems(ctx, s, x, ids)
	rep.Indexed = n
	if err != nil {
		return rep, false, err
	}
	if last != nil {
		if err := x.SetMarker(marker(*last)); err != nil {
			return rep, false, err
		}
	}
	return rep, true, nil
}

// markDirty marks an item a batch wrote, and the children of both its
// new and its previous revision, whose reuse counts may have changed.
func markDirty(ctx context.Context, s *data.Store, w data.ItemRev, dirty map[model.ItemID]bool) error {
	dirty[w.ID] = true
	revs, err := s.Revisions(ctx, w.ID)
	if err != nil {
		return fmt.Errorf("index item %s: %w", w.ID, err)
	}
	for _, r := range revs {
		if uint32(r.No) == w.Rev || uint32(r.No)+1 == w.Rev {
			for _, e := range r.Edges {
				dirty[e.Child] = true
			}
		}
	}
	return nil
}

// putItems indexes the current state of the given items.
func putItems(ctx context.Context, s *data.Store, x *index.Index, ids []model.ItemID) (int, error) {
	docs := make([]index.Doc, 0, putChunk)
	n := 0
	for _, id := range ids {
		it, err := s.Item(ctx, id)
		if model.Code(err) == model.NotFound {
			continue
		}
		if err != nil {
			return n, err
		}
		d, err := doc(ctx, s, it)
		if err != nil {
			return n, err
		}
		docs = append(docs, d)
		if len(docs) == putChunk {
			if err := x.Put(ctx, docs); err != nil {
				return n, err
			}
			n += len(docs)
			docs = docs[:0]
		}
	}
	if err := x.Put(ctx, docs); err != nil {
		return n, err
	}
	return n + len(docs), nil
}

func doc(ctx context.Context, s *data.Store, it model.Item) (index.Doc, error) {
	used, err := s.WhereUsed(ctx, it.ID)
	if err != nil {
		return index.Doc{}, fmt.Errorf("index item %s: %w", it.ID, err)
	}
	return index.Doc{Item: it, UsedIn: len(used)}, nil
}

// build indexes every item of the store into an empty index.
func build(ctx context.Context, s *data.Store, x *index.Index) (SyncReport, error) {
	rep := SyncReport{Rebuilt: true}
	// The last batch is read first: batches applied while the build
	// runs are caught up with on the next open.
	last, haveLast, err := s.LastBatch(ctx)
	if err != nil {
		return rep, err
	}
	// A full build is a bulk load: larger batches, no sync per batch,
	// split over shards when the store is large (see index.BeginBulk).
	n := 0
	if st, err := s.Stats(ctx); err == nil {
		n = st.Items
	}
	if err := x.BeginBulk(ctx, n); err != nil {
		return rep, fmt.Errorf("build the search index: %w", err)
	}
	docs := make([]index.Doc, 0, putChunk)
	err = s.Items(ctx, "", func(it model.Item) error {
		d, err := doc(ctx, s, it)
		if err != nil {
			return err
		}
		docs = append(docs, d)
		if len(docs) < putChunk {
			return nil
		}
		rep.Indexed += len(docs)
		err = x.Put(ctx, docs)
		docs = docs[:0]
		return err
	})
	if err == nil {
		err = x.Put(ctx, docs)
		rep.Indexed += len(docs)
	}
	if err == nil {
		err = x.EndBulk(ctx)
	}
	if err != nil {
		return rep, fmt.Errorf("build the search index: %w", err)
	}
	if haveLast {
		if err := x.SetMarker(marker(last)); err != nil {
			return rep, err
		}
	}
	return rep, nil
}
