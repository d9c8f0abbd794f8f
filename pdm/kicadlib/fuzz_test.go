package kicadlib_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/kicadlib"
)

// seeds returns the testdata files with the given extension.
func seeds(f *testing.F, ext string) map[string][]byte {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*"+ext))
	if err != nil {
		f.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out[filepath.Base(p)] = data
	}
	return out
}

// checkResult checks a parse result keeps the reader contract: an error is
// a located *model.Error without a batch, a batch is valid.
func checkResult(t *testing.T, b *model.Batch, err error) {
	t.Helper()
	if err != nil {
		if b != nil {
			t.Fatal("a batch came with the error")
		}
		if model.Code(err) != model.Invalid {
			t.Fatalf("error %v is not Invalid", err)
		}
		return
	}
	if err := pdm.Check(b); err != nil {
		t.Fatal(err)
	}
}

// FuzzParse checks Parse never panics on either format and that a batch it
// returns without an error is valid.
func FuzzParse(f *testing.F) {
	for name, data := range seeds(f, ".lib") {
		f.Add(name, data)
	}
	for name, data := range seeds(f, ".kicad_sym") {
		f.Add(name, data)
	}
	f.Add("a.lib", []byte(libHead+strings.Replace(goodDef, "$FPLIST", "ALIAS R2 ~R3 R{slash}4", 1)))
	f.Add("a.kicad_sym", []byte(`(kicad_symbol_lib (symbol "A" (extends "B") (property "x" "\x4\777\q")) (symbol "B" (power)))`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		b, err := kicadlib.Parse(name, data, pdm.Options{})
		checkResult(t, b, err)
	})
}

// FuzzParseLegacy checks a legacy library read with its .dcm file.
func FuzzParseLegacy(f *testing.F) {
	docs := seeds(f, ".dcm")
	for name, lib := range seeds(f, ".lib") {
		f.Add(lib, docs[strings.TrimSuffix(name, ".lib")+".dcm"])
	}
	f.Add([]byte(libHead+strings.Replace(goodDef, "$FPLIST", "ALIAS R2 R3", 1)),
		[]byte("EESchema-DOCLIB  Version 2.0\n$CMP R2\nD d\nK k\nF f\n$ENDCMP\n"))
	f.Fuzz(func(t *testing.T, lib, doc []byte) {
		b, err := kicadlib.ParseLegacy("x.lib", lib, "x.dcm", doc, pdm.Options{})
		checkResult(t, b, err)
	})
}
