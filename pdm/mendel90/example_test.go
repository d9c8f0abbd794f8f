package mendel90_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/mendel90"
)

// ExampleFormat_Read reads the dibond_E3D variant, whose folder holds only
// the assemblies that differ from dibond's, from a folder of variants.
func ExampleFormat_Read() {
	in := pdm.Input{FS: os.DirFS("testdata/mendel90"), Path: "dibond_E3D/bom", Dir: true, Display: "testdata/mendel90/dibond_E3D/bom"}
	f := mendel90.Format{}
	if !f.Detect(in) {
		log.Fatal("not detected")
	}
	b, err := f.Read(context.Background(), in, pdm.Options{})
	if err != nil {
		log.Fatal(err)
	}
	levels := map[model.Level]int{}
	for _, it := range b.Items {
		levels[it.Level]++
	}
	fmt.Println(b.Items[0].Name, "/", b.Items[1].Name)
	fmt.Println(levels[model.LevelModule], "modules,", levels[model.LevelPart], "printed parts,", len(b.Refs), "refs")
	for _, e := range b.Edges {
		if e.Kind == model.Variant {
			fmt.Println("variant edge to", e.Child == model.NewID(mendel90.System, "dibond_E3D"))
		}
	}
	// Output:
	// Mendel90 / Mendel90 dibond_E3D
	// 25 modules, 58 printed parts, 111 refs
	// variant edge to true
	// variant edge to false
}
