package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

func TestRules(t *testing.T) {
	store := newStore(t)
	out := cbb(t, store, exitOK, "rule", "add", "testdata/rules.yaml")
	if strings.Count(out, "v1 proposed") != 3 {
		t.Errorf("add:\n%s", out)
	}
	cbb(t, store, exitOK, "rule", "accept", "bearing-fit")
	var accepted []model.Rule
	if err := json.Unmarshal([]byte(cbb(t, store, exitOK, "rule", "list", "--status", "accepted", "--json")), &accepted); err != nil {
		t.Fatal(err)
	}
	if len(accepted) != 1 || accepted[0].ID != "bearing-fit" || accepted[0].Version != 2 {
		t.Errorf("accepted: %+v", accepted)
	}
	if out := cbb(t, store, exitOK, "rule", "show", "bearing-fit"); strings.Count(out, `"version"`) != 2 {
		t.Errorf("show:\n%s", out)
	}
	// A file with a bad expression changes nothing and says where.
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("rules:\n  - id: ok\n    kind: constraint\n    expr: bore > 1\n  - id: broken\n    kind: constraint\n    expr: bore >= * 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := cbb(t, store, exitError, "rule", "add", bad); !strings.Contains(out, "broken") {
		t.Errorf("bad file: %s", out)
	}
	if out := cbb(t, store, exitOK, "rule", "list"); strings.Contains(out, "ok ") || strings.Count(out, "\n") != 3 {
		t.Errorf("after a refused file:\n%s", out)
	}
	if err := os.WriteFile(bad, []byte("rules:\n  - id: x\n    kind: requires\n    iff: [a]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := cbb(t, store, exitError, "rule", "add", bad); !strings.Contains(out, "bad.yaml:4:") {
		t.Errorf("unknown field: %s", out)
	}
	cbb(t, store, exitOK, "rd", "list")
	cbb(t, store, exitError, "rd", "assign", "RD-00009", "local")
}

// A family's stated variability replaces what its variants show; a bad
// relation is refused with the file named.
func TestVariability(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	cbb(t, store, exitOK, "import", "--progress", "never", "../../testdata/mendel90")
	derived := cbb(t, store, exitOK, "variability", "show", "Mendel90")
	if !strings.Contains(derived, `"variant"`) || !strings.Contains(derived, "derived from the variants") {
		t.Errorf("derived:\n%s", derived)
	}
	cbb(t, store, exitOK, "variability", "set", "../../testdata/design/variability.yaml")
	var v model.Variability
	if err := json.Unmarshal([]byte(cbb(t, store, exitOK, "variability", "show", "Mendel90")), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Parameters) != 4 || len(v.Interfaces) != 2 || len(v.Functions) != 2 || v.Parameters[3].Max == nil {
		t.Errorf("stated: %+v", v)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("variability:\n  - item: Mendel90\n    relations: [\"bed_width <=\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cbb(t, store, exitError, "variability", "set", bad)
	cbb(t, store, exitError, "variability", "show", "nopscadlib:nothing")
}
