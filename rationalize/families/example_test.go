package families_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize/families"
)

func resistor(id string, ohms float64, pkg string) model.Item {
	it := model.Item{ID: model.ItemID(id), Level: model.LevelPart, Name: id, Class: model.ClassResistors}
	it.SetAttr(model.NumberAttr(model.AttrResistance, ohms, "Ω", ""))
	it.SetAttr(model.EnumAttr(model.AttrPackage, pkg, ""))
	return it
}

func ExampleGower() {
	items := []model.Item{
		resistor("r100", 100, "0603"),
		resistor("r1k", 1000, "0603"),
		resistor("r10k", 10000, "0805"),
	}
	d, vars, err := families.Gower(items, families.Options{})
	if err != nil {
		panic(err)
	}
	for _, v := range vars {
		fmt.Println(v)
	}
	// Resistance spans two decades, so it is compared on a log scale: one
	// decade is half its range.
	fmt.Printf("d(r100, r1k) = %.2f\n", d.At(0, 1))
	fmt.Printf("d(r1k, r10k) = %.2f\n", d.At(1, 2))
	// Output:
	// package (categorical, 2 values, 100% of items, weight 1)
	// resistance (log, 100 Ω..10 kΩ, 100% of items, weight 1)
	// d(r100, r1k) = 0.25
	// d(r1k, r10k) = 0.75
}

func ExampleCluster() {
	// Five points on a line: 0, 2, 3, 7, 15.
	xs := []float64{0, 2, 3, 7, 15}
	d := families.NewCondensed(len(xs))
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			d.D[d.Index(i, j)] = xs[j] - xs[i]
		}
	}
	dg, err := families.Cluster(d, families.Average)
	if err != nil {
		panic(err)
	}
	for _, m := range dg.Merges {
		fmt.Printf("%d + %d at %.2f (%d items)\n", m.A, m.B, m.Height, m.Size)
	}
	coph, _ := dg.CopheneticCorrelation(d)
	fmt.Println("cut at 3:", dg.Cut(3))
	fmt.Println("2 clusters:", dg.CutK(2))
	fmt.Printf("cophenetic correlation %.2f\n", coph)
	// Output:
	// 1 + 2 at 1.00 (2 items)
	// 0 + 5 at 2.50 (3 items)
	// 3 + 6 at 5.33 (4 items)
	// 4 + 7 at 12.00 (5 items)
	// cut at 3: [0 0 0 1 2]
	// 2 clusters: [0 0 0 0 1]
	// cophenetic correlation 0.93
}

func ExampleFamilies() {
	var items []model.Item
	power := map[string]float64{"0402": 0.063, "0603": 0.1}
	for _, pkg := range []string{"0402", "0603"} {
		// The E3 series over two decades.
		for _, ohms := range []float64{100, 220, 470, 1000, 2200, 4700, 10000} {
			it := resistor(fmt.Sprintf("%s-%g", pkg, ohms), ohms, pkg)
			it.SetAttr(model.NumberAttr(model.AttrPower, power[pkg], "W", ""))
			it.SetAttr(model.NumberAttr(model.AttrTolerance, 1, "%", ""))
			items = append(items, it)
		}
	}
	groups, err := families.Families(context.Background(), items, families.FamilyOptions{})
	if err != nil {
		panic(err)
	}
	for _, g := range groups {
		for _, f := range g.Families {
			fmt.Println(len(f.Members), f.Label)
		}
	}
	// Output:
	// 7 Resistors: package 0402, power 63 mW, tolerance 1%; resistance 100 Ω..10 kΩ
	// 7 Resistors: package 0603, power 100 mW, tolerance 1%; resistance 100 Ω..10 kΩ
}

func ExampleWriteDendrogramSVG() {
	items := []model.Item{
		resistor("r100", 100, "0603"),
		resistor("r1k", 1000, "0603"),
		resistor("r10k", 10000, "0805"),
	}
	groups, err := families.Families(context.Background(), items, families.FamilyOptions{})
	if err != nil {
		panic(err)
	}
	g := groups[0]
	var buf bytes.Buffer
	err = families.WriteDendrogramSVG(&buf, g.Dendrogram, g.Names, families.SVGOptions{Title: string(g.Class), CutHeight: families.DefaultHeight})
	fmt.Println(err, strings.HasPrefix(buf.String(), "<?xml"))
	// Output: <nil> true
}
