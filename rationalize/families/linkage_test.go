package families

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// lineDistances are the distances between points on a line.
func lineDistances(xs ...float64) Condensed {
	d := NewCondensed(len(xs))
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			d.D[d.Index(i, j)] = math.Abs(xs[i] - xs[j])
		}
	}
	return d
}

// TestClusterByHand checks the merges of five points 0, 2, 3, 7, 15 worked
// by hand: items 1 and 2 join first (at 1) as cluster 5, item 0 joins them
// as cluster 6, item 3 as cluster 7, item 4 last.
func TestClusterByHand(t *testing.T) {
	d := lineDistances(0, 2, 3, 7, 15)
	shape := [][2]int{{1, 2}, {0, 5}, {3, 6}, {4, 7}}
	tests := []struct {
		linkage Linkage
		heights []float64
	}{
		// Single: 0-{2,3} at 2, {0,2,3}-7 at 4, 7-15 at 8.
		{Single, []float64{1, 2, 4, 8}},
		// Complete: 0-{2,3} at max(2,3), {0,2,3}-7 at 7, 15 at 15.
		{Complete, []float64{1, 3, 7, 15}},
		// Average: 0-{2,3} at 2.5, 7 at (7+5+4)/3, 15 at (15+13+12+8)/4.
		{Average, []float64{1, 2.5, 16.0 / 3, 12}},
		// Weighted: 7 at (7 + 4.5)/2; 15 at ((15 + (13+12)/2)/2 + 8)/2.
		{Weighted, []float64{1, 2.5, 5.75, 10.875}},
	}
	for _, tt := range tests {
		t.Run(string(tt.linkage), func(t *testing.T) {
			dg, err := Cluster(d, tt.linkage)
			if err != nil {
				t.Fatal(err)
			}
			if len(dg.Merges) != 4 {
				t.Fatalf("%d merges, want 4", len(dg.Merges))
			}
			for k, m := range dg.Merges {
				if m.A != shape[k][0] || m.B != shape[k][1] || m.Size != k+2 || math.Abs(m.Height-tt.heights[k]) > 1e-12 {
					t.Errorf("merge %d = %+v, want %v at %v size %d", k, m, shape[k], tt.heights[k], k+2)
				}
			}
		})
	}
}

func TestCut(t *testing.T) {
	dg, err := Cluster(lineDistances(0, 2, 3, 7, 15), Single)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  []int
		want []int
	}{
		{"height 0", dg.Cut(0), []int{0, 1, 2, 3, 4}},
		{"height 1", dg.Cut(1), []int{0, 1, 1, 2, 3}},
		{"height 3", dg.Cut(3), []int{0, 0, 0, 1, 2}},
		{"height 100", dg.Cut(100), []int{0, 0, 0, 0, 0}},
		{"k 2", dg.CutK(2), []int{0, 0, 0, 0, 1}},
		{"k 5", dg.CutK(5), []int{0, 1, 2, 3, 4}},
		{"k 0 clamps to 1", dg.CutK(0), []int{0, 0, 0, 0, 0}},
		{"k 9 clamps to n", dg.CutK(9), []int{0, 1, 2, 3, 4}},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if got := Groups(dg.Cut(3)); len(got) != 3 || !slices.Equal(got[0], []int{0, 1, 2}) {
		t.Errorf("Groups = %v", got)
	}
	if got := dg.Leaves(); !slices.Equal(got, []int{4, 3, 0, 1, 2}) {
		t.Errorf("Leaves = %v", got)
	}
}

// naive is the textbook O(n³) agglomeration: merge the closest pair,
// recompute its distances to the others from the members.
func naive(d Condensed, linkage Linkage) []float64 {
	clusters := make([][]int, d.N)
	for i := range clusters {
		clusters[i] = []int{i}
	}
	between := func(a, b []int) float64 {
		var v float64
		switch linkage {
		case Single:
			v = math.Inf(1)
		case Complete:
			v = math.Inf(-1)
		}
		for _, x := range a {
			for _, y := range b {
				switch linkage {
				case Single:
					v = min(v, d.At(x, y))
				case Complete:
					v = max(v, d.At(x, y))
				default:
					v += d.At(x, y)
				}
			}
		}
		if linkage == Average {
			v /= float64(len(a) * len(b))
		}
		return v
	}
	var heights []float64
	for len(clusters) > 1 {
		bi, bj, best := 0, 1, math.Inf(1)
		for i := range clusters {
			for j := i + 1; j < len(clusters); j++ {
				if v := between(clusters[i], clusters[j]); v < best {
					bi, bj, best = i, j, v
				}
			}
		}
		heights = append(heights, best)
		clusters[bi] = append(clusters[bi], clusters[bj]...)
		clusters = slices.Delete(clusters, bj, bj+1)
	}
	return heights
}

// TestClusterMatchesNaive compares the nearest-neighbour chain with the
// textbook algorithm on random matrices. With tied distances complete and
// average linkage may build different, equally valid trees, so only single
// linkage (whose heights are those of the minimum spanning tree, unique)
// is also tried with ties.
func TestClusterMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		linkage Linkage
		ties    bool
	}{{Single, true}, {Single, false}, {Complete, false}, {Average, false}} {
		linkage := tc.linkage
		for trial := range 20 {
			n := 2 + r.IntN(40)
			d := NewCondensed(n)
			for k := range d.D {
				d.D[k] = r.Float64()
				if tc.ties {
					d.D[k] = math.Round(d.D[k]*20) / 20
				}
			}
			dg, err := Cluster(d, linkage)
			if err != nil {
				t.Fatal(err)
			}
			want := naive(d, linkage)
			for k, m := range dg.Merges {
				if math.Abs(m.Height-want[k]) > 1e-9 {
					t.Fatalf("%s trial %d (n=%d): merge %d at %v, naive %v", linkage, trial, n, k, m.Height, want[k])
				}
			}
			if dg.Merges[n-2].Size != n {
				t.Fatalf("%s trial %d: last merge holds %d of %d", linkage, trial, dg.Merges[n-2].Size, n)
			}
		}
	}
}

func TestCopheneticCorrelation(t *testing.T) {
	// Distances that already form a tree (ultrametric) are kept exactly.
	// {0,1} at 1, {2,3} at 2, both at 3.
	ultra := Condensed{N: 4, D: []float64{1, 3, 3, 3, 3, 2}}
	dg, _ := Cluster(ultra, Average)
	if c, _ := dg.CopheneticCorrelation(ultra); math.Abs(c-1) > 1e-12 {
		t.Errorf("ultrametric: %v, want 1", c)
	}
	// On the line, against the correlation computed from Cut directly.
	d := lineDistances(0, 2, 3, 7, 15)
	for _, linkage := range Linkages {
		dg, _ := Cluster(d, linkage)
		coph := NewCondensed(d.N)
		for _, m := range slices.Backward(dg.Merges) {
			labels := dg.Cut(m.Height)
			for i := range d.N {
				for j := i + 1; j < d.N; j++ {
					if labels[i] == labels[j] {
						coph.D[coph.Index(i, j)] = m.Height
					}
				}
			}
		}
		got, err := dg.CopheneticCorrelation(d)
		if err != nil {
			t.Fatal(err)
		}
		if want := pearson(d.D, coph.D); math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: %v, want %v", linkage, got, want)
		}
	}
}

func pearson(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

func TestClusterErrorsAndSmall(t *testing.T) {
	var me *model.Error
	if _, err := Cluster(lineDistances(0, 1), "ward"); !errors.As(err, &me) || me.Code != model.Invalid {
		t.Errorf("unknown linkage: %v", err)
	}
	if _, err := Cluster(Condensed{N: 3, D: []float64{1}}, Average); !errors.As(err, &me) || me.Code != model.Invalid {
		t.Errorf("bad matrix: %v", err)
	}
	if _, err := Cluster(Condensed{N: 2, D: []float64{math.NaN()}}, Average); !errors.As(err, &me) || me.Code != model.Invalid {
		t.Errorf("NaN distance: %v", err)
	}
	for n := range 3 {
		dg, err := Cluster(lineDistances(make([]float64, n)...), "")
		if err != nil || len(dg.Merges) != max(n-1, 0) || dg.Linkage != Average {
			t.Errorf("n=%d: %v, %v", n, dg, err)
		}
		if got := dg.Cut(1); len(got) != n {
			t.Errorf("n=%d: Cut gives %d labels", n, len(got))
		}
	}
}
