package cells

import (
	"slices"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Solution assigns every row and every column of a matrix to a cell:
// RowCell[i] and ColCell[j] are 0-based cell numbers. Solve returns cells
// numbered 0..k-1 in the order of their first row.
type Solution struct {
	RowCell []int
	ColCell []int
}

// Cell is one block of a solution: its 0-based rows and columns, in
// increasing order.
type Cell struct {
	Rows []int
	Cols []int
}

// Element is one position of the matrix, 0-based.
type Element struct {
	Row, Col int
}

// Counts are the quantities grouping efficacy is made of.
type Counts struct {
	Ones        int // e: ones in the matrix
	Inside      int // e_in: ones inside cells
	Voids       int // e_v: zeros inside cells
	Exceptional int // e - e_in: ones outside every cell
}

// Efficacy returns the grouping efficacy e_in / (e + e_v).
func (c Counts) Efficacy() float64 {
	den := c.Ones + c.Voids
	if den == 0 {
		return 0
	}
	return float64(c.Inside) / float64(den)
}

// Counts returns the ones, inside ones, voids and exceptional elements of
// s on m. s must fit m (see Validate).
func (s Solution) Counts(m Matrix) Counts {
	var c Counts
	size := map[int][2]int{}
	for _, k := range s.RowCell {
		v := size[k]
		v[0]++
		size[k] = v
	}
	for _, k := range s.ColCell {
		v := size[k]
		v[1]++
		size[k] = v
	}
	area := 0
	for _, v := range size {
		area += v[0] * v[1]
	}
	for i, r := range m.Ones {
		c.Ones += len(r)
		for _, j := range r {
			if s.ColCell[j] == s.RowCell[i] {
				c.Inside++
			}
		}
	}
	c.Voids = area - c.Inside
	c.Exceptional = c.Ones - c.Inside
	return c
}

// Efficacy returns the grouping efficacy of s on m.
func (s Solution) Efficacy(m Matrix) float64 { return s.Counts(m).Efficacy() }

// Cells returns the cells of s in increasing order of cell number; numbers
// that no row and no column uses are skipped.
func (s Solution) Cells() []Cell {
	byNum := map[int]*Cell{}
	for i, k := range s.RowCell {
		if byNum[k] == nil {
			byNum[k] = &Cell{}
		}
		byNum[k].Rows = append(byNum[k].Rows, i)
	}
	for j, k := range s.ColCell {
		if byNum[k] == nil {
			byNum[k] = &Cell{}
		}
		byNum[k].Cols = append(byNum[k].Cols, j)
	}
	nums := make([]int, 0, len(byNum))
	for k := range byNum {
		nums = append(nums, k)
	}
	slices.Sort(nums)
	out := make([]Cell, len(nums))
	for n, k := range nums {
		out[n] = *byNum[k]
	}
	return out
}

// Exceptional returns the ones of m outside every cell of s, row by row:
// the parts a product uses from another family.
func (s Solution) Exceptional(m Matrix) []Element {
	var out []Element
	for i, r := range m.Ones {
		for _, j := range r {
			if s.ColCell[j] != s.RowCell[i] {
				out = append(out, Element{i, j})
			}
		}
	}
	return out
}

// Voids returns the zeros of m inside cells of s, row by row: parts of a
// family's module that a product of the family does not use.
func (s Solution) Voids(m Matrix) []Element {
	var out []Element
	for i, r := range m.Ones {
		for j, k := range s.ColCell {
			if k == s.RowCell[i] {
				if _, one := slices.BinarySearch(r, j); !one {
					out = append(out, Element{i, j})
				}
			}
		}
	}
	return out
}

// Validate checks that s assigns every row and column of m to a cell and
// that no cell is residual: each cell has at least one row and one column.
// It returns a model.Invalid error.
func (s Solution) Validate(m Matrix) error {
	if len(s.RowCell) != m.Rows || len(s.ColCell) != m.Cols {
		return model.Errorf(model.Invalid, "cell formation: solution is %dx%d, matrix %dx%d", len(s.RowCell), len(s.ColCell), m.Rows, m.Cols)
	}
	for n, c := range s.Cells() {
		if len(c.Rows) == 0 || len(c.Cols) == 0 {
			return model.Errorf(model.Invalid, "cell formation: cell %d has %d rows and %d columns; residual cells are forbidden", n+1, len(c.Rows), len(c.Cols))
		}
	}
	return nil
}

// canonical renumbers the cells of s 0..k-1 in the order of their first
// row, so equal partitions compare equal.
func (s Solution) canonical() Solution {
	num := map[int]int{}
	out := Solution{RowCell: make([]int, len(s.RowCell)), ColCell: make([]int, len(s.ColCell))}
	for i, k := range s.RowCell {
		n, ok := num[k]
		if !ok {
			n = len(num)
			num[k] = n
		}
		out.RowCell[i] = n
	}
	for j, k := range s.ColCell {
		n, ok := num[k]
		if !ok {
			n = len(num)
			num[k] = n
		}
		out.ColCell[j] = n
	}
	return out
}
