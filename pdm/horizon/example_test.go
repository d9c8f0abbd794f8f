package horizon_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm/horizon"
)

// ReadPool reads a pool's parts folder into a batch: every part a record,
// base parts families with variant edges to the parts made from them, and
// fields a part inherits resolved from its base.
func ExampleReadPool() {
	b, err := horizon.ReadPool(context.Background(), os.DirFS("testdata/pool"), "parts", "pool/parts")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(b.Items), "items,", len(b.Edges), "variant edges")
	for _, it := range b.Items {
		if it.Name == "RC0603FR-0712K1L" || it.Name == "D6R40F1" {
			r, _ := it.Attr(model.AttrResistance)
			fmt.Printf("%s %s (%s) %v %q\n", it.Level, it.Name, it.Class, it.Manufacturers, r.String())
		}
	}
	// Output:
	// 7 items, 5 variant edges
	// part D6R40F1 (Electronics/Switches) [{C&K D6R40F1}] ""
	// part RC0603FR-0712K1L (Electronics/Passives/Resistors) [{Yageo RC0603FR-0712K1L}] "12100 Ω"
}
