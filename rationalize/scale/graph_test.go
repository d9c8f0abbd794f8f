package scale

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestFromEdges(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		edges   []Edge
		wantAdj []int32
		wantW   []float64
		wantErr bool
	}{
		{"duplicates add up", 3, []Edge{{0, 1, 1}, {1, 2, 2}, {0, 1, 0.5}}, []int32{1, 0, 2, 1}, []float64{1.5, 1.5, 2, 2}, false},
		{"isolated node", 3, []Edge{{0, 2, 1}}, []int32{2, 0}, []float64{1, 1}, false},
		{"self-loop", 2, []Edge{{1, 1, 1}}, nil, nil, true},
		{"out of range", 2, []Edge{{0, 2, 1}}, nil, nil, true},
		{"zero weight", 2, []Edge{{0, 1, 0}}, nil, nil, true},
		{"NaN weight", 2, []Edge{{0, 1, math.NaN()}}, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := FromEdges(tt.n, tt.edges)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if err == nil && (!slices.Equal(g.Adj, tt.wantAdj) || !slices.Equal(g.W, tt.wantW) || g.Len() != tt.n) {
				t.Errorf("adj %v w %v off %v", g.Adj, g.W, g.Off)
			}
		})
	}
}

// Two products: A uses parts 0,1,2; B uses 1,2,3. Cosines: 1-2 share both
// products (1), 0-1, 0-2, 1-3, 2-3 share one (1/sqrt(2)), 0-3 none.
func TestProjectCosine(t *testing.T) {
	m := &Incidence{Parts: 4, Rows: [][]int32{{0, 1, 2}, {1, 2, 3}}}
	g, err := Project(context.Background(), m, 1)
	if err != nil {
		t.Fatal(err)
	}
	// k=1: 0's best is 1 (tie with 2, lower number), 1's is 2, 2's is 1,
	// 3's is 1.
	var got []string
	for u := range g.Len() {
		for e := g.Off[u]; e < g.Off[u+1]; e++ {
			if int(g.Adj[e]) > u {
				got = append(got, fmt.Sprintf("%d-%d:%.3f", u, g.Adj[e], g.W[e]))
			}
		}
	}
	want := []string{"0-1:0.707", "1-2:1.000", "1-3:0.707"}
	if !slices.Equal(got, want) {
		t.Errorf("edges %v, want %v", got, want)
	}
}

// The edge list reads back to the same graph, weights bit for bit.
func TestEdgeListRoundTrip(t *testing.T) {
	g := generatedGraph(t, 3000, 300)
	var buf bytes.Buffer
	if err := WriteEdgeList(&buf, g); err != nil {
		t.Fatal(err)
	}
	h, err := ReadEdgeList(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.Off, h.Off) || !slices.Equal(g.Adj, h.Adj) || !slices.Equal(g.W, h.W) {
		t.Error("graph changed through the edge list")
	}
}

func TestReadEdgeListRefuses(t *testing.T) {
	for _, in := range []string{"", "0 1 1\n", "# nodes 2 edges 1\n0 1\n", "# nodes 2 edges 1\n0 x 1\n", "# nodes 2 edges 1\n0 5 1\n"} {
		if _, err := ReadEdgeList(strings.NewReader(in)); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// Our linear-time Q is gonum's community.Q.
func TestModularityIsGonumQ(t *testing.T) {
	g := generatedGraph(t, 3000, 300)
	ours, err := Louvain(context.Background(), g, DefaultLouvainParams())
	if err != nil {
		t.Fatal(err)
	}
	single := make([]int32, g.Len())
	alone := make([]int32, g.Len())
	for i := range alone {
		alone[i] = int32(i)
	}
	for _, memb := range [][]int32{ours, single, alone} {
		if q, gq := Modularity(g, memb, 1), GonumQ(g, memb, 1); math.Abs(q-gq) > 1e-9 {
			t.Errorf("Q %.12f, gonum %.12f", q, gq)
		}
	}
}

var graphCache = map[[2]int]*Graph{}

func generatedGraph(t testing.TB, parts, products int) *Graph {
	t.Helper()
	if g, ok := graphCache[[2]int{parts, products}]; ok {
		return g
	}
	m, err := realProfile(t).Generate(1, parts, products)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Project(context.Background(), m, 10)
	if err != nil {
		t.Fatal(err)
	}
	graphCache[[2]int{parts, products}] = g
	return g
}
