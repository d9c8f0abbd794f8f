package nopscadlib

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cbb-alliance/cbb/pdm"
)

// FuzzParse feeds arbitrary bytes to Parse: it must never panic, and a
// nil error must come with a valid batch.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{mains, painter} {
		data, err := os.ReadFile(filepath.Join("testdata", dir, BOMFile))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`[{"name": "a", "count": 2, "assemblies": {"a": 1}, "vitamins": {": x": 1, "x": 2}}, {"name": "main_assembly", "count": 1, "assemblies": {"a": 1}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("fuzz/bom/bom.json", data, pdm.Options{})
		if err != nil {
			return
		}
		if err := checkBatch(b); err != nil {
			t.Fatalf("nil error but invalid batch: %v", err)
		}
		DetectHead(data)
	})
}
