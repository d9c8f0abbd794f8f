package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolterrors "go.etcd.io/bbolt/errors"

	"cbb/layers/model"
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
type Index struct {
	mu  sync.RWMutex
	idx bleve.Index // nil once closed
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
	config := map[string]any{"bolt_timeout": lockTimeout.String()}
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
	if err := checkVersion(idx, dir); err != nil {
		_ = idx.Close()
		return nil, err
	}
	return &Index{idx: idx}, nil
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

// OpenMemory returns a new, empty index held in memory only.
func OpenMemory() (*Index, error) {
	// Scorch without a path keeps its segments in memory: the same engine,
	// and BM25 scoring, as on disk (bleve.NewMemOnly would use upsidedown).
	idx, err := bleve.NewUsing("", newMapping(), scorch.Name, bleve.Config.DefaultMemKVStore, nil)
	if err != nil {
		return nil, fmt.Errorf("new in-memory search index: %w", err)
	}
	return &Index{idx: idx}, nil
}

// index returns the open bleve index with the read lock held, or an error
// once the index is closed. The caller must call x.mu.RUnlock.
func (x *Index) index() (bleve.Index, error) {
	x.mu.RLock()
	if x.idx == nil {
		x.mu.RUnlock()
		return nil, model.Errorf(model.Internal, "search index is closed")
	}
	return x.idx, nil
}

// Put adds or replaces the given items in one batch: an item already in the
// index (same ID) is updated, not duplicated.
func (x *Index) Put(ctx context.Context, docs []Doc) error {
	idx, err := x.index()
	if err != nil {
		return err
	}
	defer x.mu.RUnlock()
	b := idx.NewBatch()
	for i, d := range docs {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if d.Item.ID == "" {
			return model.Errorf(model.Invalid, "index item %q: no id", d.Item.Name)
		}
		if err := b.Index(string(d.Item.ID), document(d)); err != nil {
			return fmt.Errorf("index item %s: %w", d.Item.ID, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("index %d items: %w", len(docs), err)
	}
	return nil
}

// Delete removes the given items from the index; ids not in it are ignored.
func (x *Index) Delete(ctx context.Context, ids []model.ItemID) error {
	idx, err := x.index()
	if err != nil {
		return err
	}
	defer x.mu.RUnlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	b := idx.NewBatch()
	for _, id := range ids {
		b.Delete(string(id))
	}
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("delete %d items from the index: %w", len(ids), err)
	}
	return nil
}

// Count returns the number of items in the index.
func (x *Index) Count() (uint64, error) {
	idx, err := x.index()
	if err != nil {
		return 0, err
	}
	defer x.mu.RUnlock()
	n, err := idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count indexed items: %w", err)
	}
	return n, nil
}

// Close flushes and closes the index and releases it for other processes.
// Closing a closed index does nothing.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		return nil
	}
	err := x.idx.Close()
	x.idx = nil
	if err != nil {
		return fmt.Errorf("close search index: %w", err)
	}
	return nil
}

// markerKey is where the index keeps how far it has followed the store.
var markerKey = []byte("cbb_synced")

// Marker returns what SetMarker last recorded, or "" for a new index.
func (x *Index) Marker() (string, error) {
	idx, err := x.index()
	if err != nil {
		return "", err
	}
	defer x.mu.RUnlock()
	v, err := idx.GetInternal(markerKey)
	if err != nil {
		return "", fmt.Errorf("read the search index's sync marker: %w", err)
	}
	return string(v), nil
}

// SetMarker records how far the index has followed the store (the caller
// decides what the marker says). It is written after the documents it
// covers, so a crash in between leaves an older marker and the next
// catch-up indexes those documents again, which is harmless.
func (x *Index) SetMarker(m string) error {
	idx, err := x.index()
	if err != nil {
		return err
	}
	defer x.mu.RUnlock()
	if err := idx.SetInternal(markerKey, []byte(m)); err != nil {
		return fmt.Errorf("write the search index's sync marker: %w", err)
	}
	return nil
}
