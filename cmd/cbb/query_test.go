package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/retrieval"
)

func queryJSON(t *testing.T, store string, args ...string) retrieval.Result {
	t.Helper()
	var res retrieval.Result
	out := cbb(t, store, exitOK, append([]string{"query", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("query output is not JSON: %v\n%s", err, out)
	}
	return res
}

// cbb query on the sample data: --text with --level, and a requirement
// file whose must-constraints every candidate meets; --json carries what
// the issue lists for each candidate.
func TestQuery(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	cbb(t, store, exitOK, "import", "--progress", "never", "../../testdata")

	res := queryJSON(t, store, "--text", "M3 x 8 socket head cap screw", "--level", "part")
	top := res.Items[0].Candidates[0]
	if top.Source.String() != "nopscadlib:screw(M3_cap_screw, 8)" {
		t.Errorf("top candidate %s (%s), want the NopSCADlib M3x8 cap screw", top.Name, top.Source)
	}
	var raw struct {
		Items []struct {
			Candidates []map[string]json.RawMessage `json:"candidates"`
		} `json:"items"`
	}
	out := cbb(t, store, exitOK, "query", "--json", "--text", "608 bearing", "--level", "part", "--limit", "1")
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"id", "level", "name", "description", "attributes", "source", "score", "explanation"} {
		if _, ok := raw.Items[0].Candidates[0][key]; !ok {
			t.Errorf("candidate JSON lacks %q", key)
		}
	}

	res = queryJSON(t, store, "testdata/requirement.yaml")
	if len(res.Items) != 2 || len(res.Items[0].Candidates) == 0 {
		t.Fatalf("requirement file: %+v", res)
	}
	for _, c := range res.Items[0].Candidates {
		if c.Must != retrieval.MustMet {
			continue
		}
		for _, e := range c.Explanation {
			if e.Must && e.Status != retrieval.Met {
				t.Errorf("%s ranked as meeting its musts, but %s is %s (%s)", c.Name, e.Attribute, e.Status, e.Value)
			}
		}
	}
	if c := res.Items[0].Candidates[0]; c.Must != retrieval.MustMet || !strings.Contains(c.Name, "M3") {
		t.Errorf("frame screw: top candidate %s must %s", c.Name, c.Must)
	}

	var dups []retrieval.Duplicate
	out = cbb(t, store, exitOK, "duplicates", "--json", "nopscadlib:screw(M3_cap_screw, 8)")
	if err := json.Unmarshal([]byte(out), &dups); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range dups {
		found = found || d.Source.String() == "inventree:part:63" // "M3x8 SHCS"
	}
	if !found {
		t.Errorf("the InvenTree M3x8 SHCS is not a near-duplicate of the NopSCADlib M3 x 8 cap screw: %+v", dups)
	}

	table := cbb(t, store, exitOK, "query", "--text", "NEMA17 stepper motor", "--level", "family")
	if !strings.Contains(table, "Mendel90") || !strings.Contains(table, "of 6 variants") {
		t.Errorf("family query table:\n%s", table)
	}
}

// The index follows every import without a reindex, and a member's
// owner-only items are found by that member only: the scope filter is
// part of the search.
func TestQueryFollowsImportsAndScope(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	cbb(t, store, exitOK, "import", "--progress", "never", "../../testdata/nopscadlib")
	cbbAs(t, store, "admin", exitOK, "member", "add", "acme", "--name", "Acme")
	cbbAs(t, store, "admin", exitOK, "member", "add", "rival", "--name", "Rival")
	cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", "--scope", "owner", "testdata/secret_parts.csv")

	// ACME-7003 is acme's own part (its own part number, no maker's);
	// RG1005P-472-B-T5 is Susumu's, a catalogue part public to all
	// whoever imported it.
	finds := func(member, what string) bool {
		res := queryJSON(t, store, "--member", member, "--text", "4.7k 0402 0.1% resistor", "--level", "part")
		for _, c := range res.Items[0].Candidates {
			if strings.Contains(c.Source.ExternalID, what) || strings.Contains(c.Name, what) {
				return true
			}
		}
		return false
	}
	find := func(member string) bool { return finds(member, "ACME-7003") }
	if !find("acme") {
		t.Error("acme does not find its own part after importing it")
	}
	if find("rival") {
		t.Error("rival finds acme's owner-only part")
	}
	if !finds("rival", "RG1005P-472-B-T5") {
		t.Error("rival does not find the catalogue part acme's BOM names")
	}
	if out := cbb(t, store, exitOK, "reindex"); !strings.Contains(out, "indexed") {
		t.Errorf("reindex: %s", out)
	}
	if !find("acme") || find("rival") {
		t.Error("after reindex: visibility changed")
	}
	cbb(t, store, exitError, "query", "--member", "nobody", "--text", "resistor")
	cbb(t, store, exitUsage, "query")
	cbb(t, store, exitUsage, "query", "--text", "x", "--level", "galaxy")
}
