package kicad_test

import (
	"fmt"

	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/kicad"
)

func ExampleParse() {
	netlist := `<?xml version="1.0" encoding="UTF-8"?>
<export version="D">
  <design>
    <source>C:\boards\blinky.sch</source>
    <sheet number="1" name="/"><title_block><title>Blinky</title><rev>B</rev></title_block></sheet>
  </design>
  <components>
    <comp ref="R1"><value>4k7</value><footprint>Resistor_SMD:R_0603</footprint>
      <fields><field name="MPN">RC0603FR-074K7L</field><field name="manf">Yageo</field>
        <field name="digikey#">311-4.70KHRCT-ND</field></fields>
      <libsource lib="Device" part="R"/></comp>
    <comp ref="R2"><value>4k7</value><footprint>Resistor_SMD:R_0603</footprint>
      <fields><field name="MPN">RC0603FR-074K7L</field></fields>
      <libsource lib="Device" part="R"/></comp>
    <comp ref="D1"><value>red</value><footprint>LED_SMD:LED_0603</footprint>
      <libsource lib="Device" part="LED"/></comp>
    <comp ref="D2"><value>red</value><footprint>LED_SMD:LED_0603</footprint>
      <fields><field name="DNP">1</field></fields>
      <libsource lib="Device" part="LED"/></comp>
  </components>
</export>`
	b, err := kicad.Parse("blinky.xml", []byte(netlist), pdm.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := b.Items[0]
	fmt.Printf("product %s (%s) rev %s\n", p.Name, p.Description, p.Source.Revision)
	for i, e := range b.Edges {
		part := b.Refs[i]
		fmt.Printf("%v x %s %s %v %v\n", e.Quantity, part.Source.ExternalID, part.Name, e.RefDes, part.Suppliers)
	}
	// Output:
	// product blinky (Blinky) rev B
	// 2 x mpn:RC0603FR-074K7L RC0603FR-074K7L [R1 R2] [{Digikey 311-4.70KHRCT-ND}]
	// 1 x sym:Device:LED|red|LED_SMD:LED_0603 red [D1] []
}
