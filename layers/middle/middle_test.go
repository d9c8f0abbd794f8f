package middle

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
)

func library(t *testing.T) *Library {
	t.Helper()
	ctx := context.Background()
	s, err := data.Open(ctx, filepath.Join(t.TempDir(), "store"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	for _, m := range []model.MemberID{"acme", "lab"} {
		if err := s.PutMember(ctx, model.Administrator, model.Member{ID: m, Name: string(m), Kind: model.Institute, Status: model.Active}); err != nil {
			t.Fatal(err)
		}
	}
	v, err := s.Viewer(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	return For(s, v)
}

func TestRuleVersions(t *testing.T) {
	ctx := context.Background()
	l := library(t)
	r := model.Rule{ID: "bearing-fit", Kind: model.RuleConstraint, Name: "bore fits the shaft", Expr: "bearing.bore >= 1.2 * shaft.diameter", Origin: "architect"}
	v1, err := l.PutRule(ctx, r)
	if err != nil || v1.Version != 1 || v1.Status != model.RuleProposed {
		t.Fatalf("first put: %+v, %v", v1, err)
	}
	if again, err := l.PutRule(ctx, r); err != nil || again.Version != 1 {
		t.Errorf("the same rule again: version %d, %v; want 1, nothing written", again.Version, err)
	}
	r.Expr = "bearing.bore >= 1.25 * shaft.diameter"
	if v2, err := l.PutRule(ctx, r); err != nil || v2.Version != 2 {
		t.Errorf("changed rule: version %d, %v; want 2", v2.Version, err)
	}
	acc, err := l.SetRuleStatus(ctx, "bearing-fit", model.RuleAccepted)
	if err != nil || acc.Version != 3 || acc.Status != model.RuleAccepted {
		t.Errorf("accept: %+v, %v", acc, err)
	}
	vs, _ := l.RuleVersions(ctx, "bearing-fit")
	if len(vs) != 3 || vs[0].Expr != "bearing.bore >= 1.2 * shaft.diameter" {
		t.Errorf("versions: %+v", vs)
	}
	bad := model.Rule{ID: "bad", Kind: model.RuleConstraint, Expr: "bore >= * 2"}
	if _, err := l.PutRule(ctx, bad); model.Code(err) != model.Invalid {
		t.Errorf("a rule whose expression does not compile: %v", err)
	}
	if _, err := l.PutRule(ctx, model.Rule{ID: "x", Kind: model.Requires, If: []string{"a"}}); model.Code(err) != model.Invalid {
		t.Errorf("a requires rule without then: %v", err)
	}
	if _, err := l.PutRule(ctx, model.Rule{ID: "ex", Kind: model.Excludes, If: []string{"name:JHead"}, Then: []string{"name:30mm fan"}}); err != nil {
		t.Fatal(err)
	}
	all, _ := l.Rules(ctx, "")
	accepted, _ := l.Rules(ctx, model.RuleAccepted)
	if len(all) != 2 || len(accepted) != 1 || accepted[0].Version != 3 {
		t.Errorf("rules: %d latest, %d accepted (%+v)", len(all), len(accepted), accepted)
	}
}

// A family's variability read off its variants: numeric attributes that
// vary become ranges with steps, enums value sets.
func TestDeriveVariability(t *testing.T) {
	ctx := context.Background()
	l := library(t)
	keyed := func(it model.Item) model.Item { it.ID = model.KeyedID(&it); return it }
	fam := keyed(model.Item{Level: model.LevelFamily, Name: "ISO 4762 M3 screws", Lifecycle: model.Released, Owner: "acme", Scope: model.Scope{Kind: model.ScopeAlliance}, Source: model.SourceRef{Namespace: "acme", System: "t", ExternalID: "fam"}})
	b := &model.Batch{Origin: "t", Actor: "acme"}
	b.Add(fam)
	for i, l := range []float64{6e-3, 8e-3, 12e-3} {
		it := keyed(model.Item{Level: model.LevelPart, Name: "screw", Lifecycle: model.Released, Owner: "acme",
			Scope: model.Scope{Kind: model.ScopeAlliance}, Source: model.SourceRef{Namespace: "acme", System: "t", ExternalID: "s" + string(rune('0'+i))}})
		it.SetAttr(model.NumberAttr(model.AttrLength, l, "m", ""))
		it.SetAttr(model.EnumAttr(model.AttrThread, "M3", ""))
		it.SetAttr(model.EnumAttr(model.AttrMaterial, []string{"steel", "steel", "A2"}[i], ""))
		b.Add(it)
		b.Edges = append(b.Edges, model.Edge{Parent: fam.ID, Child: it.ID, Kind: model.Variant})
	}
	if _, err := l.Store.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	v, ok, err := l.Variability(ctx, fam.ID)
	if err != nil || !ok {
		t.Fatalf("variability: %v %v", ok, err)
	}
	params := map[string]model.Parameter{}
	for _, p := range v.Parameters {
		params[p.Name] = p
	}
	if p := params[model.AttrLength]; p.Min == nil || *p.Min != 6e-3 || *p.Max != 12e-3 || len(p.Steps) != 3 {
		t.Errorf("length: %+v", p)
	}
	if p := params[model.AttrMaterial]; len(p.Values) != 2 {
		t.Errorf("material: %+v", p)
	}
	if p := params[model.AttrThread]; len(p.Values) != 1 || p.Values[0] != "M3" {
		t.Errorf("thread is fixed for the family: %+v", p)
	}
	stated := model.Variability{Item: fam.ID, Parameters: v.Parameters, Relations: []string{"length <= 10 * 0.003"}}
	if err := l.PutVariability(ctx, stated); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := l.Variability(ctx, fam.ID); len(got.Relations) != 1 {
		t.Errorf("stated variability not returned: %+v", got)
	}
	if err := l.PutVariability(ctx, model.Variability{Item: fam.ID, Relations: []string{"length <="}}); model.Code(err) != model.Invalid {
		t.Errorf("bad relation: %v", err)
	}
	// Another member may read the family's variability, not state it.
	lv, err := l.Store.Viewer(ctx, "lab")
	if err != nil {
		t.Fatal(err)
	}
	lab := For(l.Store, lv)
	if _, ok, err := lab.Variability(ctx, fam.ID); err != nil || !ok {
		t.Errorf("lab reads the alliance family's variability: %v %v", ok, err)
	}
	if err := lab.PutVariability(ctx, stated); model.Code(err) != model.Forbidden {
		t.Errorf("lab states acme's variability: %v, want forbidden", err)
	}
}

func TestRequestsAndCredits(t *testing.T) {
	ctx := context.Background()
	l := library(t)
	r, err := l.OpenRequest(ctx, model.Request{Requirement: "printer", Item: "hot end", Gap: "no 300 °C hot end"})
	if err != nil || r.ID != "RD-00001" || r.State != model.RequestOpen {
		t.Fatalf("open: %+v %v", r, err)
	}
	if again, err := l.OpenRequest(ctx, model.Request{Requirement: "printer", Item: "hot end"}); err != nil || again.ID != r.ID {
		t.Errorf("the same item asked again: %+v, %v; want %s back", again, err, r.ID)
	}
	if _, err := l.CloseRequest(ctx, r.ID, ""); model.Code(err) != model.Conflict {
		t.Errorf("closing an open request: %v", err)
	}
	if _, err := l.AssignRequest(ctx, r.ID, "nobody"); model.Code(err) != model.NotFound {
		t.Errorf("assigning to an unknown member: %v", err)
	}
	if r, err = l.AssignRequest(ctx, r.ID, "lab"); err != nil || r.State != model.RequestAssigned {
		t.Fatalf("assign: %+v %v", r, err)
	}
	if r, err = l.CloseRequest(ctx, r.ID, ""); err != nil || r.State != model.RequestDone {
		t.Fatalf("close: %+v %v", r, err)
	}
	open, _ := l.Requests(ctx, model.RequestOpen)
	done, _ := l.Requests(ctx, model.RequestDone)
	if len(open) != 0 || len(done) != 1 {
		t.Errorf("%d open, %d done", len(open), len(done))
	}
	if err := l.RecordCredits(ctx, []Credit{{Member: "acme", Item: "s0", Requirement: "printer", Effort: 0.95}, {Member: "acme", Item: "s1", Effort: 4.75}}); err != nil {
		t.Fatal(err)
	}
	if c, _ := l.Credits(ctx); c["acme"] != 5.7 {
		t.Errorf("credits %v", c)
	}
}
