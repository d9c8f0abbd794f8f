package dedup

import (
	"cmp"
	"slices"

	"cbb/layers/model"
)

// Groups returns the connected components of the pairs' graph, each with
// two or more items: the groups of near-duplicates the rationalization
// layer proposes a master for. Items in a group are sorted by ID; groups
// are sorted largest first, then by their first ID.
//
// Grouping is transitive: A~B and B~C put A and C in one group even if
// A and C were not paired, so a group can span more than one threshold's
// worth of difference; callers that need tight groups should raise the
// threshold of the pairs they pass.
func Groups(pairs []Pair) [][]model.ItemID {
	parent := map[model.ItemID]model.ItemID{}
	find := func(x model.ItemID) model.ItemID {
		if _, ok := parent[x]; !ok {
			parent[x] = x
			return x
		}
		r := x
		for parent[r] != r {
			r = parent[r]
		}
		for parent[x] != r { // path compression
			x, parent[x] = parent[x], r
		}
		return r
	}
	for _, p := range pairs {
		ra, rb := find(p.A), find(p.B)
		if ra == rb {
			continue
		}
		// The smaller ID becomes the root: the result does not depend on
		// the order of the pairs.
		if rb < ra {
			ra, rb = rb, ra
		}
		parent[rb] = ra
	}
	members := map[model.ItemID][]model.ItemID{}
	for x := range parent {
		r := find(x)
		members[r] = append(members[r], x)
	}
	var out [][]model.ItemID
	for _, m := range members {
		if len(m) < 2 {
			continue
		}
		slices.Sort(m)
		out = append(out, m)
	}
	slices.SortFunc(out, func(x, y []model.ItemID) int {
		return cmp.Or(cmp.Compare(len(y), len(x)), cmp.Compare(x[0], y[0]))
	})
	return out
}
