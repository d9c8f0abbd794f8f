package dsm_test

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cbb-alliance/cbb/rationalize/dsm"
)

// twoModules is a co-occurrence DSM of two triangles joined by one weak
// link: parts 0-2 and 3-5.
func twoModules() *dsm.DSM {
	names := []string{"motor", "bracket", "screw", "board", "cable", "plug"}
	c := make([][]int, 6)
	for i := range c {
		c[i] = make([]int, 6)
	}
	link := func(i, j, n int) { c[i][j], c[j][i] = n, n }
	link(0, 1, 3)
	link(1, 2, 3)
	link(0, 2, 3)
	link(3, 4, 3)
	link(4, 5, 3)
	link(3, 5, 3)
	link(2, 3, 1)
	d, err := dsm.FromCooccurrence(names, c)
	if err != nil {
		panic(err)
	}
	return d
}

func ExampleFromCooccurrence() {
	d := twoModules()
	fmt.Println(d.Len(), "parts,", d.Dependencies(), "dependencies")
	// Output: 6 parts, 14 dependencies
}

func ExampleLouvain() {
	d := twoModules()
	p := dsm.Louvain(d, nil, 1, 1)
	fmt.Println(p.Clusters())
	fmt.Printf("Q %.3f\n", dsm.Modularity(d, p))
	// Output:
	// [[0 1 2] [3 4 5]]
	// Q 0.447
}

func ExampleThebeau() {
	d := twoModules()
	p, err := dsm.Thebeau(context.Background(), d, nil, dsm.DefaultParams(), 1)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Clusters())
	fmt.Printf("cost %+v\n", dsm.CoordinationCost(d, p, dsm.DefaultParams()))
	// Output:
	// [[0 1 2] [3 4 5]]
	// cost {Intra:108 Extra:12 Total:120}
}

func ExampleMarkovClustering() {
	d := twoModules()
	p, err := dsm.MarkovClustering(context.Background(), d, nil, dsm.DefaultMCLParams())
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Clusters())
	// Output: [[0 1 2] [3 4 5]]
}

func ExampleDetectBus() {
	// A power rail every other part connects to, among pairs of parts.
	names := []string{"rail", "a1", "a2", "b1", "b2", "c1", "c2", "d1", "d2", "e1", "e2", "f1", "f2"}
	d := dsm.New(names)
	for i := 1; i < len(names); i++ {
		d.Set(i, 0, 1)
		if i%2 == 1 {
			d.Set(i, i+1, 1)
		}
	}
	bus := dsm.DetectBus(d, dsm.DefaultBusParams())
	p := dsm.Louvain(d, bus, 1, 1)
	fmt.Println("bus:", p.BusElements(), "clusters:", len(p.Clusters()))
	// Output: bus: [0] clusters: 6
}

func ExampleRead() {
	in := ",pump,valve,pipe\npump,1,1,0\nvalve,1,1,1\npipe,0,1,1\n"
	d, err := dsm.Read(strings.NewReader(in), "example.csv")
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Names(), d.Origin(), d.At(1, 2))
	_, err = dsm.Read(strings.NewReader(",a,b\na,0,x\nb,1,0\n"), "bad.csv")
	fmt.Println(err)
	// Output:
	// [pump valve pipe] matrix 1
	// bad.csv:2: field b: "x" is not a number
}

func ExampleWriteSVG() {
	d := twoModules()
	p := dsm.Louvain(d, nil, 1, 1)
	if err := dsm.WriteSVG(io.Discard, d, p); err != nil {
		panic(err)
	}
	fmt.Println("written")
	// Output: written
}

func ExampleCoordinationCost() {
	d := twoModules()
	p, err := dsm.NewPartition(d.Len(), [][]int{{0, 1, 2, 3, 4, 5}}, nil)
	if err != nil {
		panic(err)
	}
	// One cluster of 6: every interaction, 38 in all counting both
	// directions, costs its weight times the cluster size 6.
	fmt.Println(dsm.CoordinationCost(d, p, dsm.DefaultParams()).Total)
	// Output: 228
}
