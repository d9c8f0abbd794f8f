package mendel90

import (
	"maps"
	"testing"

	"github.com/cbb-alliance/cbb/pdm"
)

// FuzzParse feeds arbitrary bom.txt, assembly and accessory files to Parse,
// into the real dibond variant (which=0) or a tiny machine (which=1): it
// must never panic, and a nil error must come with a valid batch.
func FuzzParse(f *testing.F) {
	dibond := testdataFiles(f, "dibond")
	small := tiny()
	small["accessories/x_assembly.txt"] = []byte("x_assembly:\nVitamins:\n  1 M3\n\nPrinted:\n")
	fixtures := []struct {
		files    map[string][]byte
		asm, acc string
	}{
		{dibond, "z_motor_assembly.txt", "accessories/z_limit_switch_assembly.txt"},
		{small, "a_assembly.txt", "accessories/x_assembly.txt"},
	}
	for i, fx := range fixtures {
		f.Add(uint8(i), fx.files[BOMFile], fx.files[fx.asm], fx.files[fx.acc])
	}
	f.Fuzz(func(t *testing.T, which uint8, bom, asm, acc []byte) {
		fx := fixtures[int(which)%len(fixtures)]
		files := maps.Clone(fx.files)
		files[BOMFile], files[fx.asm], files[fx.acc] = bom, asm, acc
		b, err := Parse("fuzz", files, nil, pdm.Options{})
		if err != nil {
			return
		}
		if err := checkBatch(b); err != nil {
			t.Fatalf("nil error but invalid batch: %v", err)
		}
	})
}
