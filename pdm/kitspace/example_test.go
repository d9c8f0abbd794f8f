package kitspace_test

import (
	"fmt"

	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/kitspace"
)

func ExampleParseSummary() {
	scrape := `{
  "timestamp": "2025-07-10T13:51:16",
  "total_projects": 2,
  "scraped_data": [
    {"url": "https://kitspace.org/acme/blinky", "project_name": "blinky",
     "repository_link": "https://github.com/acme/blinky", "description": "An LED blinker",
     "bill_of_materials": [
       {"reference": "R1, R2", "quantity": 2, "description": "4.7K 1206", "manufacturer": "Yageo",
        "mpn": "RC1206FR-074K7L", "retailers": {"Digikey": "311-4.70KFRCT-ND", "Mouser": ""}},
       {"reference": "D1", "quantity": 1, "description": "red LED 1206", "manufacturer": "", "mpn": "",
        "retailers": {}}],
     "error": null},
    {"url": "https://kitspace.org/acme/broken", "project_name": null, "bill_of_materials": [],
     "error": "Request error"}
  ]
}`
	b, sum, err := kitspace.ParseSummary("kitspace.json", []byte(scrape), pdm.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d projects, %d with a BOM, %d lines\n", sum.Projects, sum.WithBOM, sum.Lines)
	fmt.Println("product", b.Items[0].Name, "-", b.Items[0].Description)
	for i, e := range b.Edges {
		p := b.Refs[i]
		fmt.Printf("%v x %s %q %v %v\n", e.Quantity, p.Source.ExternalID, p.Name, e.RefDes, p.Suppliers)
	}
	// Output:
	// 2 projects, 1 with a BOM, 2 lines
	// product blinky - An LED blinker
	// 2 x mpn:RC1206FR-074K7L "RC1206FR-074K7L" [R1 R2] [{Digikey 311-4.70KFRCT-ND}]
	// 1 x desc:red led 1206 "red LED 1206" [D1] []
}
