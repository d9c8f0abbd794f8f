package retrieval

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
	"cbb/retrieval/index"
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
		catStore, catErr = data.Open(ctx, filepath.Join(catDir, "store"), data.Options{})
		if catErr != nil {
			return
		}
		catErr = catStore.PutMember(ctx, model.Member{ID: catalogueOwner, Name: "Part libraries", Kind: model.OtherKind, Status: model.Active})
		if catErr != nil {
			return
		}
		var paths []string
		for _, p := range catalogueInputs {
			paths = append(paths, filepath.Join(root, p))
		}
		im := &ingest.Importer{
			Store: catStore, Formats: formats.All(), KeepGoing: true,
			Options: pdm.Options{Owner: catalogueOwner, Scope: model.Scope{Kind: model.ScopeAlliance}, Lifecycle: model.Released},
		}
		if _, catErr = im.Import(ctx, paths); catErr != nil {
			return
		}
		catIndex, _, catErr = OpenIndex(ctx, catStore, nil)
	})
	if catErr != nil {
		t.Fatalf("build the catalogue: %v", catErr)
	}
	return catStore, catIndex
}
