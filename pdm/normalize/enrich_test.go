package normalize

import (
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

func TestEnrich(t *testing.T) {
	tests := []struct {
		name  string
		item  model.Item
		class model.ClassPath
		want  map[string]string
	}{
		{
			name: "KiCad resistor: value and footprint",
			item: model.Item{Name: "4k7", Attributes: []model.Attribute{
				model.TextAttr(model.AttrFootprint, "Resistor_SMD:R_0603_1608Metric"),
				model.TextAttr(model.AttrValue, "4k7"),
			}},
			class: model.ClassResistors,
			want:  map[string]string{"resistance": "4700 Ω", "package": "0603"},
		},
		{
			name: "KiCad capacitor: the footprint says what 100n is",
			item: model.Item{Name: "C1", Attributes: []model.Attribute{
				model.TextAttr(model.AttrFootprint, "Capacitor_SMD:C_0805_2012Metric"),
				model.TextAttr(model.AttrValue, "100n"),
			}},
			class: model.ClassCapacitors,
			want:  map[string]string{"capacitance": "1e-07 F", "package": "0805"},
		},
		{
			name:  "the library symbol names the kind of a bare value",
			item:  model.Item{Name: "1k", Attributes: []model.Attribute{model.TextAttr(model.AttrLibPart, "Device:R")}},
			class: model.ClassResistors,
			want:  map[string]string{"resistance": "1000 Ω"},
		},
		{
			name:  "NopSCADlib vitamin",
			item:  model.Item{Name: "M3_cap_screw", Description: "Screw M3 cap x 10mm"},
			class: model.ClassScrews,
			want:  map[string]string{"thread": "M3", "length": "0.01 m", "standard": "ISO 4762"},
		},
		{
			name:  "Digi-Key description",
			item:  model.Item{Name: "RC0603FR-071KL", Description: "RES SMD 1K OHM 1% 1/10W 0603"},
			class: model.ClassResistors,
			want:  map[string]string{"resistance": "1000 Ω", "tolerance": "1 %", "power": "0.1 W", "package": "0603"},
		},
		{
			name: "existing attributes and class stay",
			item: model.Item{Name: "x", Description: "CAP CER 10UF 25V X5R 0805", Class: "Electronics/Capacitors/MLCC",
				Attributes: []model.Attribute{model.NumberAttr(model.AttrVoltage, 50, "V", "50V")}},
			class: "Electronics/Capacitors/MLCC",
			want:  map[string]string{"voltage": "50 V", "capacitance": "1e-05 F", "dielectric": "X5R"},
		},
	}
	for _, tt := range tests {
		it := tt.item
		Enrich(&it)
		if it.Class != tt.class {
			t.Errorf("%s: class = %q, want %q", tt.name, it.Class, tt.class)
		}
		for name, want := range tt.want {
			if a, ok := it.Attr(name); !ok || a.String() != want {
				t.Errorf("%s: %s = %q, want %q (attrs %s)", tt.name, name, a.String(), want, show(it.Attributes))
			}
		}
		for i := 1; i < len(it.Attributes); i++ {
			if it.Attributes[i-1].Name >= it.Attributes[i].Name {
				t.Errorf("%s: attributes not sorted and unique: %s", tt.name, show(it.Attributes))
			}
		}
	}
}

// Enrich is idempotent: a second pass changes nothing.
func TestEnrichIdempotent(t *testing.T) {
	it := model.Item{Name: "x", Description: "Ball bearing 608-2RS 8mm x 22mm x 7mm"}
	Enrich(&it)
	n := len(it.Attributes)
	Enrich(&it)
	if len(it.Attributes) != n || it.Class != model.ClassBearings {
		t.Errorf("second Enrich changed the item: %s %s", it.Class, show(it.Attributes))
	}
}
