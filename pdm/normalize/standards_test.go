package normalize

import (
	"slices"
	"testing"
)

func TestCanonicalStandard(t *testing.T) {
	tests := []struct{ in, want string }{
		{"DIN 912", "ISO 4762"},
		{"din912", "ISO 4762"},
		{"DIN EN ISO 4762", "ISO 4762"},
		{"DINENISO 4762", "ISO 4762"},
		{"ISO 4762", "ISO 4762"},
		{"DIN 7991", "ISO 10642"},
		{"DIN 933", "ISO 4017"},
		{"DIN 934", "ISO 4032"},
		{"DIN 931", "ISO 4014"},
		{"DIN 125 A", "ISO 7089"},
		{"DIN 125", "ISO 7089"},
		{"DIN 913", "ISO 4026"},
		{"DIN 982", "ISO 7040"},
		{"DIN 84", "ISO 1207"},
		{"DIN 508", "ISO 299"},
		{"ISO 7380", "ISO 7380"},
		{"DIN 985", "DIN 985"}, // ambiguous in the data: see EquivalentStandards
		{"ISO 4018", "ISO 4018"},
		{"not a standard", "not a standard"},
	}
	for _, tt := range tests {
		if got := CanonicalStandard(tt.in); got != tt.want {
			t.Errorf("CanonicalStandard(%q) = %q, want %q (group %v)", tt.in, got, tt.want, EquivalentStandards(tt.in))
		}
	}
}

func TestEquivalentStandards(t *testing.T) {
	got := EquivalentStandards("DIN 912")
	for _, want := range []string{"ISO 4762", "DIN EN ISO 4762", "DIN 912"} {
		if !slices.Contains(got, want) {
			t.Errorf("EquivalentStandards(DIN 912) = %v, lacks %q", got, want)
		}
	}
	if got[0] != "ISO 4762" {
		t.Errorf("canonical first: %v", got)
	}
	if eq := EquivalentStandards("DIN 982"); slices.Contains(eq, "DIN 985") {
		t.Errorf("DIN 982 and DIN 985 are different nuts: %v", eq)
	}
	if eq := EquivalentStandards("ISO 4017"); slices.Contains(eq, "ISO 4014") || slices.Contains(eq, "ISO 4018") {
		t.Errorf("ISO 4017 variants are not equivalents: %v", eq)
	}
	if EquivalentStandards("hello") != nil {
		t.Error("non-standard text should give nil")
	}
	if eq := EquivalentStandards("ISO 99999"); len(eq) != 1 || eq[0] != "ISO 99999" {
		t.Errorf("unknown standard: %v", eq)
	}
	if n := len(knownStandards()); n < 60 {
		t.Errorf("only %d standards read from the data", n)
	}
}

func TestBearingTable(t *testing.T) {
	reg := loadStandards()
	if b, ok := reg.bearings["608"]; !ok || b != (bearingSize{0.008, 0.022, 0.007}) {
		t.Errorf("bearing 608 = %+v, %v", b, ok)
	}
	for _, s := range []string{"ZZ", "2RS", "Z", "RS"} {
		if _, ok := reg.seals[s]; !ok {
			t.Errorf("seal %s not in the BOLTS type table: %v", s, reg.seals)
		}
	}
}
