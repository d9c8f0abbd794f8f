package quantity_test

import (
	"fmt"

	"github.com/cbb-alliance/cbb/layers/quantity"
)

func ExampleParse() {
	for _, in := range []struct{ text, hint string }{
		{"4k7", "Ω"}, {"100n", "F"}, {"0.1 µF", ""}, {"1/4W", ""}, {"3/8\"", ""}, {"10m", ""}, {"10m", "Ω"},
	} {
		q, err := quantity.Parse(in.text, in.hint)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-7s -> %v\n", in.text, q)
	}
	_, err := quantity.Parse("4.7q", "")
	fmt.Println(err)
	// Output:
	// 4k7     -> 4700 Ω
	// 100n    -> 1e-07 F
	// 0.1 µF  -> 1e-07 F
	// 1/4W    -> 0.25 W
	// 3/8"    -> 0.009525 m
	// 10m     -> 10 m
	// 10m     -> 0.01 Ω
	// parse "4.7q": unknown unit "q"
}
