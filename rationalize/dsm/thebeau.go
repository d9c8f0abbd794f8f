package dsm

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Params are the parameters of Thebeau's (2001) coordination cost and
// clustering algorithm, named as in his Cluster.m.
type Params struct {
	// PowCC penalises cluster size in the coordination cost.
	PowCC float64
	// PowBid penalises cluster size in a cluster's bid for an element.
	PowBid float64
	// PowDep emphasises strong interactions in a bid.
	PowDep float64
	// MaxClusterSize stops a full cluster from bidding; 0 means the DSM size.
	MaxClusterSize int
	// RandAccept: a change that raises the cost is still taken 1 in
	// RandAccept times; 0 means twice the DSM size.
	RandAccept int
	// RandBid: the second highest bid wins 1 in RandBid times; 0 means
	// twice the DSM size.
	RandBid int
	// Times: an element is picked Times*n times between stability checks.
	Times int
	// StableLimit: the search stops after this many checks without a new
	// lowest cost.
	StableLimit int
	// MaxRepeat bounds the restarts from the best partition found when
	// the search ends above it (Cluster.m's max_repeat).
	MaxRepeat int
}

// DefaultParams returns Thebeau's parameters for the elevator DSM
// (run_cluster_A.m): pow_cc 1, pow_bid 1, pow_dep 4, max_cluster_size the
// DSM size, rand_accept and rand_bid twice the DSM size (122 for 61
// elements), times 2, stable_limit 2, max_repeat 10.
func DefaultParams() Params {
	return Params{PowCC: 1, PowBid: 1, PowDep: 4, Times: 2, StableLimit: 2, MaxRepeat: 10}
}

func (p Params) resolved(n int) Params {
	if p.MaxClusterSize <= 0 {
		p.MaxClusterSize = n
	}
	if p.RandAccept <= 0 {
		p.RandAccept = 2 * n
	}
	if p.RandBid <= 0 {
		p.RandBid = 2 * n
	}
	p.Times = max(p.Times, 1)
	p.StableLimit = max(p.StableLimit, 1)
	p.MaxRepeat = max(p.MaxRepeat, 0)
	return p
}

// Thebeau clusters the DSM with Thebeau's (2001) stochastic bid-based
// algorithm, the bus elements set apart, and returns the partition of
// lowest coordination cost it found. The run is determined by seed.
//
// Each element starts alone. Repeatedly an element is picked at random;
// every cluster bids (in+out)^PowDep / size^PowBid for it, in+out being its
// interaction with the cluster's members; the highest bid (1 in RandBid
// times the second highest) takes it if the cost does not rise (1 in
// RandAccept times even if it does). Stability, the restarts from the best
// partition and the parameters are as in Cluster.m. One difference: here
// an element belongs to one cluster, so it moves to the winning cluster
// (one of them, at random, on a tie), where Cluster.m adds it to every
// winning cluster and keeps it in its old one unless that is contained in
// another, which lets clusters overlap.
//
// It returns ctx.Err() if ctx ends first.
func Thebeau(ctx context.Context, d *DSM, bus []int, params Params, seed uint64) (Partition, error) {
	n := d.Len()
	params = params.resolved(n)
	s := newBidState(d, bus, params)
	rng := rand.New(rand.NewPCG(seed, 0x7468656265617521))
	best := slices.Clone(s.cluster)
	bestCost := s.cost()
	for pass := 0; ; pass++ {
		if pass > 0 {
			s.restore(best)
		}
		for stable := 0; stable < params.StableLimit; {
			if err := ctx.Err(); err != nil {
				return Partition{}, fmt.Errorf("thebeau clustering: %w", err)
			}
			improved := false
			for range params.Times * n {
				if !s.step(rng) {
					continue
				}
				if c := s.cost(); c < bestCost {
					bestCost = c
					copy(best, s.cluster)
					improved = true
				}
			}
			if improved {
				stable = 0
			} else {
				stable++
			}
		}
		if s.cost() <= bestCost || pass >= params.MaxRepeat {
			break
		}
	}
	return Partition{Cluster: best}.normalized(), nil
}

// bidState is a partition under Thebeau's search with the sums that make
// a move's cost change O(degree): cost = sum_c intra[c]*size[c]^PowCC +
// extra*n^PowCC.
type bidState struct {
	adj     [][]link
	params  Params
	elems   []int // non-bus elements, the ones picked
	cluster []int // cluster id per element (Bus for bus elements)
	size    []int // per cluster id
	intra   []float64
	extra   float64
	outside float64 // n^PowCC
	bid     []float64
	touched []int
}

func newBidState(d *DSM, bus []int, params Params) *bidState {
	n := d.Len()
	isBus := busMask(n, bus)
	s := &bidState{
		adj:     d.undirected(),
		params:  params,
		cluster: make([]int, n),
		size:    make([]int, n),
		intra:   make([]float64, n),
		bid:     make([]float64, n),
		outside: math.Pow(float64(n), params.PowCC),
	}
	for i := range n {
		if isBus[i] {
			s.cluster[i] = Bus
			continue
		}
		s.cluster[i] = i
		s.size[i] = 1
		s.elems = append(s.elems, i)
	}
	// Bus links are dropped so that bids and sums never see them.
	for i, ls := range s.adj {
		if isBus[i] {
			continue
		}
		for _, l := range ls {
			if !isBus[l.to] && l.to > i {
				s.extra += l.w
			}
		}
	}
	adj := make([][]link, n)
	for i, ls := range s.adj {
		if isBus[i] {
			continue
		}
		for _, l := range ls {
			if !isBus[l.to] {
				adj[i] = append(adj[i], l)
			}
		}
	}
	s.adj = adj
	return s
}

func (s *bidState) cost() float64 {
	c := s.extra * s.outside
	for id, w := range s.intra {
		if w != 0 {
			c += w * math.Pow(float64(s.size[id]), s.params.PowCC)
		}
	}
	return c
}

// restore sets the partition back to cluster and recomputes the sums.
func (s *bidState) restore(cluster []int) {
	copy(s.cluster, cluster)
	clear(s.size)
	clear(s.intra)
	s.extra = 0
	for _, e := range s.elems {
		s.size[s.cluster[e]]++
		for _, l := range s.adj[e] {
			if l.to > e {
				if s.cluster[l.to] == s.cluster[e] {
					s.intra[s.cluster[e]] += l.w
				} else {
					s.extra += l.w
				}
			}
		}
	}
}

// step picks an element, collects the bids and makes the winning move if
// accepted; it reports whether the partition changed.
func (s *bidState) step(rng *rand.Rand) bool {
	if len(s.elems) == 0 {
		return false
	}
	e := s.elems[rng.IntN(len(s.elems))]
	own := s.cluster[e]
	for _, l := range s.adj[e] {
		c := s.cluster[l.to]
		if s.bid[c] == 0 {
			s.touched = append(s.touched, c)
		}
		s.bid[c] += l.w
	}
	var bestBid, second float64
	for _, c := range s.touched {
		in := s.bid[c]
		s.bid[c] = 0
		if s.size[c] >= s.params.MaxClusterSize {
			in = 0
		} else {
			in = math.Pow(in, s.params.PowDep) / math.Pow(float64(s.size[c]), s.params.PowBid)
		}
		s.bid[c] = in
	}
	for _, c := range s.touched {
		if b := s.bid[c]; b > bestBid {
			second, bestBid = bestBid, b
		} else if b > second && b != bestBid {
			second = b
		}
	}
	if rng.IntN(s.params.RandBid) == 0 {
		bestBid = second
	}
	var winners []int
	wOwn := 0.0
	for _, c := range s.touched {
		if bestBid > 0 && s.bid[c] == bestBid && c != own {
			winners = append(winners, c)
		}
	}
	// The raw interaction with the old cluster is needed for the cost.
	for _, l := range s.adj[e] {
		if s.cluster[l.to] == own {
			wOwn += l.w
		}
	}
	for _, c := range s.touched {
		s.bid[c] = 0
	}
	s.touched = s.touched[:0]
	if len(winners) == 0 {
		return false
	}
	to := winners[0]
	if len(winners) > 1 {
		slices.Sort(winners)
		to = winners[rng.IntN(len(winners))]
	}
	return s.tryMove(rng, e, own, to, wOwn)
}

// tryMove moves e from its cluster to cluster to if that does not raise
// the cost, or 1 in RandAccept times anyway.
func (s *bidState) tryMove(rng *rand.Rand, e, from, to int, wFrom float64) bool {
	wTo := 0.0
	for _, l := range s.adj[e] {
		if s.cluster[l.to] == to {
			wTo += l.w
		}
	}
	pc := s.params.PowCC
	term := func(w float64, size int) float64 {
		if size == 0 || w == 0 {
			return 0
		}
		return w * math.Pow(float64(size), pc)
	}
	before := term(s.intra[from], s.size[from]) + term(s.intra[to], s.size[to]) + s.extra*s.outside
	after := term(s.intra[from]-wFrom, s.size[from]-1) + term(s.intra[to]+wTo, s.size[to]+1) +
		(s.extra+wFrom-wTo)*s.outside
	if after > before && rng.IntN(s.params.RandAccept) != 0 {
		return false
	}
	s.intra[from] -= wFrom
	s.intra[to] += wTo
	s.extra += wFrom - wTo
	s.size[from]--
	s.size[to]++
	s.cluster[e] = to
	return true
}
