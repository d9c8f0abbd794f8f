package design

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

func decide(t *testing.T, in Input) Report {
	t.Helper()
	rep, err := Decide(context.Background(), in)
	if err != nil {
		t.Fatalf("Decide: %v", err)
	}
	if len(rep.Violations) > 0 {
		t.Fatalf("violations: %+v", rep.Violations)
	}
	return rep
}

func chosen(rep Report) map[string]string {
	m := map[string]string{}
	for _, d := range rep.Items {
		id := string(d.Decision)
		if d.Candidate != nil {
			id += ":" + string(d.Candidate.ID)
		}
		m[d.Item] = id
	}
	return m
}

// TestDecisions covers the decision for a single item: configure, variant
// or new, and why not.
func TestDecisions(t *testing.T) {
	shaft := model.RequirementItem{Name: "shaft", Class: "Mechanical/Shafts", Level: model.LevelPart,
		Constraints: []model.Constraint{must("diameter", model.Target, 8*mm, "m"), must("length", model.Min, 200*mm, "m")}}
	rod := func(lc model.Lifecycle) retrieval.Candidate {
		return cand(shaft, "rod-family", "Linear rod family", model.LevelFamily, "Mechanical/Shafts", lc, "uni-a", 0.7,
			model.RangeAttr("diameter", 6*mm, 12*mm, "m", ""), num("length", 150*mm, "m"))
	}
	rodVar := model.Variability{Item: "rod-family", Parameters: []model.Parameter{
		{Name: "diameter", Unit: "m", Steps: []float64{6 * mm, 8 * mm, 10 * mm, 12 * mm}},
		{Name: "length", Unit: "m", Min: ptr(100 * mm), Max: ptr(1000 * mm)},
	}, Relations: []string{"length <= 100 * diameter"}}
	variability := func(vs ...model.Variability) func(model.ItemID) (model.Variability, bool) {
		return func(id model.ItemID) (model.Variability, bool) {
			for _, v := range vs {
				if v.Item == id {
					return v, true
				}
			}
			return model.Variability{}, false
		}
	}
	exact := cand(shaft, "rod8x300", "Rod 8 x 300", model.LevelPart, "Mechanical/Shafts", model.Released, "uni-a", 0.9,
		num("diameter", 8*mm, "m"), num("length", 300*mm, "m"))
	// Retrieval says met, the explanation says met, the attributes say
	// otherwise: configure must not be proposed.
	liar := cand(shaft, "rod6", "Rod 6 x 300", model.LevelPart, "Mechanical/Shafts", model.Released, "uni-a", 0.95,
		num("diameter", 8*mm, "m"), num("length", 300*mm, "m"))
	liar.Attributes[0] = num("diameter", 6*mm, "m")
	// The explanation names an unmet must though the status says met.
	badExplain := exact
	badExplain.ID = "rod-bad-explain"
	badExplain.Explanation = slices.Clone(exact.Explanation)
	badExplain.Explanation[0].Status = retrieval.Unmet

	tests := []struct {
		name     string
		cands    []retrieval.Candidate
		vary     func(model.ItemID) (model.Variability, bool)
		want     string
		settings []string
		gap      []string // attribute:status
		why      string
	}{
		{name: "configure exact", cands: []retrieval.Candidate{exact}, want: "configure:rod8x300"},
		{name: "configure not in work", cands: []retrieval.Candidate{func() retrieval.Candidate {
			c := exact
			c.Lifecycle = model.InWork
			return c
		}()}, want: "new", why: "lifecycle in_work"},
		{name: "attributes re-checked", cands: []retrieval.Candidate{liar, exact}, want: "configure:rod8x300"},
		{name: "explanation re-checked", cands: []retrieval.Candidate{badExplain}, want: "new", why: "must-constraint on diameter unmet"},
		{name: "variant of family", cands: []retrieval.Candidate{rod(model.Released)}, vary: variability(rodVar),
			want: "variant:rod-family", settings: []string{"diameter = 0.008 m", "length = 0.2 m"}},
		{name: "configure beats variant", cands: []retrieval.Candidate{rod(model.Released), exact}, vary: variability(rodVar),
			want: "configure:rod8x300"},
		{name: "variant ruled out by relation", cands: []retrieval.Candidate{rod(model.Released)},
			vary: variability(model.Variability{Item: "rod-family", Parameters: rodVar.Parameters, Relations: []string{"length <= 20 * diameter"}}),
			want: "new", why: "no setting within the ranges satisfies the relations"},
		{name: "variant of obsolete family", cands: []retrieval.Candidate{rod(model.Obsolete)}, vary: variability(rodVar),
			want: "new", why: "lifecycle obsolete"},
		{name: "no candidates", want: "new", gap: []string{"diameter:missing", "length:missing"}},
		{name: "gap to nearest", cands: []retrieval.Candidate{cand(shaft, "rod6x150", "Rod 6 x 150", model.LevelPart, "Mechanical/Shafts",
			model.Released, "uni-a", 0.6, num("diameter", 6*mm, "m"), num("length", 150*mm, "m"))},
			want: "new", gap: []string{"diameter:unmet:0.25", "length:unmet:0.25"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := model.Requirement{Name: "r", Items: []model.RequirementItem{shaft}}
			rep := decide(t, Input{Requirement: req, Candidates: result(req, tc.cands), Variability: tc.vary})
			d := rep.Items[0]
			if got := chosen(rep)["shaft"]; got != tc.want {
				t.Fatalf("decision %s, want %s (why: %s; alternatives %+v)", got, tc.want, d.Why, d.Alternatives)
			}
			if tc.settings != nil {
				var got []string
				for _, s := range d.Settings {
					got = append(got, s.String())
				}
				if !slices.Equal(got, tc.settings) {
					t.Errorf("settings %q, want %q", got, tc.settings)
				}
			}
			if tc.gap != nil {
				var got []string
				for _, e := range d.Gap.Constraints {
					s := e.Attribute + ":" + e.Status
					if e.Distance != nil {
						s += fmt.Sprintf(":%g", *e.Distance)
					}
					got = append(got, s)
				}
				if !slices.Equal(got, tc.gap) {
					t.Errorf("gap %q, want %q", got, tc.gap)
				}
			}
			if !strings.Contains(d.Why, tc.why) {
				t.Errorf("why %q does not say %q", d.Why, tc.why)
			}
		})
	}
}

// TestRules covers configurations the rules change, and the report's
// numbers.
func TestRules(t *testing.T) {
	tests := []struct {
		name  string
		rules []model.Rule
		opt   Options
		want  map[string]string
		why   map[string]string // item -> text its why contains
	}{
		{name: "no rules: best item by item", want: map[string]string{
			"shaft": "configure:shaft8", "bearing": "configure:b608", "motor": "configure:nema17a", "driver": "configure:drv-x"}},
		{name: "excludes breaks the best pair", rules: []model.Rule{
			accepted(model.Rule{ID: "r-ex", Name: "17a not with X", Kind: model.Excludes, If: []string{"nema17a"}, Then: []string{"drv-x"}}),
		}, want: map[string]string{"motor": "configure:nema17b", "driver": "configure:drv-x"},
			why: map[string]string{"motor": "breaks rule r-ex (17a not with X)"}},
		{name: "requires pulls in a lesser driver", rules: []model.Rule{
			accepted(model.Rule{ID: "r-req", Kind: model.Requires, If: []string{"class:Electromechanical/Motors"}, Then: []string{"name:Driver Y"}}),
		}, want: map[string]string{"motor": "configure:nema17a", "driver": "configure:drv-y"}},
		{name: "requires with nothing to require rules out", rules: []model.Rule{
			accepted(model.Rule{ID: "r-req", Kind: model.Requires, If: []string{"nema17a"}, Then: []string{"no-such-item"}}),
		}, want: map[string]string{"motor": "configure:nema17b"}},
		{name: "proposed rules are not enforced", rules: []model.Rule{
			{ID: "r-prop", Name: "p", Kind: model.Excludes, Status: model.RuleProposed, If: []string{"nema17a"}, Then: []string{"drv-x"}},
		}, want: map[string]string{"motor": "configure:nema17a", "driver": "configure:drv-x"}},
		{name: "cross-item constraint", rules: []model.Rule{
			accepted(model.Rule{ID: "r-fit", Kind: model.RuleConstraint, Expr: "bearing.bore >= 1.2 * shaft.diameter"}),
		}, want: map[string]string{"shaft": "configure:shaft6", "bearing": "configure:b608"}},
		{name: "scoped constraint with condition", rules: []model.Rule{
			accepted(model.Rule{ID: "r-torque", Kind: model.RuleConstraint, Scope: "Electromechanical/Motors",
				Condition: `lifecycle == "released"`, Expr: "torque >= 0.5"}),
		}, want: map[string]string{"motor": "configure:nema17b"}},
		{name: "scoped constraint forbids all reuse: new", rules: []model.Rule{
			accepted(model.Rule{ID: "r-torque", Kind: model.RuleConstraint, Scope: "Electromechanical/Motors", Expr: "torque >= 0.4 && torque <= 0.42"}),
		}, want: map[string]string{"motor": "new", "driver": "configure:drv-x"}},
		{name: "prefer does not outweigh the score", rules: []model.Rule{
			accepted(model.Rule{ID: "r-pref", Kind: model.Prefer, Scope: "Electronics", Then: []string{"drv-y"}}),
		}, want: map[string]string{"driver": "configure:drv-x"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := axis()
			rep := decide(t, Input{Requirement: req, Candidates: axisCandidates(req), Rules: tc.rules, Options: tc.opt})
			got := chosen(rep)
			for item, want := range tc.want {
				if got[item] != want {
					t.Errorf("%s: %s, want %s", item, got[item], want)
				}
			}
			for _, d := range rep.Items {
				if w := tc.why[d.Item]; !strings.Contains(d.Why, w) {
					t.Errorf("%s why %q does not say %q", d.Item, d.Why, w)
				}
			}
		})
	}
}

// TestPreferTie: two drivers whose scores round to the same penalty; the
// preferred one wins.
func TestPreferTie(t *testing.T) {
	req := model.Requirement{Name: "tie", Items: []model.RequirementItem{axis().Items[3]}}
	ri := req.Items[0]
	cands := []retrieval.Candidate{
		cand(ri, "drv-a", "Driver A", model.LevelModule, "Electronics/Drivers", model.Released, "uni-a", 0.901, num("current", 2, "A")),
		cand(ri, "drv-b", "Driver B", model.LevelModule, "Electronics/Drivers", model.Released, "uni-a", 0.899, num("current", 2, "A")),
	}
	for _, pref := range []string{"drv-a", "drv-b"} {
		rep := decide(t, Input{Requirement: req, Candidates: result(req, cands), Rules: []model.Rule{
			accepted(model.Rule{ID: "p", Kind: model.Prefer, Then: []string{pref}}),
		}})
		if got := chosen(rep)[ri.Name]; got != "configure:"+pref {
			t.Errorf("prefer %s: chose %s", pref, got)
		}
	}
}

// TestUnsatisfiable: with new designs not allowed, a requires and an
// excludes rule leave the motor nothing; the two rules are named and the
// third, satisfiable one is not.
func TestUnsatisfiable(t *testing.T) {
	req := axis()
	rules := []model.Rule{
		accepted(model.Rule{ID: "r-needs-x", Name: "17 motors need driver X", Kind: model.Requires,
			If: []string{"name:NEMA17"}, Then: []string{"drv-x"}}),
		accepted(model.Rule{ID: "r-small-bore", Name: "small bores only", Kind: model.RuleConstraint,
			Scope: "Mechanical/Bearings", Expr: "bore <= 0.009"}),
		accepted(model.Rule{ID: "r-no-x", Name: "steppers not with driver X", Kind: model.Excludes,
			If: []string{"class:Electromechanical/Motors/Stepper motors"}, Then: []string{"drv-x"}}),
		{ID: "r-retired", Name: "retired", Kind: model.Excludes, Status: model.RuleRetired, If: []string{"b608"}, Then: []string{"shaft8"}},
	}
	in := Input{Requirement: req, Candidates: axisCandidates(req), Rules: rules, Options: Options{ReuseOnly: true}}
	rep, err := Decide(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Feasible {
		t.Fatalf("feasible: %+v", chosen(rep))
	}
	var ids []string
	for _, c := range rep.Conflicts {
		ids = append(ids, c.Rule)
		if !slices.Contains(c.Items, "motor") {
			t.Errorf("conflict %s does not name the motor: %v", c.Rule, c.Items)
		}
	}
	if !slices.Equal(ids, []string{"r-needs-x", "r-no-x"}) {
		t.Errorf("conflicts %v, want r-needs-x and r-no-x", ids)
	}
	// With new designs allowed, the motor is designed anew, and the new
	// stepper, matched by its class, takes driver Y.
	in.Options.ReuseOnly = false
	rep = decide(t, in)
	if got := chosen(rep); got["motor"] != "new" || got["driver"] != "configure:drv-y" {
		t.Errorf("motor %s, driver %s, want new and drv-y", got["motor"], got["driver"])
	}
}

// TestNoOption: with new designs not allowed, an item nothing can meet is
// the conflict.
func TestNoOption(t *testing.T) {
	req := axis()
	res := axisCandidates(req)
	res.Items[2].Candidates = nil
	rep, err := Decide(context.Background(), Input{Requirement: req, Candidates: res, Options: Options{ReuseOnly: true}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Feasible || len(rep.Conflicts) != 1 || rep.Conflicts[0].Rule != "" || rep.Conflicts[0].Items[0] != "motor" {
		t.Fatalf("conflicts %+v", rep.Conflicts)
	}
}

// TestReportNumbers checks the rates, effort and credits by hand.
func TestReportNumbers(t *testing.T) {
	req := axis()
	res := axisCandidates(req)
	res.Items[2].Candidates = nil // the motor is new
	rep := decide(t, Input{Requirement: req, Candidates: res})
	// shaft (part, uni-a) configure, bearing (part, acme = requester)
	// configure, motor (part) new, driver (module, uni-a) configure.
	want := Report{ReuseRate: 0.75, ConfigureRate: 0.75, ReuseRateByQuantity: 7.0 / 8,
		EffortNew: 1 + 1 + 1 + 5, EffortPlanned: 0.05 + 0.05 + 1 + 0.25}
	if rep.ReuseRate != want.ReuseRate || rep.ConfigureRate != want.ConfigureRate || rep.VariantRate != 0 ||
		rep.ReuseRateByQuantity != round(want.ReuseRateByQuantity) {
		t.Errorf("rates %v %v %v %v", rep.ReuseRate, rep.ConfigureRate, rep.VariantRate, rep.ReuseRateByQuantity)
	}
	if rep.EffortNew != want.EffortNew || math.Abs(rep.EffortPlanned-want.EffortPlanned) > 1e-9 ||
		math.Abs(rep.EffortSaved-(want.EffortNew-want.EffortPlanned)) > 1e-9 {
		t.Errorf("effort new %v planned %v saved %v", rep.EffortNew, rep.EffortPlanned, rep.EffortSaved)
	}
	if c := rep.Credits; len(c) != 1 || math.Abs(c["uni-a"]-(0.95+4.75)) > 1e-9 {
		t.Errorf("credits %v, want uni-a 5.7 only", c)
	}
	motor := rep.Items[2]
	if motor.Decision != New || len(motor.Spec) != 1 || motor.Spec[0].Name != "torque" || motor.Spec[0].Value != 0.4 {
		t.Errorf("motor %+v", motor)
	}
	reqs := rep.Requests(req, rep2time())
	if len(reqs) != 1 || reqs[0].Item != "motor" || reqs[0].State != model.RequestOpen || reqs[0].Requester != "acme" {
		t.Errorf("requests %+v", reqs)
	}
}

// TestBadInput: malformed accepted rules are errors; proposed ones are
// not looked at.
func TestBadInput(t *testing.T) {
	req := axis()
	for _, tc := range []struct {
		name string
		rule model.Rule
		ok   bool
	}{
		{"expr does not compile", accepted(model.Rule{ID: "x", Kind: model.RuleConstraint, Expr: "bore >="}), false},
		{"requires without then", accepted(model.Rule{ID: "x", Kind: model.Requires, If: []string{"a"}}), false},
		{"proposed and broken", model.Rule{ID: "x", Kind: model.RuleConstraint, Status: model.RuleProposed, Expr: "bore >="}, true},
		{"rule over another requirement's items", accepted(model.Rule{ID: "x", Kind: model.RuleConstraint, Expr: "housing.bore > 1"}), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decide(context.Background(), Input{Requirement: req, Candidates: axisCandidates(req), Rules: []model.Rule{tc.rule}})
			if (err == nil) != tc.ok {
				t.Fatalf("err %v", err)
			}
			if err != nil && model.Code(err) != model.Invalid {
				t.Errorf("code %s", model.Code(err))
			}
		})
	}
	res := axisCandidates(req)
	res.Items[0].Name = "spindle"
	if _, err := Decide(context.Background(), Input{Requirement: req, Candidates: res}); model.Code(err) != model.Invalid {
		t.Errorf("candidates for an item not asked for: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Decide(ctx, Input{Requirement: req}); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestIdentifier(t *testing.T) {
	for in, want := range map[string]string{"Main bearing": "main_bearing", "shaft": "shaft", "8mm rod": "_8mm_rod", "M3 x 8 (ISO)": "m3_x_8_iso", "轴承": "轴承"} {
		if got := identifier(in); got != want {
			t.Errorf("identifier(%q) = %q, want %q", in, got, want)
		}
	}
}

func rep2time() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
