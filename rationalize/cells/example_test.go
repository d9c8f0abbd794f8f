package cells_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/cbb-alliance/cbb/rationalize/cells"
)

// Five products by seven parts (King & Nakornchai 1982, Fig. 1a): two
// families with their modules, no part shared across them.
const king = `5 7
1 2 4 5 6
2 1 3
3 1 3 7
4 2 4 6
5 1 7
`

func ExampleRead() {
	m, err := cells.Read("king.txt", strings.NewReader(king))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Rows, m.Cols, m.NumOnes(), m.At(0, 1))

	_, err = cells.Read("bad.txt", strings.NewReader("2 3\n1 1\n2 9\n"))
	fmt.Println(err)
	// Output:
	// 5 7 14 true
	// bad.txt:3: field column 1: 9 out of range 1..3
}

func ExampleSolve() {
	m, _ := cells.Read("king.txt", strings.NewReader(king))
	sol, err := cells.Solve(context.Background(), m, cells.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for n, c := range sol.Cells() {
		fmt.Printf("cell %d: rows %v, columns %v\n", n+1, c.Rows, c.Cols)
	}
	c := sol.Counts(m)
	fmt.Printf("GE %d/(%d+%d) = %.4f, %d exceptional\n", c.Inside, c.Ones, c.Voids, c.Efficacy(), c.Exceptional)
	// Output:
	// cell 1: rows [0 3], columns [1 3 4 5]
	// cell 2: rows [1 2 4], columns [0 2 6]
	// GE 14/(14+3) = 0.8235, 0 exceptional
}

func ExampleSolution_Efficacy() {
	m, _ := cells.Read("king.txt", strings.NewReader(king))
	// Products 1, 4 and 5 in one cell with parts 2, 4, 5, 6 and 7; the
	// rest in another: 12 ones inside, 7 voids, 2 exceptional elements
	// (0-based: product 3 uses part 7, product 5 part 1).
	s := cells.Solution{RowCell: []int{0, 1, 1, 0, 0}, ColCell: []int{1, 0, 1, 0, 0, 0, 0}}
	fmt.Printf("%.4f %d voids %v exceptional\n", s.Efficacy(m), len(s.Voids(m)), s.Exceptional(m))
	// Output:
	// 0.5714 7 voids [{2 6} {4 0}] exceptional
}
