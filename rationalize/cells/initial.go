package cells

// initial sets the state to a starting partition with k cells: rows
// clustered around k seed rows chosen far apart by Jaccard distance
// (k-means++ style), or, one time in three, a random row partition; then
// every column goes where its ones are densest, and the partition is
// repaired so that no cell is residual.
func (w *walker) initial(k int) {
	s := w.s
	s.k = k
	rows := make([]int32, s.p.m)
	if w.rng.IntN(3) == 0 {
		w.randomRows(rows, k)
	} else {
		w.seededRows(rows, k)
	}
	cols := make([]int32, s.p.n)
	s.load(rows, cols, k)
	for j := range s.p.n {
		s.moveCol(j, s.densestCell(j))
	}
	s.repair()
}

func (w *walker) randomRows(rows []int32, k int) {
	perm := w.rng.Perm(len(rows))
	for n, i := range perm {
		if n < k {
			rows[i] = int32(n)
		} else {
			rows[i] = int32(w.rng.IntN(k))
		}
	}
}

// seededRows picks k seed rows, the first at random and each next with
// probability proportional to its squared Jaccard distance from the
// nearest seed so far, and gives every row the cell of its most similar
// seed.
func (w *walker) seededRows(rows []int32, k int) {
	p := w.s.p
	mark := make([]bool, p.n)
	sim := func(a, b int) float64 {
		for _, j := range p.rowOnes[a] {
			mark[j] = true
		}
		inter := 0
		for _, j := range p.rowOnes[b] {
			if mark[j] {
				inter++
			}
		}
		for _, j := range p.rowOnes[a] {
			mark[j] = false
		}
		union := len(p.rowOnes[a]) + len(p.rowOnes[b]) - inter
		if union == 0 {
			return 1
		}
		return float64(inter) / float64(union)
	}
	seeds := []int{w.rng.IntN(p.m)}
	best := make([]float64, p.m) // similarity to the nearest seed
	for i := range p.m {
		best[i] = sim(seeds[0], i)
		rows[i] = 0
	}
	isSeed := make([]bool, p.m)
	isSeed[seeds[0]] = true
	for len(seeds) < k {
		total := 0.0
		for i := range p.m {
			if !isSeed[i] {
				d := 1 - best[i]
				total += d*d + 1e-9
			}
		}
		x := w.rng.Float64() * total
		next := -1
		for i := range p.m {
			if isSeed[i] {
				continue
			}
			d := 1 - best[i]
			x -= d*d + 1e-9
			next = i
			if x <= 0 {
				break
			}
		}
		isSeed[next] = true
		c := int32(len(seeds))
		seeds = append(seeds, next)
		for i := range p.m {
			if v := sim(next, i); v > best[i] || i == next {
				best[i], rows[i] = v, c
			}
		}
	}
	for n, i := range seeds {
		rows[i] = int32(n)
	}
}

// densestCell returns the cell whose rows use column j most, judged as
// 3*ones - rows (Dinkelbach's linearization at efficacy one half).
func (s *state) densestCell(j int) int {
	rows, cols := &s.sides[rowSide], &s.sides[colSide]
	best, bv := 0, int64(-1<<62)
	for c := range s.k {
		if rows.size[c] == 0 {
			continue
		}
		if v := 3*int64(cols.cnt[j*s.K+c]) - int64(rows.size[c]); v > bv {
			best, bv = c, v
		}
	}
	return best
}

// repair gives every cell without rows a row, and every cell without
// columns a column, taken from cells that have two or more, choosing the
// one with the most ones in the cell. k <= min(m, n) makes donors exist.
func (s *state) repair() {
	for c := range s.k {
		for t := range s.sides {
			sd := &s.sides[t]
			if sd.size[c] > 0 {
				continue
			}
			best, bv := -1, int64(-1<<62)
			for x, a := range sd.cell {
				if sd.size[a] < 2 {
					continue
				}
				if v := int64(sd.cnt[x*s.K+c] - sd.cnt[x*s.K+int(a)]); v > bv {
					best, bv = x, v
				}
			}
			s.move(t, best, c)
		}
	}
}
