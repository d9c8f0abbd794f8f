package dsm

import (
	"bytes"
	"context"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/layers/model"
)

func readTest(t testing.TB, path string) *DSM {
	t.Helper()
	d, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustPartition(t testing.TB, n int, clusters [][]int, bus []int) Partition {
	t.Helper()
	p, err := NewPartition(n, clusters, bus)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// testdata/tiny.csv: a<->b (symmetric weight 2), b->c (1), c->d (1); the
// diagonal of 1s is ignored.
func TestMeasuresByHand(t *testing.T) {
	d := readTest(t, "testdata/tiny.csv")
	if d.Dependencies() != 4 {
		t.Fatalf("dependencies = %d, want 4", d.Dependencies())
	}
	ab := mustPartition(t, 4, [][]int{{0, 1}, {2, 3}}, nil)
	busB := mustPartition(t, 4, [][]int{{0}, {2}, {3}}, []int{1})
	tests := []struct {
		name  string
		p     Partition
		powCC float64
		cost  Cost
		q     float64
	}{
		// Q = [(4 - 25/8) + (2 - 9/8)] / 8: 2m = 8, degrees a2 b3 c2 d1.
		// Cost: ab 2*2 + cd 1*2 inside, bc 1*4 outside (n = 4).
		{"two clusters", ab, 1, Cost{Intra: 6, Extra: 4, Total: 10}, 0.21875},
		{"two clusters pow 2", ab, 2, Cost{Intra: 12, Extra: 16, Total: 28}, 0.21875},
		// b is bus: only c-d remains, between clusters, costing 1*4; on
		// the graph a, c-d (2m = 2), Q = (0 - 1/2 - 1/2) / 2.
		{"bus b, singletons", busB, 1, Cost{Intra: 0, Extra: 4, Total: 4}, -0.5},
		{"all singletons", mustPartition(t, 4, [][]int{{0}, {1}, {2}, {3}}, nil), 1, Cost{Extra: 16, Total: 16}, -(4.0 + 9 + 4 + 1) / 64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := DefaultParams()
			params.PowCC = tt.powCC
			if got := CoordinationCost(d, tt.p, params); got != tt.cost {
				t.Errorf("CoordinationCost = %+v, want %+v", got, tt.cost)
			}
			if got := Modularity(d, tt.p); math.Abs(got-tt.q) > 1e-12 {
				t.Errorf("Modularity = %v, want %v", got, tt.q)
			}
		})
	}
}

func TestNewPartitionErrors(t *testing.T) {
	for _, tt := range []struct {
		name     string
		clusters [][]int
		bus      []int
	}{
		{"twice", [][]int{{0, 1}, {1, 2}}, nil},
		{"missing", [][]int{{0, 1}}, nil},
		{"outside", [][]int{{0, 1, 2, 3}}, nil},
		{"bus and cluster", [][]int{{0, 1, 2}}, []int{2}},
	} {
		if _, err := NewPartition(3, tt.clusters, tt.bus); model.Code(err) != model.Invalid {
			t.Errorf("%s: err = %v, want invalid", tt.name, err)
		}
	}
}

func TestReadErrorsAreLocated(t *testing.T) {
	tests := []struct {
		file  string
		line  int
		field string
	}{
		{"bad_value.csv", 3, "c"},
		{"bad_ragged.csv", 3, ""},
		{"bad_negative.csv", 2, "b"},
		{"bad_order.csv", 2, ""},
		{"bad_duplicate_pair.csv", 3, ""},
		{"bad_header.csv", 1, ""},
		{"bad_quote.csv", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := ReadFile(filepath.Join("testdata", tt.file))
			var e *model.Error
			if !asModelError(err, &e) {
				t.Fatalf("err = %v, want a *model.Error", err)
			}
			if e.Code != model.Invalid || e.File != tt.file || e.Line != tt.line || e.Field != tt.field {
				t.Errorf("err = %q (code %s, file %q, line %d, field %q), want line %d field %q",
					err, e.Code, e.File, e.Line, e.Field, tt.line, tt.field)
			}
		})
	}
}

func asModelError(err error, e **model.Error) bool {
	if err == nil {
		return false
	}
	me, ok := err.(*model.Error)
	*e = me
	return ok
}

// sharedDSMs lists every DSM file of ../shared/data/dsm with its size and
// the format Read must see.
var sharedDSMs = []struct {
	path   string
	n      int
	origin string
}{
	{"climate_control_pimmler_eppinger1994_edges.csv", 16, OriginPairs},
	{"normalized/dsmweb_tutorial_7.csv", 7, OriginMatrix},
	{"normalized/pimmler_eppinger1994_climate_control_possum.csv", 16, OriginMatrix},
	{"normalized/sanaei_MotorController_DSM.csv", 22, OriginMatrix},
	{"normalized/sanaei_UAV_DSM.csv", 14, OriginMatrix},
	{"normalized/sanaei_car_heater.csv", 12, OriginMatrix},
	{"normalized/sanaei_contrast_injector_DSM.csv", 50, OriginMatrix},
	{"normalized/sanaei_dust_buster.csv", 57, OriginMatrix},
	{"normalized/sanaei_dustbuster1.csv", 57, OriginMatrix},
	{"normalized/sanaei_gas_burner.csv", 8, OriginMatrix},
	{"normalized/sanaei_oven.csv", 13, OriginMatrix},
	{"normalized/sanaei_screw_driver.csv", 19, OriginMatrix},
	{"normalized/sanaei_tranter.csv", 24, OriginMatrix},
	{"normalized/sanaei_xerox_docucolor1.csv", 37, OriginMatrix},
	{"normalized/sanaei_xerox_docucolor2.csv", 79, OriginMatrix},
	{"normalized/sanaei_xerox_docucolor3.csv", 14, OriginMatrix},
	{"normalized/sanaei_xerox_docucolor4.csv", 42, OriginMatrix},
	{"normalized/sanaei_xerox_docucolor5.csv", 25, OriginMatrix},
	{"normalized/sanaei_xerox_docucolor6.csv", 14, OriginMatrix},
	{"normalized/thebeau2001_elevator_dsm.csv", 61, OriginMatrix},
	{"normalized/thebeau2001_elevator_dsm_varied.csv", 61, OriginMatrix},
	{"ead/DANI_DMM.csv", 41, OriginDMM},
	{"ead/LI_valve.csv", 49, OriginDMM},
	{"ead/carframe.csv", 38, OriginMatrix},
	{"ead/dieselEngine.csv", 26, OriginMatrix},
	{"ead/gearbox_DSM_PrD.csv", 21, OriginMatrix},
	{"ead/gearbox_DSM_RD.csv", 18, OriginMatrix},
	{"ead/robot_DSM_control.csv", 17, OriginMatrix},
	{"ead/robot_DSM_full.csv", 151, OriginMatrix},
	{"ead/robot_DSM_traverse.csv", 26, OriginMatrix},
	{"ead/waterSprinkler.csv", 13, OriginMatrix},
}

func TestEverySharedDSMReads(t *testing.T) {
	dir := shareddata.Dir(t, "dsm")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	top, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	if got := len(files) + len(top); got != len(sharedDSMs) {
		t.Errorf("%d CSV files in %s, the table lists %d: add the new ones", got, dir, len(sharedDSMs))
	}
	for _, tt := range sharedDSMs {
		t.Run(tt.path, func(t *testing.T) {
			d := readTest(t, filepath.Join(dir, tt.path))
			if d.Len() != tt.n || d.Origin() != tt.origin {
				t.Errorf("n = %d origin %s, want %d %s", d.Len(), d.Origin(), tt.n, tt.origin)
			}
			if d.Dependencies() == 0 {
				t.Error("no dependencies")
			}
		})
	}
}

// The pair list and the possum matrix are two transcriptions of Pimmler
// and Eppinger's climate control system: they must give one DSM.
func TestClimateControlPairsMatchMatrix(t *testing.T) {
	dir := shareddata.Dir(t, "dsm")
	pairs := readTest(t, filepath.Join(dir, "climate_control_pimmler_eppinger1994_edges.csv"))
	matrix := readTest(t, filepath.Join(dir, "normalized/pimmler_eppinger1994_climate_control_possum.csv"))
	idx := map[string]int{}
	for i, n := range matrix.Names() {
		idx[n] = i
	}
	for i := range pairs.Len() {
		mi, ok := idx[pairs.Name(i)]
		if !ok {
			t.Fatalf("element %q not in the matrix", pairs.Name(i))
		}
		for j := range pairs.Len() {
			if a, b := pairs.At(i, j), matrix.At(mi, idx[pairs.Name(j)]); a != b {
				t.Errorf("%s -> %s: pairs %v, matrix %v", pairs.Name(i), pairs.Name(j), a, b)
			}
		}
	}
	if pairs.Dependencies() != matrix.Dependencies() {
		t.Errorf("dependencies: pairs %d, matrix %d", pairs.Dependencies(), matrix.Dependencies())
	}
}

func TestFromCooccurrence(t *testing.T) {
	names := []string{"x", "y", "z"}
	d, err := FromCooccurrence(names, [][]int{{5, 2, 0}, {2, 3, 1}, {0, 1, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if d.At(0, 1) != 2 || d.At(1, 0) != 2 || d.At(1, 2) != 1 || d.At(0, 0) != 0 || d.Dependencies() != 4 {
		t.Errorf("unexpected DSM: %v", d.rows)
	}
	sparse, err := FromPairs(names, map[[2]int]int{{0, 1}: 2, {2, 1}: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		for j := range 3 {
			if d.At(i, j) != sparse.At(i, j) {
				t.Errorf("(%d,%d): dense %v, sparse %v", i, j, d.At(i, j), sparse.At(i, j))
			}
		}
	}
	for _, bad := range [][][]int{{{0, 1}, {2, 0}}, {{0, 1, 0}}, {{0, -1}, {-1, 0}}} {
		if _, err := FromCooccurrence(names[:len(bad)], bad); model.Code(err) != model.Invalid {
			t.Errorf("%v: err = %v, want invalid", bad, err)
		}
	}
	if _, err := FromPairs(names, map[[2]int]int{{0, 1}: 2, {1, 0}: 3}); model.Code(err) != model.Invalid {
		t.Errorf("disagreeing pair: err = %v, want invalid", err)
	}
}

func TestMethodsAreDeterministicBySeed(t *testing.T) {
	d := readTest(t, filepath.Join(shareddata.Dir(t, "dsm"), "normalized/thebeau2001_elevator_dsm.csv"))
	bus := DetectBus(d, DefaultBusParams())
	ctx := context.Background()
	methods := map[string]func(seed uint64) Partition{
		"louvain": func(seed uint64) Partition { return Louvain(d, bus, 1, seed) },
		"thebeau": func(seed uint64) Partition {
			p, err := Thebeau(ctx, d, bus, DefaultParams(), seed)
			if err != nil {
				t.Fatal(err)
			}
			return p
		},
		"mcl": func(uint64) Partition {
			p, err := MarkovClustering(ctx, d, bus, DefaultMCLParams())
			if err != nil {
				t.Fatal(err)
			}
			return p
		},
	}
	for name, run := range methods {
		for _, seed := range []uint64{1, 2, 3} {
			a, b := run(seed), run(seed)
			if !slices.Equal(a.Cluster, b.Cluster) {
				t.Errorf("%s seed %d: two runs differ", name, seed)
			}
			if !slices.Equal(a.BusElements(), bus) {
				t.Errorf("%s seed %d: bus %v, want %v", name, seed, a.BusElements(), bus)
			}
		}
	}
}

// Every method beats the trivial partitions on every shared DSM: modularity
// above all-singletons, Thebeau's cost below it.
func TestMethodsImproveOnSharedDSMs(t *testing.T) {
	dir := shareddata.Dir(t, "dsm")
	ctx := context.Background()
	for _, tt := range sharedDSMs {
		d := readTest(t, filepath.Join(dir, tt.path))
		bus := DetectBus(d, DefaultBusParams())
		single := Partition{Cluster: make([]int, d.Len())}
		for i := range single.Cluster {
			single.Cluster[i] = i
		}
		for _, e := range bus {
			single.Cluster[e] = Bus
		}
		base := CoordinationCost(d, single, DefaultParams()).Total
		lv := Louvain(d, bus, 1, 1)
		tb, err := Thebeau(ctx, d, bus, DefaultParams(), 1)
		if err != nil {
			t.Fatal(err)
		}
		mc, err := MarkovClustering(ctx, d, bus, DefaultMCLParams())
		if err != nil {
			t.Fatal(err)
		}
		if q := Modularity(d, lv); q <= Modularity(d, single) {
			t.Errorf("%s: Louvain Q %.3f not above singletons", tt.path, q)
		}
		if c := CoordinationCost(d, tb, DefaultParams()).Total; c > base {
			t.Errorf("%s: Thebeau cost %.0f above singletons %.0f", tt.path, c, base)
		}
		if len(mc.Cluster) != d.Len() {
			t.Errorf("%s: MCL partition of %d", tt.path, len(mc.Cluster))
		}
	}
}

func TestThebeauStopsOnCancel(t *testing.T) {
	d := readTest(t, "testdata/tiny.csv")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Thebeau(ctx, d, nil, DefaultParams(), 1); err == nil {
		t.Error("no error from a cancelled context")
	}
}

func TestDetectBusOnElevator(t *testing.T) {
	d := readTest(t, filepath.Join(shareddata.Dir(t, "dsm"), "normalized/thebeau2001_elevator_dsm.csv"))
	// 1-based: Travelling Comm. Cable 9, Power Supplies 14, Motion
	// Controller 25, Safety System 38, Cab 40, Passenger Load 60; all in
	// Thebeau's bus (9,16,60,61,40,14,38,25).
	want := []int{8, 13, 24, 37, 39, 59}
	if got := DetectBus(d, DefaultBusParams()); !slices.Equal(got, want) {
		t.Errorf("bus = %v, want %v", got, want)
	}
	small := readTest(t, "testdata/tiny.csv")
	if got := DetectBus(small, DefaultBusParams()); got != nil {
		t.Errorf("bus of a 4-element DSM = %v, want none", got)
	}
}

func TestWriteSVG(t *testing.T) {
	d := readTest(t, "testdata/tiny.csv")
	p := mustPartition(t, 4, [][]int{{0, 1}, {3}}, []int{2})
	var b bytes.Buffer
	if err := WriteSVG(&b, d, p); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if !strings.Contains(s, "<svg") || !strings.Contains(s, ">d<") && !strings.Contains(s, "d</text>") {
		t.Errorf("not an SVG with labels: %.300s", s)
	}
	if err := WriteSVG(&b, d, Partition{Cluster: []int{0}}); err == nil {
		t.Error("no error for a partition of the wrong size")
	}
}
