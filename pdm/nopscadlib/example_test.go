package nopscadlib_test

import (
	"fmt"
	"log"
	"os"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/nopscadlib"
)

// ExampleParse reads NopSCADlib's MainsBreakOutBox example: the product,
// its three assemblies, two printed parts and sixteen vitamins.
func ExampleParse() {
	name := "testdata/nophead__NopSCADlib__examples_MainsBreakOutBox/bom.json"
	data, err := os.ReadFile(name)
	if err != nil {
		log.Fatal(err)
	}
	b, err := nopscadlib.Parse(name, data, pdm.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, it := range b.Items {
		if it.Level != model.LevelPart {
			fmt.Println(it.Level, it.Source.ExternalID)
		}
	}
	for _, it := range b.Refs[:3] {
		c, _ := it.Attr(nopscadlib.AttrConstructor)
		fmt.Printf("vitamin %q constructor %q\n", it.Name, c.Text)
	}
	fmt.Println(len(b.Refs), "vitamins,", len(b.Edges), "edges")
	// Output:
	// product nophead__NopSCADlib__examples_MainsBreakOutBox
	// module nophead__NopSCADlib__examples_MainsBreakOutBox/base_assembly
	// module nophead__NopSCADlib__examples_MainsBreakOutBox/feet_assembly
	// module nophead__NopSCADlib__examples_MainsBreakOutBox/mains_in_assembly
	// vitamin "Heatfit insert M3 x 5.8mm" constructor "insert(F1BM3)"
	// vitamin "Nut M3 x 2.4mm nyloc" constructor "nut(M3_nut, nyloc = true)"
	// vitamin "Screw M3 dome x 10mm" constructor "screw(M3_dome_screw, 10)"
	// 16 vitamins, 26 edges
}
