package dedup

import (
	"cmp"
	"slices"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Groups groups near-duplicate pairs so that every two items of a group
// were paired themselves: pairs are taken best first, and two groups join
// only when all their members pair across. Plain connected components
// would let one vague item ("M3x8 screw") join a pan head screw to a cap
// head screw that the detector kept apart. Self pairs are ignored. Items
// in a group are sorted by ID; groups are sorted largest first, then by
// their first ID.
func Groups(pairs []Pair) [][]model.ItemID {
	paired := map[[2]model.ItemID]bool{}
	for _, p := range pairs {
		paired[[2]model.ItemID{p.A, p.B}] = true
		paired[[2]model.ItemID{p.B, p.A}] = true
	}
	sorted := slices.Clone(pairs)
	slices.SortStableFunc(sorted, func(a, b Pair) int { return cmp.Compare(b.Score, a.Score) })
	group := map[model.ItemID]*[]model.ItemID{}
	for _, p := range sorted {
		if p.A == p.B {
			continue
		}
		ga, gb := group[p.A], group[p.B]
		switch {
		case ga == nil && gb == nil:
			g := &[]model.ItemID{p.A, p.B}
			group[p.A], group[p.B] = g, g
		case ga == gb:
		case ga == nil || gb == nil:
			// One of the two is grouped: x is the other.
			g, x := ga, p.B
			if g == nil {
				g, x = gb, p.A
			}
			if allPaired(paired, *g, []model.ItemID{x}) {
				*g = append(*g, x)
				group[x] = g
			}
		default:
			if allPaired(paired, *ga, *gb) {
				*ga = append(*ga, *gb...)
				for _, x := range *gb {
					group[x] = ga
				}
			}
		}
	}
	seen := map[*[]model.ItemID]bool{}
	var out [][]model.ItemID
	for _, p := range sorted {
		for _, id := range []model.ItemID{p.A, p.B} {
			if g := group[id]; g != nil && !seen[g] {
				seen[g] = true
				ids := slices.Clone(*g)
				slices.Sort(ids)
				out = append(out, ids)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b []model.ItemID) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(a[0], b[0]))
	})
	return out
}

func allPaired(paired map[[2]model.ItemID]bool, a, b []model.ItemID) bool {
	for _, x := range a {
		for _, y := range b {
			if !paired[[2]model.ItemID{x, y}] {
				return false
			}
		}
	}
	return true
}
