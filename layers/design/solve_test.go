package design

import (
	"testing"

	"github.com/crillab/gophersat/solver"
)

// TestMinimizeRegression is the instance on which gophersat v1.4.0's own
// Minimize returned a model breaking the at-least-one clause of item
// (3, 4, 5, 6) with cost 2: one new design is forced on item i0, one on
// i1, and the exclusions force one more on i2 or i3, so the optimum is 3.
func TestMinimizeRegression(t *testing.T) {
	cs := []solver.PBConstr{
		solver.PropClause(1), solver.PropClause(2),
		solver.PropClause(3, 4, 5, 6), solver.AtMost([]int{3, 4, 5, 6}, 1),
		solver.PropClause(7, 8), solver.AtMost([]int{7, 8}, 1),
		solver.PropClause(-7, -3), solver.PropClause(-7, -4), solver.PropClause(-7, -5),
		solver.PropClause(-8, -3), solver.PropClause(-8, -4), solver.PropClause(-8, -5),
	}
	m, ok, err := solveModel(cs)
	if !ok || err != nil {
		t.Fatalf("solve: %v %v", ok, err)
	}
	m, cost, err := minimize(cs, m, []int{1, 2, 6, 8}, []int{1, 1, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	if cost != 3 || !m[0] || !m[1] || m[5] == m[7] {
		t.Errorf("cost %d, model %v", cost, m)
	}
}
