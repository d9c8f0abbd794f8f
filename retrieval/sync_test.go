package retrieval

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/index"
)

func newStore(t *testing.T) *data.Store {
	t.Helper()
	s, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "store"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.PutMember(context.Background(), model.Administrator, model.Member{ID: "m", Name: "M", Kind: model.OtherKind, Status: model.Active}); err != nil {
		t.Fatal(err)
	}
	return s
}

func part(ext, name string) model.Item {
	return model.Item{
		ID: model.OwnedID("m", model.NewID("test", ext)), Level: model.LevelPart, Name: name, Lifecycle: model.Released,
		Owner: "m", Scope: model.Scope{Kind: model.ScopeAlliance}, Source: model.SourceRef{Namespace: "m", System: "test", ExternalID: ext},
	}
}

func hits(t *testing.T, x *index.Index, text string) int {
	t.Helper()
	hs, err := x.Search(context.Background(), index.Query{Text: text, Viewer: index.Viewer{Member: "m", Active: true}})
	if err != nil {
		t.Fatal(err)
	}
	return len(hs)
}

// The index catches up with what the store wrote while it was closed,
// reuse counts included, and rebuilds itself when it follows another
// store state.
func TestOpenIndexFollowsStore(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	b := &model.Batch{Origin: "one", Actor: "m"}
	b.Add(part("p1", "hexagon standoff"))
	if _, err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	x, rep, err := OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Rebuilt || rep.Indexed != 1 {
		t.Errorf("first open: %+v", rep)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}

	// A module using the standoff: the module is new, the standoff's
	// reuse count changes.
	asm := model.Item{ID: model.OwnedID("m", model.NewID("test", "asm")), Level: model.LevelModule, Name: "sensor mount", Lifecycle: model.Released,
		Owner: "m", Scope: model.Scope{Kind: model.ScopeAlliance}, Source: model.SourceRef{Namespace: "m", System: "test", ExternalID: "asm"}}
	b = &model.Batch{Origin: "two", Actor: "m"}
	b.Add(asm)
	b.Edges = append(b.Edges, model.Edge{Parent: asm.ID, Child: part("p1", "").ID, Kind: model.BOM, Quantity: 4})
	if _, err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	x, rep, err = OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rebuilt || rep.Batches != 1 || rep.Indexed != 2 {
		t.Errorf("catch-up: %+v, want 1 batch and 2 items (the module and its part)", rep)
	}
	if hits(t, x, "sensor mount") != 1 {
		t.Error("the module written while the index was closed is not found")
	}
	if err := x.SetMarker("0000000999@2000-01-01T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	x, rep, err = OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if !rep.Rebuilt || rep.Indexed != 2 || hits(t, x, "hexagon standoff") != 1 {
		t.Errorf("an index following another store state must be rebuilt: %+v", rep)
	}
}

// An index open while the store is written (one process writing, then
// searching) catches up, even when it was opened on an empty store.
func TestCatchUpOpenIndex(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	x, _, err := OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for i, name := range []string{"hexagon standoff", "knurled insert"} {
		b := &model.Batch{Origin: name, Actor: "m"}
		b.Add(part(fmt.Sprint(i), name))
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		rep, err := CatchUp(ctx, s, x)
		if err != nil || rep.Indexed != 1 {
			t.Fatalf("catch-up after %q: %+v, %v", name, rep, err)
		}
		if hits(t, x, name) != 1 {
			t.Errorf("%q not found after catching up", name)
		}
	}
}
