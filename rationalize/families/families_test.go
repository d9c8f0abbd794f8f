package families

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// screw builds a screw as pdm/normalize describes one.
func screw(head, std, thread string, dia, length float64) model.Item {
	it := part(head+" "+thread+"x"+formatSI(length, "m"),
		model.EnumAttr(model.AttrHead, head, ""),
		model.EnumAttr(model.AttrThread, thread, ""),
		model.NumberAttr(model.AttrDiameter, dia/1000, "m", ""),
		model.NumberAttr(model.AttrLength, length/1000, "m", ""))
	if std != "" {
		it.SetAttr(model.EnumAttr(model.AttrStandard, std, ""))
	}
	it.Class = model.ClassScrews
	return it
}

func TestFamiliesSmall(t *testing.T) {
	items := []model.Item{
		screw("socket head cap", "ISO 4762", "M3", 3, 8),
		screw("socket head cap", "ISO 4762", "M3", 3, 10),
		screw("socket head cap", "ISO 4762", "M4", 4, 10),
		screw("socket head cap", "ISO 4762", "M4", 4, 16),
		screw("button", "ISO 7380", "M3", 3, 8),
		screw("button", "ISO 7380", "M3", 3, 12),
		screw("button", "ISO 7380", "M3", 3, 16),
		screw("hex", "ISO 4017", "M8", 8, 50),
		{ID: "x", Level: model.LevelPart, Name: "unclassified", Attributes: []model.Attribute{model.EnumAttr("colour", "red", "")}},
	}
	groups, err := Families(context.Background(), items, FamilyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 2 || groups[0].Class != "" || groups[0].Skipped == "" {
		t.Fatalf("groups %+v: want the unclassified group skipped, then screws", groups)
	}
	g := groups[1]
	if len(g.Families) != 2 || !slices.Equal(g.Unassigned, []model.ItemID{items[7].ID}) {
		t.Fatalf("families %+v, unassigned %v: want cap and button families and the hex screw alone", g.Families, g.Unassigned)
	}
	caps := g.Families[0]
	if len(caps.Members) != 4 || caps.Label != "Screws: head socket head cap, standard ISO 4762; diameter 3 mm..4 mm, length 8 mm..16 mm, thread {M3, M4}" {
		t.Errorf("cap family %d members, label %q", len(caps.Members), caps.Label)
	}
	var length Parameter
	for _, p := range caps.Varying {
		if p.Name == model.AttrLength {
			length = p
		}
	}
	if length.Min != 0.008 || length.Max != 0.016 || !slices.Equal(length.Numbers, []float64{0.008, 0.01, 0.016}) || length.Unit != "m" {
		t.Errorf("length parameter %+v", length)
	}
	buttons := g.Families[1]
	if len(buttons.Defining) != 4 || len(buttons.Varying) != 1 || buttons.Varying[0].Name != model.AttrLength {
		t.Errorf("button family: defining %v, varying %v; want head, standard, thread, diameter fixed and length varying", buttons.Defining, buttons.Varying)
	}
	if g.Dendrogram == nil || g.Dendrogram.N != 8 || !(g.Cophenetic > 0.8) {
		t.Errorf("dendrogram %v, cophenetic %v", g.Dendrogram, g.Cophenetic)
	}
}

func TestFamiliesOptions(t *testing.T) {
	items := []model.Item{
		screw("button", "ISO 7380", "M3", 3, 8),
		screw("button", "ISO 7380", "M3", 3, 12),
		screw("hex", "ISO 4017", "M8", 8, 50),
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Families(ctx, items, FamilyOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	groups, err := Families(context.Background(), items, FamilyOptions{MaxItems: 2})
	if err != nil || groups[0].Skipped == "" || groups[0].Families != nil {
		t.Errorf("MaxItems 2 over 3 items: %+v, %v", groups, err)
	}
	groups, err = Families(context.Background(), items, FamilyOptions{MinSize: 1, ClassDepth: 1})
	if err != nil || groups[0].Class != "Mechanical" || len(groups[0].Families) != 2 {
		t.Errorf("MinSize 1, depth 1: %+v, %v", groups, err)
	}
	var me *model.Error
	if _, err := Families(context.Background(), items, FamilyOptions{Linkage: "ward"}); !errors.As(err, &me) {
		t.Errorf("unknown linkage: %v", err)
	}
}

// TestFamiliesNopSCADlibScrews runs on the screws of every NopSCADlib BOM
// in ../shared/data: families must split by head and standard and let
// thread and length vary.
func TestFamiliesNopSCADlibScrews(t *testing.T) {
	var screws []model.Item
	for _, it := range realParts(t, "nopscadlib-boms") {
		if it.Class == model.ClassScrews {
			screws = append(screws, it)
		}
	}
	if len(screws) < 50 {
		t.Fatalf("%d screws in the NopSCADlib BOMs, want dozens", len(screws))
	}
	for _, linkage := range []Linkage{Average, Complete} {
		t.Run(string(linkage), func(t *testing.T) {
			groups, err := Families(context.Background(), screws, FamilyOptions{Linkage: linkage})
			if err != nil {
				t.Fatal(err)
			}
			g := groups[0]
			in := 0
			varyThread := 0
			for _, f := range g.Families {
				in += len(f.Members)
				for _, p := range f.Varying {
					switch p.Name {
					case model.AttrHead, model.AttrStandard:
						t.Errorf("family %q varies its %s", f.Label, p.Name)
					case model.AttrThread:
						varyThread++
					}
				}
				if !slices.ContainsFunc(f.Varying, func(p Parameter) bool { return p.Name == model.AttrLength }) {
					t.Errorf("family %q does not vary length", f.Label)
				}
			}
			if len(g.Families) < 5 || in < len(screws)*9/10 || varyThread < 4 {
				t.Errorf("%d families over %d of %d screws, %d varying thread", len(g.Families), in, len(screws), varyThread)
			}
			top := g.Families[0]
			if top.Defining[slices.IndexFunc(top.Defining, func(a model.Attribute) bool { return a.Name == model.AttrStandard })].Text != "ISO 4762" {
				t.Errorf("largest family %q, want the ISO 4762 socket head caps", top.Label)
			}
			if !(g.Cophenetic > 0.8) {
				t.Errorf("cophenetic correlation %.3f", g.Cophenetic)
			}
			t.Logf("%s: %d families, %d unassigned, cophenetic %.3f; largest: %s", linkage, len(g.Families), len(g.Unassigned), g.Cophenetic, top.Label)
		})
	}
}

// TestFamiliesGitPLMResistors runs on the 1,358 resistors of gitplm: the
// E-series families split by package and span decades of resistance.
func TestFamiliesGitPLMResistors(t *testing.T) {
	var res []model.Item
	for _, it := range realParts(t, "gitplm-parts") {
		if it.Class == model.ClassResistors {
			res = append(res, it)
		}
	}
	groups, err := Families(context.Background(), res, FamilyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	g := groups[0]
	if len(g.Families) < 2 {
		t.Fatalf("%d families", len(g.Families))
	}
	for _, f := range g.Families[:2] {
		if !slices.ContainsFunc(f.Defining, func(a model.Attribute) bool { return a.Name == model.AttrPackage }) {
			t.Errorf("family %q has no single package", f.Label)
		}
		k := slices.IndexFunc(f.Varying, func(p Parameter) bool { return p.Name == model.AttrResistance })
		if k < 0 || f.Varying[k].Max < 1e6 || len(f.Varying[k].Numbers) < 100 {
			t.Errorf("family %q: want resistance varying to megohms over many values", f.Label)
		}
		if len(f.Members) < 500 {
			t.Errorf("family %q has %d members", f.Label, len(f.Members))
		}
	}
	t.Logf("%d resistors: %d families, cophenetic %.3f; %s | %s", len(res), len(g.Families), g.Cophenetic, g.Families[0].Label, g.Families[1].Label)
}

func TestGroupEncodesAsJSON(t *testing.T) {
	items := []model.Item{screw("button", "ISO 7380", "M3", 3, 8), screw("button", "ISO 7380", "M3", 3, 12)}
	groups, err := Families(context.Background(), items, FamilyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := json.Marshal(groups); err != nil {
		t.Errorf("encode groups of two items: %v", err)
	}
}
