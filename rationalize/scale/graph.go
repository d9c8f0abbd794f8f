package scale

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Graph is an undirected weighted graph without self-loops in compressed
// sparse rows: node i's neighbours are Adj[Off[i]:Off[i+1]], ascending,
// with weights W at the same positions. Every edge is stored both ways.
type Graph struct {
	Off []int
	Adj []int32
	W   []float64
}

// Len is the number of nodes.
func (g *Graph) Len() int { return len(g.Off) - 1 }

// Edges is the number of undirected edges.
func (g *Graph) Edges() int { return len(g.Adj) / 2 }

// Edge is one undirected edge, U < V.
type Edge struct {
	U, V int32
	W    float64
}

// FromEdges builds the graph of n nodes from edges; duplicates add up.
func FromEdges(n int, edges []Edge) (*Graph, error) {
	es := make([]Edge, 0, 2*len(edges))
	for _, e := range edges {
		if e.U < 0 || e.V < 0 || int(e.U) >= n || int(e.V) >= n || e.U == e.V {
			return nil, model.Errorf(model.Invalid, "edge %d-%d: not two distinct nodes of %d", e.U, e.V, n)
		}
		if !(e.W > 0) || math.IsInf(e.W, 0) {
			return nil, model.Errorf(model.Invalid, "edge %d-%d: weight %v not positive", e.U, e.V, e.W)
		}
		es = append(es, e, Edge{e.V, e.U, e.W})
	}
	slices.SortFunc(es, func(a, b Edge) int {
		if a.U != b.U {
			return int(a.U - b.U)
		}
		return int(a.V - b.V)
	})
	g := &Graph{Off: make([]int, n+1)}
	for _, e := range es {
		if k := len(g.Adj); k > 0 && g.Off[e.U+1] > 0 && g.Adj[k-1] == e.V {
			g.W[k-1] += e.W
			continue
		}
		g.Adj = append(g.Adj, e.V)
		g.W = append(g.W, e.W)
		g.Off[e.U+1]++
	}
	for i := range n {
		g.Off[i+1] += g.Off[i]
	}
	return g, nil
}

// Project returns the part graph clustering runs on: each part linked to
// its k most similar parts by cosine similarity of their product sets
// (shared products / sqrt(products of one x products of the other)), the
// union of those lists, weighted by the similarity. The full co-occurrence
// projection would hold tens of millions of pairs, most of them through
// hub parts (fasteners) that every family uses; cosine discounts hubs and
// the k-nearest-neighbour cut keeps k to 2k edges per part while keeping
// each part's strongest ties, as single-cell pipelines do before Leiden.
func Project(ctx context.Context, m *Incidence, k int) (*Graph, error) {
	if k < 1 {
		return nil, model.Errorf(model.Invalid, "project: k %d below 1", k)
	}
	users := transpose(m)
	knn := make([][]Edge, m.Parts)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count := make([]int32, m.Parts)
			var touched []int32
			for i := w; i < m.Parts; i += workers {
				if i%4096 == w && ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				touched = touched[:0]
				for _, p := range users[i] {
					for _, j := range m.Rows[p] {
						if int(j) != i {
							if count[j] == 0 {
								touched = append(touched, j)
							}
							count[j]++
						}
					}
				}
				knn[i] = topK(int32(i), touched, count, users, k)
				for _, j := range touched {
					count[j] = 0
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("project: %w", err)
		}
	}
	var edges []Edge
	for _, l := range knn {
		edges = append(edges, l...)
	}
	slices.SortFunc(edges, func(a, b Edge) int {
		if a.U != b.U {
			return int(a.U - b.U)
		}
		return int(a.V - b.V)
	})
	// A pair in both lists appears twice with the same weight: keep one.
	edges = slices.CompactFunc(edges, func(a, b Edge) bool { return a.U == b.U && a.V == b.V })
	return FromEdges(m.Parts, edges)
}

func transpose(m *Incidence) [][]int32 {
	pop := m.Popularity()
	users := make([][]int32, m.Parts)
	for j, c := range pop {
		users[j] = make([]int32, 0, c)
	}
	for i, r := range m.Rows {
		for _, j := range r {
			users[j] = append(users[j], int32(i))
		}
	}
	return users
}

// topK returns part i's k most cosine-similar parts as edges with U < V,
// ties broken by lower part number so the graph is the same on any run.
func topK(i int32, touched []int32, count []int32, users [][]int32, k int) []Edge {
	best := make([]Edge, 0, k+1)
	pi := float64(len(users[i]))
	better := func(a, b Edge, aj, bj int32) bool {
		return a.W > b.W || (a.W == b.W && aj < bj)
	}
	other := func(e Edge) int32 {
		if e.U == i {
			return e.V
		}
		return e.U
	}
	for _, j := range touched {
		c := float64(count[j]) / math.Sqrt(pi*float64(len(users[j])))
		e := Edge{U: min(i, j), V: max(i, j), W: c}
		if len(best) == k && !better(e, best[k-1], j, other(best[k-1])) {
			continue
		}
		at := len(best)
		for at > 0 && better(e, best[at-1], j, other(best[at-1])) {
			at--
		}
		best = slices.Insert(best, at, e)
		if len(best) > k {
			best = best[:k]
		}
	}
	return best
}

// WriteEdgeList writes the graph as text: a header line
// "# nodes N edges M", then one line "u v w" per undirected edge, u < v,
// nodes numbered from 0, weights in the shortest form that reads back
// exactly. The Leiden peer script reads this file.
func WriteEdgeList(w io.Writer, g *Graph) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintf(bw, "# nodes %d edges %d\n", g.Len(), g.Edges())
	var line []byte
	for u := range g.Len() {
		for k := g.Off[u]; k < g.Off[u+1]; k++ {
			if v := g.Adj[k]; int(v) > u {
				line = strconv.AppendInt(line[:0], int64(u), 10)
				line = append(line, ' ')
				line = strconv.AppendInt(line, int64(v), 10)
				line = append(line, ' ')
				line = strconv.AppendFloat(line, g.W[k], 'g', -1, 64)
				line = append(line, '\n')
				if _, err := bw.Write(line); err != nil {
					return fmt.Errorf("write edge list: %w", err)
				}
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write edge list: %w", err)
	}
	return nil
}

// ReadEdgeList reads a graph WriteEdgeList wrote.
func ReadEdgeList(r io.Reader) (*Graph, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	if !sc.Scan() {
		return nil, model.Errorf(model.Invalid, "edge list: no header")
	}
	var n, m int
	if _, err := fmt.Sscanf(sc.Text(), "# nodes %d edges %d", &n, &m); err != nil {
		return nil, model.Errorf(model.Invalid, "edge list header %q: %v", sc.Text(), err)
	}
	edges := make([]Edge, 0, m)
	for line := 2; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			return nil, model.Errorf(model.Invalid, "edge list line %d: %d fields, want 3", line, len(f))
		}
		u, err1 := strconv.ParseInt(f[0], 10, 32)
		v, err2 := strconv.ParseInt(f[1], 10, 32)
		w, err3 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, model.Errorf(model.Invalid, "edge list line %d: %q", line, sc.Text())
		}
		edges = append(edges, Edge{int32(u), int32(v), w})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read edge list: %w", err)
	}
	return FromEdges(n, edges)
}

// Modularity is Newman's Q of the partition (membership[i] is node i's
// cluster) at the given resolution, the formula gonum's community.Q
// computes, in time linear in the edges.
func Modularity(g *Graph, membership []int32, resolution float64) float64 {
	nc := int32(0)
	for _, c := range membership {
		nc = max(nc, c+1)
	}
	tot := make([]float64, nc)
	var m2, in float64
	for u := range g.Len() {
		for k := g.Off[u]; k < g.Off[u+1]; k++ {
			m2 += g.W[k]
			tot[membership[u]] += g.W[k]
			if membership[g.Adj[k]] == membership[u] {
				in += g.W[k]
			}
		}
	}
	if m2 == 0 {
		return 0
	}
	q := in / m2
	for _, t := range tot {
		q -= resolution * (t / m2) * (t / m2)
	}
	return q
}

// GonumQ scores the partition with gonum's community.Q on the same graph:
// the reference formula. It costs the sum of squared cluster sizes.
func GonumQ(g *Graph, membership []int32, resolution float64) float64 {
	return community.Q(g.gonum(), Communities(membership), resolution)
}

// gonum copies the graph into gonum's weighted undirected graph.
func (g *Graph) gonum() *simple.WeightedUndirectedGraph {
	gg := simple.NewWeightedUndirectedGraph(0, 0)
	for u := range g.Len() {
		gg.AddNode(simple.Node(u))
	}
	for u := range g.Len() {
		for k := g.Off[u]; k < g.Off[u+1]; k++ {
			if v := g.Adj[k]; int(v) > u {
				gg.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(u), T: simple.Node(v), W: g.W[k]})
			}
		}
	}
	return gg
}
