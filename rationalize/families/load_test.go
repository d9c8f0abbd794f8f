package families

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/internal/testimport"
	"github.com/cbb-alliance/cbb/layers/model"
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
	st, err := testimport.Store(ctx, dir, "lib", root)
	if err != nil {
		t.Fatalf("import %s: %v", dataset, err)
	}
	defer st.Close()
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
