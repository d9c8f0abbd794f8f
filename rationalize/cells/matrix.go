package cells

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Matrix is a binary incidence matrix: Rows products (machines in the
// classic literature) by Cols parts. Ones[i] lists, in increasing order,
// the 0-based columns that hold a one in row i. Labels are optional; when
// present they name rows and columns in reports.
type Matrix struct {
	Rows, Cols int
	Ones       [][]int
	RowLabels  []string
	ColLabels  []string
}

// NumOnes returns the number of ones in m.
func (m Matrix) NumOnes() int {
	n := 0
	for _, r := range m.Ones {
		n += len(r)
	}
	return n
}

// At reports whether row i, column j holds a one.
func (m Matrix) At(i, j int) bool {
	_, ok := slices.BinarySearch(m.Ones[i], j)
	return ok
}

// Validate checks that m is well formed: at least one row and one column,
// one sorted, duplicate-free list of in-range columns per row, and labels,
// if any, one per row or column. It returns a model.Invalid error.
func (m Matrix) Validate() error {
	if m.Rows < 1 || m.Cols < 1 {
		return model.Errorf(model.Invalid, "cell formation: matrix is %dx%d, want at least 1x1", m.Rows, m.Cols)
	}
	if len(m.Ones) != m.Rows {
		return model.Errorf(model.Invalid, "cell formation: %d rows of ones for %d rows", len(m.Ones), m.Rows)
	}
	for i, r := range m.Ones {
		for k, j := range r {
			if j < 0 || j >= m.Cols {
				return model.Errorf(model.Invalid, "cell formation: row %d: column %d out of range 1..%d", i+1, j+1, m.Cols)
			}
			if k > 0 && r[k-1] >= j {
				return model.Errorf(model.Invalid, "cell formation: row %d: columns not increasing at %d", i+1, j+1)
			}
		}
	}
	if m.RowLabels != nil && len(m.RowLabels) != m.Rows {
		return model.Errorf(model.Invalid, "cell formation: %d row labels for %d rows", len(m.RowLabels), m.Rows)
	}
	if m.ColLabels != nil && len(m.ColLabels) != m.Cols {
		return model.Errorf(model.Invalid, "cell formation: %d column labels for %d columns", len(m.ColLabels), m.Cols)
	}
	return nil
}

// maxDim bounds the matrix size Read accepts, so a corrupt header cannot
// make it allocate without limit.
const maxDim = 1 << 20

// Read parses a cell-formation instance in the benchmark format: lines
// starting with # are comments and blank lines are skipped; the first data
// line is "rows cols"; then one line per row, the row's 1-based number
// followed by the 1-based columns holding a one. Rows may come in any
// order but each exactly once; a row with no ones is its number alone.
// Errors are model.Invalid errors located at name and line.
func Read(name string, r io.Reader) (Matrix, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var (
		m      Matrix
		line   int
		header bool
		seen   []bool
		nrows  int
	)
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if !header {
			if err := readHeader(name, line, fields, &m); err != nil {
				return Matrix{}, err
			}
			header = true
			m.Ones = make([][]int, m.Rows)
			seen = make([]bool, m.Rows)
			continue
		}
		if err := readRow(name, line, fields, &m, seen); err != nil {
			return Matrix{}, err
		}
		nrows++
	}
	if err := sc.Err(); err != nil {
		return Matrix{}, &model.Error{Code: model.Invalid, File: name, Line: line + 1, Msg: "read", Err: err}
	}
	if !header {
		return Matrix{}, model.ParseError(name, line, "", "no \"rows cols\" line")
	}
	if nrows < m.Rows {
		missing := slices.Index(seen, false) + 1
		return Matrix{}, model.ParseError(name, line, "", "%d of %d rows given; row %d is missing", nrows, m.Rows, missing)
	}
	return m, nil
}

func readHeader(name string, line int, fields []string, m *Matrix) error {
	if len(fields) != 2 {
		return model.ParseError(name, line, "", "want \"rows cols\", got %d fields", len(fields))
	}
	var err error
	if m.Rows, err = atoiIn(fields[0], 1, maxDim); err != nil {
		return model.ParseError(name, line, "rows", "%v", err)
	}
	if m.Cols, err = atoiIn(fields[1], 1, maxDim); err != nil {
		return model.ParseError(name, line, "cols", "%v", err)
	}
	return nil
}

func readRow(name string, line int, fields []string, m *Matrix, seen []bool) error {
	id, err := atoiIn(fields[0], 1, m.Rows)
	if err != nil {
		return model.ParseError(name, line, "row", "%v", err)
	}
	if seen[id-1] {
		return model.ParseError(name, line, "row", "row %d given twice", id)
	}
	seen[id-1] = true
	cols := make([]int, 0, len(fields)-1)
	for k, f := range fields[1:] {
		j, err := atoiIn(f, 1, m.Cols)
		if err != nil {
			return model.ParseError(name, line, fmt.Sprintf("column %d", k+1), "%v", err)
		}
		cols = append(cols, j-1)
	}
	slices.Sort(cols)
	for k := 1; k < len(cols); k++ {
		if cols[k] == cols[k-1] {
			return model.ParseError(name, line, "", "row %d lists column %d twice", id, cols[k]+1)
		}
	}
	m.Ones[id-1] = cols
	return nil
}

func atoiIn(s string, lo, hi int) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	if v < lo || v > hi {
		return 0, fmt.Errorf("%d out of range %d..%d", v, lo, hi)
	}
	return v, nil
}
