package dsm

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/graph/community"
)

// Louvain partitions the DSM's non-bus elements by maximising modularity
// at the given resolution (1 is Newman's Q) with the Louvain algorithm of
// gonum's community.Modularize, on the undirected weighted graph Modularity
// scores. The run is determined by seed. Elements without interactions
// stay alone. Beware gonum's Louvain slows sharply on large graphs with
// few big communities (minutes at 50k nodes); DSMs are far smaller.
func Louvain(d *DSM, bus []int, resolution float64, seed uint64) Partition {
	isBus := busMask(d.Len(), bus)
	p := Partition{Cluster: make([]int, d.Len())}
	for i := range p.Cluster {
		p.Cluster[i] = i
		if isBus[i] {
			p.Cluster[i] = Bus
		}
	}
	g := graphOf(d, isBus)
	if g.WeightedEdges().Len() == 0 {
		return p.normalized()
	}
	r := community.Modularize(g, resolution, rand.NewPCG(seed, 0x6c6f757661696e21))
	for c, members := range r.Communities() {
		for _, n := range members {
			p.Cluster[n.ID()] = d.Len() + c
		}
	}
	return p.normalized()
}
