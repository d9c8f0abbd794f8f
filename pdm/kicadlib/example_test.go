package kicadlib_test

import (
	"fmt"

	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/kicadlib"
)

func ExampleParse() {
	lib := `(kicad_symbol_lib (version 20211014) (generator kicad_symbol_editor)
  (symbol "R_0603" (in_bom yes) (on_board yes)
    (property "Reference" "R" (id 0) (at 2.032 0 90) (effects (font (size 1.27 1.27))))
    (property "Value" "R_0603" (id 1) (at 0 0 90) (effects (font (size 1.27 1.27))))
    (property "Footprint" "Resistor_SMD:R_0603_1608Metric" (id 2) (at 0 0 0) (effects (font (size 1.27 1.27)) hide))
    (property "Manufacturer" "YAGEO" (id 4) (at 0 0 0) (effects (font (size 1.27 1.27)) hide))
    (property "ki_description" "Resistor, 0603" (id 5) (at 0 0 0) (effects (font (size 1.27 1.27)) hide))
  )
  (symbol "RC0603FR-0710KL" (extends "R_0603")
    (property "Value" "10k" (id 1) (at 0 0 90) (effects (font (size 1.27 1.27))))
    (property "MPN" "RC0603FR-0710KL" (id 4) (at 0 0 0) (effects (font (size 1.27 1.27)) hide))
    (property "Digi-Key_PN" "311-10.0KHRCT-ND" (id 5) (at 0 0 0) (effects (font (size 1.27 1.27)) hide))
    (property "Category" "Resistors" (id 6) (at 0 0 0) (effects (font (size 1.27 1.27)) hide))
    (property "Family" "Chip Resistor - Surface Mount" (id 7) (at 0 0 0) (effects (font (size 1.27 1.27)) hide))
    (property "Status" "Obsolete" (id 8) (at 0 0 0) (effects (font (size 1.27 1.27)) hide))
  )
)`
	b, err := kicadlib.Parse("acme.kicad_sym", []byte(lib), pdm.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range b.Items {
		value, _ := p.Attr("value")
		fmt.Printf("%s: %q %q value=%s mpn=%v suppliers=%v class=%q lifecycle=%q\n", p.Source.ExternalID, p.Name,
			p.Description, value.Text, p.Manufacturers, p.Suppliers, p.Class, p.Lifecycle)
	}
	// Output:
	// acme:R_0603: "R_0603" "Resistor, 0603" value=R_0603 mpn=[] suppliers=[] class="" lifecycle=""
	// acme:RC0603FR-0710KL: "RC0603FR-0710KL" "Resistor, 0603" value=10k mpn=[{YAGEO RC0603FR-0710KL}] suppliers=[{Digikey 311-10.0KHRCT-ND}] class="Electronics/Resistors/Chip Resistor - Surface Mount" lifecycle="obsolete"
}
