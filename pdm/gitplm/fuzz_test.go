package gitplm_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/gitplm"
)

// FuzzParse checks Parse never panics, that an error comes without a
// batch and is a located *model.Error, and that a batch it returns is
// valid.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	shared, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "data", "gitplm-parts", "database", "*.csv"))
	for _, path := range append(files, shared...) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) > 20000 {
			data = data[:20000] // g-res.csv: its head is enough
		}
		f.Add(filepath.Base(path), data)
	}
	f.Add("pm.csv", []byte("IPN;Description;Value;MPN;Priority\nRES-008-220K;*;220k;X;2\nRES-008-220K;;;Y;1\n"))
	f.Add("g-x.csv", []byte("\"IPN\",MPN,,Voltage,Current\nA-001-0001,M,,0.2W,90ohms\nA-001-0002,,,,\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		b, err := gitplm.Parse(name, data, pdm.Options{})
		if err != nil {
			if b != nil {
				t.Fatal("a batch came with the error")
			}
			if model.Code(err) != model.Invalid {
				t.Fatalf("error %v is not a located *model.Error", err)
			}
			return
		}
		if err := pdm.Check(b); err != nil {
			t.Fatal(err)
		}
	})
}
