package cells

import (
	"slices"
	"testing"
)

// The incremental counts of the search (ones inside, area, cell sizes,
// per-cell ones of every row and column) stay equal to counts made from
// scratch through perturbations that add, split, merge and drop cells, and
// no cell is ever left residual, after a kick or a local search; the
// counts of unused cell numbers stay zero, ready for the next new cell.
func TestStateCounts(t *testing.T) {
	for _, path := range []string{"testdata/mccormick-1972-16x24.txt", "testdata/king-nakornchai-1982-fig1a.txt"} {
		m := readFile(t, path)
		p := newProblem(m)
		w := newWalker(p, 1, p.maxK)
		w.reseed(9, 0)
		w.initial(3)
		fresh := newState(p, p.maxK)
		for step := range 300 {
			w.perturb()
			if step%2 == 0 {
				w.s.localSearch()
			}
			s := w.s
			for c := range s.k {
				if s.sides[rowSide].size[c] == 0 || s.sides[colSide].size[c] == 0 {
					t.Fatalf("%s step %d: cell %d is residual", path, step, c)
				}
			}
			fresh.load(s.rowCell(), s.colCell(), s.k)
			if s.ein != fresh.ein || s.area != fresh.area {
				t.Fatalf("%s step %d: ein %d area %d, from scratch %d %d", path, step, s.ein, s.area, fresh.ein, fresh.area)
			}
			for side := range s.sides {
				a, b := &s.sides[side], &fresh.sides[side]
				if !slices.Equal(a.size[:s.k], b.size[:s.k]) {
					t.Fatalf("%s step %d: sizes %v, from scratch %v", path, step, a.size[:s.k], b.size[:s.k])
				}
				for x := range a.cell {
					if !slices.Equal(a.cnt[x*s.K:(x+1)*s.K], b.cnt[x*s.K:(x+1)*s.K]) {
						t.Fatalf("%s step %d: side %d element %d counts differ", path, step, side, x)
					}
				}
			}
		}
	}
}
