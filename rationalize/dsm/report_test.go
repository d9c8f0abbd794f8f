package dsm

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cbb-alliance/cbb/internal/shareddata"
)

// TestReport prints the tables of docs/BENCHMARKS.md when DSM_REPORT is set: per
// shared DSM and method, clusters, bus, modularity, coordination cost and
// time. It asserts nothing; the numbers are for reading.
func TestReport(t *testing.T) {
	if os.Getenv("DSM_REPORT") == "" {
		t.Skip("set DSM_REPORT=1 to print the report")
	}
	dir := shareddata.Dir(t, "dsm")
	ctx := context.Background()
	var b strings.Builder
	fmt.Fprintln(&b, "| DSM | n | bus | method | clusters | modularity | coordination cost | time |")
	fmt.Fprintln(&b, "|---|---:|---:|---|---:|---:|---:|---:|")
	for _, tt := range sharedDSMs {
		d := readTest(t, filepath.Join(dir, tt.path))
		bus := DetectBus(d, DefaultBusParams())
		for _, m := range []string{"louvain", "mcl", "thebeau"} {
			start := time.Now()
			var p Partition
			var err error
			switch m {
			case "louvain":
				p = Louvain(d, bus, 1, 1)
			case "mcl":
				p, err = MarkovClustering(ctx, d, bus, DefaultMCLParams())
			case "thebeau":
				p, err = Thebeau(ctx, d, bus, DefaultParams(), 1)
			}
			el := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "| %s | %d | %d | %s | %d | %.3f | %.0f | %s |\n", tt.path, d.Len(), len(bus), m,
				len(p.Clusters()), Modularity(d, p), CoordinationCost(d, p, DefaultParams()).Total, el.Round(10*time.Microsecond))
		}
	}
	t.Log("\n" + b.String())
}

// thebeauBus is the bus Thebeau set apart in his elevator runs
// (run_cluster_A.m extract_elements 9,16,60,61,40,14,38,25), 0-based.
var thebeauBus = []int{8, 13, 15, 24, 37, 39, 59, 60}

// TestReportElevator prints the elevator comparison of BENCH.md when
// DSM_REPORT is set: each method with Thebeau's bus and with ours, and
// Thebeau's algorithm over ten seeds.
func TestReportElevator(t *testing.T) {
	if os.Getenv("DSM_REPORT") == "" {
		t.Skip("set DSM_REPORT=1 to print the report")
	}
	dir := shareddata.Dir(t, "dsm")
	ctx := context.Background()
	var b strings.Builder
	for _, f := range []string{"normalized/thebeau2001_elevator_dsm.csv", "normalized/thebeau2001_elevator_dsm_varied.csv"} {
		d := readTest(t, filepath.Join(dir, f))
		fmt.Fprintf(&b, "\n%s\n\n| bus | method | clusters | modularity | coordination cost |\n|---|---|---:|---:|---:|\n", f)
		for _, bs := range []struct {
			name string
			bus  []int
		}{{"Thebeau's 8", thebeauBus}, {"detected", DetectBus(d, DefaultBusParams())}} {
			single := Partition{Cluster: make([]int, d.Len())}
			for i := range single.Cluster {
				single.Cluster[i] = i
			}
			for _, e := range bs.bus {
				single.Cluster[e] = Bus
			}
			row := func(method string, p Partition) {
				fmt.Fprintf(&b, "| %s (%d) | %s | %d | %.3f | %.0f |\n", bs.name, len(bs.bus), method, len(p.Clusters()), Modularity(d, p), CoordinationCost(d, p, DefaultParams()).Total)
			}
			row("none (singletons)", single)
			row("louvain seed 1", Louvain(d, bs.bus, 1, 1))
			mc, _ := MarkovClustering(ctx, d, bs.bus, DefaultMCLParams())
			row("mcl", mc)
			var costs []float64
			var best Partition
			for seed := uint64(1); seed <= 10; seed++ {
				p, _ := Thebeau(ctx, d, bs.bus, DefaultParams(), seed)
				c := CoordinationCost(d, p, DefaultParams()).Total
				if len(costs) == 0 || c < slices.Min(costs) {
					best = p
				}
				costs = append(costs, c)
			}
			slices.Sort(costs)
			row(fmt.Sprintf("thebeau best of 10 seeds (costs %.0f..%.0f, median %.0f)", costs[0], costs[9], (costs[4]+costs[5])/2), best)
		}
	}
	t.Log(b.String())
	if out := os.Getenv("DSM_SVG"); out != "" {
		d := readTest(t, filepath.Join(dir, "normalized/thebeau2001_elevator_dsm.csv"))
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := WriteSVG(f, d, Louvain(d, thebeauBus, 1, 1)); err != nil {
			t.Fatal(err)
		}
	}
}
