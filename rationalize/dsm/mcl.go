package dsm

import (
	"context"
	"fmt"
	"math"
)

// MCLParams are the parameters of Markov clustering.
type MCLParams struct {
	// Inflation is the power each column is raised to between expansions;
	// higher gives more, smaller clusters. 2 is Van Dongen's default.
	Inflation float64
	// Expansion is the power of the flow matrix per iteration (2).
	Expansion int
	// MaxIter bounds the iterations (100).
	MaxIter int
}

// DefaultMCLParams returns inflation 2, expansion 2, at most 100 iterations.
func DefaultMCLParams() MCLParams { return MCLParams{Inflation: 2, Expansion: 2, MaxIter: 100} }

// Flows below this are pruned after inflation, as MCL implementations do
// to keep the matrix sparse and the iteration converging.
const mclPrune = 1e-6

// MarkovClustering partitions the DSM's non-bus elements with Van Dongen's
// Markov clustering (MCL) on the undirected weighted graph, each element
// given a self-loop as heavy as its heaviest interaction (Van Dongen's
// recommendation, so that flow does not oscillate). At convergence each
// element joins the attractor that draws most of its flow. The matrix is
// dense: fine for DSMs of hundreds of elements, not for co-occurrence
// graphs of tens of thousands. It returns ctx.Err() if ctx ends first.
func MarkovClustering(ctx context.Context, d *DSM, bus []int, params MCLParams) (Partition, error) {
	if params.Inflation <= 1 || params.Expansion < 2 || params.MaxIter < 1 {
		return Partition{}, fmt.Errorf("markov clustering: want inflation > 1, expansion >= 2, max iterations >= 1, got %+v", params)
	}
	isBus := busMask(d.Len(), bus)
	var elems []int
	pos := make([]int, d.Len())
	for i := range d.Len() {
		if !isBus[i] {
			pos[i] = len(elems)
			elems = append(elems, i)
		}
	}
	m := len(elems)
	a := make([][]float64, m) // a[row][col], columns are stochastic
	for k := range a {
		a[k] = make([]float64, m)
	}
	adj := d.undirected()
	for k, e := range elems {
		loop := 0.0
		for _, l := range adj[e] {
			if !isBus[l.to] {
				a[pos[l.to]][k] = l.w
				loop = max(loop, l.w)
			}
		}
		a[k][k] = max(loop, 1)
	}
	normalizeColumns(a)
	for range params.MaxIter {
		if err := ctx.Err(); err != nil {
			return Partition{}, fmt.Errorf("markov clustering: %w", err)
		}
		next := a
		for range params.Expansion - 1 {
			next = multiply(next, a)
		}
		inflate(next, params.Inflation)
		done := maxDiff(a, next) < 1e-9
		a = next
		if done {
			break
		}
	}
	p := Partition{Cluster: make([]int, d.Len())}
	for i := range p.Cluster {
		p.Cluster[i] = Bus
	}
	// Ties go to the lowest attractor: members of one attractor system
	// draw equal flow from each of its attractors.
	for k, e := range elems {
		best := 0
		for r := range m {
			if a[r][k] > a[best][k]+1e-12 {
				best = r
			}
		}
		p.Cluster[e] = best
	}
	return p.normalized(), nil
}

func normalizeColumns(a [][]float64) {
	for c := range a {
		var s float64
		for r := range a {
			s += a[r][c]
		}
		if s > 0 {
			for r := range a {
				a[r][c] /= s
			}
		}
	}
}

func multiply(x, y [][]float64) [][]float64 {
	m := len(x)
	out := make([][]float64, m)
	for i := range out {
		out[i] = make([]float64, m)
		for k, xik := range x[i] {
			if xik == 0 {
				continue
			}
			for j, ykj := range y[k] {
				out[i][j] += xik * ykj
			}
		}
	}
	return out
}

func inflate(a [][]float64, r float64) {
	for i := range a {
		for j, v := range a[i] {
			a[i][j] = math.Pow(v, r)
		}
	}
	normalizeColumns(a)
	for i := range a {
		for j, v := range a[i] {
			if v < mclPrune {
				a[i][j] = 0
			}
		}
	}
	normalizeColumns(a)
}

func maxDiff(a, b [][]float64) float64 {
	var d float64
	for i := range a {
		for j := range a[i] {
			d = max(d, math.Abs(a[i][j]-b[i][j]))
		}
	}
	return d
}
