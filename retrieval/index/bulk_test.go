package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/cbb-alliance/cbb/layers/model"
)

// A bulk build of a large index on disk splits it in shards; what it put,
// and the marker set meanwhile, are there once reopened.
func TestBulkBuildOnDisk(t *testing.T) {
	tests := []struct {
		items  int // announced to BeginBulk
		shards int
		close  bool // Close without EndBulk
	}{
		{items: 0, shards: 1},
		{items: shardMinItems - 1, shards: 1},
		{items: shardMinItems, shards: bulkShards},
		{items: shardMinItems, shards: bulkShards, close: true},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint("items=", tc.items, ",close=", tc.close), func(t *testing.T) {
			ctx := context.Background()
			dir := filepath.Join(t.TempDir(), "idx")
			x, err := Open(ctx, dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := x.BeginBulk(ctx, tc.items); err != nil {
				t.Fatal(err)
			}
			docs := parts("p", "hex bolt", bulkBatch+500) // one full batch and a rest
			for i := 0; i < len(docs); i += 2000 {
				if err := x.Put(ctx, docs[i:min(i+2000, len(docs))]); err != nil {
					t.Fatal(err)
				}
			}
			if err := x.SetMarker("b42"); err != nil {
				t.Fatal(err)
			}
			if !tc.close {
				if err := x.EndBulk(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			y, err := Open(ctx, dir)
			if err != nil {
				t.Fatal(err)
			}
			defer y.Close()
			if len(y.shards) != tc.shards {
				t.Errorf("%d shards, want %d", len(y.shards), tc.shards)
			}
			if n := count(t, y); n != uint64(len(docs)) {
				t.Errorf("count %d, want %d", n, len(docs))
			}
			if m, err := y.Marker(); err != nil || m != "b42" {
				t.Errorf("marker %q, %v; want b42", m, err)
			}
			if got := search(t, y, Query{Text: "bolt", Viewer: acme, Size: 10}); len(got) != 10 {
				t.Errorf("%d hits, want 10", len(got))
			}
		})
	}
}

// Puts during a bulk build in memory are searchable once it ends, and a
// Delete during it is not undone by an earlier Put still gathered.
func TestBulkBuildInMemory(t *testing.T) {
	ctx := context.Background()
	x := memIndex(t, nil)
	if err := x.BeginBulk(ctx, 0); err != nil {
		t.Fatal(err)
	}
	docs := parts("p", "hex bolt", 30)
	if err := x.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if err := x.Delete(ctx, []model.ItemID{docs[0].Item.ID}); err != nil {
		t.Fatal(err)
	}
	if err := x.EndBulk(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(t, x); n != 29 {
		t.Errorf("count %d, want 29", n)
	}
}

// An index of the first mapping, in one piece at the top of its folder, is
// refused with Conflict, so that retrieval rebuilds it.
func TestOpenRefusesUnshardedIndex(t *testing.T) {
	dir := t.TempDir()
	old, err := bleve.NewUsing(dir, newMapping(), scorch.Name, bleve.Config.DefaultKVStore, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := old.SetInternal(mappingKey, []byte("cbb-items-1")); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if x, err := Open(ctx, dir); model.Code(err) != model.Conflict {
		if x != nil {
			_ = x.Close()
		}
		t.Fatalf("got %v, want a Conflict error", err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	x, err := Open(ctx, dir)
	if err != nil {
		t.Fatalf("open after removal: %v", err)
	}
	_ = x.Close()
}

// A full build: gather the items in large batches, then make them durable.
func ExampleIndex_BeginBulk() {
	dir, err := os.MkdirTemp("", "cbb-index")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	x, err := Open(ctx, dir)
	if err != nil {
		panic(err)
	}
	defer x.Close()
	if err := x.BeginBulk(ctx, 3); err != nil {
		panic(err)
	}
	for _, name := range []string{"Resistor 10k 0603", "Resistor 4k7 0603", "Capacitor 100nF 0603"} {
		it := model.Item{ID: model.ItemID(name), Level: model.LevelPart, Name: name, Owner: "acme", Scope: model.Scope{Kind: model.ScopePublic}}
		if err := x.Put(ctx, []Doc{{Item: it}}); err != nil {
			panic(err)
		}
	}
	if err := x.EndBulk(ctx); err != nil {
		panic(err)
	}
	n, err := x.Count()
	if err != nil {
		panic(err)
	}
	fmt.Println(n)
	// Output: 3
}
