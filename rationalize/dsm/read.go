package dsm

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// The formats Read tells apart, reported by DSM.Origin.
const (
	// OriginMatrix is a square CSV matrix: a header row of column labels
	// after an empty corner cell, then one labelled row per element
	// (../shared/data/dsm/normalized and ead). Empty cells are 0.
	OriginMatrix = "matrix"
	// OriginDMM is a rectangular CSV matrix, a domain mapping matrix (DMM)
	// such as ead/DANI_DMM.csv: its columns become the elements, and two
	// columns interact with the number of rows in which both are non-zero.
	OriginDMM = "dmm-columns"
	// OriginPairs is a CSV list of scored pairs (climate_control_..._edges.csv):
	// header a,b[,a_name,b_name],score... gives symmetric interactions,
	// from,to[,score...] directed ones. The weight is the sum of the
	// positive scores, as Pimmler and Eppinger's possum weighting in
	// normalized/pimmler_eppinger1994_climate_control_possum.csv; a pair
	// without score columns weighs 1.
	OriginPairs = "pairs"
)

// Origin says which input format the DSM was read from (OriginMatrix,
// OriginDMM, OriginPairs) or "" when it was built in code.
func (d *DSM) Origin() string { return d.origin }

// ReadFile reads a DSM file in any format Read accepts.
func ReadFile(path string) (*DSM, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read DSM: %w", err)
	}
	defer f.Close()
	return Read(f, filepath.Base(path))
}

// Read reads a DSM in one of the formats of ../shared/data/dsm, told apart
// by the header: an empty first cell starts a matrix (square: a DSM;
// rectangular: a DMM), a first header pair a,b or from,to a pair list.
// name locates errors, which are model.Invalid with file, line and field.
func Read(r io.Reader, name string) (*DSM, error) {
	b, err := io.ReadAll(bufio.NewReader(r))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	switch first := strings.ToLower(strings.TrimSpace(header[0])); {
	case first == "":
		return readMatrix(cr, name, header)
	case len(header) >= 2 && isPairHeader(first, strings.ToLower(strings.TrimSpace(header[1]))):
		return readPairs(cr, name, header)
	}
	return nil, model.ParseError(name, 1, "", "not a DSM: the header starts with %q, want an empty cell (matrix) or a,b / from,to (pairs)", header[0])
}

func isPairHeader(a, b string) bool {
	return (a == "a" && b == "b") || (a == "from" && b == "to") || (a == "source" && b == "target")
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &model.Error{Code: model.Invalid, File: name, Line: pe.StartLine, Msg: "bad CSV", Err: pe.Err}
	}
	if err == io.EOF {
		return model.ParseError(name, 1, "", "empty file")
	}
	return fmt.Errorf("read %s: %w", name, err)
}

// readMatrix reads the rows of a labelled matrix after its header.
func readMatrix(cr *csv.Reader, name string, header []string) (*DSM, error) {
	cols := trimAll(header[1:])
	if len(cols) == 0 {
		return nil, model.ParseError(name, 1, "", "matrix header has no column labels")
	}
	var labels []string
	var vals [][]float64
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != len(header) {
			return nil, model.ParseError(name, line, "", "row has %d fields, the header %d", len(rec), len(header))
		}
		row := make([]float64, len(cols))
		for j, s := range rec[1:] {
			v, err := parseWeight(s)
			if err != nil {
				return nil, model.ParseError(name, line, cols[j], "%v", err)
			}
			row[j] = v
		}
		labels = append(labels, strings.TrimSpace(rec[0]))
		vals = append(vals, row)
	}
	if len(vals) == 0 {
		return nil, model.ParseError(name, 1, "", "matrix has no rows")
	}
	if len(vals) != len(cols) {
		return dmmColumns(cols, vals), nil
	}
	d := New(cols)
	d.origin = OriginMatrix
	for i, row := range vals {
		if labels[i] != cols[i] {
			return nil, model.ParseError(name, i+2, "", "row label %q differs from column label %q: a square matrix must list its elements in one order", labels[i], cols[i])
		}
		for j, v := range row {
			d.Set(i, j, v)
		}
	}
	return d, nil
}

// dmmColumns turns a domain mapping matrix into the DSM of its columns:
// two columns interact as often as a row maps to both, the co-occurrence
// the lead also builds from BOMs.
func dmmColumns(cols []string, vals [][]float64) *DSM {
	d := New(cols)
	d.origin = OriginDMM
	for _, row := range vals {
		for j, a := range row {
			if a == 0 {
				continue
			}
			for k := j + 1; k < len(row); k++ {
				if row[k] != 0 {
					w := d.At(j, k) + 1
					d.Set(j, k, w)
					d.Set(k, j, w)
				}
			}
		}
	}
	return d
}

func parseWeight(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("weight %s: want a finite number >= 0", s)
	}
	return v, nil
}

func trimAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.TrimSpace(s)
	}
	return out
}

// readPairs reads a list of scored pairs after its header.
func readPairs(cr *csv.Reader, name string, header []string) (*DSM, error) {
	header = trimAll(header)
	symmetric := strings.EqualFold(header[0], "a")
	nameCol := map[int]int{} // id column -> its name column
	var scores []int
	for c := 2; c < len(header); c++ {
		switch h := strings.ToLower(header[c]); h {
		case strings.ToLower(header[0]) + "_name":
			nameCol[0] = c
		case strings.ToLower(header[1]) + "_name":
			nameCol[1] = c
		default:
			scores = append(scores, c)
		}
	}
	index := map[string]int{}
	var labels []string
	type pair struct {
		i, j int
		w    float64
	}
	var pairs []pair
	seen := map[[2]int]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return nil, model.ParseError(name, line, "", "row has %d fields, the header %d", len(rec), len(header))
		}
		var ends [2]int
		for e := range 2 {
			id := strings.TrimSpace(rec[e])
			if id == "" {
				return nil, model.ParseError(name, line, header[e], "empty element")
			}
			label := id
			if c, ok := nameCol[e]; ok && strings.TrimSpace(rec[c]) != "" {
				label = id + " " + strings.TrimSpace(rec[c])
			}
			k, ok := index[id]
			if !ok {
				k = len(labels)
				index[id] = k
				labels = append(labels, label)
			}
			ends[e] = k
		}
		w, cerr := pairWeight(rec, scores)
		if cerr != nil {
			return nil, model.ParseError(name, line, header[cerr.col], "%v", cerr.err)
		}
		key := ends
		if symmetric && key[0] > key[1] {
			key[0], key[1] = key[1], key[0]
		}
		if prev, dup := seen[key]; dup {
			return nil, model.ParseError(name, line, "", "pair %s,%s already given on line %d", rec[0], rec[1], prev)
		}
		seen[key] = line
		pairs = append(pairs, pair{ends[0], ends[1], w})
	}
	if len(labels) == 0 {
		return nil, model.ParseError(name, 1, "", "pair list has no pairs")
	}
	d := New(labels)
	d.origin = OriginPairs
	for _, p := range pairs {
		d.Set(p.i, p.j, p.w)
		if symmetric {
			d.Set(p.j, p.i, p.w)
		}
	}
	return d, nil
}

type colError struct {
	col int
	err error
}

// pairWeight sums the positive scores of a pair: Pimmler and Eppinger
// score -2 (detrimental) to +2 (required), and only the interactions a
// design needs bind elements into one module.
func pairWeight(rec []string, scores []int) (float64, *colError) {
	if len(scores) == 0 {
		return 1, nil
	}
	var w float64
	for _, c := range scores {
		s := strings.TrimSpace(rec[c])
		if s == "" {
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, &colError{c, fmt.Errorf("%q is not a finite number", s)}
		}
		if v > 0 {
			w += v
		}
	}
	return w, nil
}
