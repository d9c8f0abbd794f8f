package cells

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

func TestRead(t *testing.T) {
	f, err := os.Open("testdata/king-nakornchai-1982-fig1a.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Read("king.txt", f)
	if err != nil {
		t.Fatal(err)
	}
	if m.Rows != 5 || m.Cols != 7 || m.NumOnes() != 14 {
		t.Fatalf("read %dx%d with %d ones, want 5x7 with 14", m.Rows, m.Cols, m.NumOnes())
	}
	// Row 3 of the file is "3 1 3 7".
	for j, want := range []bool{true, false, true, false, false, false, true} {
		if m.At(2, j) != want {
			t.Errorf("At(2, %d) = %v, want %v", j, m.At(2, j), want)
		}
	}
	if err := m.Validate(); err != nil {
		t.Error(err)
	}
}

// Rows may come in any order, a row may have no ones, and CRLF line ends
// and blank lines are accepted.
func TestReadLenient(t *testing.T) {
	m, err := Read("x", strings.NewReader("# comment\r\n\r\n3 4\r\n2 4 1\r\n3\r\n1 2\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{1}, {0, 3}, {}}
	for i, r := range m.Ones {
		if len(r) != len(want[i]) {
			t.Fatalf("row %d: %v, want %v", i+1, r, want[i])
		}
		for k := range r {
			if r[k] != want[i][k] {
				t.Fatalf("row %d: %v, want %v", i+1, r, want[i])
			}
		}
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		line     int
		msg      string
	}{
		{"empty", "# only a comment\n", 1, `no "rows cols" line`},
		{"header fields", "3\n", 1, `want "rows cols"`},
		{"header number", "3 x\n", 1, `field cols: "x" is not an integer`},
		{"header zero", "0 3\n", 1, "out of range"},
		{"row id", "2 2\n1 1\nz 2\n", 3, `field row: "z" is not an integer`},
		{"row id range", "2 2\n1 1\n3 2\n", 3, "3 out of range 1..2"},
		{"row twice", "2 2\n1 1\n1 2\n", 3, "row 1 given twice"},
		{"column range", "2 2\n1 1\n2 3\n", 3, "field column 1: 3 out of range 1..2"},
		{"column zero", "2 2\n1 0\n2 1\n", 2, "0 out of range"},
		{"column twice", "2 3\n1 2 2\n2 1\n", 2, "lists column 2 twice"},
		{"missing row", "3 2\n1 1\n3 2\n", 3, "row 2 is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("in.txt", strings.NewReader(tc.in))
			var me *model.Error
			if !errors.As(err, &me) {
				t.Fatalf("error %v, want a *model.Error", err)
			}
			if me.Code != model.Invalid || me.File != "in.txt" || me.Line != tc.line || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q (code %s, line %d), want line %d containing %q", err, me.Code, me.Line, tc.line, tc.msg)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    Matrix
	}{
		{"no rows", Matrix{Rows: 0, Cols: 2}},
		{"ones rows", Matrix{Rows: 2, Cols: 2, Ones: [][]int{{0}}}},
		{"range", Matrix{Rows: 1, Cols: 2, Ones: [][]int{{2}}}},
		{"order", Matrix{Rows: 1, Cols: 3, Ones: [][]int{{1, 0}}}},
		{"labels", Matrix{Rows: 1, Cols: 1, Ones: [][]int{{0}}, RowLabels: []string{"a", "b"}}},
	} {
		if err := tc.m.Validate(); model.Code(err) != model.Invalid {
			t.Errorf("%s: Validate = %v, want an invalid error", tc.name, err)
		}
	}
}

// Read never panics, and what it accepts is a valid matrix.
func FuzzRead(f *testing.F) {
	f.Add("5 7\n1 2 4 5 6\n2 1 3\n3 1 3 7\n4 2 4 6\n5 1 7\n")
	f.Add("# c\n2 2\n2\n1 1 2\n")
	f.Add("1 1\n1 1 1\n")
	f.Fuzz(func(t *testing.T, in string) {
		m, err := Read("fuzz", strings.NewReader(in))
		if err != nil {
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("Read accepted an invalid matrix: %v", err)
		}
	})
}
