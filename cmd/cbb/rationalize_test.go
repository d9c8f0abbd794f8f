package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize"
)

// cbb rationalize commonality on the Mendel90 family: the indices before
// and after merging duplicates, stored as a run that lists, shows and
// repeats to the same result.
func TestRationalizeCommonality(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	cbb(t, store, exitOK, "import", "--progress", "never", "../../testdata/mendel90")
	out := cbb(t, store, exitOK, "rationalize", "commonality", "--family", "Mendel90", "--progress", "never")
	for _, want := range []string{"6 products", "CI (Martin & Ishii)", "PCI (Kota et al.)", "duplicate groups", "stored as run 0000000001"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	var run model.Run
	if err := json.Unmarshal([]byte(cbb(t, store, exitOK, "rationalize", "commonality", "--family", "Mendel90", "--json", "--progress", "never")), &run); err != nil {
		t.Fatal(err)
	}
	var res rationalize.CommonalityResult
	if err := json.Unmarshal(run.Result, &res); err != nil {
		t.Fatal(err)
	}
	if run.ID != "0000000002" || run.Kind != "commonality" || !strings.Contains(run.Input, "family") || res.Before.Products != 6 {
		t.Errorf("run %+v", run)
	}
	if res.After.CI < res.Before.CI {
		t.Errorf("merging duplicates lowered CI: %v -> %v", res.Before.CI, res.After.CI)
	}
	if out := cbb(t, store, exitOK, "rationalize", "runs"); strings.Count(out, "commonality") != 2 {
		t.Errorf("runs:\n%s", out)
	}
	if out := cbb(t, store, exitOK, "rationalize", "show", "0000000001"); !strings.Contains(out, "TCCI") {
		t.Errorf("show:\n%s", out)
	}
	if out := cbb(t, store, exitOK, "rationalize", "rerun", "0000000001"); !strings.Contains(out, "same result") {
		t.Errorf("rerun:\n%s", out)
	}
	cbb(t, store, exitError, "rationalize", "show", "0000000099")
	cbb(t, store, exitUsage, "rationalize", "commonality", "--family", "Mendel90", "--owner", "local")
}

// Mined rules become proposed design rules of the middle layer.
func TestRationalizeRulesPropose(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	cbb(t, store, exitOK, "import", "--progress", "never", "../../testdata/nopscadlib")
	out := cbb(t, store, exitOK, "rationalize", "rules", "--propose", "--progress", "never")
	if !strings.Contains(out, "proposed") {
		t.Fatalf("rules --propose:\n%s", out)
	}
	var rules []model.Rule
	if err := json.Unmarshal([]byte(cbb(t, store, exitOK, "rule", "list", "--status", "proposed", "--json")), &rules); err != nil {
		t.Fatal(err)
	}
	if len(rules) == 0 || !strings.HasPrefix(rules[0].Origin, "run:") {
		t.Errorf("proposed rules: %+v", rules)
	}
	cbb(t, store, exitOK, "rule", "accept", rules[0].ID)
	cbb(t, store, exitUsage, "rationalize", "rules", "--propose", "--no-save")
}

// The store analyses draw their pictures and the report writes its files.
func TestRationalizePictures(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	cbb(t, store, exitOK, "import", "--progress", "never", "../../testdata/nopscadlib")
	dir := t.TempDir()
	cbb(t, store, exitOK, "rationalize", "platform", "--progress", "never", "--restarts", "5", "--svg", filepath.Join(dir, "incidence.svg"))
	cbb(t, store, exitOK, "rationalize", "modules", "--progress", "never", "--svg", filepath.Join(dir, "modules.svg"))
	cbb(t, store, exitOK, "rationalize", "families", "--progress", "never", "--svg", filepath.Join(dir, "dendrograms"))
	out := cbb(t, store, exitOK, "rationalize", "report", "--progress", "never", "--out", filepath.Join(dir, "report"))
	if !strings.Contains(out, "wrote") {
		t.Errorf("report: %s", out)
	}
	for _, f := range []string{"incidence.svg", "modules.svg", "report/README.md", "report/incidence.svg", "report/modules.svg"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || len(b) < 200 {
			t.Errorf("%s: %d bytes, %v", f, len(b), err)
		}
	}
	if ds, err := os.ReadDir(filepath.Join(dir, "dendrograms")); err != nil || len(ds) == 0 {
		t.Errorf("dendrograms: %v, %v", ds, err)
	}
}

// The file analyses store their runs when asked (file and SHA-256,
// parameters, result) and repeat them to the same result.
func TestFileRunsSavedAndRepeated(t *testing.T) {
	store := newStore(t)
	cells := filepath.Join(cellsFixtures, "king-nakornchai-1982-fig1a.txt")
	out := cbb(t, store, exitOK, "rationalize", "cells", "--save", "--seed", "3", cells)
	if !strings.Contains(out, "stored as run 0000000001") {
		t.Fatalf("cells --save:\n%s", out)
	}
	tiny := "../../rationalize/dsm/testdata/tiny.csv"
	if out := cbb(t, store, exitOK, "rationalize", "dsm", "--save", "--method", "thebeau", tiny); !strings.Contains(out, "stored as run 0000000002") {
		t.Fatalf("dsm --save:\n%s", out)
	}
	var runs []model.Run
	if err := json.Unmarshal([]byte(cbb(t, store, exitOK, "rationalize", "runs", "--json")), &runs); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].Kind != "cells" || !strings.Contains(runs[0].Input, "sha256:") || runs[1].Kind != "dsm" {
		t.Fatalf("runs %+v", runs)
	}
	for _, id := range []string{"0000000001", "0000000002"} {
		if out := cbb(t, store, exitOK, "rationalize", "rerun", id); !strings.Contains(out, "same result") {
			t.Errorf("rerun %s: %s", id, out)
		}
		if out := cbb(t, store, exitOK, "rationalize", "show", id); !strings.Contains(out, "run "+id) {
			t.Errorf("show %s: %s", id, out)
		}
	}
}
