package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
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

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize"
	"github.com/cbb-alliance/cbb/rationalize/cells"
)

// cellsParams are the parameters of a "cells" run: the instance file and
// the search's options.
type cellsParams struct {
	File     string        `json:"file"`
	Seed     uint64        `json:"seed"`
	Budget   time.Duration `json:"time_ns"`
	MinCells int           `json:"min_cells,omitempty"`
	MaxCells int           `json:"max_cells,omitempty"`
}

func init() {
	rationalize.Register(rationalize.Analysis{Kind: "cells", Run: func(ctx context.Context, _ rationalize.Env, raw json.RawMessage) (any, string, string, error) {
		var p cellsParams
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, "", "", model.Errorf(model.Invalid, "cells parameters: %v", err)
		}
		input, data, err := readInput(p.File)
		if err != nil {
			return nil, "", "", err
		}
		m, err := cells.Read(p.File, bytes.NewReader(data))
		if err != nil {
			return nil, "", "", err
		}
		sol, err := cells.Solve(ctx, m, cells.Options{Seed: p.Seed, Time: p.Budget, MinCells: p.MinCells, MaxCells: p.MaxCells})
		if err != nil {
			return nil, "", "", err
		}
		rep := newCellsReport(p.File, m, sol, p.Seed)
		sum := fmt.Sprintf("%d x %d: %d cells, grouping efficacy %.4f", m.Rows, m.Cols, len(rep.Cells), rep.GroupingEfficacy)
		return rep, sum, input, nil
	}})
}

// readInput reads a file an analysis runs on and names it for the run:
// its path and SHA-256, so that a repeated run says when the file changed.
func readInput(path string) (input string, data []byte, err error) {
	data, err = os.ReadFile(path)
	if err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256(data)
	return fmt.Sprintf("%s sha256:%x", path, sum[:8]), data, nil
}

// fileRunFlags are what the file analyses take beside their own flags.
type fileRunFlags struct {
	asJSON bool
	save   bool
}

func (f *fileRunFlags) add(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&f.asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&f.save, "save", false, "store the run in the store (--store), to show or repeat it later")
}

// runFile runs an analysis of a file, without a store unless the run is
// to be saved, and returns the run and its result.
func (a *app) runFile(ctx context.Context, kind string, params any, f fileRunFlags) (model.Run, any, error) {
	run, res, err := rationalize.ExecuteResult(ctx, rationalize.Env{State: "no store"}, kind, params)
	if err != nil || !f.save {
		return run, res, err
	}
	s, err := a.openStore(ctx, false)
	if err != nil {
		return run, res, err
	}
	if _, err := a.viewer(ctx, s); err != nil {
		return run, res, err
	}
	run, err = s.PutRun(ctx, model.MemberID(a.member), run)
	return run, res, err
}

// rationalizeCellsCommand is `cbb rationalize cells FILE`: cell formation
// on an incidence matrix file, without a store.
func (a *app) rationalizeCellsCommand() *cobra.Command {
	var (
		p  cellsParams
		rf fileRunFlags
	)
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
returns the best solution so far). No store is needed; --save stores the run
(file and SHA-256, parameters, result, timing) for 'cbb rationalize show' and
'rerun'.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if p.MinCells > 0 && p.MaxCells > 0 && p.MinCells > p.MaxCells {
				return usageError{fmt.Errorf("--min-cells %d is above --max-cells %d", p.MinCells, p.MaxCells)}
			}
			p.File = args[0]
			run, res, err := a.runFile(cmd.Context(), "cells", p, rf)
			if err != nil {
				return err
			}
			rep := res.(cellsReport)
			rep.Seconds = run.Took.Seconds()
			if rf.asJSON {
				return writeJSON(a.stdout, rep)
			}
			if err := rep.writeTable(a.stdout); err != nil {
				return err
			}
			if run.ID != "" {
				fmt.Fprintf(a.stdout, "\nstored as run %s; repeat it with: cbb rationalize rerun %s\n", run.ID, run.ID)
			}
			return nil
		},
	}
	rf.add(cmd)
	fl := cmd.Flags()
	fl.Uint64Var(&p.Seed, "seed", 1, "random seed; the same seed gives the same cells")
	fl.DurationVar(&p.Budget, "time", 30*time.Second, "longest time to search (0: until the search stops by itself)")
	fl.IntVar(&p.MinCells, "min-cells", 0, "fewest cells (0: 1)")
	fl.IntVar(&p.MaxCells, "max-cells", 0, "most cells (0: min(rows, cols))")
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
	// Seconds is the run's time, set when printed: a stored result
	// leaves it out so that a repeated run compares equal.
	Seconds float64 `json:"seconds,omitempty"`
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

func newCellsReport(file string, m cells.Matrix, sol cells.Solution, seed uint64) cellsReport {
	c := sol.Counts(m)
	rep := cellsReport{
		File: file, Rows: m.Rows, Cols: m.Cols,
		GroupingEfficacy: c.Efficacy(), Ones: c.Ones, OnesInside: c.Inside, Voids: c.Voids,
		Exceptional: []elementJSON{}, CrossingColumns: []crossingColumn{},
		Seed: seed,
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
