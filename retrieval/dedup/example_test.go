package dedup_test

import (
	"context"
	"fmt"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm/normalize"
	"github.com/cbb-alliance/cbb/retrieval/dedup"
)

// part makes an enriched part, as ingest stores it.
func part(id, text string) model.Item {
	it := model.Item{ID: model.ItemID(id), Level: model.LevelPart, Name: text, Description: text}
	normalize.Enrich(&it)
	return it
}

func ExampleFind() {
	items := []model.Item{
		part("r1", "RES SMD 4.7K OHM 1% 1/10W 0603"),
		part("r2", "4k7 0603 1%"),
		part("r3", "4.7k 0805 1%"), // another package
		part("r4", "47k 0603 1%"),  // another value
		part("c1", "100nF 0603 X7R 50V"),
		part("c2", "CAP CER 0.1UF 50V X7R 0603"),
	}
	pairs, err := dedup.Find(context.Background(), items, dedup.Options{})
	if err != nil {
		panic(err)
	}
	for _, p := range pairs {
		fmt.Printf("%s ~ %s %.2f %q\n", p.A, p.B, p.Score, p.Reasons)
	}
	fmt.Println(dedup.Groups(pairs))
	// Output:
	// c1 ~ c2 0.93 ["class electronics/passives/capacitors" "capacitance 100 nF = 100 nF" "package 0603 = 0603" "voltage 50 V = 50 V" "dielectric X7R = X7R" "text 0.70"]
	// r1 ~ r2 0.84 ["class electronics/passives/resistors" "resistance 4.7 kΩ = 4.7 kΩ" "package 0603 = 0603" "tolerance 1 % = 1 %" "text 0.51"]
	// [[c1 c2] [r1 r2]]
}

func ExampleOf() {
	item := part("a", "LED red 0603")
	candidates := []model.Item{
		part("b", "SMD LED RED 0603"),
		part("c", "LED green 0603"), // another colour
		part("d", "Red LED"),        // no package: less sure
	}
	for _, p := range dedup.Of(item, candidates, dedup.Options{Threshold: 0.4}) {
		fmt.Printf("%s ~ %s %.2f %q\n", p.A, p.B, p.Score, p.Reasons)
	}
	// Output:
	// a ~ b 0.81 ["package 0603 = 0603" "color red = red" "text 0.75"]
	// a ~ d 0.42 ["color red = red" "text 0.61" "package 0603 vs unstated"]
}

func ExampleGroups() {
	// "vague" was paired with both screws, the screws not with each other:
	// they stay apart, each group's members all paired.
	pairs := []dedup.Pair{
		{A: "pan", B: "vague", Score: 0.8}, {A: "vague", B: "cap", Score: 0.75},
		{A: "x", B: "y", Score: 0.9}, {A: "y", B: "z", Score: 0.9}, {A: "x", B: "z", Score: 0.9},
	}
	fmt.Println(dedup.Groups(pairs))
	// Output:
	// [[x y z] [pan vague]]
}
