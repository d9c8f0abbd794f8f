package horizon

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// FuzzParse feeds arbitrary bytes as one part file: to Parse, alone, and
// to ReadPool, in the test pool beside its base parts. Neither may panic;
// every error must be a located *model.Error naming the file; a nil error
// must come with a valid batch.
func FuzzParse(f *testing.F) {
	pool := fstest.MapFS{}
	err := fs.WalkDir(testPool, "parts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(testPool, p)
		if err == nil {
			pool[p] = &fstest.MapFile{Data: data}
			f.Add(data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	// A few real files of other shapes: orderable MPNs, flags, a chain,
	// a capacitor and an inductor.
	for _, p := range []string{
		"ic/manufacturer/microchip/93LC46BSN.json",
		"transistor/pmos/base-sot-23.json",
		"passive/capacitor/kemet/C0603C829D5GACTU.json",
		"passive/magnetic/ECS-MPIL0530/ECS-MPIL0530-3R3MC.json",
	} {
		if data, err := os.ReadFile(filepath.Join(realDir, "parts", filepath.FromSlash(p))); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"type": "part", "uuid": "` + uuidA + `", "base": "` + d6Base + `", "MPN": [true, ""], "value": [true, ""],
"manufacturer": [false, "M"], "tags": ["x"], "inherit_tags": true, "parametric": {"table": "inductors", "value": "1u", "idc": "2"},
"orderable_MPNs": {"k": "X-1"}, "flags": {"base_part": "set"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if b, err := Parse("fuzz.json", data, pdm.Options{}); err != nil {
			located(t, err, "fuzz.json")
		} else {
			checkBatch(t, b)
		}
		fsys := fstest.MapFS{"parts/fuzz/fuzz.json": {Data: data}}
		for p, file := range pool {
			fsys[p] = file
		}
		b, err := ReadPool(context.Background(), fsys, "parts", "parts")
		if err != nil {
			located(t, err, "")
			return
		}
		checkBatch(t, b)
	})
}

// located fails unless err is a *model.Error with a file and a line, the
// file being file when not empty.
func located(t *testing.T, err error, file string) {
	t.Helper()
	var me *model.Error
	if !errors.As(err, &me) || me.File == "" || me.Line < 1 || (file != "" && me.File != file) {
		t.Fatalf("error %q is not a located *model.Error", err)
	}
}
