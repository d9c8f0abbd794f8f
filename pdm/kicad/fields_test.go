package kicad

import (
	"maps"
	"slices"
	"testing"
)

func TestSplitQty(t *testing.T) {
	tests := []struct {
		in   string
		qty  float64
		code string
	}{
		{"ADUM3150BRSZ-RL7", 1, "ADUM3150BRSZ-RL7"},
		{" 4.5 : ADUM3150BRSZ-RL7", 4.5, "ADUM3150BRSZ-RL7"},
		{"4/5  : ADUM3150BRSZ-RL7", 0.8, "ADUM3150BRSZ-RL7"},
		{"7:ADUM3150BRSZ-RL7", 7, "ADUM3150BRSZ-RL7"},
		{"ADUM3150BRSZ-RL7 :   7", 7, "ADUM3150BRSZ-RL7"},
		{"ADUM3150BRSZ-RL7:", 1, "ADUM3150BRSZ-RL7"},
		{"61300311121:2", 2, "61300311121"},
		{"2:61300311121", 2, "61300311121"},
		{"A:B", 1, "A:B"},
		{`A\:B`, 1, "A:B"},
		{"a:b:c", 1, "a:b:c"},
		{"0:X", 1, "0:X"},
		{"1/0:X", 1, "1/0:X"},
		{"9999999:X", 1, "9999999:X"},
	}
	for _, tt := range tests {
		qty, code := splitQty(tt.in)
		if qty != tt.qty || code != tt.code {
			t.Errorf("splitQty(%q) = %v, %q; want %v, %q", tt.in, qty, code, tt.qty, tt.code)
		}
	}
}

func TestSplitList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"X", []string{"X"}},
		{"0022232061;0022012067; 6: 08-50-0114;  LA 55-P", []string{"0022232061", "0022012067", "6: 08-50-0114", "LA 55-P"}},
		{"CL-SB-22A-01T, 2.5:RC1005J000CS", []string{"CL-SB-22A-01T", "2.5:RC1005J000CS"}},
		{`SSM3J332R\,LF`, []string{`SSM3J332R\,LF`}},
		{"710-696101000002|530-5MF6-R|", []string{"710-696101000002", "530-5MF6-R"}},
		{";;; 398-1010-ND", []string{"", "", "", "398-1010-ND"}},
	}
	for _, tt := range tests {
		if got := splitList(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name   string
		fields []rawField
		want   map[string]string
	}{
		{"aliases", []rawField{{"MPN", "X"}, {"Manufacturer", "M"}, {"Digikey_PN", "D"}, {"Description", "d"}},
			map[string]string{"manf#": "X", "manf": "M", "digikey#": "D", "desc": "d"}},
		{"later non-empty wins", []rawField{{"manf#", "XXXX"}, {"mpn", ""}, {"p#", "   "}, {"mpn", "YYYY"}},
			map[string]string{"manf#": "YYYY"}},
		{"kicost clears", []rawField{{"kicost:mpn", ""}, {"manf#", "XXXX"}},
			map[string]string{}},
		{"kicost wins", []rawField{{"kicost:manf#", "A"}, {"manf#", "B"}},
			map[string]string{"manf#": "A"}},
		{"variants", []rawField{{"kicost.variant1:manf", "v1"}, {"kicost.default:dnp", "1"}, {"manf", "m"}},
			map[string]string{"manf": "m", "dnp": "1"}},
		{"local distributors", []rawField{{"kicost:mine:cat#", "7"}, {"kicost:pricing", "1:0.1"}},
			map[string]string{"pricing": "1:0.1"}},
		{"distributor named", []rawField{{"Element14", "2822553"}, {"Farnell", "RES SMD 604 OHM"}, {"~", "~"}},
			map[string]string{"element14#": "2822553"}},
	}
	for _, tt := range tests {
		if got := resolve(tt.fields); !maps.Equal(got, tt.want) {
			t.Errorf("%s: resolve = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFitted(t *testing.T) {
	tests := []struct {
		fields map[string]string
		want   bool
	}{
		{map[string]string{}, true},
		{map[string]string{"dnp": "1"}, false},
		{map[string]string{"dnp": "0.0"}, true},
		{map[string]string{"dnp": "a"}, false},
		{map[string]string{"dnp": "no"}, true},
		{map[string]string{"exclude from bom": "1"}, false},
		{map[string]string{"exclude from bom": "0"}, true},
		{map[string]string{"install": "N"}, false},
		{map[string]string{"install": "Y"}, true},
		{map[string]string{"variant": "production,test"}, false},
		{map[string]string{"variant": "production default"}, true},
	}
	for _, tt := range tests {
		if got := fitted(tt.fields); got != tt.want {
			t.Errorf("fitted(%v) = %v, want %v", tt.fields, got, tt.want)
		}
	}
}

func TestSubpartsManf(t *testing.T) {
	subs := subparts(map[string]string{
		"manf#":    "2N2222A PBFREE; 322400B00000G; X",
		"manf":     "~; Aavid; ~",
		"digikey#": "~; HS100-ND",
	}, "a; b; c")
	var got [][3]string
	for _, s := range subs {
		sku := ""
		if len(s.skus) > 0 {
			sku = s.skus[0].SKU
		}
		got = append(got, [3]string{s.mpn, s.manf, sku + "/" + s.desc})
	}
	want := [][3]string{{"2N2222A PBFREE", "", "/a"}, {"322400B00000G", "Aavid", "HS100-ND/b"}, {"X", "Aavid", "/c"}}
	if !slices.Equal(got, want) {
		t.Errorf("subparts = %q, want %q", got, want)
	}
}

func TestSplitRefs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"R1, R2;R3 R4", []string{"R1", "R2", "R3", "R4"}},
		{"U1-2", []string{"U1", "U2"}},
		{"D33-D36", []string{"D33", "D34", "D35", "D36"}},
		{"C17/18/19", []string{"C17", "C18", "C19"}},
		{"GPIO-3", []string{"GPIO-3"}},
		{"R1-Q4", []string{"R1-Q4"}},
	}
	for _, tt := range tests {
		if got := splitRefs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitRefs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	refs := []string{"R10", "C2", "R2", "R1", "TP1", "R01A"}
	slices.SortFunc(refs, compareRefs)
	if want := []string{"C2", "R1", "R01A", "R2", "R10", "TP1"}; !slices.Equal(refs, want) {
		t.Errorf("sorted refs = %q, want %q", refs, want)
	}
}
