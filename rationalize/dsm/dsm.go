package dsm

import (
	"fmt"
	"math"
	"slices"

	"github.com/cbb-alliance/cbb/layers/model"
)

// DSM is a design structure matrix: labelled elements and weighted,
// directed dependencies between them. The diagonal carries no meaning and
// is never stored. The zero value is an empty DSM; use New.
type DSM struct {
	names  []string
	rows   []map[int]float64 // rows[i][j]: weight of the dependency i -> j
	adj    [][]link          // undirected view, built on first use
	origin string            // input format, see Origin
}

// link is an undirected neighbour with the summed weight of both
// directions.
type link struct {
	to int
	w  float64
}

// New returns a DSM over the named elements with no dependencies. Names
// need not be unique (some published DSMs repeat one).
func New(names []string) *DSM {
	d := &DSM{names: slices.Clone(names), rows: make([]map[int]float64, len(names))}
	for i := range d.rows {
		d.rows[i] = map[int]float64{}
	}
	return d
}

// Len returns the number of elements.
func (d *DSM) Len() int { return len(d.names) }

// Name returns the label of element i.
func (d *DSM) Name(i int) string { return d.names[i] }

// Names returns a copy of the element labels, in order.
func (d *DSM) Names() []string { return slices.Clone(d.names) }

// Set sets the weight of the dependency of element i on element j. Zero
// removes it; diagonal entries are ignored. It panics on a negative or
// non-finite weight, which no clustering measure can use; readers reject
// such input with a located error first.
func (d *DSM) Set(i, j int, w float64) {
	if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
		panic(fmt.Sprintf("dsm: weight %v of (%d,%d) is not a finite non-negative number", w, i, j))
	}
	if i == j {
		return
	}
	d.adj = nil
	if w == 0 {
		delete(d.rows[i], j)
		return
	}
	d.rows[i][j] = w
}

// At returns the weight of the dependency of element i on element j (0 on
// the diagonal and where there is none).
func (d *DSM) At(i, j int) float64 { return d.rows[i][j] }

// Dependencies returns the number of non-zero off-diagonal entries.
func (d *DSM) Dependencies() int {
	n := 0
	for _, r := range d.rows {
		n += len(r)
	}
	return n
}

// undirected returns, per element, its neighbours in either direction in
// increasing order with weight DSM(i,j)+DSM(j,i), the symmetric weight that
// Thebeau's cost and bids and the modularity graph all use.
func (d *DSM) undirected() [][]link {
	if d.adj != nil {
		return d.adj
	}
	sym := make([]map[int]float64, len(d.names))
	for i := range sym {
		sym[i] = map[int]float64{}
	}
	for i, r := range d.rows {
		for j, w := range r {
			sym[i][j] += w
			sym[j][i] += w
		}
	}
	adj := make([][]link, len(sym))
	for i, m := range sym {
		ls := make([]link, 0, len(m))
		for j, w := range m {
			ls = append(ls, link{j, w})
		}
		slices.SortFunc(ls, func(a, b link) int { return a.to - b.to })
		adj[i] = ls
	}
	d.adj = adj
	return adj
}

// FromCooccurrence builds a symmetric DSM from co-occurrence counts, such as
// how many BOMs two parts appear in together: counts[i][j] becomes the
// weight of both (i,j) and (j,i). counts must be square, of len(names), and
// symmetric; the diagonal (how often a part occurs at all) is ignored.
// Errors are model.Invalid.
func FromCooccurrence(names []string, counts [][]int) (*DSM, error) {
	if len(counts) != len(names) {
		return nil, model.Errorf(model.Invalid, "co-occurrence: %d rows for %d names", len(counts), len(names))
	}
	d := New(names)
	for i, row := range counts {
		if len(row) != len(names) {
			return nil, model.Errorf(model.Invalid, "co-occurrence row %d: %d counts for %d names", i, len(row), len(names))
		}
		for j, c := range row {
			if c < 0 || c != counts[j][i] {
				return nil, model.Errorf(model.Invalid, "co-occurrence (%d,%d)=%d: counts must be non-negative and symmetric (%d,%d)=%d", i, j, c, j, i, counts[j][i])
			}
			d.Set(i, j, float64(c))
		}
	}
	return d, nil
}

// FromPairs builds a symmetric DSM from sparse co-occurrence counts keyed
// by element index pairs (either order; a pair given in both orders must
// agree), the shape rationalize/matrix's Incidence.Cooccurrence returns.
// Errors are model.Invalid.
func FromPairs(names []string, pairs map[[2]int]int) (*DSM, error) {
	d := New(names)
	for p, c := range pairs {
		i, j := p[0], p[1]
		if i < 0 || j < 0 || i >= len(names) || j >= len(names) {
			return nil, model.Errorf(model.Invalid, "co-occurrence pair (%d,%d) outside %d names", i, j, len(names))
		}
		if c < 0 {
			return nil, model.Errorf(model.Invalid, "co-occurrence pair (%d,%d): negative count %d", i, j, c)
		}
		if o, ok := pairs[[2]int{j, i}]; ok && o != c {
			return nil, model.Errorf(model.Invalid, "co-occurrence pair (%d,%d)=%d but (%d,%d)=%d", i, j, c, j, i, o)
		}
		d.Set(i, j, float64(c))
		d.Set(j, i, float64(c))
	}
	return d, nil
}
