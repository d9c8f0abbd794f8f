package commonality

import (
	"math"
	"testing"
)

// family is worked by hand in the comments of TestCompute.
func family() Family {
	return Family{
		Products: []string{"A", "B", "C"},
		Uses: map[string][]string{
			"A":  {"m1", "p1", "p2"},
			"B":  {"m1", "p1", "p5"},
			"C":  {"p1", "p2", "p6"},
			"m1": {"p3", "p4"},
		},
		Parts: [][]string{{"p1", "p2", "p3", "p4"}, {"p3", "p4", "p1", "p5"}, {"p1", "p2", "p6"}},
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-4 }

func TestCompute(t *testing.T) {
	typed := family()
	typed.Type = map[string]string{"p5": "T", "p6": "T"}
	merged := family().Merge(map[string]string{"p6": "p5"})
	tests := []struct {
		name                string
		f                   Family
		d, u                int
		dci, tcci, ci, pci  float64
		meanReuse, reuseOfC float64
	}{
		// Immediate parents: m1 {A,B}, p1 {A,B,C}, p2 {A,C}, p3 {m1},
		// p4 {m1}, p5 {B}, p6 {C}: d = 7, ΣΦ = 11, DCI = 11/7,
		// TCCI = 1 - 6/10. Leaf parts per product 4, 4, 3; u = 6:
		// CI = 1 - (6-4)/(11-4). PCI, every part its own type (P = 6,
		// n = 3,2,2,2,1,1, Σ1/n = 23/6): (11 - 23/6)/(18 - 23/6).
		// Reuse: A 4/4, B 3/4, C 2/3.
		{"as is", family(), 7, 6, 11.0 / 7, 0.4, 1 - 2.0/7, 100 * (11 - 23.0/6) / (18 - 23.0/6), (1 + 0.75 + 2.0/3) / 3, 2.0 / 3},
		// p5 and p6 one type T used by B and C in two versions:
		// f1(T) = 1/2; P = 5, Σ n·f = 3+2+2+2+1 = 10, Σ1/n = 7/3:
		// (10 - 7/3)/(15 - 7/3).
		{"typed", typed, 7, 6, 11.0 / 7, 0.4, 1 - 2.0/7, 100 * (10 - 7.0/3) / (15 - 7.0/3), (1 + 0.75 + 2.0/3) / 3, 2.0 / 3},
		// p6 merged into p5: d = 6, ΣΦ = 11, u = 5; C reuses all.
		{"after merging p6 into p5", merged, 6, 5, 11.0 / 6, 0.5, 1 - 1.0/7, 100 * (11 - 1.0/3 - 2) / (15 - 1.0/3 - 2), 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := Compute(tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if ix.Components != tt.d || ix.UniqueParts != tt.u {
				t.Errorf("d = %d, u = %d; want %d, %d", ix.Components, ix.UniqueParts, tt.d, tt.u)
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{
				{"DCI", ix.DCI, tt.dci}, {"TCCI", ix.TCCI, tt.tcci}, {"CI", ix.CI, tt.ci}, {"PCI", ix.PCI, tt.pci},
				{"mean reuse", ix.MeanReuse, tt.meanReuse}, {"reuse of C", ix.Reuse["C"], tt.reuseOfC},
			} {
				if !near(c.got, c.want) {
					t.Errorf("%s = %.6f, want %.6f", c.name, c.got, c.want)
				}
			}
		})
	}
}

// The extremes: identical products score full commonality; products
// sharing nothing score none.
func TestExtremes(t *testing.T) {
	same := Family{
		Products: []string{"A", "B"},
		Uses:     map[string][]string{"A": {"p", "q"}, "B": {"p", "q"}},
		Parts:    [][]string{{"p", "q"}, {"p", "q"}},
	}
	ix, _ := Compute(same)
	if !near(ix.CI, 1) || !near(ix.PCI, 100) || !near(ix.TCCI, 1.0-1.0/3) || !near(ix.MeanReuse, 1) {
		t.Errorf("identical products: %+v", ix)
	}
	apart := Family{
		Products: []string{"A", "B"},
		Uses:     map[string][]string{"A": {"p"}, "B": {"q"}},
		Parts:    [][]string{{"p"}, {"q"}},
	}
	ix, _ = Compute(apart)
	if !near(ix.CI, 0) || !near(ix.PCI, 0) || !near(ix.TCCI, 0) || !near(ix.DCI, 1) || ix.MeanReuse != 0 {
		t.Errorf("disjoint products: %+v", ix)
	}
	if _, err := Compute(Family{Products: []string{"A"}}); err == nil {
		t.Error("a product without a part list must be an error")
	}
}
