package rationalize

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/internal/testimport"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/middle"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
)

func testStore(t *testing.T, paths ...string) *data.Store {
	t.Helper()
	s, err := testimport.Store(context.Background(), t.TempDir(), "m", paths...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// The Mendel90 family's commonality: six variants sharing most of their
// parts; merging duplicates can only raise commonality; the run is
// repeatable to the byte.
func TestCommonalityMendel90(t *testing.T) {
	ctx := context.Background()
	s := testStore(t, "../testdata/mendel90")
	fam, err := s.Lookup(ctx, model.SourceRef{Namespace: "m", System: "mendel90", ExternalID: "mendel90"})
	if err != nil {
		t.Fatal(err)
	}
	env := Env{Store: s, State: "test"}
	r, err := Commonality(ctx, env, CommonalityParams{Scope: matrix.Scope{Family: fam}})
	if err != nil {
		t.Fatal(err)
	}
	b, a := r.Before, r.After
	if b.Products != 6 || b.UniqueParts < 50 {
		t.Fatalf("before: %+v", b)
	}
	if !(b.CI > 0.3 && b.CI < 1) || !(b.TCCI > 0 && b.TCCI < 1) || b.DCI <= 1 || !(b.PCI > 0 && b.PCI <= 100) {
		t.Errorf("indices out of their ranges: %+v", b)
	}
	if a.CI < b.CI || a.PCI < b.PCI || a.UniqueParts != b.UniqueParts-r.Proposal.PartNumbersRemoved {
		t.Errorf("after merging %d duplicates: CI %.3f -> %.3f, PCI %.1f -> %.1f, parts %d -> %d",
			r.Proposal.PartNumbersRemoved, b.CI, a.CI, b.PCI, a.PCI, b.UniqueParts, a.UniqueParts)
	}
	run, err := Execute(ctx, env, "commonality", CommonalityParams{Scope: matrix.Scope{Family: fam}})
	if err != nil {
		t.Fatal(err)
	}
	again, same, err := Rerun(ctx, env, run)
	if err != nil || !same {
		a, b := string(run.Result), string(again.Result)
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		t.Errorf("rerun differs (%v) at byte %d: %.200q vs %.200q", err, i, a[max(0, i-100):], b[max(0, i-100):])
	}
	var back CommonalityResult
	if err := json.Unmarshal(run.Result, &back); err != nil || back.Before.CI != b.CI {
		t.Errorf("stored result: %v, CI %v", err, back.Before.CI)
	}
	t.Logf("%s", run.Summary)
}

// Families and rules on the repository's NopSCADlib sample: screws fall
// into families by head and standard; products give requires rules.
func TestFamiliesAndRulesNopSCADlib(t *testing.T) {
	ctx := context.Background()
	s := testStore(t, "../testdata/nopscadlib")
	env := Env{Store: s, State: "test"}
	fr, err := PartFamilies(ctx, env, FamiliesParams{})
	if err != nil {
		t.Fatal(err)
	}
	screws := 0
	for _, f := range fr.Families {
		if f.Class == model.ClassScrews {
			screws++
		}
	}
	if screws < 3 {
		t.Errorf("%d screw families among %d families of %d parts", screws, len(fr.Families), fr.Parts)
	}
	rr, err := MineRules(ctx, env, RulesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if rr.Products != 20 || len(rr.Requires) == 0 || len(rr.Relations) == 0 {
		t.Errorf("rules: %d products, %d requires, %d relations", rr.Products, len(rr.Requires), len(rr.Relations))
	}
	for _, r := range rr.Requires {
		for _, id := range append(r.Antecedent, r.Consequent...) {
			if rr.Names[id] == "" {
				t.Fatalf("rule %v names %s, which has no name", r, id)
			}
		}
	}
	// Every proposal is a valid design rule whose expressions compile.
	props := rr.Proposals("0000000001")
	if len(props) == 0 {
		t.Fatal("no proposals")
	}
	for _, p := range props {
		if err := p.Validate(); err != nil {
			t.Errorf("proposal %s: %v", p.ID, err)
		}
		for _, e := range []string{p.Expr, p.Condition} {
			if e != "" {
				if err := middle.CheckExpr(e); err != nil {
					t.Errorf("proposal %s: %v", p.ID, err)
				}
			}
		}
	}
}

// The NopSCADlib sample's 20 products block-diagonalized: every product
// and part in exactly one family, efficacy in (0, 1], shared parts
// reported as CBB candidates, and the picture drawn.
func TestPlatformNopSCADlib(t *testing.T) {
	ctx := context.Background()
	s := testStore(t, "../testdata/nopscadlib")
	r, err := Platform(ctx, Env{Store: s, State: "test"}, PlatformParams{Seed: 1, Restarts: 10})
	if err != nil {
		t.Fatal(err)
	}
	products, parts := 0, 0
	for _, c := range r.Cells {
		products += len(c.Products)
		parts += len(c.Parts)
	}
	if products != 20 || parts != r.Parts || r.GroupingEfficacy <= 0 || r.GroupingEfficacy > 1 || len(r.Cells) < 2 {
		t.Errorf("%d products and %d parts in %d cells (of %d parts), GE %.3f", products, parts, len(r.Cells), r.Parts, r.GroupingEfficacy)
	}
	if len(r.Candidates) == 0 || r.Candidates[0].Families < 2 {
		t.Errorf("CBB candidates: %+v", r.Candidates)
	}
	var svg strings.Builder
	if err := WritePlatformSVG(&svg, r); err != nil || !strings.Contains(svg.String(), "<svg") {
		t.Errorf("picture: %v", err)
	}
}
