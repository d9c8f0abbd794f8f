package step_test

import (
	"fmt"

	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/step"
)

func ExampleParse() {
	const file = `ISO-10303-21;
HEADER;
FILE_DESCRIPTION((''),'2;1');
FILE_NAME('bracket.stp','2024-05-01T10:00:00',(''),(''),'','MyCAD 3','');
FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));
ENDSEC;
DATA;
#1=PRODUCT('bracket-asm','Bracket assembly','',(#9));
#2=PRODUCT_DEFINITION_FORMATION('B','',#1);
#3=PRODUCT_DEFINITION('design','',#2,#10);
#4=PRODUCT('m3-nut','M3 nut','ISO 4032 M3',(#9));
#5=PRODUCT_DEFINITION_FORMATION('','',#4);
#6=PRODUCT_DEFINITION('design','',#5,#10);
#7=NEXT_ASSEMBLY_USAGE_OCCURRENCE('1','nut_1','',#3,#6,$);
#8=NEXT_ASSEMBLY_USAGE_OCCURRENCE('2','nut_2','',#3,#6,$);
#9=PRODUCT_CONTEXT('',#11,'mechanical');
#10=PRODUCT_DEFINITION_CONTEXT('part definition',#11,'design');
#11=APPLICATION_CONTEXT('core data for automotive mechanical design processes');
ENDSEC;
END-ISO-10303-21;
`
	b, err := step.Parse("bracket.stp", []byte(file), pdm.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range b.Items {
		fmt.Printf("%s %q %s\n", it.Level, it.Name, it.Source)
	}
	for _, e := range b.Edges {
		fmt.Println(e.Quantity, e.RefDes)
	}
	// Output:
	// product "Bracket assembly" step:bracket/bracket-asm@B
	// part "M3 nut" step:bracket/m3-nut
	// 2 [nut_1 nut_2]
}
