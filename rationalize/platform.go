package rationalize

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/rationalize/cells"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
)

// PlatformParams are the parameters of the "platform" analysis.
type PlatformParams struct {
	Scope matrix.Scope `json:"scope"`
	Seed  uint64       `json:"seed"`
	// Restarts bounds the search (0: 60), so that a run repeats exactly:
	// a time budget would not.
	Restarts int `json:"restarts,omitempty"`
	// MinUse leaves out parts used by fewer products (0: every part).
	MinUse int `json:"min_use,omitempty"`
}

// PlatformResult is the scope's product x part incidence
// block-diagonalized: product families with the parts (modules) they use,
// and the parts that cross families, the platform's CBB candidates.
type PlatformResult struct {
	Scope            string          `json:"scope"`
	Products         int             `json:"products"`
	Parts            int             `json:"parts"`
	GroupingEfficacy float64         `json:"grouping_efficacy"`
	Cells            []PlatformCell  `json:"cells"`
	Candidates       []CBBCandidate  `json:"cbb_candidates"`
	Matrix           *cells.Matrix   `json:"-"`
	Solution         *cells.Solution `json:"-"`
}

// PlatformCell is one block: a product family and its parts.
type PlatformCell struct {
	Products []string `json:"products"`
	Parts    []string `json:"parts"`
	Ones     int      `json:"ones"`
	Voids    int      `json:"voids"`
}

// CBBCandidate is a part used across families.
type CBBCandidate struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Families is the number of cells whose products use the part;
	// Products the number of products.
	Families int `json:"families"`
	Products int `json:"products"`
}

func init() {
	register("platform", Platform, func(r *PlatformResult) string {
		return fmt.Sprintf("%d products x %d parts: %d families, grouping efficacy %.4f, %d CBB candidates",
			r.Products, r.Parts, len(r.Cells), r.GroupingEfficacy, len(r.Candidates))
	}, func(env Env, p PlatformParams) string { return scopeInput(env, p.Scope) })
}

// Platform block-diagonalizes the scope's product x part incidence
// (package cells: the cell-formation problem, maximizing grouping
// efficacy) into product families with their parts, and reports the
// parts used across families.
func Platform(ctx context.Context, env Env, p PlatformParams) (*PlatformResult, error) {
	env.progress("incidence", 0, 1)
	inc, err := matrix.Build(ctx, env.Store, p.Scope)
	if err != nil {
		return nil, err
	}
	counts := inc.ColCounts()
	var keep []int
	for j, c := range counts {
		if c >= max(p.MinUse, 1) {
			keep = append(keep, j)
		}
	}
	col := make(map[int]int, len(keep))
	m := cells.Matrix{Rows: len(inc.Rows), Cols: len(keep), Ones: make([][]int, len(inc.Rows))}
	for k, j := range keep {
		col[j] = k
		m.ColLabels = append(m.ColLabels, inc.Cols[j].Name)
	}
	for i, row := range inc.Cells {
		m.RowLabels = append(m.RowLabels, inc.Rows[i].Name)
		for _, e := range row {
			if k, ok := col[e.Col]; ok {
				m.Ones[i] = append(m.Ones[i], k)
			}
		}
	}
	if m.Rows < 2 || m.Cols < 2 {
		return nil, fmt.Errorf("platform of %s: %d products and %d parts are too few to group", p.Scope, m.Rows, m.Cols)
	}
	restarts := p.Restarts
	if restarts == 0 {
		restarts = 60
	}
	env.progress("block-diagonalizing", 0, 1)
	sol, err := cells.Solve(ctx, m, cells.Options{Seed: p.Seed, Restarts: restarts})
	if err != nil {
		return nil, err
	}
	r := &PlatformResult{Scope: p.Scope.String(), Products: m.Rows, Parts: m.Cols, GroupingEfficacy: sol.Efficacy(m), Matrix: &m, Solution: &sol}
	for _, c := range sol.Cells() {
		pc := PlatformCell{}
		for _, i := range c.Rows {
			pc.Products = append(pc.Products, m.RowLabels[i])
		}
		for _, j := range c.Cols {
			pc.Parts = append(pc.Parts, m.ColLabels[j])
		}
		for _, i := range c.Rows {
			for _, j := range m.Ones[i] {
				if sol.ColCell[j] == sol.RowCell[i] {
					pc.Ones++
				}
			}
		}
		pc.Voids = len(c.Rows)*len(c.Cols) - pc.Ones
		r.Cells = append(r.Cells, pc)
	}
	r.Candidates = candidates(m, sol, inc, keep)
	return r, nil
}

// candidates lists the parts whose users span more than one family, most
// families first.
func candidates(m cells.Matrix, s cells.Solution, inc *matrix.Incidence, keep []int) []CBBCandidate {
	fams := make([]map[int]bool, m.Cols)
	users := make([]int, m.Cols)
	for i, ones := range m.Ones {
		for _, j := range ones {
			if fams[j] == nil {
				fams[j] = map[int]bool{}
			}
			fams[j][s.RowCell[i]] = true
			users[j]++
		}
	}
	var out []CBBCandidate
	for j := range m.Cols {
		if len(fams[j]) > 1 {
			it := inc.Cols[keep[j]]
			out = append(out, CBBCandidate{ID: string(it.ID), Name: it.Name, Families: len(fams[j]), Products: users[j]})
		}
	}
	slices.SortFunc(out, func(a, b CBBCandidate) int {
		if a.Families != b.Families {
			return b.Families - a.Families
		}
		if a.Products != b.Products {
			return b.Products - a.Products
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// WritePlatformSVG draws the reordered incidence matrix of a platform
// result.
func WritePlatformSVG(w io.Writer, r *PlatformResult) error {
	return cells.WriteSVG(w, *r.Matrix, *r.Solution, fmt.Sprintf("%s: %d families, grouping efficacy %.3f", r.Scope, len(r.Cells), r.GroupingEfficacy))
}
