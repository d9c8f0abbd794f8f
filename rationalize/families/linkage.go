package families

import (
	"fmt"
	"math"
	"slices"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Linkage is how the distance between two clusters follows from the
// distances between their members.
type Linkage string

// The linkages. All four are reducible, which the nearest-neighbour chain
// needs to find the same hierarchy as the naive algorithm.
const (
	// Average is UPGMA: the mean distance over all pairs across the two
	// clusters. The default: it neither chains (single) nor lets one far
	// member split a family (complete).
	Average Linkage = "average"
	// Complete is the largest distance across the two clusters: every
	// member of a cluster is within its height of every other.
	Complete Linkage = "complete"
	// Single is the smallest distance across the two clusters.
	Single Linkage = "single"
	// Weighted is WPGMA: the mean of the two merged clusters' distances,
	// whatever their sizes.
	Weighted Linkage = "weighted"
)

// Linkages lists the supported linkages.
var Linkages = []Linkage{Average, Complete, Single, Weighted}

// Merge is one step of a hierarchy: clusters A and B (A < B) join at
// Height into a cluster of Size items. Items are clusters 0..N-1 and the
// cluster formed by merge k is N+k, as in SciPy's linkage matrix.
type Merge struct {
	A, B   int
	Height float64
	Size   int
}

// Dendrogram is the hierarchy over N items: N-1 merges in order of height.
type Dendrogram struct {
	N       int
	Linkage Linkage
	Merges  []Merge
}

// Cluster builds the hierarchy of the items d measures with the nearest-
// neighbour chain algorithm (Murtagh 1983; Müllner 2011): O(n²) time on a
// working copy of d, updated by the Lance-Williams formula. An empty
// linkage means Average.
//
// It returns a model.Error with code Invalid for an unknown linkage, a
// matrix whose size does not match N, or a distance that is negative, NaN
// or infinite.
func Cluster(d Condensed, linkage Linkage) (*Dendrogram, error) {
	if linkage == "" {
		linkage = Average
	}
	if !slices.Contains(Linkages, linkage) {
		return nil, model.Errorf(model.Invalid, "unknown linkage %q (want one of %v)", linkage, Linkages)
	}
	if d.N < 0 || len(d.D) != d.N*(d.N-1)/2 {
		return nil, model.Errorf(model.Invalid, "distance matrix over %d items has %d entries, want %d", d.N, len(d.D), d.N*(d.N-1)/2)
	}
	for k, v := range d.D {
		if !(v >= 0) || math.IsInf(v, 1) {
			return nil, model.Errorf(model.Invalid, "distance %v at entry %d: distances must be finite and not negative", v, k)
		}
	}
	raw := nnChain(d, linkage)
	return &Dendrogram{N: d.N, Linkage: linkage, Merges: relabel(d.N, raw)}, nil
}

// nnChain returns the merges as pairs of slots, unordered by height: a
// merged cluster lives on in the slot of its second member.
func nnChain(d Condensed, linkage Linkage) []Merge {
	n := d.N
	w := Condensed{N: n, D: slices.Clone(d.D)}
	size := make([]int, n)
	for i := range size {
		size[i] = 1
	}
	merges := make([]Merge, 0, max(n-1, 0))
	chain := make([]int, 0, n)
	for len(merges) < n-1 {
		if len(chain) == 0 {
			chain = append(chain, slices.IndexFunc(size, func(s int) bool { return s > 0 }))
		}
		var x, y int
		var dmin float64
		for {
			x = chain[len(chain)-1]
			// Preferring the previous chain element on ties is what makes
			// the chain end in a reciprocal pair.
			prev := -1
			if len(chain) > 1 {
				prev = chain[len(chain)-2]
			}
			y, dmin = nearest(w, size, x, prev)
			if y == prev {
				break
			}
			chain = append(chain, y)
		}
		chain = chain[:len(chain)-2]
		if x > y {
			x, y = y, x
		}
		merges = append(merges, Merge{A: x, B: y, Height: dmin, Size: size[x] + size[y]})
		update(w, size, x, y, linkage)
		size[y] += size[x]
		size[x] = 0
	}
	return merges
}

// nearest finds the active cluster closest to x, prev winning ties. It
// walks x's column above the diagonal and its contiguous row below, so the
// scan costs no index arithmetic per element.
func nearest(w Condensed, size []int, x, prev int) (int, float64) {
	best, dmin := -1, math.Inf(1)
	if prev >= 0 {
		best, dmin = prev, w.At(x, prev)
	}
	n := w.N
	idx := x - 1 // d(0, x)
	for i := 0; i < x; i++ {
		if size[i] > 0 && w.D[idx] < dmin {
			best, dmin = i, w.D[idx]
		}
		idx += n - i - 2
	}
	if x < n-1 {
		row := w.D[w.Index(x, x+1):]
		for i := x + 1; i < n; i++ {
			if size[i] > 0 && row[i-x-1] < dmin {
				best, dmin = i, row[i-x-1]
			}
		}
	}
	if best < 0 {
		// Only when every distance is +Inf: any active cluster will do.
		for i := range n {
			if size[i] > 0 && i != x {
				return i, w.At(x, i)
			}
		}
	}
	return best, dmin
}

// update sets the distances from the cluster x ∪ y, kept in slot y, to
// every other active cluster.
func update(w Condensed, size []int, x, y int, linkage Linkage) {
	nx, ny := float64(size[x]), float64(size[y])
	for i := range w.N {
		if size[i] == 0 || i == x || i == y {
			continue
		}
		dx, dy := w.D[w.Index(i, x)], w.D[w.Index(i, y)]
		var v float64
		switch linkage {
		case Single:
			v = min(dx, dy)
		case Complete:
			v = max(dx, dy)
		case Weighted:
			v = (dx + dy) / 2
		default:
			v = (nx*dx + ny*dy) / (nx + ny)
		}
		w.D[w.Index(i, y)] = v
	}
}

// relabel orders the merges by height and names clusters as SciPy does.
func relabel(n int, raw []Merge) []Merge {
	slices.SortStableFunc(raw, func(a, b Merge) int {
		switch {
		case a.Height < b.Height:
			return -1
		case a.Height > b.Height:
			return 1
		}
		return 0
	})
	parent := make([]int, 2*n)
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		root := x
		for parent[root] != root {
			root = parent[root]
		}
		for parent[x] != root {
			parent[x], x = root, parent[x]
		}
		return root
	}
	out := make([]Merge, len(raw))
	for k, m := range raw {
		a, b := find(m.A), find(m.B)
		if a > b {
			a, b = b, a
		}
		parent[a], parent[b] = n+k, n+k
		out[k] = Merge{A: a, B: b, Height: m.Height, Size: m.Size}
	}
	return out
}

// Cut returns flat clusters: items joined by merges no higher than height
// share a label. Labels run from 0 in the order of each cluster's first item.
func (d *Dendrogram) Cut(height float64) []int {
	k := 0
	for k < len(d.Merges) && d.Merges[k].Height <= height {
		k++
	}
	return d.labels(k)
}

// CutK returns k flat clusters (k clamped to 1..N), labelled as by Cut.
func (d *Dendrogram) CutK(k int) []int {
	k = min(max(k, 1), d.N)
	return d.labels(d.N - k)
}

// labels applies the first k merges.
func (d *Dendrogram) labels(k int) []int {
	root := make([]int, d.N+k)
	for i := range root {
		root[i] = i
	}
	// Walking the merges backwards sends each member to its top cluster.
	for m := k - 1; m >= 0; m-- {
		root[d.Merges[m].A] = root[d.N+m]
		root[d.Merges[m].B] = root[d.N+m]
	}
	out := make([]int, d.N)
	seen := map[int]int{}
	for i := range d.N {
		l, ok := seen[root[i]]
		if !ok {
			l = len(seen)
			seen[root[i]] = l
		}
		out[i] = l
	}
	return out
}

// Groups turns labels into the item indexes of each label.
func Groups(labels []int) [][]int {
	var out [][]int
	for i, l := range labels {
		for len(out) <= l {
			out = append(out, nil)
		}
		out[l] = append(out[l], i)
	}
	return out
}

// Leaves returns the items in the order a drawing puts them, A before B
// at every merge, so every cluster is a contiguous run.
func (d *Dendrogram) Leaves() []int {
	if d.N == 0 {
		return nil
	}
	out := make([]int, 0, d.N)
	stack := []int{d.N + len(d.Merges) - 1}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c < d.N {
			out = append(out, c)
			continue
		}
		m := d.Merges[c-d.N]
		stack = append(stack, m.B, m.A)
	}
	return out
}

// CopheneticCorrelation is the Pearson correlation between the distances d
// and the heights at which the hierarchy first joins each pair of items:
// how faithfully the tree keeps the distances (above about 0.8 is good).
// It is NaN for fewer than three items or constant distances.
func (d *Dendrogram) CopheneticCorrelation(dist Condensed) (float64, error) {
	if dist.N != d.N {
		return 0, model.Errorf(model.Invalid, "distances over %d items, dendrogram over %d", dist.N, d.N)
	}
	pairs := float64(len(dist.D))
	if d.N < 3 {
		return math.NaN(), nil
	}
	var sumD, sumC float64
	for _, v := range dist.D {
		sumD += v
	}
	size := func(c int) int {
		if c < d.N {
			return 1
		}
		return d.Merges[c-d.N].Size
	}
	for _, m := range d.Merges {
		sumC += m.Height * float64(size(m.A)) * float64(size(m.B))
	}
	meanD, meanC := sumD/pairs, sumC/pairs
	// Members of each cluster are kept as linked lists of items so joining
	// two is O(1) and the pass over pairs is O(n²) in all.
	next, head, tail := make([]int, d.N), make([]int, d.N+len(d.Merges)), make([]int, d.N+len(d.Merges))
	for i := range d.N {
		next[i], head[i], tail[i] = -1, i, i
	}
	var sdc, sdd, scc float64
	for k, m := range d.Merges {
		c := m.Height - meanC
		for a := head[m.A]; a >= 0; a = next[a] {
			for b := head[m.B]; b >= 0; b = next[b] {
				x := dist.At(a, b) - meanD
				sdc += x * c
				sdd += x * x
				scc += c * c
			}
		}
		next[tail[m.A]] = head[m.B]
		head[d.N+k], tail[d.N+k] = head[m.A], tail[m.B]
	}
	return sdc / math.Sqrt(sdd*scc), nil
}

// String summarizes the dendrogram.
func (d *Dendrogram) String() string {
	top := 0.0
	if len(d.Merges) > 0 {
		top = d.Merges[len(d.Merges)-1].Height
	}
	return fmt.Sprintf("%s linkage over %d items, top height %.3g", d.Linkage, d.N, top)
}
