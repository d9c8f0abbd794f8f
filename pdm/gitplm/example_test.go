package gitplm_test

import (
	"fmt"

	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/gitplm"
)

func ExampleParse() {
	table := `IPN,MPN,Manufacturer,Description,Symbol,Footprint,Resistance,Power,Tolerance,Datasheet
RES-0000-1003,RC0603FR-071KL,Yageo,1K 0603,Device:R_US,Resistor_SMD:R_0603_1608Metric,1K,100mW,1%,https://www.yageo.com/rc.pdf
RES-0000-1004,RC0603FR-0710KL,Yageo,10K 0603,Device:R_US,Resistor_SMD:R_0603_1608Metric,10K,100mW,1%,https://www.yageo.com/rc.pdf
RES-0000-1004,ERJ-3EKF1002V,Panasonic,10K 0603,Device:R_US,Resistor_SMD:R_0603_1608Metric,10K,100mW,1%,
`
	b, err := gitplm.Parse("g-res.csv", []byte(table), pdm.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range b.Items {
		fmt.Printf("%s %s %q (%s) %v\n", it.Level, it.Source.ExternalID, it.Name, it.Class, it.Manufacturers)
		for _, a := range it.Attributes {
			fmt.Printf("  %s = %v\n", a.Name, a)
		}
	}
	fmt.Println(len(b.Edges), "variant edges")
	// Output:
	// part RES-0000-1003 "RC0603FR-071KL" (Electronics/Passives/Resistors) [{Yageo RC0603FR-071KL}]
	//   datasheet = https://www.yageo.com/rc.pdf
	//   footprint = Resistor_SMD:R_0603_1608Metric
	//   ipn = RES-0000-1003
	//   lib_part = Device:R_US
	//   power = 0.1 W
	//   resistance = 1000 Ω
	//   tolerance = 1 %
	//   value = 1K
	// part RES-0000-1004 "RC0603FR-0710KL" (Electronics/Passives/Resistors) [{Yageo RC0603FR-0710KL} {Panasonic ERJ-3EKF1002V}]
	//   datasheet = https://www.yageo.com/rc.pdf
	//   footprint = Resistor_SMD:R_0603_1608Metric
	//   ipn = RES-0000-1004
	//   lib_part = Device:R_US
	//   power = 0.1 W
	//   resistance = 10000 Ω
	//   tolerance = 1 %
	//   value = 10K
	// family RES-0000 "RES-0000 0603" (Electronics/Passives/Resistors) []
	//   datasheet = https://www.yageo.com/rc.pdf
	//   footprint = Resistor_SMD:R_0603_1608Metric
	//   ipn = RES-0000
	//   lib_part = Device:R_US
	//   power = 0.1 W
	//   tolerance = 1 %
	// 2 variant edges
}
