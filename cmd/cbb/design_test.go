package main

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/design"
	"github.com/cbb-alliance/cbb/layers/model"
)

// The worked example of docs/DESIGN.md on the repository's sample data:
// a 3D-printer requirement gets configurations, a variant of a family the
// rationalization proposed and accepted, and a new design with its gap;
// an accepted rule changes a choice; the new item becomes an R&D request
// and the members whose items are reused are credited.
func TestDesignPrinter(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	cbbAs(t, store, "admin", exitOK, "member", "add", "uni-a", "--name", "University A", "--kind", "university")
	cbbAs(t, store, "admin", exitOK, "member", "add", "lab-b", "--name", "Lab B", "--kind", "institute")
	cbbAs(t, store, "admin", exitOK, "member", "add", "acme", "--name", "Acme")
	cbbAs(t, store, "uni-a", exitOK, "import", "--progress", "never", "../../testdata/nopscadlib")
	cbbAs(t, store, "lab-b", exitOK, "import", "--progress", "never", "../../testdata/mendel90")
	cbbAs(t, store, "lab-b", exitOK, "rationalize", "families", "--accept", "--progress", "never")
	cbbAs(t, store, "acme", exitOK, "rule", "add", "--accept", "../../testdata/design/rules.yaml")

	var rep struct {
		design.Report
		Requests []model.Request `json:"rd_requests"`
	}
	out := cbb(t, store, exitOK, "design", "--json", "--member", "acme", "../../testdata/design/printer.yaml")
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := map[string]design.ItemDecision{}
	for _, d := range rep.Items {
		got[d.Item] = d
	}
	want := map[string]design.Decision{
		"frame screw": design.Configure, "axis motor": design.Configure, "idler bearing": design.Configure,
		"extruder screw": design.Variant, "bed leveling probe": design.New,
	}
	for item, dec := range want {
		if got[item].Decision != dec {
			t.Errorf("%s: %s (%s), want %s", item, got[item].Decision, got[item].Why, dec)
		}
	}
	if b := got["idler bearing"]; b.Candidate == nil || !strings.Contains(b.Candidate.Name, "2RS") {
		t.Errorf("the sealed-608 rule must pick a 2RS bearing: %+v", b.Candidate)
	}
	if v := got["extruder screw"]; len(v.Settings) == 0 {
		t.Errorf("variant without settings: %+v", v)
	}
	if p := got["bed leveling probe"]; p.Gap == nil || p.Gap.Nearest == nil {
		t.Errorf("new design without its gap: %+v", p)
	}
	reused := 0
	for _, d := range rep.Items {
		if d.Decision != design.New {
			reused++
		}
	}
	if math.Abs(rep.ReuseRate-float64(reused)/float64(len(rep.Items))) > 1e-3 || reused < 4 || len(rep.Violations) != 0 || rep.EffortSaved <= 0 {
		t.Errorf("reuse rate %v, violations %v, effort saved %v", rep.ReuseRate, rep.Violations, rep.EffortSaved)
	}
	// The Mendel90 family lab-b accepted is lab-b's; the vitamins of
	// uni-a's OpenSCAD BOMs are catalogue parts, nobody's IP: reusing
	// them credits no one.
	if _, ok := rep.Credits[model.Catalogue]; ok || rep.Credits["lab-b"] <= 0 {
		t.Errorf("credits %v", rep.Credits)
	}
	if len(rep.Requests) != len(rep.Items)-reused || rep.Requests[0].Item == "" {
		t.Errorf("R&D requests %+v", rep.Requests)
	}
	if out := cbbAs(t, store, "acme", exitOK, "rd", "list", "--state", "open"); !strings.Contains(out, rep.Requests[0].Item) {
		t.Errorf("rd list:\n%s", out)
	}
	cbbAs(t, store, "acme", exitOK, "rd", "assign", rep.Requests[0].ID, "lab-b")
	// The assignee closes it; the requester sees it done.
	cbbAs(t, store, "lab-b", exitOK, "rd", "done", rep.Requests[0].ID)
	if out := cbbAs(t, store, "acme", exitOK, "rd", "list", "--state", "done"); !strings.Contains(out, rep.Requests[0].ID) {
		t.Errorf("rd list --state done:\n%s", out)
	}

	// A rule no stocked motor meets: from stock only, no configuration
	// exists, and the rule is named.
	cbbAs(t, store, "acme", exitOK, "rule", "add", "--accept", "../../testdata/design/torque.yaml")
	out = cbbAs(t, store, "acme", exitError, "design", "--reuse-only", "--no-record", "../../testdata/design/printer-motion.yaml")
	if !strings.Contains(out, "long-nema17") || !strings.Contains(out, "No configuration satisfies") {
		t.Errorf("unsatisfiable requirement:\n%s", out)
	}
}
