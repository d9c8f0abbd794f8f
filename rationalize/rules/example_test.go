package rules_test

import (
	"context"
	"fmt"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize/rules"
)

func ExampleMine() {
	products := [][]string{
		{"frame", "nema17", "bracket-nema17", "m3x8"},
		{"frame", "nema17", "bracket-nema17", "m3x8"},
		{"frame", "nema23", "bracket-nema23", "m5x12"},
		{"frame", "nema23", "bracket-nema23", "m5x12", "m3x8"},
	}
	res, err := rules.Mine(context.Background(), products, rules.Options{MinSupport: 0.5, MinConfidence: 0.9})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res.Rules {
		fmt.Printf("%s: confidence %.2f lift %.2f\n", r, r.Confidence, r.Lift)
	}
	// Output:
	// bracket-nema17 always with nema17: confidence 1.00 lift 2.00
	// bracket-nema23 always with m5x12 & nema23: confidence 1.00 lift 2.00
	// bracket-nema17 requires m3x8: confidence 1.00 lift 1.33
}

func ExampleNeverTogether() {
	products := [][]string{
		{"frame", "jhead"}, {"frame", "jhead"}, {"frame", "jhead"}, {"frame", "jhead"},
		{"frame", "e3d", "fan30"}, {"frame", "e3d", "fan30"}, {"frame", "e3d", "fan30"}, {"frame", "e3d", "fan30"},
	}
	res, err := rules.NeverTogether(context.Background(), products, rules.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res.Rules {
		fmt.Printf("%s: expected together %.1f, P(none) %.3f\n", r, r.Expected, r.PValue)
	}
	fmt.Println(res.Groups["e3d"])
	// Output:
	// e3d excludes jhead: expected together 2.0, P(none) 0.014
	// [e3d fan30]
}

func ExampleParameterRelations() {
	var bearings []model.Item
	for _, b := range []struct {
		name              string
		bore, outer, wide float64
	}{{"608", 8, 22, 7}, {"624", 4, 13, 5}, {"625", 5, 16, 5}, {"6201", 12, 32, 10}, {"686", 6, 13, 5}} {
		it := model.Item{ID: model.ItemID(b.name), Name: b.name, Level: model.LevelPart, Class: model.ClassBearings}
		it.SetAttr(model.NumberAttr(model.AttrBore, b.bore/1000, "m", ""))
		it.SetAttr(model.NumberAttr(model.AttrOuterDiameter, b.outer/1000, "m", ""))
		bearings = append(bearings, it)
	}
	rs, err := rules.ParameterRelations(context.Background(), bearings, rules.Options{MinFit: 0.9})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rs {
		fmt.Printf("%s (fit %.2f)\n", r.Formula(), r.Fit)
	}
	// Output:
	// abs(outer_diameter - (2.45 * bore + 0.00205)) <= 0.0038 (fit 0.93)
	// outer_diameter >= 2.1 * bore (fit 0.00)
}
