package normalize_test

import (
	"fmt"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm/normalize"
)

func ExampleDescribe() {
	for _, text := range []string{"RES SMD 100K OHM 0.5% 1/16W 0402", "DIN 912 M3x10", "Ball bearing F623-2RS 3mm x 10mm x 4mm"} {
		attrs, class := normalize.Describe(text)
		fmt.Println(class)
		for _, a := range attrs {
			fmt.Printf("  %s = %s\n", a.Name, a)
		}
	}
	// Output:
	// Electronics/Passives/Resistors
	//   package = 0402
	//   power = 0.0625 W
	//   resistance = 100000 Ω
	//   tolerance = 0.5 %
	// Mechanical/Fasteners/Screws
	//   diameter = 0.003 m
	//   head = socket head cap
	//   length = 0.01 m
	//   standard = ISO 4762
	//   thread = M3
	// Mechanical/Bearings
	//   bore = 0.003 m
	//   designation = F623
	//   outer_diameter = 0.01 m
	//   seal = 2RS
	//   width = 0.004 m
}

// Chinese descriptions read as their English equivalents.
func ExampleDescribe_chinese() {
	for _, text := range []string{"贴片电阻 10kΩ ±1% 0603", "内六角圆柱头螺钉 M3×8"} {
		attrs, class := normalize.Describe(text)
		fmt.Println(class)
		for _, a := range attrs {
			fmt.Printf("  %s = %s\n", a.Name, a)
		}
	}
	// Output:
	// Electronics/Passives/Resistors
	//   package = 0603
	//   resistance = 10000 Ω
	//   tolerance = 1 %
	// Mechanical/Fasteners/Screws
	//   diameter = 0.003 m
	//   head = socket head cap
	//   length = 0.008 m
	//   standard = ISO 4762
	//   thread = M3
}

func ExampleEnrich() {
	it := model.Item{Name: "4k7"}
	it.SetAttr(model.TextAttr(model.AttrValue, "4k7"))
	it.SetAttr(model.TextAttr(model.AttrFootprint, "Resistor_SMD:R_0603_1608Metric"))
	normalize.Enrich(&it)
	fmt.Println(it.Class)
	r, _ := it.Attr(model.AttrResistance)
	p, _ := it.Attr(model.AttrPackage)
	fmt.Println(r, p)
	// Output:
	// Electronics/Passives/Resistors
	// 4700 Ω 0603
}

func ExampleCanonicalStandard() {
	fmt.Println(normalize.CanonicalStandard("DIN 912"))
	fmt.Println(normalize.EquivalentStandards("DIN 7991"))
	// Output:
	// ISO 4762
	// [ISO 10642 DIN ISO 10642 DIN 7991]
}
