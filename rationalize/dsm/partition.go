package dsm

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Bus marks a bus element in Partition.Cluster.
const Bus = -1

// Partition assigns every element of a DSM to one cluster or to the bus.
type Partition struct {
	// Cluster[i] is element i's cluster, numbered from 0, or Bus.
	Cluster []int
}

// NewPartition returns the partition with the given clusters (lists of
// element indexes) and bus elements over n elements, checking that every
// element is placed exactly once. Errors are model.Invalid.
func NewPartition(n int, clusters [][]int, bus []int) (Partition, error) {
	p := Partition{Cluster: make([]int, n)}
	for i := range p.Cluster {
		p.Cluster[i] = -2
	}
	place := func(e, c int) error {
		if e < 0 || e >= n {
			return model.Errorf(model.Invalid, "partition: element %d outside 0..%d", e, n-1)
		}
		if p.Cluster[e] != -2 {
			return model.Errorf(model.Invalid, "partition: element %d placed twice", e)
		}
		p.Cluster[e] = c
		return nil
	}
	for _, e := range bus {
		if err := place(e, Bus); err != nil {
			return Partition{}, err
		}
	}
	for c, members := range clusters {
		for _, e := range members {
			if err := place(e, c); err != nil {
				return Partition{}, err
			}
		}
	}
	for e, c := range p.Cluster {
		if c == -2 {
			return Partition{}, model.Errorf(model.Invalid, "partition: element %d placed nowhere", e)
		}
	}
	return p.normalized(), nil
}

// normalized renumbers the clusters 0, 1, ... in order of their smallest
// element, so equal partitions compare equal whatever made them.
func (p Partition) normalized() Partition {
	ids := map[int]int{}
	out := Partition{Cluster: make([]int, len(p.Cluster))}
	for i, c := range p.Cluster {
		if c == Bus {
			out.Cluster[i] = Bus
			continue
		}
		id, ok := ids[c]
		if !ok {
			id = len(ids)
			ids[c] = id
		}
		out.Cluster[i] = id
	}
	return out
}

// Clusters returns the members of each cluster, in increasing element
// order, clusters ordered by their smallest element.
func (p Partition) Clusters() [][]int {
	n := 0
	for _, c := range p.Cluster {
		n = max(n, c+1)
	}
	out := make([][]int, n)
	for i, c := range p.Cluster {
		if c != Bus {
			out[c] = append(out[c], i)
		}
	}
	return slices.DeleteFunc(out, func(m []int) bool { return len(m) == 0 })
}

// BusElements returns the bus elements in increasing order.
func (p Partition) BusElements() []int {
	var out []int
	for i, c := range p.Cluster {
		if c == Bus {
			out = append(out, i)
		}
	}
	return out
}

// graphOf returns the undirected weighted graph of the non-bus elements
// (node id = element index), edge weight DSM(i,j)+DSM(j,i).
func graphOf(d *DSM, isBus []bool) *simple.WeightedUndirectedGraph {
	g := simple.NewWeightedUndirectedGraph(0, 0)
	for i := range d.Len() {
		if !isBus[i] {
			g.AddNode(simple.Node(i))
		}
	}
	for i, ls := range d.undirected() {
		for _, l := range ls {
			if l.to > i && !isBus[i] && !isBus[l.to] {
				g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(i), simple.Node(l.to), l.w))
			}
		}
	}
	return g
}

func busMask(n int, bus []int) []bool {
	m := make([]bool, n)
	for _, e := range bus {
		m[e] = true
	}
	return m
}

// Modularity returns Newman's modularity Q (resolution 1) of p's clusters
// on the undirected weighted graph of the DSM without its bus elements,
// edge weight DSM(i,j)+DSM(j,i), computed by gonum's community.Q. The
// undirected graph is used because a DSM's modules are about interaction,
// whichever way it points. Q is 0 when no non-bus elements interact.
func Modularity(d *DSM, p Partition) float64 {
	bus := p.BusElements()
	g := graphOf(d, busMask(d.Len(), bus))
	if g.WeightedEdges().Len() == 0 {
		return 0
	}
	var comms [][]graph.Node
	for _, members := range p.Clusters() {
		ns := make([]graph.Node, len(members))
		for k, e := range members {
			ns[k] = simple.Node(e)
		}
		comms = append(comms, ns)
	}
	return community.Q(g, comms, 1)
}

// Cost is Thebeau's total coordination cost of a partition, split into
// the cost of the interactions inside clusters and of those between them.
type Cost struct {
	Intra float64 `json:"intra"`
	Extra float64 `json:"extra"`
	Total float64 `json:"total"`
}

// CoordinationCost returns Thebeau's (2001) total coordination cost of p
// (Coord_Cost.m): every interacting pair i<j of non-bus elements costs
// (DSM(i,j)+DSM(j,i)) * size^PowCC when both lie in one cluster of size
// elements, and (DSM(i,j)+DSM(j,i)) * n^PowCC otherwise, n being the size
// of the whole DSM. Pairs with a bus element cost nothing and n counts the
// bus, as in Thebeau's runs, which zero the bus rows and columns but keep
// them in the matrix. Only params.PowCC is used. Lower is better.
func CoordinationCost(d *DSM, p Partition, params Params) Cost {
	size := map[int]int{}
	for _, c := range p.Cluster {
		if c != Bus {
			size[c]++
		}
	}
	outside := math.Pow(float64(d.Len()), params.PowCC)
	var cost Cost
	for i, ls := range d.undirected() {
		ci := p.Cluster[i]
		if ci == Bus {
			continue
		}
		for _, l := range ls {
			cj := p.Cluster[l.to]
			if l.to <= i || cj == Bus {
				continue
			}
			if ci == cj {
				cost.Intra += l.w * math.Pow(float64(size[ci]), params.PowCC)
			} else {
				cost.Extra += l.w * outside
			}
		}
	}
	cost.Total = cost.Intra + cost.Extra
	return cost
}
