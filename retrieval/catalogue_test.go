package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/internal/testimport"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/index"
)

// The catalogue the issue names: the part libraries and BOMs of
// ../shared/data imported together, owned by "lib", shared with the
// alliance. Built once per test binary.
var (
	catOnce  sync.Once
	catDir   string
	catStore *data.Store
	catIndex *index.Index
	catErr   error
)

// catalogueInputs are the datasets, relative to ../shared/data.
var catalogueInputs = []string{
	"gitplm-parts",
	"digikey-kicad-lib",
	"horizon-pool-parts",
	"inventree-demo",
	"nopscadlib-boms",
	"osh-datasets/data/kitspace_results.json",
}

const catalogueOwner model.MemberID = "lib"

func TestMain(m *testing.M) {
	code := m.Run()
	if catStore != nil {
		_ = catIndex.Close()
		_ = catStore.Close()
	}
	if catDir != "" {
		_ = os.RemoveAll(catDir)
	}
	os.Exit(code)
}

// catalogue returns the store and index of the shared-data catalogue, or
// skips the test when ../shared/data is absent.
func catalogue(t testing.TB) (*data.Store, *index.Index) {
	t.Helper()
	root := shareddata.Dir(t)
	catOnce.Do(func() {
		ctx := context.Background()
		catDir, catErr = os.MkdirTemp("", "cbb-catalogue-")
		if catErr != nil {
			return
		}
		var paths []string
		for _, p := range catalogueInputs {
			paths = append(paths, filepath.Join(root, p))
		}
		if catStore, catErr = testimport.Store(ctx, catDir, catalogueOwner, paths...); catErr != nil {
			return
		}
		catIndex, _, catErr = OpenIndex(ctx, catStore, nil)
	})
	if catErr != nil {
		t.Fatalf("build the catalogue: %v", catErr)
	}
	return catStore, catIndex
}
