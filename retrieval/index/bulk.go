package index

import (
	"context"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// bulkBatch is how many items a bulk build gathers before it indexes
// them: larger batches make fewer, larger segments, which scorch merges
// less often.
const bulkBatch = 10000

// bulkState is what a bulk build holds between Puts.
type bulkState struct {
	mu      sync.Mutex
	pending []Doc
	marker  *string // the marker SetMarker recorded meanwhile
}

// BeginBulk readies the index for a full build: Puts gather items into
// large batches, and an index on disk returns from a batch once it is
// searchable rather than once it is on disk, so that building the next
// batch overlaps writing the last one. A crash during a bulk build may
// leave the index without the last batches: build it only when it can be
// built again (it follows from the store), and call EndBulk when done. A
// marker set meanwhile (SetMarker) is recorded by EndBulk, after the
// items. BeginBulk during a bulk build does nothing.
//
// items is how many items the build will put, or 0 when unknown: an empty
// index on disk to be filled with at least shardMinItems items is split
// in shards first.
func (x *Index) BeginBulk(ctx context.Context, items int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.shards == nil {
		return errClosed()
	}
	if x.bulk != nil {
		return nil
	}
	n := len(x.shards)
	if x.dir != "" && items >= shardMinItems && n < bulkShards {
		var count uint64
		for _, s := range x.shards {
			c, err := s.DocCount()
			if err != nil {
				return fmt.Errorf("count indexed items: %w", err)
			}
			count += c
		}
		if count == 0 {
			n = bulkShards
		}
	}
	if err := x.reopen(n, true); err != nil {
		return err
	}
	x.bulk = &bulkState{}
	return nil
}

// EndBulk ends a bulk build: it indexes the items Put gathered, waits
// until every shard has them on disk, returns the index to its usual
// durability and records the marker set during the build, if any. EndBulk
// outside a bulk build does nothing.
func (x *Index) EndBulk(ctx context.Context) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.shards == nil {
		return errClosed()
	}
	return x.endBulk(ctx)
}

// endBulk is EndBulk with x.mu held and the index open.
func (x *Index) endBulk(ctx context.Context) error {
	b := x.bulk
	if b == nil {
		return nil
	}
	if err := b.flush(ctx, x.shards, x.dir != ""); err != nil {
		return err
	}
	x.bulk = nil
	if err := x.reopen(len(x.shards), false); err != nil {
		return err
	}
	if b.marker != nil {
		if err := x.shards[0].SetInternal(markerKey, []byte(*b.marker)); err != nil {
			return fmt.Errorf("write the search index's sync marker: %w", err)
		}
	}
	return nil
}

// reopen closes the shards of an index on disk and opens n shards again
// (creating any missing), with or without unsafe batches; an index in
// memory has nothing to reopen. The caller holds x.mu.
func (x *Index) reopen(n int, unsafeBatch bool) error {
	if x.dir == "" {
		return nil
	}
	for _, s := range x.shards {
		if err := s.Close(); err != nil {
			x.shards = nil
			return fmt.Errorf("reopen search index %s: %w", x.dir, err)
		}
	}
	shards, err := openShards(x.dir, n, unsafeBatch)
	if err != nil {
		x.shards = nil
		return fmt.Errorf("reopen search index: %w", err)
	}
	x.shards = shards
	return nil
}

// put gathers docs, and indexes what it gathered once there are
// bulkBatch items.
func (b *bulkState) put(ctx context.Context, shards []bleve.Index, docs []Doc) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = append(b.pending, docs...)
	if len(b.pending) < bulkBatch {
		return nil
	}
	return b.flushLocked(ctx, shards, false)
}

func (b *bulkState) setMarker(m string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.marker = &m
}

// flush indexes the gathered items; wait: and waits until every shard has
// persisted them (and all before them). An index in memory persists
// nothing and never reports: wait must be false for it.
func (b *bulkState) flush(ctx context.Context, shards []bleve.Index, wait bool) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.flushLocked(ctx, shards, wait)
}

func (b *bulkState) flushLocked(ctx context.Context, shards []bleve.Index, wait bool) error {
	docs := b.pending
	b.pending = nil
	if !wait {
		if len(docs) == 0 {
			return nil
		}
		return putShards(ctx, shards, docs, nil, nil)
	}
	// Every shard gets a batch, if only of the mapping version, so that
	// each one reports when it has persisted it.
	persisted := make([]chan error, len(shards))
	for i := range persisted {
		persisted[i] = make(chan error, 1)
	}
	err := putShards(ctx, shards, docs, map[string][]byte{string(mappingKey): []byte(mappingVersion)}, persisted)
	if err != nil {
		return err
	}
	for _, ch := range persisted {
		select {
		case err := <-ch:
			if err != nil {
				return fmt.Errorf("persist the search index: %w", err)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
