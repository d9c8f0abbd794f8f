package families

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"cbb/internal/shareddata"
	"cbb/layers/data"
	"cbb/layers/model"
	"cbb/pdm"
	"cbb/pdm/formats"
	"cbb/pdm/ingest"
)

// realParts caches the parts of each shared dataset, imported once per test
// binary through the real readers and normalization into a temporary store.
var (
	realMu    sync.Mutex
	realCache = map[string][]model.Item{}
)

// realParts returns the parts of ../shared/data/<dataset>, or skips the test
// when the shared data is absent.
func realParts(t testing.TB, dataset string) []model.Item {
	t.Helper()
	root := shareddata.Dir(t, dataset)
	realMu.Lock()
	defer realMu.Unlock()
	if items, ok := realCache[dataset]; ok {
		return items
	}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "cbb-families-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	st, err := data.Open(ctx, filepath.Join(dir, "store"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const owner model.MemberID = "lib"
	if err := st.PutMember(ctx, model.Member{ID: owner, Name: "Part libraries", Kind: model.OtherKind, Status: model.Active}); err != nil {
		t.Fatal(err)
	}
	im := &ingest.Importer{
		Store: st, Formats: formats.All(), KeepGoing: true,
		Options: pdm.Options{Owner: owner, Scope: model.Scope{Kind: model.ScopeAlliance}, Lifecycle: model.Released},
	}
	if _, err := im.Import(ctx, []string{root}); err != nil {
		t.Fatalf("import %s: %v", dataset, err)
	}
	var items []model.Item
	if err := st.Items(ctx, model.LevelPart, func(it model.Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	realCache[dataset] = items
	return items
}
