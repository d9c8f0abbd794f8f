package kicad_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/kicad"
)

// FuzzParse checks Parse never panics and that a batch it returns without
// an error is valid.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range files {
		if filepath.Ext(path) != ".xml" && filepath.Ext(path) != ".csv" {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(path), data)
	}
	f.Add("a.xml", []byte(`<export><components><comp ref="R1"><fields><field name="manf#">2:A;B:0.5,C\,D</field><field name="manf">~;M</field></fields></comp></components></export>`))
	f.Add("a.csv", []byte("qty,manf#,refs\n3,X,R1-R3\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		b, err := kicad.Parse(name, data, pdm.Options{})
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
