package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/rationalize/cells"
)

const cellsFixtures = "../../rationalize/cells/testdata"

// cellsJSON runs `cbb rationalize cells --json` and decodes its output.
func cellsJSON(t *testing.T, args ...string) cellsReport {
	t.Helper()
	store := filepath.Join(t.TempDir(), "store") // never opened: cells needs no store
	out := cbb(t, store, exitOK, append([]string{"rationalize", "cells", "--json"}, args...)...)
	var rep cellsReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	return rep
}

// checkPartition checks that every 1-based row and column appears in
// exactly one cell and that no cell is residual.
func checkPartition(t *testing.T, rep cellsReport) {
	t.Helper()
	var rows, cols []int
	for n, c := range rep.Cells {
		if len(c.Rows) == 0 || len(c.Cols) == 0 {
			t.Errorf("cell %d is residual: %+v", n+1, c)
		}
		rows = append(rows, c.Rows...)
		cols = append(cols, c.Cols...)
	}
	slices.Sort(rows)
	slices.Sort(cols)
	for want, got := range [][]int{rows, cols} {
		n := []int{rep.Rows, rep.Cols}[want]
		if len(got) != n || got[0] != 1 || got[len(got)-1] != n || len(slices.Compact(got)) != n {
			t.Errorf("cells cover %v, want 1..%d once each", got, n)
		}
	}
}

// The King & Nakornchai 5x7 matrix has one best partition: rows {1,4} with
// columns {2,4,5,6} and rows {2,3,5} with columns {1,3,7}, GE 14/(14+3).
func TestRationalizeCellsJSON(t *testing.T) {
	rep := cellsJSON(t, filepath.Join(cellsFixtures, "king-nakornchai-1982-fig1a.txt"))
	if rep.GroupingEfficacy < 14.0/17-1e-12 || rep.OnesInside != 14 || rep.Voids != 3 {
		t.Errorf("GE %v = %d/(%d+%d), want 14/(14+3)", rep.GroupingEfficacy, rep.OnesInside, rep.Ones, rep.Voids)
	}
	want := []cellJSON{{Rows: []int{1, 4}, Cols: []int{2, 4, 5, 6}, Ones: 7, Voids: 1}, {Rows: []int{2, 3, 5}, Cols: []int{1, 3, 7}, Ones: 7, Voids: 2}}
	if len(rep.Cells) != 2 || !slices.Equal(rep.Cells[0].Rows, want[0].Rows) || !slices.Equal(rep.Cells[0].Cols, want[0].Cols) ||
		!slices.Equal(rep.Cells[1].Rows, want[1].Rows) || !slices.Equal(rep.Cells[1].Cols, want[1].Cols) {
		t.Errorf("cells %+v, want %+v", rep.Cells, want)
	}
	checkPartition(t, rep)

	// The shape, by key.
	store := filepath.Join(t.TempDir(), "store")
	out := cbb(t, store, exitOK, "rationalize", "cells", "--json", "--seed", "7", filepath.Join(cellsFixtures, "king-nakornchai-1982-fig1a.txt"))
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"cells", "grouping_efficacy", "exceptional_elements", "voids", "seconds"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
}

// McCormick 16x24 has an all-zero column (5) and exceptional elements:
// the column is still in a cell, and every exceptional element is a one
// of the file whose row and column are in different cells.
func TestRationalizeCellsExceptional(t *testing.T) {
	file := filepath.Join(cellsFixtures, "mccormick-1972-16x24.txt")
	rep := cellsJSON(t, file)
	checkPartition(t, rep)
	if rep.GroupingEfficacy < 49.0/92-1e-4 {
		t.Errorf("GE %.4f, best known 0.5326", rep.GroupingEfficacy)
	}
	cellOfRow, cellOfCol := map[int]int{}, map[int]int{}
	for n, c := range rep.Cells {
		for _, i := range c.Rows {
			cellOfRow[i] = n + 1
		}
		for _, j := range c.Cols {
			cellOfCol[j] = n + 1
		}
	}
	if len(rep.Exceptional) != rep.Ones-rep.OnesInside || len(rep.CrossingColumns) == 0 {
		t.Fatalf("%d exceptional elements for %d-%d ones, %d crossing columns", len(rep.Exceptional), rep.Ones, rep.OnesInside, len(rep.CrossingColumns))
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := cells.Read(file, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rep.Exceptional {
		if cellOfRow[e.Row] == cellOfCol[e.Col] {
			t.Errorf("exceptional element (%d, %d) is inside cell %d", e.Row, e.Col, cellOfRow[e.Row])
		}
		if !m.At(e.Row-1, e.Col-1) {
			t.Errorf("exceptional element (%d, %d) is not a one of the file", e.Row, e.Col)
		}
	}

	table := cbb(t, filepath.Join(t.TempDir(), "store"), exitOK, "rationalize", "cells", file)
	for _, want := range []string{"grouping efficacy 0.5326", "cell  ones  voids", "CBB candidates"} {
		if !strings.Contains(table, want) {
			t.Errorf("table output lacks %q:\n%s", want, table)
		}
	}
}

func TestRationalizeCellsErrors(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "store")
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("# two rows\n2 3\n1 1 2\n2 4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	king := filepath.Join(cellsFixtures, "king-nakornchai-1982-fig1a.txt")
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"bad column", []string{bad}, exitError, "bad.txt:4: field column 1: 4 out of range 1..3"},
		{"no file", []string{filepath.Join(dir, "none.txt")}, exitError, "no such file"},
		{"no argument", nil, exitError, "accepts 1 arg"},
		{"too many cells", []string{"--min-cells", "6", king}, exitError, "at most 5 non-residual cells"},
		{"range", []string{"--min-cells", "3", "--max-cells", "2", king}, exitUsage, "--min-cells 3 is above --max-cells 2"},
		{"flag", []string{"--time", "soon", king}, exitUsage, "invalid argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := cbb(t, store, tc.code, append([]string{"rationalize", "cells"}, tc.args...)...)
			if !strings.Contains(out, tc.msg) {
				t.Errorf("output %q lacks %q", out, tc.msg)
			}
		})
	}
}
