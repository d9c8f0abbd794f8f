package retrieval

import (
	"math"
	"slices"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

func TestNumericSim(t *testing.T) {
	num := func(v float64) model.Attribute { return model.NumberAttr("x", v, "Ω", "") }
	tests := []struct {
		name   string
		c      model.Constraint
		a      model.Attribute
		lo, hi float64 // expected score bounds
		st     Status
	}{
		{"exact target", model.Constraint{Op: model.Target, Value: 10e3}, num(10e3), 1, 1, Met},
		{"inside tolerance", model.Constraint{Op: model.Target, Value: 10e3, Tolerance: 500}, num(10.4e3), 1, 1, Met},
		{"next E24 value", model.Constraint{Op: model.Target, Value: 10e3}, num(11e3), 0.5, 0.7, Partial},
		{"a decade off", model.Constraint{Op: model.Target, Value: 10e3}, num(100e3), 0, 0.001, Unmet},
		{"range covers target", model.Constraint{Op: model.Target, Value: 12}, model.RangeAttr("x", 5, 24, "V", ""), 1, 1, Met},
		{"min met exactly", model.Constraint{Op: model.Min, Value: 50}, num(50), 1, 1, Met},
		{"min met tenfold", model.Constraint{Op: model.Min, Value: 50}, num(500), 0.9, 0.9, Met},
		{"min short by 20%", model.Constraint{Op: model.Min, Value: 50}, num(40), 0.05, 0.2, Unmet},
		{"max met", model.Constraint{Op: model.Max, Value: 0.01}, num(0.005), 0.9, 0.99, Met},
		{"max exceeded", model.Constraint{Op: model.Max, Value: 1}, num(5), 0, 0.001, Unmet},
		{"zero against zero", model.Constraint{Op: model.Target, Value: 0}, num(0), 1, 1, Met},
		{"negative target", model.Constraint{Op: model.Target, Value: -5}, num(5), 0, 0.001, Unmet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, st := numericSim(tt.c, tt.a)
			if s < tt.lo-1e-9 || s > tt.hi+1e-9 || st != tt.st {
				t.Errorf("numericSim = %.4f %s, want [%v, %v] %s", s, st, tt.lo, tt.hi, tt.st)
			}
		})
	}
}

// A shortfall costs more than the same excess: the similarity is
// asymmetric for min and max.
func TestMinIsAsymmetric(t *testing.T) {
	c := model.Constraint{Op: model.Min, Value: 50}
	over, _ := numericSim(c, model.NumberAttr("v", 60, "V", ""))
	under, _ := numericSim(c, model.NumberAttr("v", 40, "V", ""))
	if !(over > under) {
		t.Errorf("60 V scores %v, 40 V %v against min 50 V", over, under)
	}
}

func TestEnumSim(t *testing.T) {
	tests := []struct {
		values []string
		a      model.Attribute
		want   float64
	}{
		{[]string{"SOT-23"}, model.EnumAttr("package", "SOT23", ""), 1},
		{[]string{"X7R", "X5R"}, model.EnumAttr("dielectric", "x5r", ""), 1},
		{[]string{"X7R"}, model.EnumAttr("dielectric", "C0G", ""), 0},
		{[]string{"stainless"}, model.TextAttr("material", "A2 stainless steel"), 1},
		{[]string{"steel"}, model.TextAttr("material", "steelworks"), 0},
	}
	for _, tt := range tests {
		if got, _ := enumSim(model.Constraint{Op: model.OneOf, Values: tt.values}, tt.a); got != tt.want {
			t.Errorf("enumSim(%v, %q) = %v, want %v", tt.values, tt.a.Text, got, tt.want)
		}
	}
}

func TestClassSim(t *testing.T) {
	tests := []struct {
		want, have model.ClassPath
		lo, hi     float64
	}{
		{"Electronics/Passives/Resistors", "Electronics/Passives/Resistors", 1, 1},
		{"Electronics/Passives/Resistors", "Electronics/Resistors/Chip Resistor - Surface Mount", 1, 1},
		{"Electronics/Passives/Resistors", "Electronics/Resistors/Arrays", 0.9, 0.9},
		{"Electronics/Passives/Resistors", "Resistors", 1, 1},
		{"Electronics/Passives/Resistors", "Electronics/Passives/Capacitors", 0.4, 0.5},
		{"Mechanical/Fasteners/Screws", "Mechanical/Fasteners", 0.6, 0.7},
		{"Mechanical/Bearings", "Electronics/Passives/Resistors", 0, 0},
		{"Mechanical/Bearings", "", 0, 0},
	}
	for _, tt := range tests {
		if got := classSim(tt.want, tt.have); got < tt.lo-1e-9 || got > tt.hi+1e-9 {
			t.Errorf("classSim(%s, %s) = %.3f, want [%v, %v]", tt.want, tt.have, got, tt.lo, tt.hi)
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"M3 x 8 Socket-Head cap screws", []string{"m3", "socket", "head", "cap", "screw"}},
		{"4.7uF 0805", []string{"4.7uf", "0805"}},
		{"内六角螺钉 M3", []string{"内六", "六角", "角螺", "螺钉", "m3"}},
		{"电阻", []string{"电阻"}},
	}
	for _, tt := range tests {
		if got := tokens(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("tokens(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// Constraints read from the text: ratings become bounds, values targets,
// and a stated constraint on the same attribute wins.
func TestPrepare(t *testing.T) {
	p := prepare(model.RequirementItem{
		Text:        "100nF 50V X7R 0603 capacitor",
		Constraints: []model.Constraint{{Attribute: model.AttrPackage, Op: model.OneOf, Values: []string{"0402"}, Must: true}},
	})
	got := map[string]constraint{}
	for _, c := range p.constraints {
		got[c.Attribute] = c
	}
	if c := got[model.AttrCapacitance]; c.Op != model.Target || math.Abs(c.Value-100e-9) > 1e-15 || !c.fromText {
		t.Errorf("capacitance: %+v", c)
	}
	if c := got[model.AttrVoltage]; c.Op != model.Min || c.Value != 50 {
		t.Errorf("voltage: %+v", c)
	}
	if c := got[model.AttrPackage]; !c.Must || c.Values[0] != "0402" || c.fromText {
		t.Errorf("package: the stated constraint must win: %+v", c)
	}
	if p.class != model.ClassCapacitors || !p.classFromText {
		t.Errorf("class %q", p.class)
	}
}

// Ranking order: a failed must sinks below everything that meets its
// musts; an obsolete item ranks below an equal released one.
func TestScoreOrder(t *testing.T) {
	p := prepare(model.RequirementItem{
		Text:        "10k resistor",
		Constraints: []model.Constraint{{Attribute: model.AttrPackage, Op: model.OneOf, Values: []string{"0603"}, Must: true}},
	})
	item := func(id string, pkg string, lc model.Lifecycle) model.Item {
		it := model.Item{ID: model.ItemID(id), Level: model.LevelPart, Name: "10k resistor " + pkg, Class: model.ClassResistors, Lifecycle: lc}
		it.SetAttr(model.NumberAttr(model.AttrResistance, 10e3, "Ω", "10k"))
		it.SetAttr(model.EnumAttr(model.AttrPackage, pkg, pkg))
		return it
	}
	released := p.score(item("a", "0603", model.Released), 1, 0)
	obsolete := p.score(item("b", "0603", model.Obsolete), 1, 0)
	wrong := p.score(item("c", "0805", model.Preferred), 1, 50)
	if released.must != MustMet || wrong.must != MustFailed {
		t.Fatalf("must: %s, %s", released.must, wrong.must)
	}
	if !better(released, obsolete) || !better(obsolete, wrong) {
		t.Errorf("order: released %.3f, obsolete %.3f, failed must %.3f", released.score, obsolete.score, wrong.score)
	}
}
