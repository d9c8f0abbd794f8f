package index

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

func count(t *testing.T, x *Index) uint64 {
	t.Helper()
	n, err := x.Count()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPutUpdatesAndDelete(t *testing.T) {
	ctx := context.Background()
	docs := catalogue()
	x := memIndex(t, docs)
	if n := count(t, x); n != uint64(len(docs)) {
		t.Fatalf("count %d, want %d", n, len(docs))
	}
	// Put again, renamed: the item is replaced, not duplicated.
	changed := docs[0]
	changed.Item.Name = "Potentiometer 10k"
	changed.Item.Description = ""
	changed.Item.Manufacturers = nil
	if err := x.Put(ctx, []Doc{changed}); err != nil {
		t.Fatal(err)
	}
	if err := x.Put(ctx, docs[1:]); err != nil {
		t.Fatal(err)
	}
	if n := count(t, x); n != uint64(len(docs)) {
		t.Errorf("after re-put: count %d, want %d", n, len(docs))
	}
	if got := search(t, x, Query{Text: "potentiometer", Viewer: acme}); !sameSet(got, []model.ItemID{changed.Item.ID}) {
		t.Errorf("new name: got %v", names(got))
	}
	if got := search(t, x, Query{Text: "RC0603FR-0710KL Yageo thick film", Viewer: acme}); len(got) != 0 {
		t.Errorf("old text still found: %v", names(got))
	}
	// The same id twice in one batch: the last one wins.
	a, b := changed, changed
	a.Item.Name, b.Item.Name = "alpha", "omega"
	if err := x.Put(ctx, []Doc{a, b}); err != nil {
		t.Fatal(err)
	}
	if got := search(t, x, Query{Text: "omega alpha", Viewer: acme}); len(got) != 1 {
		t.Errorf("same id twice in a batch: %v", names(got))
	}
	if err := x.Delete(ctx, []model.ItemID{id("r10k"), id("screw"), "not-there"}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, x); n != uint64(len(docs)-2) {
		t.Errorf("after delete: count %d, want %d", n, len(docs)-2)
	}
	if got := search(t, x, Query{Text: "螺钉 omega", Viewer: acme}); len(got) != 0 {
		t.Errorf("deleted items found: %v", names(got))
	}
}

func TestPutInvalid(t *testing.T) {
	x := memIndex(t, nil)
	err := x.Put(context.Background(), []Doc{{Item: model.Item{Name: "no id"}}})
	if model.Code(err) != model.Invalid {
		t.Errorf("got %v, want an Invalid error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := x.Put(ctx, catalogue()); err == nil {
		t.Error("put with a cancelled context succeeded")
	}
	if n := count(t, x); n != 0 {
		t.Errorf("failed puts left %d documents", n)
	}
}

func TestClosed(t *testing.T) {
	x := memIndex(t, catalogue())
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	if _, err := x.Count(); err == nil {
		t.Error("count on a closed index succeeded")
	}
	if _, err := x.Search(context.Background(), Query{Viewer: acme}); err == nil {
		t.Error("search on a closed index succeeded")
	}
	if err := x.Put(context.Background(), catalogue()); err == nil {
		t.Error("put on a closed index succeeded")
	}
}

func TestOpenOnDisk(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	docs := catalogue()
	if err := x.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if err := x.Delete(ctx, []model.ItemID{id("nut")}); err != nil {
		t.Fatal(err)
	}

	// While x is open, a second Open fails with Busy instead of blocking.
	if y, err := Open(ctx, dir); model.Code(err) != model.Busy {
		if y != nil {
			_ = y.Close()
		}
		t.Fatalf("second open: got %v, want a Busy error", err)
	}
	// So does an Open in another process.
	if testing.Short() {
		t.Log("skipping the second process in -short mode")
	} else {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperOpen$")
		cmd.Env = append(os.Environ(), "CBB_INDEX_HELPER_DIR="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "code=busy") {
			t.Errorf("open in another process: %v\n%s", err, out)
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
	if n := count(t, y); n != uint64(len(docs)-1) {
		t.Errorf("reopened: count %d, want %d", n, len(docs)-1)
	}
	if got := search(t, y, Query{Text: "内六角螺钉", Viewer: acme}); len(got) == 0 || got[0] != id("screw") {
		t.Errorf("reopened: search got %v", names(got))
	}
	f := 9e3
	if got := search(t, y, Query{Numbers: []NumberRange{{Attr: model.AttrResistance, Min: &f}}, Viewer: acme}); len(got) != 2 {
		t.Errorf("reopened: numeric search got %v", names(got))
	}
}

// TestHelperOpen is run by TestOpenOnDisk in a second process: it opens
// the index in $CBB_INDEX_HELPER_DIR and prints the error code.
func TestHelperOpen(t *testing.T) {
	dir := os.Getenv("CBB_INDEX_HELPER_DIR")
	if dir == "" {
		t.Skip("only run as a helper process")
	}
	x, err := Open(context.Background(), dir)
	if err == nil {
		_ = x.Close()
	}
	fmt.Printf("code=%s\n", model.Code(err))
}

func TestOpenRefusesOtherMapping(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	x, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.shards[0].SetInternal(mappingKey, []byte("cbb-items-0")); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if y, err := Open(ctx, dir); model.Code(err) != model.Conflict {
		if y != nil {
			_ = y.Close()
		}
		t.Fatalf("got %v, want a Conflict error", err)
	}
	// The refused index was closed again: the directory is not left locked.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	y, err := Open(ctx, dir)
	if err != nil {
		t.Fatalf("open after rebuild: %v", err)
	}
	_ = y.Close()
}

func ExampleIndex_Search() {
	x, err := OpenMemory()
	if err != nil {
		panic(err)
	}
	defer x.Close()
	screw := model.Item{
		ID: "screw-m3x8", Level: model.LevelPart, Name: "不锈钢内六角圆柱头螺钉 M3x8",
		Class: model.ClassScrews, Lifecycle: model.Released, Owner: "acme",
		Scope: model.Scope{Kind: model.ScopeAlliance},
	}
	screw.SetAttr(model.EnumAttr(model.AttrThread, "M3", "M3"))
	ctx := context.Background()
	if err := x.Put(ctx, []Doc{{Item: screw, UsedIn: 3}}); err != nil {
		panic(err)
	}
	hits, err := x.Search(ctx, Query{
		Text:   "M3 螺钉",
		Class:  "Mechanical/Fasteners",
		Viewer: Viewer{Member: "beta", Active: true},
	})
	if err != nil {
		panic(err)
	}
	for _, h := range hits {
		fmt.Println(h.ID)
	}
	// Output: screw-m3x8
}
