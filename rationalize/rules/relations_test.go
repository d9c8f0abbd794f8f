package rules

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// synthetic returns pulleys whose bore follows width by a known law (bore
// = 0.5·width + 3 mm), whose outer diameter is 2 to 3 times the bore, and
// whose profile fixes the tooth pitch; plus unrelated parts of another
// class.
func synthetic() []model.Item {
	var its []model.Item
	profiles := []struct {
		name  string
		pitch float64
	}{{"GT2", 0.002}, {"GT3", 0.003}, {"HTD5M", 0.005}}
	for i := range 9 {
		w := 0.004 + 0.002*float64(i)
		bore := 0.5*w + 0.003
		it := model.Item{ID: model.ItemID(fmt.Sprintf("p%d", i)), Level: model.LevelPart, Class: "Mechanical/Pulleys", Name: "pulley"}
		it.SetAttr(model.NumberAttr(model.AttrWidth, w, "m", ""))
		it.SetAttr(model.NumberAttr(model.AttrBore, bore, "m", ""))
		it.SetAttr(model.NumberAttr(model.AttrOuterDiameter, bore*(2+float64(i%3)/2), "m", ""))
		p := profiles[i%3]
		it.SetAttr(model.EnumAttr("profile", p.name, p.name))
		it.SetAttr(model.NumberAttr("pitch", p.pitch, "m", ""))
		its = append(its, it)
	}
	for i := range 6 {
		it := model.Item{ID: model.ItemID(fmt.Sprintf("r%d", i)), Level: model.LevelPart, Class: "Electronics/Passives/Resistors", Name: "r"}
		it.SetAttr(model.NumberAttr(model.AttrResistance, float64(100*(i+1)), "Ω", ""))
		it.SetAttr(model.NumberAttr(model.AttrPower, 0.1*float64(7-i*i%5), "W", ""))
		its = append(its, it)
	}
	return its
}

func TestParameterRelationsSynthetic(t *testing.T) {
	rules, err := ParameterRelations(context.Background(), synthetic(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	byExpr := map[string]Rule{}
	for _, r := range rules {
		if r.Scope != "Mechanical/Pulleys" || r.Kind != Constraint {
			t.Errorf("unexpected %s (%s)", r, r.Evidence)
		}
		key, _, _ := strings.Cut(r.Condition+" => "+r.Expression, " <= 1")
		byExpr[key] = r
	}
	want := []struct {
		key   string
		count int
		fit   float64 // -1: not a fit
	}{
		{" => abs(width - (2 * bore - 0.006))", 9, 1},
		{" => outer_diameter >= 2 * bore", 9, -1},
		{" => outer_diameter >= 1.3 * width", 9, -1},
		{" => resistance >= 140 * power", 0, -2},
		{` => pitch == 0.002`, 0, -2},
		{`profile == "GT2" => pitch == 0.002`, 3, 1},
		{`profile == "GT3" => pitch == 0.003`, 3, 1},
		{`profile == "HTD5M" => pitch == 0.005`, 3, 1},
	}
	for _, w := range want {
		r, ok := byExpr[w.key]
		if w.fit == -2 {
			if ok {
				t.Errorf("%s found, want none", w.key)
			}
			continue
		}
		if !ok {
			var keys []string
			for k, r := range byExpr {
				keys = append(keys, k+"   # "+r.Evidence)
			}
			slices.Sort(keys)
			t.Errorf("no %q among\n%s", w.key, strings.Join(keys, "\n"))
			continue
		}
		if r.Count != w.count || (w.fit >= 0 && math.Abs(r.Fit-w.fit) > 1e-9) {
			t.Errorf("%s: count %d fit %v, want %d %v", w.key, r.Count, r.Fit, w.count, w.fit)
		}
	}
	// Every constraint holds on the items it was mined from.
	for _, it := range synthetic() {
		for _, r := range rules {
			if it.Class == r.Scope && !holds(t, r, it) {
				t.Errorf("%s does not hold for %s", r, it.ID)
			}
		}
	}
}
