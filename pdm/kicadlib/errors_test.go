package kicadlib_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/kicadlib"
)

// wantError checks err is a *model.Error located at file, line and field.
func wantError(t *testing.T, err error, file string, line int, field string) {
	t.Helper()
	var e *model.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want a *model.Error", err, err)
	}
	if e.Code != model.Invalid || e.File != file || e.Line != line || e.Field != field {
		t.Errorf("error %q: at %s:%d field %q, want %s:%d field %q", err, e.File, e.Line, e.Field, file, line, field)
	}
}

const libHead = "EESchema-LIBRARY Version 2.3\n#encoding utf-8\n"

const goodDef = `DEF R R 0 0 N Y 1 F N
F0 "R" 80 0 50 V V C CNN
F1 "R" 0 0 50 V V C CNN
F2 "" -70 0 50 V I C CNN
F3 "" 0 0 50 H I C CNN
$FPLIST
 R_*
$ENDFPLIST
DRAW
S -40 -100 40 100 0 1 10 N
X ~ 1 0 150 50 D 50 50 1 1 P
ENDDRAW
ENDDEF
`

func TestLegacyErrors(t *testing.T) {
	tests := []struct {
		name, lib string
		line      int
		field     string
	}{
		{"empty", "", 1, ""},
		{"not a library", "EESchema Schematic File Version 4\n", 1, ""},
		{"bad version", "EESchema-LIBRARY Version two\n", 1, "version"},
		{"DEF without ENDDEF at EOF", libHead + "#\nDEF R R 0 0 N Y 1 F N\nF0 \"R\" 80 0 50 V V C CNN\n", 4, "DEF"},
		{"DEF without ENDDEF before DEF", libHead + goodDef[:len(goodDef)-len("ENDDEF\n")] + goodDef, 3, "DEF"},
		{"unterminated field text", libHead + "DEF R R 0 0 N Y 1 F N\nF0 \"R\" 80 0 50 V V C CNN\nF1 \"R 0 0 50 V V C CNN\nENDDEF\n", 5, "F1"},
		{"unterminated field name", libHead + "DEF R R 0 0 N Y 1 F N\nF4 \"x\" 0 0 50 H I L CNN \"MPN\nENDDEF\n", 4, "F4"},
		{"bad field parameters", libHead + "DEF R R 0 0 N Y 1 F N\nF5 \"x\" 0 0 H I L CNN \"MPN\"\nENDDEF\n", 4, "MPN"},
		{"bad field number", libHead + "DEF R R 0 0 N Y 1 F N\nFx \"x\" 0 0 50 H I\nENDDEF\n", 4, "Fx"},
		{"short DEF", libHead + "DEF R R 0 0\nENDDEF\n", 3, "DEF"},
		{"bad DEF flag", libHead + "DEF R R 0 0 N X 1 F N\nENDDEF\n", 3, "DEF"},
		{"DRAW without ENDDRAW", libHead + "DEF R R 0 0 N Y 1 F N\nDRAW\nS 0 0 1 1 0 1 0 N\nENDDEF\n", 4, "DRAW"},
		{"DRAW at EOF", libHead + "DEF R R 0 0 N Y 1 F N\nDRAW\nS 0 0 1 1 0 1 0 N\n", 4, "DRAW"},
		{"bad drawing", libHead + "DEF R R 0 0 N Y 1 F N\nDRAW\nZ 0 0\nENDDRAW\nENDDEF\n", 5, "DRAW"},
		{"FPLIST at EOF", libHead + "DEF R R 0 0 N Y 1 F N\n$FPLIST\n R_*\n", 4, "$FPLIST"},
		{"stray line", libHead + goodDef + "F0 \"R\" 0 0 50 H V C CNN\n", 16, ""},
		{"symbol twice", libHead + goodDef + goodDef, 16, "DEF"},
		{"alias twice", libHead + strings.Replace(goodDef, "$FPLIST", "ALIAS R", 1), 3, "ALIAS"},
		{"HEADER without end", libHead + "$HEADER\nTimeStamp 0\n", 3, "$HEADER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := kicadlib.Parse("bad.lib", []byte(tt.lib), pdm.Options{})
			if b != nil {
				t.Error("a batch came with the error")
			}
			wantError(t, err, "bad.lib", tt.line, tt.field)
		})
	}
}

func TestDocErrors(t *testing.T) {
	lib := []byte(libHead + goodDef)
	tests := []struct {
		name, doc string
		line      int
		field     string
	}{
		{"empty", "", 1, ""},
		{"not a doc file", "EESchema-LIBRARY Version 2.3\n", 1, ""},
		{"no ENDCMP at EOF", "EESchema-DOCLIB  Version 2.0\n#\n$CMP R\nD Resistor\n", 3, "$CMP"},
		{"no ENDCMP before CMP", "EESchema-DOCLIB  Version 2.0\n$CMP R\nD Resistor\n$CMP C\n$ENDCMP\n", 2, "$CMP"},
		{"unknown line", "EESchema-DOCLIB  Version 2.0\n$CMP R\nX what\n$ENDCMP\n", 3, "$CMP"},
		{"no name", "EESchema-DOCLIB  Version 2.0\n$CMP\n$ENDCMP\n", 2, "$CMP"},
		{"stray line", "EESchema-DOCLIB  Version 2.0\nD Resistor\n", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := kicadlib.ParseLegacy("bad.lib", lib, "bad.dcm", []byte(tt.doc), pdm.Options{})
			if b != nil {
				t.Error("a batch came with the error")
			}
			wantError(t, err, "bad.dcm", tt.line, tt.field)
		})
	}
}

func TestKicadSymErrors(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
		field      string
	}{
		{"empty", "", 1, ""},
		{"unclosed list", "(kicad_symbol_lib (version 20211014)\n  (symbol \"R\"\n    (property \"Reference\" \"R\" (id 0))\n", 2, ""},
		{"unclosed root", "(kicad_symbol_lib (version 20211014)\n", 1, ""},
		{"extra close", "(kicad_symbol_lib (version 20211014))\n)\n", 2, ""},
		{"unterminated string", "(kicad_symbol_lib\n  (symbol \"R\n  )\n)\n", 2, ""},
		{"quote in bare word", "(kicad_symbol_lib (version 2021\"1014))", 1, ""},
		{"not UTF-8", "(kicad_symbol_lib\n(symbol \"\xae\"))", 2, ""},
		{"wrong root", "(kicad_sch (version 20211123))", 1, ""},
		{"bad version", "(kicad_symbol_lib\n (version \"six\"))", 2, "version"},
		{"symbol without name", "(kicad_symbol_lib\n (symbol (property \"Value\" \"R\")))", 2, "symbol"},
		{"property without value", "(kicad_symbol_lib\n (symbol \"R\"\n  (property \"Value\")))", 3, "property"},
		{"symbol twice", "(kicad_symbol_lib\n (symbol \"R\")\n (symbol \"R\"))", 3, "symbol"},
		{"missing base", "(kicad_symbol_lib\n (symbol \"R\"\n  (extends \"X\")))", 3, "extends"},
		{"cycle", "(kicad_symbol_lib\n (symbol \"A\" (extends \"B\"))\n (symbol \"B\" (extends \"A\")))", 2, "extends"},
		{"text after", "(kicad_symbol_lib)\n(symbol \"R\")\n", 2, ""},
		{"atom in root", "(kicad_symbol_lib\n  stray)", 2, ""},
		{"deep", "(kicad_symbol_lib " + strings.Repeat("(", 300) + strings.Repeat(")", 301), 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := kicadlib.Parse("bad.kicad_sym", []byte(tt.text), pdm.Options{})
			if b != nil {
				t.Error("a batch came with the error")
			}
			wantError(t, err, "bad.kicad_sym", tt.line, tt.field)
		})
	}
}
