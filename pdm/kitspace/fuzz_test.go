package kitspace_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/kitspace"
)

// FuzzParse checks Parse never panics and that a batch it returns without
// an error is valid.
func FuzzParse(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "kitspace_excerpt.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"scraped_data": [{"project_name": "p", "bill_of_materials": [{"reference": "R1 R2", "quantity": "2", "mpn": 7, "retailers": {"Digikey": "x", "": "y"}}]}]}`))
	f.Add([]byte(`{"scraped_data": [{"url": "https://kitspace.org/a/b", "bill_of_materials": [{"description": "  a  b "}, {"quantity": -1}]}, {"project_name": "b", "bill_of_materials": [{"mpn": "A"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := kitspace.Parse("f.json", data, pdm.Options{})
		if err != nil {
			if b != nil {
				t.Fatal("a batch came with the error")
			}
			return
		}
		if err := validBatch(b); err != nil {
			t.Fatal(err)
		}
	})
}
