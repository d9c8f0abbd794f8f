package cells

import (
	"math/rand/v2"
)

// walker runs restarts: an initial partition with a drawn number of
// cells, then iterated local search (perturb, local search, accept when
// not worse) until a number of perturbations in a row bring no new best.
type walker struct {
	s      *state
	rng    *rand.Rand
	lo, hi int // allowed numbers of cells

	cur, best snapshot
	scratch   []int64
	members   []int
}

// snapshot is a partition and its efficacy as an exact ratio.
type snapshot struct {
	rowCell, colCell []int32
	k                int
	num, den         int64
}

func (sn *snapshot) save(s *state) {
	sn.rowCell = append(sn.rowCell[:0], s.rowCell()...)
	sn.colCell = append(sn.colCell[:0], s.colCell()...)
	sn.k, sn.num, sn.den = s.k, s.ein, s.den()
}

func (sn *snapshot) better(o *snapshot) bool { return greater(sn.num, sn.den, o.num, o.den) }

func (sn *snapshot) clone() snapshot {
	c := *sn
	c.rowCell = append([]int32(nil), sn.rowCell...)
	c.colCell = append([]int32(nil), sn.colCell...)
	return c
}

func newWalker(p *problem, lo, hi int) *walker {
	return &walker{s: newState(p, hi), lo: lo, hi: hi}
}

// reseed gives the walker the random stream of one restart.
func (w *walker) reseed(seed, restart uint64) {
	w.rng = rand.New(rand.NewPCG(seed, restart^0x9e3779b97f4a7c15))
}

// run performs one restart with k cells and returns its best partition,
// valid until the next run. stopped is polled between perturbations.
func (w *walker) run(k, patience int, stopped func() bool) *snapshot {
	w.initial(k)
	w.s.localSearch()
	w.cur.save(w.s)
	w.best.save(w.s)
	for idle := 0; idle < patience; {
		if idle%16 == 0 && stopped() {
			break
		}
		w.perturb()
		w.s.localSearch()
		num, den := w.s.ein, w.s.den()
		if greater(num, den, w.best.num, w.best.den) {
			w.best.save(w.s)
			idle = 0
		} else {
			idle++
		}
		if greater(w.cur.num, w.cur.den, num, den) {
			w.s.load(w.cur.rowCell, w.cur.colCell, w.cur.k)
		} else {
			w.cur.save(w.s)
		}
	}
	return &w.best
}

// perturb applies one random kick: relocating a few rows and columns,
// merging two cells, splitting one, or opening a new cell around a one.
// Kicks that would leave the allowed range of cells fall back to
// relocation.
func (w *walker) perturb() {
	s := w.s
	switch w.rng.IntN(8) {
	case 0:
		if s.k > w.lo && s.k >= 2 {
			w.merge()
			return
		}
	case 1:
		if s.k < w.hi && w.split() {
			return
		}
	case 2:
		if s.k < w.hi && w.spawn() {
			return
		}
	}
	w.relocate(2 + w.rng.IntN(3))
}

// relocate moves n random rows or columns to random other cells, never
// emptying a cell.
func (w *walker) relocate(n int) {
	s := w.s
	if s.k < 2 {
		return
	}
	for range n {
		t := colSide
		if w.rng.IntN(s.p.m+s.p.n) < s.p.m {
			t = rowSide
		}
		sd := &s.sides[t]
		x := w.rng.IntN(len(sd.cell))
		if a := int(sd.cell[x]); sd.size[a] > 1 {
			s.move(t, x, w.otherCell(a))
		}
	}
}

func (w *walker) otherCell(a int) int {
	c := w.rng.IntN(w.s.k - 1)
	if c >= a {
		c++
	}
	return c
}

// merge joins a random cell into another: half the time a random one,
// otherwise the one it shares most ones with.
func (w *walker) merge() {
	s := w.s
	b := w.rng.IntN(s.k)
	a := w.otherCell(b)
	if w.rng.IntN(2) == 0 {
		a = w.closest(b)
	}
	for t := range s.sides {
		for x, c := range s.sides[t].cell {
			if int(c) == b {
				s.move(t, x, a)
			}
		}
	}
	s.dropCell(b)
}

// closest returns the cell other than b that holds the most ones in b's
// rows or columns.
func (w *walker) closest(b int) int {
	s := w.s
	w.scratch = append(w.scratch[:0], make([]int64, s.k)...)
	for t := range s.sides {
		sd := &s.sides[t]
		for x, c := range sd.cell {
			if int(c) == b {
				for y := range s.k {
					w.scratch[y] += int64(sd.cnt[x*s.K+y])
				}
			}
		}
	}
	best := -1
	for y := range s.k {
		if y != b && (best < 0 || w.scratch[y] > w.scratch[best]) {
			best = y
		}
	}
	return best
}

// split moves a random part of a random cell's rows and columns into a
// new cell; the cell must have two rows and two columns at least.
func (w *walker) split() bool {
	s := w.s
	a := -1
	for range 4 {
		c := w.rng.IntN(s.k)
		if s.sides[rowSide].size[c] >= 2 && s.sides[colSide].size[c] >= 2 {
			a = c
			break
		}
	}
	if a < 0 {
		return false
	}
	b := s.addCell()
	for t := range s.sides {
		w.members = w.members[:0]
		for x, c := range s.sides[t].cell {
			if int(c) == a {
				w.members = append(w.members, x)
			}
		}
		mem := w.members
		w.rng.Shuffle(len(mem), func(x, y int) { mem[x], mem[y] = mem[y], mem[x] })
		// The first goes, the second stays, the rest toss a coin.
		s.move(t, mem[0], b)
		for _, x := range mem[2:] {
			if w.rng.IntN(2) == 0 {
				s.move(t, x, b)
			}
		}
	}
	return true
}

// spawn opens a new cell around one random one of the matrix whose row
// and column can leave their cells.
func (w *walker) spawn() bool {
	s := w.s
	rows, cols := &s.sides[rowSide], &s.sides[colSide]
	for range 8 {
		i := w.rng.IntN(s.p.m)
		if rows.size[rows.cell[i]] < 2 || len(s.p.rowOnes[i]) == 0 {
			continue
		}
		j := int(s.p.rowOnes[i][w.rng.IntN(len(s.p.rowOnes[i]))])
		if cols.size[cols.cell[j]] < 2 {
			continue
		}
		b := s.addCell()
		s.moveRow(i, b)
		s.moveCol(j, b)
		return true
	}
	return false
}
