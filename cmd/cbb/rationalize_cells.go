package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"cbb/rationalize/cells"
)

type cellsFlags struct {
	asJSON             bool
	seed               uint64
	budget             time.Duration
	minCells, maxCells int
}

// rationalizeCellsCommand is `cbb rationalize cells FILE`: cell formation
// on an incidence matrix file, without a store.
func (a *app) rationalizeCellsCommand() *cobra.Command {
	var f cellsFlags
	cmd := &cobra.Command{
		Use:   "cells FILE",
		Short: "Form product families and modules: block-diagonalize an incidence matrix for grouping efficacy",
		Long: `Partition the rows (products) and columns (parts) of a binary incidence matrix
into cells, each a product family with the parts it uses, maximizing grouping
efficacy GE = e_in/(e+e_v): e ones, e_in ones inside cells, e_v zeros inside
cells (voids). Every cell has at least one row and one column. Ones outside
every cell are exceptional elements: parts used across families, the
candidates for common building blocks.

FILE is in the cell-formation benchmark format: # comments, a "rows cols" line,
then per row its 1-based number and the 1-based columns holding a one. Rows and
columns in the output are the file's 1-based numbers.

The search is reproducible for a given --seed; --time caps it (a run cut short
returns the best solution so far).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.minCells > 0 && f.maxCells > 0 && f.minCells > f.maxCells {
				return usageError{fmt.Errorf("--min-cells %d is above --max-cells %d", f.minCells, f.maxCells)}
			}
			file, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer file.Close()
			m, err := cells.Read(args[0], file)
			if err != nil {
				return err
			}
			start := time.Now()
			sol, err := cells.Solve(cmd.Context(), m, cells.Options{
				Seed: f.seed, Time: f.budget, MinCells: f.minCells, MaxCells: f.maxCells,
			})
			if err != nil {
				return err
			}
			rep := newCellsReport(args[0], m, sol, f.seed, time.Since(start))
			if f.asJSON {
				return writeJSON(a.stdout, rep)
			}
			return rep.writeTable(a.stdout)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.asJSON, "json", false, "print JSON")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed; the same seed gives the same cells")
	fl.DurationVar(&f.budget, "time", 30*time.Second, "longest time to search (0: until the search stops by itself)")
	fl.IntVar(&f.minCells, "min-cells", 0, "fewest cells (0: 1)")
	fl.IntVar(&f.maxCells, "max-cells", 0, "most cells (0: min(rows, cols))")
	return cmd
}

// cellsReport is what `cbb rationalize cells` prints; rows and columns are
// the file's 1-based numbers.
type cellsReport struct {
	File             string           `json:"file"`
	Rows             int              `json:"rows"`
	Cols             int              `json:"cols"`
	Cells            []cellJSON       `json:"cells"`
	GroupingEfficacy float64          `json:"grouping_efficacy"`
	Ones             int              `json:"ones"`
	OnesInside       int              `json:"ones_inside"`
	Voids            int              `json:"voids"`
	Exceptional      []elementJSON    `json:"exceptional_elements"`
	CrossingColumns  []crossingColumn `json:"crossing_columns"`
	Seed             uint64           `json:"seed"`
	Seconds          float64          `json:"seconds"`
}

type cellJSON struct {
	Rows  []int `json:"rows"`
	Cols  []int `json:"cols"`
	Ones  int   `json:"ones"`
	Voids int   `json:"voids"`
}

type elementJSON struct {
	Row int `json:"row"`
	Col int `json:"col"`
}

// crossingColumn is a part used outside its own cell: a CBB candidate.
type crossingColumn struct {
	Col        int   `json:"col"`
	Cell       int   `json:"cell"`        // 1-based cell the column belongs to
	OtherRows  []int `json:"other_rows"`  // rows of other cells that use it
	OtherCells []int `json:"other_cells"` // the cells of those rows
}

func newCellsReport(file string, m cells.Matrix, sol cells.Solution, seed uint64, took time.Duration) cellsReport {
	c := sol.Counts(m)
	rep := cellsReport{
		File: file, Rows: m.Rows, Cols: m.Cols,
		GroupingEfficacy: c.Efficacy(), Ones: c.Ones, OnesInside: c.Inside, Voids: c.Voids,
		Exceptional: []elementJSON{}, CrossingColumns: []crossingColumn{},
		Seed: seed, Seconds: took.Seconds(),
	}
	for _, cell := range sol.Cells() {
		cj := cellJSON{Rows: plusOne(cell.Rows), Cols: plusOne(cell.Cols)}
		for _, i := range cell.Rows {
			for _, j := range cell.Cols {
				if m.At(i, j) {
					cj.Ones++
				}
			}
		}
		cj.Voids = len(cell.Rows)*len(cell.Cols) - cj.Ones
		rep.Cells = append(rep.Cells, cj)
	}
	byCol := map[int]*crossingColumn{}
	for _, e := range sol.Exceptional(m) {
		rep.Exceptional = append(rep.Exceptional, elementJSON{Row: e.Row + 1, Col: e.Col + 1})
		cc := byCol[e.Col]
		if cc == nil {
			cc = &crossingColumn{Col: e.Col + 1, Cell: sol.ColCell[e.Col] + 1}
			byCol[e.Col] = cc
		}
		cc.OtherRows = append(cc.OtherRows, e.Row+1)
		if other := sol.RowCell[e.Row] + 1; !slices.Contains(cc.OtherCells, other) {
			cc.OtherCells = append(cc.OtherCells, other)
		}
	}
	for _, j := range slices.Sorted(maps.Keys(byCol)) {
		cc := byCol[j]
		slices.Sort(cc.OtherCells)
		rep.CrossingColumns = append(rep.CrossingColumns, *cc)
	}
	return rep
}

func plusOne(xs []int) []int {
	out := make([]int, len(xs))
	for n, x := range xs {
		out[n] = x + 1
	}
	return out
}

func (r cellsReport) writeTable(w io.Writer) error {
	fmt.Fprintf(w, "%s: %d rows x %d columns, %d ones\n", r.File, r.Rows, r.Cols, r.Ones)
	fmt.Fprintf(w, "grouping efficacy %.4f = %d/(%d+%d): %d cells, %d exceptional elements, %d voids (%.2fs)\n\n",
		r.GroupingEfficacy, r.OnesInside, r.Ones, r.Voids, len(r.Cells), len(r.Exceptional), r.Voids, r.Seconds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "cell\tones\tvoids\trows\tcolumns")
	for n, c := range r.Cells {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s\n", n+1, c.Ones, c.Voids, joinInts(c.Rows), joinInts(c.Cols))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.CrossingColumns) == 0 {
		fmt.Fprintln(w, "\nno column is used outside its cell")
		return nil
	}
	fmt.Fprintln(w, "\ncolumns used outside their cell (CBB candidates):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "column\tcell\talso used by rows\tof cells")
	for _, c := range r.CrossingColumns {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\n", c.Col, c.Cell, joinInts(c.OtherRows), joinInts(c.OtherCells))
	}
	return tw.Flush()
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for n, x := range xs {
		s[n] = strconv.Itoa(x)
	}
	return strings.Join(s, " ")
}
