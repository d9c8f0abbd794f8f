package rules

import (
	"cmp"
	"context"
	"math"
	"slices"
)

// basket is a set of transactions re-coded for mining: the frequent
// items, each group of items with identical transactions folded into its
// representative, numbered by rank (0 is the most frequent).
type basket struct {
	n      int        // transactions
	names  []string   // rank -> representative id
	count  []int      // rank -> transactions having it
	tx     [][]int32  // transaction -> ranks, ascending
	tids   [][]int32  // rank -> transactions having it, ascending
	groups [][]string // rank -> its group, representative first, when larger than one
}

// prepare codes the transactions, keeping items in at least minCount of
// them. An empty id is ignored; an id repeated in a transaction counts
// once.
func prepare(ctx context.Context, transactions [][]string, minCount int) (*basket, error) {
	index := map[string]int32{}
	var ids []string
	var tids [][]int32
	for t, tr := range transactions {
		if t%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for _, id := range tr {
			if id == "" {
				continue
			}
			i, ok := index[id]
			if !ok {
				i = int32(len(ids))
				index[id] = i
				ids = append(ids, id)
				tids = append(tids, nil)
			}
			if l := tids[i]; len(l) == 0 || l[len(l)-1] != int32(t) {
				tids[i] = append(l, int32(t))
			}
		}
	}
	// Fold items whose transactions are identical: bucket by a hash of the
	// transaction list, then compare lists within a bucket.
	buckets := map[uint64][]int32{}
	for i, l := range tids {
		if len(l) >= minCount {
			h := tidHash(l)
			buckets[h] = append(buckets[h], int32(i))
		}
	}
	type group struct {
		members []int32 // sorted by id
	}
	var gs []group
	for _, b := range buckets {
		slices.SortFunc(b, func(x, y int32) int { return cmp.Compare(ids[x], ids[y]) })
		done := make([]bool, len(b))
		for i := range b {
			if done[i] {
				continue
			}
			g := group{members: []int32{b[i]}}
			for j := i + 1; j < len(b); j++ {
				if !done[j] && slices.Equal(tids[b[i]], tids[b[j]]) {
					done[j] = true
					g.members = append(g.members, b[j])
				}
			}
			gs = append(gs, g)
		}
	}
	slices.SortFunc(gs, func(x, y group) int {
		if c := cmp.Compare(len(tids[y.members[0]]), len(tids[x.members[0]])); c != 0 {
			return c
		}
		return cmp.Compare(ids[x.members[0]], ids[y.members[0]])
	})
	bk := &basket{n: len(transactions), tx: make([][]int32, len(transactions))}
	for r, g := range gs {
		rep := g.members[0]
		bk.names = append(bk.names, ids[rep])
		bk.count = append(bk.count, len(tids[rep]))
		bk.tids = append(bk.tids, tids[rep])
		var names []string
		if len(g.members) > 1 {
			for _, m := range g.members {
				names = append(names, ids[m])
			}
		}
		bk.groups = append(bk.groups, names)
		for _, t := range tids[rep] {
			bk.tx[t] = append(bk.tx[t], int32(r))
		}
	}
	return bk, nil
}

// groupMap returns the folded groups by representative.
func (b *basket) groupMap() map[string][]string {
	m := map[string][]string{}
	for r, g := range b.groups {
		if len(g) > 1 {
			m[b.names[r]] = g
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

func tidHash(l []int32) uint64 {
	h := uint64(14695981039346656037)
	for _, t := range l {
		h ^= uint64(t) + 0x9e3779b97f4a7c15
		h *= 1099511628211
		h ^= h >> 29
	}
	return h
}

// minCount turns a support share into a transaction count, at least 2
// (one transaction is no evidence of a pattern) unless there are fewer.
func minCount(share float64, n int) int {
	c := int(math.Ceil(share*float64(n) - 1e-9))
	return max(c, min(2, n))
}

// intersects reports whether two ascending lists share an element.
func intersects(a, b []int32) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			return true
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return false
}
