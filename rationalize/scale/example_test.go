package scale_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
	"github.com/cbb-alliance/cbb/rationalize/scale"
)

// profile is a small hand-made profile: products of 20 to 60 parts in
// families of one to four, most uses within the family.
var profile = scale.Profile{
	PartsPerProduct: []int{20, 30, 40, 60},
	FamilySizes:     []int{1, 2, 3, 4},
	Alpha:           2,
	Local:           0.7,
}

func ExampleLearnIncidence() {
	// Two variants of one family share part 0; a third product stands alone.
	m := &matrix.Incidence{Cols: make([]model.Item, 4), Cells: [][]matrix.Entry{
		{{Col: 0, Qty: 1}, {Col: 1, Qty: 2}},
		{{Col: 0, Qty: 1}, {Col: 2, Qty: 1}},
		{{Col: 1, Qty: 4}, {Col: 3, Qty: 1}},
	}}
	p, err := scale.LearnIncidence(m, []int{0, 0, -1})
	if err != nil {
		panic(err)
	}
	fmt.Printf("families %v, local share %.2f\n", p.FamilySizes, p.Local)
	// Output: families [1 2], local share 0.67
}

func ExampleProfile_Generate() {
	m, err := profile.Generate(1, 2000, 100)
	if err != nil {
		panic(err)
	}
	pop := m.Popularity()
	fmt.Println(len(m.Rows), "products,", m.Parts, "parts, every part used:", slices.Min(pop) > 0)
	// Output: 100 products, 2000 parts, every part used: true
}

func ExampleProject() {
	// Two products share parts 1 and 2.
	m := &scale.Incidence{Parts: 4, Rows: [][]int32{{0, 1, 2}, {1, 2, 3}}}
	g, err := scale.Project(context.Background(), m, 1)
	if err != nil {
		panic(err)
	}
	fmt.Println(g.Len(), "parts,", g.Edges(), "edges")
	// Output: 4 parts, 3 edges
}

func ExampleLouvain() {
	g, _ := scale.FromEdges(6, []scale.Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 0, V: 2, W: 1},
		{U: 3, V: 4, W: 1}, {U: 4, V: 5, W: 1}, {U: 3, V: 5, W: 1}, {U: 2, V: 3, W: 0.1}})
	memb, err := scale.Louvain(context.Background(), g, scale.DefaultLouvainParams())
	if err != nil {
		panic(err)
	}
	fmt.Println(memb)
	fmt.Printf("Q %.3f, gonum Q %.3f\n", scale.Modularity(g, memb, 1), scale.GonumQ(g, memb, 1))
	// Output:
	// [0 0 0 1 1 1]
	// Q 0.484, gonum Q 0.484
}

func ExampleWriteEdgeList() {
	g, _ := scale.FromEdges(3, []scale.Edge{{U: 0, V: 1, W: 0.5}, {U: 1, V: 2, W: 1}})
	var buf bytes.Buffer
	if err := scale.WriteEdgeList(&buf, g); err != nil {
		panic(err)
	}
	fmt.Print(buf.String())
	back, _ := scale.ReadEdgeList(&buf)
	fmt.Println(back.Edges(), "edges read back")
	// Output:
	// # nodes 3 edges 2
	// 0 1 0.5
	// 1 2 1
	// 2 edges read back
}

func ExampleNMI() {
	fmt.Printf("%.2f\n", scale.NMI([]int32{0, 0, 1, 1}, []int32{3, 3, 9, 9}))
	// Output: 1.00
}
