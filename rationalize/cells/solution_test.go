package cells

import (
	"os"
	"slices"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

func readFile(t testing.TB, path string) Matrix {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Read(path, f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The King & Nakornchai matrix by hand: cell 1 = rows {1,4} x columns
// {2,4,5,6} holds 7 ones and 1 void, cell 2 = rows {2,3,5} x columns
// {1,3,7} holds 7 ones and 2 voids: GE = 14/(14+3).
func TestEfficacyByHand(t *testing.T) {
	m := readFile(t, "testdata/king-nakornchai-1982-fig1a.txt")
	s := Solution{RowCell: []int{0, 1, 1, 0, 1}, ColCell: []int{1, 0, 1, 0, 0, 0, 1}}
	if err := s.Validate(m); err != nil {
		t.Fatal(err)
	}
	c := s.Counts(m)
	if c != (Counts{Ones: 14, Inside: 14, Voids: 3, Exceptional: 0}) {
		t.Errorf("counts %+v, want 14 ones all inside, 3 voids", c)
	}
	if got, want := s.Efficacy(m), 14.0/17; got != want {
		t.Errorf("efficacy %v, want %v", got, want)
	}
	wantVoids := []Element{{1, 6}, {3, 4}, {4, 2}} // 1-based: (2, 7), (4, 5), (5, 3)
	if v := s.Voids(m); !slices.Equal(v, wantVoids) {
		t.Errorf("voids %v, want %v", v, wantVoids)
	}

	// Moving row 5 (ones in columns 1 and 7) to the first cell: its two
	// ones become exceptional, it adds 4 voids there (it uses none of
	// columns 2, 4, 5, 6) and takes its void (column 3) out of the second:
	// 12/(14+6).
	s.RowCell[4] = 0
	c = s.Counts(m)
	if c != (Counts{Ones: 14, Inside: 12, Voids: 6, Exceptional: 2}) {
		t.Errorf("counts %+v, want 12 inside, 6 voids, 2 exceptional", c)
	}
	if ex := s.Exceptional(m); !slices.Equal(ex, []Element{{4, 0}, {4, 6}}) {
		t.Errorf("exceptional %v, want row 5 columns 1 and 7", ex)
	}

	// One cell holding everything: 14 inside, 35-14 voids.
	one := Solution{RowCell: make([]int, 5), ColCell: make([]int, 7)}
	if got, want := one.Efficacy(m), 14.0/35; got != want {
		t.Errorf("one cell: efficacy %v, want %v", got, want)
	}
}

func TestCellsAndValidate(t *testing.T) {
	m := Matrix{Rows: 3, Cols: 2, Ones: [][]int{{0}, {1}, {1}}}
	s := Solution{RowCell: []int{4, 2, 2}, ColCell: []int{4, 2}}
	cells := s.Cells()
	want := []Cell{{Rows: []int{1, 2}, Cols: []int{1}}, {Rows: []int{0}, Cols: []int{0}}}
	if len(cells) != 2 || !slices.Equal(cells[0].Rows, want[0].Rows) || !slices.Equal(cells[1].Cols, want[1].Cols) {
		t.Errorf("cells %+v, want %+v", cells, want)
	}
	if err := s.Validate(m); err != nil {
		t.Error(err)
	}
	if got := s.Efficacy(m); got != 1 {
		t.Errorf("efficacy %v, want 1", got)
	}
	for name, bad := range map[string]Solution{
		"residual row": {RowCell: []int{0, 1, 2}, ColCell: []int{0, 1}},
		"residual col": {RowCell: []int{0, 0, 0}, ColCell: []int{0, 1}},
		"short":        {RowCell: []int{0, 0}, ColCell: []int{0, 0}},
	} {
		if err := bad.Validate(m); model.Code(err) != model.Invalid {
			t.Errorf("%s: Validate = %v, want an invalid error", name, err)
		}
	}
	if c := s.canonical(); !slices.Equal(c.RowCell, []int{0, 1, 1}) || !slices.Equal(c.ColCell, []int{0, 1}) {
		t.Errorf("canonical %+v", c)
	}
}
