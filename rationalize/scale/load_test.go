package scale

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/internal/testimport"
)

// realDatasets are the shared product BOM sets the profile is learned from.
var realDatasets = []string{"nopscadlib-boms", "mendel90", "voron-family", "inventree-demo"}

var (
	profileOnce sync.Once
	profileReal Profile
	profileErr  error
)

// realProfile imports the real product BOMs through the real readers into a
// temporary store, once per test binary, and learns their profile; it
// skips when the shared data is absent.
func realProfile(t testing.TB) Profile {
	t.Helper()
	var paths []string
	for _, d := range realDatasets {
		paths = append(paths, shareddata.Dir(t, d))
	}
	profileOnce.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "cbb-scale-")
		if err != nil {
			profileErr = err
			return
		}
		defer os.RemoveAll(dir)
		st, err := testimport.Store(ctx, dir, "m", paths...)
		if err != nil {
			profileErr = err
			return
		}
		defer st.Close()
		profileReal, profileErr = Learn(ctx, st)
	})
	if profileErr != nil {
		t.Fatal(profileErr)
	}
	return profileReal
}
