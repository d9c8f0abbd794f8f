package inventree_test

import (
	"fmt"
	"log"
	"os"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/inventree"
)

// Parse reads an InvenTree export into a batch of parts with their BOM and
// variant edges.
func ExampleParse() {
	data, err := os.ReadFile("testdata/inventree_subset.json")
	if err != nil {
		log.Fatal(err)
	}
	b, err := inventree.Parse("inventree_subset.json", data, pdm.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(b.Items), "items,", len(b.Edges), "edges")
	for _, it := range b.Items {
		if it.Source.ExternalID == "part:1" {
			r, _ := it.Attr(model.AttrResistance)
			p, _ := it.Attr(model.AttrPackage)
			fmt.Printf("%s (%s): %s, %s\n", it.Name, it.Class, r, p)
		}
	}
	// Output:
	// 32 items, 33 edges
	// R_10R_0402_1% (Electronics/Passives/Resistors): 10 Ω, 0402
}
