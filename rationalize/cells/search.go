package cells

// problem is a matrix in the form the search reads: ones by row and by
// column as int32 indices.
type problem struct {
	m, n    int
	rowOnes [][]int32
	colOnes [][]int32
	e       int64
	maxK    int // capacity: at most min(m, n) non-residual cells exist
}

func newProblem(mx Matrix) *problem {
	p := &problem{m: mx.Rows, n: mx.Cols, maxK: min(mx.Rows, mx.Cols)}
	p.rowOnes = make([][]int32, p.m)
	p.colOnes = make([][]int32, p.n)
	for i, r := range mx.Ones {
		p.rowOnes[i] = make([]int32, len(r))
		for k, j := range r {
			p.rowOnes[i][k] = int32(j)
			p.colOnes[j] = append(p.colOnes[j], int32(i))
		}
		p.e += int64(len(r))
	}
	return p
}

// Sides of the matrix: rows and columns play symmetric parts in the
// search, so each move is written once for a side.
const (
	rowSide = 0
	colSide = 1
)

// side is one side of a partition under search. cnt[x*K+c] is the number
// of ones of element x (a row or a column) in the other side's elements
// of cell c, which makes a move's effect on efficacy cheap to know.
type side struct {
	cell []int32   // cell of each element
	size []int32   // elements per cell
	cnt  []int32   // see above
	ones [][]int32 // ones of each element, as indices of the other side

	// minCell and minCell2 are the two cells with fewest elements on this
	// side, valid when minValid: the best place for an element with no
	// ones in any cell but its own.
	minCell, minCell2 int
	minValid          bool
	stamp             []uint32 // per cell: last element that visited it
	tick              uint32
}

// state is a partition under search. Cells 0..k-1 are in use and, between
// moves of the search, each has at least one row and one column.
type state struct {
	p         *problem
	K, k      int
	sides     [2]side
	ein, area int64
}

// newState allocates a state for at most K cells.
func newState(p *problem, K int) *state {
	s := &state{p: p, K: K}
	for t, n := range [2]int{p.m, p.n} {
		s.sides[t] = side{
			cell: make([]int32, n), size: make([]int32, K),
			cnt: make([]int32, n*K), stamp: make([]uint32, K),
		}
	}
	s.sides[rowSide].ones = p.rowOnes
	s.sides[colSide].ones = p.colOnes
	return s
}

func (s *state) rowCell() []int32 { return s.sides[rowSide].cell }
func (s *state) colCell() []int32 { return s.sides[colSide].cell }

// load sets the state to the partition given by rowCell and colCell,
// whose cells are numbered 0..k-1.
func (s *state) load(rowCell, colCell []int32, k int) {
	s.k = k
	r, c := &s.sides[rowSide], &s.sides[colSide]
	copy(r.cell, rowCell)
	copy(c.cell, colCell)
	for _, sd := range []*side{r, c} {
		clear(sd.size)
		clear(sd.cnt)
		sd.minValid = false
		for _, x := range sd.cell {
			sd.size[x]++
		}
	}
	s.ein = 0
	for i, a := range r.cell {
		for _, j := range r.ones[i] {
			b := c.cell[j]
			r.cnt[i*s.K+int(b)]++
			c.cnt[int(j)*s.K+int(a)]++
			if a == b {
				s.ein++
			}
		}
	}
	s.area = 0
	for x := range k {
		s.area += int64(r.size[x]) * int64(c.size[x])
	}
}

// den is the denominator of efficacy, e + e_v.
func (s *state) den() int64 { return s.p.e + s.area - s.ein }

// greater reports whether a/b > c/d for positive b and d.
func greater(a, b, c, d int64) bool { return a*d > c*b }

// move puts element x of side t into cell b.
func (s *state) move(t, x, b int) {
	me, other := &s.sides[t], &s.sides[1-t]
	a := int(me.cell[x])
	if a == b {
		return
	}
	base := x * s.K
	s.ein += int64(me.cnt[base+b] - me.cnt[base+a])
	s.area += int64(other.size[b] - other.size[a])
	me.size[a]--
	me.size[b]++
	me.minValid = false
	me.cell[x] = int32(b)
	for _, y := range me.ones[x] {
		other.cnt[int(y)*s.K+a]--
		other.cnt[int(y)*s.K+b]++
	}
}

func (s *state) moveRow(i, b int) { s.move(rowSide, i, b) }
func (s *state) moveCol(j, b int) { s.move(colSide, j, b) }

// addCell opens an empty cell and returns its number; the caller must
// give it a row and a column before the next local search.
func (s *state) addCell() int {
	s.k++
	s.sides[rowSide].minValid = false
	s.sides[colSide].minValid = false
	return s.k - 1
}

// dropCell removes cell c, which has no rows and no columns, by moving the
// last cell into its number.
func (s *state) dropCell(c int) {
	last := s.k - 1
	for t := range s.sides {
		sd := &s.sides[t]
		for x, a := range sd.cell {
			if int(a) == last {
				sd.cell[x] = int32(c)
			}
			base := x * s.K
			sd.cnt[base+c], sd.cnt[base+last] = sd.cnt[base+last], 0
		}
		sd.size[c], sd.size[last] = sd.size[last], 0
		sd.minValid = false
	}
	s.k--
}

// smallest returns the cell other than a with the fewest elements on side
// t.
func (s *state) smallest(t, a int) int {
	sd := &s.sides[t]
	if !sd.minValid {
		sd.minCell, sd.minCell2 = -1, -1
		for c := range s.k {
			switch {
			case sd.minCell < 0 || sd.size[c] < sd.size[sd.minCell]:
				sd.minCell, sd.minCell2 = c, sd.minCell
			case sd.minCell2 < 0 || sd.size[c] < sd.size[sd.minCell2]:
				sd.minCell2 = c
			}
		}
		sd.minValid = true
	}
	if sd.minCell == a {
		return sd.minCell2
	}
	return sd.minCell
}

// bestCell returns the cell that element x of side t should move to, or
// -1 when no move raises efficacy or x is its cell's last. It takes the
// Dinkelbach view: at λ = e_in/(e+e_v) the move to c pays off when
// d*(e+e_v+e_in) - e_in*dA > 0, d being the change of e_in and dA that
// of the cells' area. Only cells holding some of x's ones, and the
// smallest cell on the other side, can be best, so the cost is x's ones,
// not the number of cells.
func (s *state) bestCell(t, x int) int {
	me, other := &s.sides[t], &s.sides[1-t]
	a := int(me.cell[x])
	if me.size[a] <= 1 {
		return -1
	}
	base := x * s.K
	lam, scale := s.ein, s.den()+s.ein
	own, ownSize := int64(me.cnt[base+a]), int64(other.size[a])
	best, bestGain := -1, int64(0)
	try := func(c int) {
		gain := (int64(me.cnt[base+c])-own)*scale - lam*(int64(other.size[c])-ownSize)
		if gain > bestGain || (gain == bestGain && gain > 0 && c < best) {
			best, bestGain = c, gain
		}
	}
	if len(me.ones[x]) >= s.k { // dense: every cell is a candidate anyway
		for c := range s.k {
			if c != a {
				try(c)
			}
		}
		return best
	}
	me.tick++
	if me.tick == 0 { // wrapped: stale stamps could collide
		clear(me.stamp)
		me.tick = 1
	}
	me.stamp[a] = me.tick
	for _, y := range me.ones[x] {
		c := int(other.cell[y])
		if me.stamp[c] != me.tick {
			me.stamp[c] = me.tick
			try(c)
		}
	}
	if c := s.smallest(1-t, a); c >= 0 && me.stamp[c] != me.tick {
		try(c)
	}
	return best
}

// localSearch moves single rows and columns, each to the cell that pays
// most, until no move raises efficacy: alternately all rows given the
// columns and all columns given the rows, the improvement step of Bychkov
// & Batsyn. Every move raises efficacy strictly, so it ends.
func (s *state) localSearch() {
	for {
		moved := false
		for t := range s.sides {
			for x := range s.sides[t].cell {
				if c := s.bestCell(t, x); c >= 0 {
					s.move(t, x, c)
					moved = true
				}
			}
		}
		if !moved {
			return
		}
	}
}
