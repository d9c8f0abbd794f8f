package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/internal/shareddata"
)

// runDSM runs "cbb rationalize dsm ARGS" and returns stdout and stderr,
// failing unless the exit status is want.
func runDSM(t *testing.T, want int, args ...string) (string, string) {
	t.Helper()
	full := append([]string{"rationalize", "dsm"}, args...)
	var out, errb bytes.Buffer
	if code := Run(context.Background(), full, &out, &errb); code != want {
		t.Fatalf("cbb %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(full, " "), code, want, out.String(), errb.String())
	}
	return out.String(), errb.String()
}

func TestRationalizeDSM(t *testing.T) {
	elevator := filepath.Join(shareddata.Dir(t, "dsm"), "normalized", "thebeau2001_elevator_dsm.csv")
	for _, method := range []string{"louvain", "mcl", "thebeau"} {
		t.Run(method, func(t *testing.T) {
			svg := filepath.Join(t.TempDir(), "dsm.svg")
			out, _ := runDSM(t, exitOK, elevator, "--method", method, "--json", "--svg", svg, "--seed", "7")
			var res dsmResult
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			placed := len(res.Bus)
			for _, c := range res.Clusters {
				placed += len(c)
			}
			if res.Elements != 61 || placed != 61 || len(res.Bus) != 6 || res.Method != method {
				t.Errorf("elements %d, placed %d, bus %d, method %s", res.Elements, placed, len(res.Bus), res.Method)
			}
			if res.Modularity <= 0.3 || res.CoordinationCost.Total <= 0 {
				t.Errorf("modularity %.3f, cost %.0f", res.Modularity, res.CoordinationCost.Total)
			}
			again, _ := runDSM(t, exitOK, elevator, "--method", method, "--json", "--seed", "7")
			var res2 dsmResult
			if err := json.Unmarshal([]byte(again), &res2); err != nil {
				t.Fatal(err)
			}
			if res2.CoordinationCost != res.CoordinationCost {
				t.Errorf("same seed, costs %v and %v", res.CoordinationCost, res2.CoordinationCost)
			}
			if b, err := os.ReadFile(svg); err != nil || !bytes.Contains(b, []byte("<svg")) {
				t.Errorf("no SVG written: %v", err)
			}
		})
	}
}

func TestRationalizeDSMTableAndBus(t *testing.T) {
	elevator := filepath.Join(shareddata.Dir(t, "dsm"), "normalized", "thebeau2001_elevator_dsm.csv")
	out, _ := runDSM(t, exitOK, elevator, "--method", "thebeau", "--bus", "9,16,60,61,40,14,38,25")
	for _, want := range []string{"61 elements (matrix)", "8 bus", "bus: 9 Travelling Comm. Cable", "coordination cost"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestRationalizeDSMErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte(",a,b\na,0,1\nb,x,0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr := runDSM(t, exitError, bad)
	if !strings.Contains(stderr, "bad.csv:3") || !strings.Contains(stderr, "field a") {
		t.Errorf("error not located: %s", stderr)
	}
	runDSM(t, exitUsage, bad, "--method", "kmeans")
	runDSM(t, exitUsage, "../../rationalize/dsm/testdata/tiny.csv", "--bus", "9")
	runDSM(t, exitUsage)
}
