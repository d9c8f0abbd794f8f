package families

import (
	"errors"
	"math"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// part builds a test item from attributes.
func part(id string, attrs ...model.Attribute) model.Item {
	it := model.Item{ID: model.ItemID(id), Level: model.LevelPart, Name: id, Class: model.ClassResistors}
	for _, a := range attrs {
		it.SetAttr(a)
	}
	return it
}

// gowerItems are four resistors worked by hand below: B has no tolerance,
// D no resistance.
var gowerItems = []model.Item{
	part("A", model.NumberAttr("resistance", 100, "Ω", ""), model.EnumAttr("package", "0603", ""), model.NumberAttr("tolerance", 1, "%", "")),
	part("B", model.NumberAttr("resistance", 1000, "Ω", ""), model.EnumAttr("package", "0603", "")),
	part("C", model.NumberAttr("resistance", 10000, "Ω", ""), model.EnumAttr("package", "0805", ""), model.NumberAttr("tolerance", 5, "%", "")),
	part("D", model.EnumAttr("package", "0402", ""), model.NumberAttr("tolerance", 2, "%", "")),
}

func TestGowerByHand(t *testing.T) {
	linear := map[string]bool{"resistance": false}
	tests := []struct {
		name string
		opt  Options
		// want holds d(A,B), d(A,C), d(A,D), d(B,C), d(B,D), d(C,D).
		want [6]float64
	}{
		{
			// resistance range 9900 Ω, tolerance range 4 %; each pair is
			// averaged over the variables both items have.
			name: "linear",
			opt:  Options{LogScale: linear},
			want: [6]float64{
				(900.0 / 9900) / 2,    // resistance, package equal; B has no tolerance
				(1 + 1 + 1) / 3.0,     // everything differs at full range
				(1 + 0.25) / 2,        // package differs, tolerance 1/4; D has no resistance
				(9000.0/9900 + 1) / 2, // resistance, package
				1,                     // only package, differs
				(1 + 0.75) / 2,        // package, tolerance 3/4
			},
		},
		{
			// 100..10000 Ω spans two decades, so the default rule compares
			// log10 values 2, 3, 4 over a range of 2.
			name: "log by default",
			opt:  Options{},
			want: [6]float64{0.5 / 2, 1, 1.25 / 2, 1.5 / 2, 1, 1.75 / 2},
		},
		{
			name: "weights",
			opt:  Options{LogScale: linear, Weights: map[string]float64{"package": 2}},
			want: [6]float64{
				(900.0 / 9900) / 3,
				(1 + 2 + 1) / 4.0,
				(2 + 0.25) / 3,
				(9000.0/9900 + 2) / 3,
				1,
				(2 + 0.75) / 3,
			},
		},
		{
			name: "named attributes only",
			opt:  Options{Attributes: []string{"package"}},
			want: [6]float64{0, 1, 1, 1, 1, 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, vars, err := Gower(gowerItems, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if d.N != 4 || len(d.D) != 6 {
				t.Fatalf("matrix %d items, %d entries", d.N, len(d.D))
			}
			pairs := [6][2]int{{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}}
			for k, p := range pairs {
				if got := d.At(p[0], p[1]); math.Abs(got-tt.want[k]) > 1e-12 {
					t.Errorf("d(%s,%s) = %.6f, want %.6f (vars %v)", gowerItems[p[0]].ID, gowerItems[p[1]].ID, got, tt.want[k], vars)
				}
				if d.At(p[0], p[1]) != d.At(p[1], p[0]) {
					t.Errorf("d not symmetric at %v", p)
				}
			}
		})
	}
}

func TestGowerRangesZerosAndGaps(t *testing.T) {
	tests := []struct {
		name  string
		items []model.Item
		opt   Options
		i, j  int
		want  float64
	}{
		{
			// Ranges compare by the larger of the bound differences, over
			// the span 10..30 V.
			name: "range vs number",
			items: []model.Item{
				part("r1", model.RangeAttr("voltage", 10, 20, "V", "")),
				part("n", model.NumberAttr("voltage", 15, "V", "")),
				part("r3", model.RangeAttr("voltage", 10, 30, "V", "")),
			},
			i: 0, j: 1, want: 0.25,
		},
		{
			name: "range vs range",
			items: []model.Item{
				part("r1", model.RangeAttr("voltage", 10, 20, "V", "")),
				part("n", model.NumberAttr("voltage", 15, "V", "")),
				part("r3", model.RangeAttr("voltage", 10, 30, "V", "")),
			},
			i: 0, j: 2, want: 0.5,
		},
		{
			// A 0 Ω jumper sits a decade below the smallest resistor: log10
			// values 0, 1, 3 over a range of 3.
			name: "zero on a log scale",
			items: []model.Item{
				part("jumper", model.NumberAttr("resistance", 0, "Ω", "")),
				part("r10", model.NumberAttr("resistance", 10, "Ω", "")),
				part("r1k", model.NumberAttr("resistance", 1000, "Ω", "")),
			},
			i: 0, j: 1, want: 1.0 / 3,
		},
		{
			name: "nothing in common",
			items: []model.Item{
				part("a", model.EnumAttr("package", "0603", "")),
				part("b", model.NumberAttr("resistance", 10, "Ω", "")),
			},
			opt: Options{Attributes: []string{"package", "resistance"}},
			i:   0, j: 1, want: 1,
		},
		{
			name: "case folded",
			items: []model.Item{
				part("a", model.EnumAttr("thread", "M3", "")),
				part("b", model.EnumAttr("thread", "m3", "")),
				part("c", model.EnumAttr("thread", "M4", "")),
			},
			i: 0, j: 1, want: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _, err := Gower(tt.items, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.At(tt.i, tt.j); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("d = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGowerAliasesShareWeight(t *testing.T) {
	var items []model.Item
	for k, th := range []string{"M3", "M4", "M5", "M3", "M4", "M5"} {
		items = append(items, part(th,
			model.EnumAttr("thread", th, ""),
			model.NumberAttr("diameter", float64(th[1]-'0')/1000, "m", ""),
			model.EnumAttr("head", []string{"cap", "cap", "cap", "button", "button", "button"}[k], "")))
	}
	_, vars, err := Gower(items, Options{})
	if err != nil {
		t.Fatal(err)
	}
	weights := map[string]float64{}
	for _, v := range vars {
		weights[v.Name] = v.Weight
	}
	if weights["thread"] != 0.5 || weights["diameter"] != 0.5 || weights["head"] != 1 {
		t.Errorf("weights %v, want thread and diameter 0.5, head 1", weights)
	}
	// A weight the caller sets is kept.
	_, vars, _ = Gower(items, Options{Weights: map[string]float64{"thread": 1}})
	for _, v := range vars {
		if v.Weight != 1 {
			t.Errorf("%s weighs %v with thread weighted explicitly", v.Name, v.Weight)
		}
	}
}

func TestGowerErrors(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"unknown attribute", Options{Attributes: []string{"colour"}}},
		{"negative weight", Options{Weights: map[string]float64{"package": -1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Gower(gowerItems, tt.opt)
			var me *model.Error
			if !errors.As(err, &me) || me.Code != model.Invalid {
				t.Errorf("err = %v, want a model.Error with code invalid", err)
			}
		})
	}
}

func TestFormatSI(t *testing.T) {
	tests := []struct {
		v    float64
		unit string
		want string
	}{
		{4700, "Ω", "4.7 kΩ"},
		{1e-7, "F", "100 nF"},
		{0.006, "m", "6 mm"},
		{0.0135, "m", "13.5 mm"},
		{0, "Ω", "0 Ω"},
		{5, "%", "5%"},
		{260, "", "260"},
		{0.1, "W", "100 mW"},
	}
	for _, tt := range tests {
		if got := formatSI(tt.v, tt.unit); got != tt.want {
			t.Errorf("formatSI(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

func TestNaturalLess(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"M3", "M10", true},
		{"M10", "M3", false},
		{"M2.5", "M3", true},
		{"0402", "1206", true},
		{"ISO 4762", "ISO 10642", true},
		{"No6", "No8", true},
		{"M3", "M3", false},
	}
	for _, tt := range tests {
		if got := naturalLess(tt.a, tt.b); got != tt.want {
			t.Errorf("naturalLess(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
