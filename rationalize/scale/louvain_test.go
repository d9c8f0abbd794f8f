package scale

import (
	"context"
	"slices"
	"testing"
)

// Two triangles joined by one weak edge, and an isolated node.
func TestLouvainSmall(t *testing.T) {
	g, err := FromEdges(7, []Edge{{0, 1, 3}, {1, 2, 3}, {0, 2, 3}, {3, 4, 3}, {4, 5, 3}, {3, 5, 3}, {2, 3, 1}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Louvain(context.Background(), g, DefaultLouvainParams())
	if err != nil {
		t.Fatal(err)
	}
	if want := []int32{0, 0, 0, 1, 1, 1, 2}; !slices.Equal(got, want) {
		t.Errorf("membership %v, want %v", got, want)
	}
}

// On a generated part graph our Louvain reaches gonum's modularity (within
// half a percent) and agrees with its partition.
func TestLouvainMatchesGonum(t *testing.T) {
	g := generatedGraph(t, 10000, 1000)
	ours, err := Louvain(context.Background(), g, DefaultLouvainParams())
	if err != nil {
		t.Fatal(err)
	}
	ref := GonumLouvain(g, 1, 1)
	q, qref := Modularity(g, ours, 1), Modularity(g, ref, 1)
	t.Logf("Q ours %.4f (%d clusters), gonum %.4f (%d clusters), NMI %.3f",
		q, slices.Max(ours)+1, qref, slices.Max(ref)+1, NMI(ours, ref))
	if q < qref-0.005*qref {
		t.Errorf("Q %.4f below gonum's %.4f", q, qref)
	}
	if nmi := NMI(ours, ref); nmi < 0.8 {
		t.Errorf("NMI with gonum's partition %.3f", nmi)
	}
}

func TestLouvainDeterministic(t *testing.T) {
	g := generatedGraph(t, 3000, 300)
	ctx := context.Background()
	a, _ := Louvain(ctx, g, LouvainParams{Resolution: 1, Seed: 5})
	b, _ := Louvain(ctx, g, LouvainParams{Resolution: 1, Seed: 5})
	if !slices.Equal(a, b) {
		t.Error("same seed, different partitions")
	}
}

// More iterations never lower Q; a higher resolution gives more clusters.
func TestLouvainParams(t *testing.T) {
	g := generatedGraph(t, 3000, 300)
	ctx := context.Background()
	one, _ := Louvain(ctx, g, LouvainParams{Resolution: 1, Seed: 1, Iterations: 1})
	all, _ := Louvain(ctx, g, LouvainParams{Resolution: 1, Seed: 1})
	if Modularity(g, all, 1) < Modularity(g, one, 1) {
		t.Errorf("until stable Q %.4f < one iteration %.4f", Modularity(g, all, 1), Modularity(g, one, 1))
	}
	fine, _ := Louvain(ctx, g, LouvainParams{Resolution: 4, Seed: 1})
	if slices.Max(fine) <= slices.Max(all) {
		t.Errorf("resolution 4: %d clusters, resolution 1: %d", slices.Max(fine)+1, slices.Max(all)+1)
	}
}

func TestLouvainCanceled(t *testing.T) {
	g := generatedGraph(t, 3000, 300)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Louvain(ctx, g, DefaultLouvainParams()); err == nil {
		t.Error("canceled context: no error")
	}
	m, _ := realProfile(t).Generate(1, 3000, 300)
	if _, err := Project(ctx, m, 10); err == nil {
		t.Error("canceled projection: no error")
	}
}

func TestNMI(t *testing.T) {
	tests := []struct {
		a, b []int32
		want float64
	}{
		{[]int32{0, 0, 1, 1}, []int32{5, 5, 7, 7}, 1},
		{[]int32{0, 0, 1, 1}, []int32{0, 1, 0, 1}, 0},
		{[]int32{0, 0, 0}, []int32{0, 0, 0}, 1},
	}
	for _, tt := range tests {
		if got := NMI(tt.a, tt.b); got < tt.want-1e-9 || got > tt.want+1e-9 {
			t.Errorf("NMI(%v, %v) = %.3f, want %.3f", tt.a, tt.b, got, tt.want)
		}
	}
}
