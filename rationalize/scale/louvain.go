package scale

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

// LouvainParams sets a Louvain run.
type LouvainParams struct {
	// Resolution is the modularity resolution; 1 is Newman's Q.
	Resolution float64
	// Seed determines the node order of every local-moving sweep.
	Seed uint64
	// Iterations bounds the full runs; each starts from the partition the
	// last one found, as leidenalg's n_iterations does. Zero or less runs
	// until a run no longer raises Q.
	Iterations int
}

// DefaultLouvainParams: resolution 1, seed 1, until Q stops rising.
func DefaultLouvainParams() LouvainParams {
	return LouvainParams{Resolution: 1, Seed: 1}
}

// Louvain partitions g by modularity maximisation (Blondel et al. 2008)
// and returns each node's cluster, numbered from 0 in order of first node.
// Local moving visits a queue of nodes whose neighbourhood changed, as
// Traag's Leiden does, instead of sweeping all nodes until none moves;
// levels are aggregated into compressed rows. It is written for graphs of
// 10^5 to 10^6 nodes, where gonum's community.Modularize, which keeps its
// graphs in maps, takes minutes. Nodes without edges stay alone.
func Louvain(ctx context.Context, g *Graph, p LouvainParams) ([]int32, error) {
	rng := rand.New(rand.NewPCG(p.Seed, 0x6c6f75))
	memb := make([]int32, g.Len())
	for i := range memb {
		memb[i] = int32(i)
	}
	best := Modularity(g, memb, p.Resolution)
	for it := 0; p.Iterations <= 0 || it < p.Iterations; it++ {
		next, err := louvainRun(ctx, g, slices.Clone(memb), p.Resolution, rng)
		if err != nil {
			return nil, err
		}
		q := Modularity(g, next, p.Resolution)
		if q <= best+1e-12 {
			break
		}
		memb, best = next, q
	}
	return renumber(memb), nil
}

// level is one level's graph: base nodes aggregated into nodes, with the
// weight inside each node kept as a self-loop.
type level struct {
	off  []int
	adj  []int32
	w    []float64
	self []float64
	k    []float64
}

func levelOf(g *Graph) *level {
	lv := &level{off: g.Off, adj: g.Adj, w: g.W, self: make([]float64, g.Len()), k: make([]float64, g.Len())}
	for u := range lv.k {
		for e := g.Off[u]; e < g.Off[u+1]; e++ {
			lv.k[u] += g.W[e]
		}
	}
	return lv
}

func (lv *level) len() int { return len(lv.k) }

// louvainRun runs the multi-level algorithm once, the base nodes starting
// in the clusters of memb, and returns the new membership.
func louvainRun(ctx context.Context, g *Graph, memb []int32, res float64, rng *rand.Rand) ([]int32, error) {
	lv := levelOf(g)
	var m2 float64
	for _, k := range lv.k {
		m2 += k
	}
	if m2 == 0 {
		return memb, nil
	}
	comm := renumber(memb)
	for depth := 0; ; depth++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("louvain: %w", err)
		}
		moved := moveNodes(lv, comm, res, m2, rng)
		comm = renumber(comm)
		if depth == 0 {
			memb = comm
		} else {
			for i, c := range memb {
				memb[i] = comm[c]
			}
		}
		nc := int(slices.Max(comm)) + 1
		if (!moved && depth > 0) || nc == lv.len() {
			return memb, nil
		}
		lv = aggregate(lv, comm, nc)
		comm = make([]int32, nc)
		for i := range comm {
			comm[i] = int32(i)
		}
	}
}

// moveNodes moves nodes of lv between clusters while a move raises Q and
// reports whether any moved.
func moveNodes(lv *level, comm []int32, res, m2 float64, rng *rand.Rand) bool {
	n := lv.len()
	tot := make([]float64, n)
	for i, c := range comm {
		tot[c] += lv.k[i]
	}
	queue := make([]int32, 0, n)
	for _, i := range rng.Perm(n) {
		queue = append(queue, int32(i))
	}
	inQueue := make([]bool, n)
	for i := range inQueue {
		inQueue[i] = true
	}
	toComm := make([]float64, n)
	seen := make([]bool, n)
	var touched []int32
	moved := false
	for head := 0; head < len(queue); head++ {
		i := queue[head]
		inQueue[i] = false
		ci := comm[i]
		touched = touched[:0]
		for e := lv.off[i]; e < lv.off[i+1]; e++ {
			c := comm[lv.adj[e]]
			if !seen[c] {
				seen[c] = true
				touched = append(touched, c)
			}
			toComm[c] += lv.w[e]
		}
		ki := lv.k[i]
		tot[ci] -= ki
		best, bestGain := ci, toComm[ci]-res*ki*tot[ci]/m2
		for _, c := range touched {
			if gain := toComm[c] - res*ki*tot[c]/m2; gain > bestGain+1e-15 {
				best, bestGain = c, gain
			}
		}
		tot[best] += ki
		for _, c := range touched {
			toComm[c], seen[c] = 0, false
		}
		if best == ci {
			continue
		}
		comm[i], moved = best, true
		for e := lv.off[i]; e < lv.off[i+1]; e++ {
			if j := lv.adj[e]; !inQueue[j] && comm[j] != best {
				inQueue[j] = true
				queue = append(queue, j)
			}
		}
		// Compact the queue so it does not grow without bound.
		if head > n && head > len(queue)/2 {
			queue = append(queue[:0], queue[head+1:]...)
			head = -1
		}
	}
	return moved
}

// aggregate returns the graph of lv's clusters.
func aggregate(lv *level, comm []int32, nc int) *level {
	members := make([][]int32, nc)
	for i, c := range comm {
		members[c] = append(members[c], int32(i))
	}
	out := &level{off: make([]int, nc+1), self: make([]float64, nc), k: make([]float64, nc)}
	toComm := make([]float64, nc)
	seen := make([]bool, nc)
	var touched []int32
	for c, ms := range members {
		touched = touched[:0]
		for _, u := range ms {
			out.self[c] += lv.self[u]
			out.k[c] += lv.k[u]
			for e := lv.off[u]; e < lv.off[u+1]; e++ {
				d := comm[lv.adj[e]]
				if int(d) == c {
					out.self[c] += lv.w[e]
					continue
				}
				if !seen[d] {
					seen[d] = true
					touched = append(touched, d)
				}
				toComm[d] += lv.w[e]
			}
		}
		slices.Sort(touched)
		for _, d := range touched {
			out.adj = append(out.adj, d)
			out.w = append(out.w, toComm[d])
			toComm[d], seen[d] = 0, false
		}
		out.off[c+1] = len(out.adj)
	}
	return out
}

// renumber numbers clusters from 0 in order of first node.
func renumber(memb []int32) []int32 {
	id := make(map[int32]int32)
	out := make([]int32, len(memb))
	for i, c := range memb {
		n, ok := id[c]
		if !ok {
			n = int32(len(id))
			id[c] = n
		}
		out[i] = n
	}
	return out
}

// Communities turns a membership into gonum's communities.
func Communities(membership []int32) [][]graph.Node {
	var cs [][]graph.Node
	for i, c := range membership {
		for int(c) >= len(cs) {
			cs = append(cs, nil)
		}
		cs[c] = append(cs[c], simple.Node(i))
	}
	return slices.DeleteFunc(cs, func(c []graph.Node) bool { return len(c) == 0 })
}

// GonumLouvain partitions g with gonum's community.Modularize, the
// reference Louvain our Louvain is checked against.
func GonumLouvain(g *Graph, resolution float64, seed uint64) []int32 {
	r := community.Modularize(g.gonum(), resolution, rand.NewPCG(seed, 0x6c6f757661696e21))
	memb := make([]int32, g.Len())
	for c, ms := range r.Communities() {
		for _, n := range ms {
			memb[n.ID()] = int32(c)
		}
	}
	return renumber(memb)
}
