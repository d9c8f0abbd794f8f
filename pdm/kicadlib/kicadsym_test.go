package kicadlib_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/kicadlib"
)

// The .kicad_sym samples are written by hand after KiCad's documented
// format (see testdata/SOURCES.md): the data folder has none.

func TestKicadSymV6(t *testing.T) {
	b := read(t, "testdata", "acme_passives.kicad_sym")
	parts := byExt(b)
	if len(b.Items) != 3 {
		t.Fatalf("%d parts (%v), want 3: the power symbol left out", len(b.Items), slices.Collect(mapKeys(parts)))
	}
	base := parts["acme_passives:R_0603"]
	if base.Name != "R_0603" || base.Description != "Resistor, 0603 (1608 metric)" || len(base.Manufacturers) != 0 ||
		attr(base, "manufacturer") != "YAGEO" || attr(base, kicadlib.AttrDatasheet) != "" {
		t.Errorf("base symbol: %+v", base)
	}
	r := parts["acme_passives:RC0603FR-0710KL"]
	want := []struct{ name, value string }{
		{model.AttrValue, "10k"},
		{model.AttrFootprint, "Resistor_SMD:R_0603_1608Metric"},
		{model.AttrKeywords, "R res resistor 0603"},
		{kicadlib.AttrReferencePrefix, "R"},
		{kicadlib.AttrStatus, "Active"},
		{"tolerance_field", "1%"},
	}
	for _, w := range want {
		if got := attr(r, w.name); got != w.value {
			t.Errorf("%s = %q, want %q", w.name, got, w.value)
		}
	}
	if r.Name != "RC0603FR-0710KL" || r.Description != "RES 10K OHM 1% 1/10W 0603" ||
		r.Class != "Electronics/Resistors/Chip Resistor - Surface Mount" || r.Lifecycle != "" ||
		!slices.Equal(r.Manufacturers, []model.ManufacturerPart{{Manufacturer: "YAGEO", MPN: "RC0603FR-0710KL"}}) ||
		!slices.Equal(r.Suppliers, []model.SupplierPart{{Supplier: "Digikey", SKU: "311-10.0KHRCT-ND"}}) {
		t.Errorf("derived symbol: %+v", r)
	}
	// The second derived symbol inherits the base's description and has
	// two suppliers; it is obsolete.
	r = parts["acme_passives:RC0603FR-074K7L"]
	if r.Description != "Resistor, 0603 (1608 metric)" || r.Lifecycle != model.Obsolete ||
		!slices.Equal(r.Suppliers, []model.SupplierPart{{Supplier: "Digikey", SKU: "311-4.70KHRCT-ND"}, {Supplier: "Mouser", SKU: "603-RC0603FR-074K7L"}}) {
		t.Errorf("derived symbol: %+v", r)
	}
}

func TestKicadSymV8(t *testing.T) {
	b := read(t, "testdata", "acme_displays.kicad_sym")
	if len(b.Items) != 1 {
		t.Fatalf("%d parts, want 1", len(b.Items))
	}
	p := b.Items[0]
	if p.Source.ExternalID != "acme_displays:LTS-4301JR" || p.Name != "LTS-4301JR" ||
		p.Description != `DISPLAY 7SEG 0.39" SGL RED 10DIP` || p.Lifecycle != model.Deprecated ||
		p.Class != "Electronics/Optoelectronics/Display Modules - LED Character and Numeric" ||
		attr(p, model.AttrKeywords) != "display LED 7-segment" || attr(p, kicadlib.AttrReferencePrefix) != "DS" ||
		!slices.Equal(p.Manufacturers, []model.ManufacturerPart{{Manufacturer: "Lite-On Inc.", MPN: "LTS-4301JR"}}) {
		t.Errorf("%+v", p)
	}
}

// TestKicadSymInheritance checks how a derived symbol inherits: its own
// properties win, even empty ones; the base's others come along; empty
// keywords are the base's; a chain of bases resolves in any order. String
// escapes are decoded and white space collapsed.
func TestKicadSymInheritance(t *testing.T) {
	text := `(kicad_symbol_lib (version 20211014) (generator hand)
  (symbol "C" (extends "B")
    (property "Value" "c") (property "Footprint" "")
    (property "ki_keywords" ""))
  # a comment line
  (symbol "B" (extends "A") (property "Value" "b") (property "Family" "Fam"))
  (symbol "A" (property "Value" "a") (property "Footprint" "fp") (property "Category" "Cat")
    (property "ki_keywords" "kw") (property "Note" "n\x41\101\tz"))
)`
	b, err := kicadlib.Parse("x.kicad_sym", []byte(text), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	c := byExt(b)["x:C"]
	if attr(c, model.AttrValue) != "c" || attr(c, model.AttrFootprint) != "" || attr(c, model.AttrKeywords) != "kw" ||
		c.Class != "Electronics/Cat/Fam" || attr(c, "note") != "nAA z" {
		t.Errorf("%+v", c)
	}
	if got := b.Items[0].Source.ExternalID; got != "x:C" {
		t.Errorf("first item %s, want file order", got)
	}
}

// TestAliases checks that each ALIAS of a DEF is a part of its own, with
// its .dcm entry and the DEF's drawing-level fields.
func TestAliases(t *testing.T) {
	lib := libHead + `DEF 74HC00 U 0 40 Y Y 4 L N
F0 "U" 0 0 50 H V C CNN
F1 "74HC00" 0 -100 50 H V C CNN
F2 "Package_DIP:DIP-14_W7.62mm" 0 0 50 H I C CNN
F3 "http://www.ti.com/lit/gpn/sn74hc00" 0 0 50 H I C CNN
F4 "74HC00" 0 0 50 H I L CNN "MPN"
F5 "Texas Instruments" 0 0 50 H I L CNN "Manufacturer"
F6 "296-1563-5-ND" 0 0 50 H I L CNN "Digi-Key_PN"
F7 "Obsolete" 0 0 50 H I L CNN "Status"
F8 "14-DIP" 0 0 50 H I L CNN "Package Case"
ALIAS 74HCT00 74LS00
DRAW
ENDDRAW
ENDDEF
`
	doc := "EESchema-DOCLIB  Version 2.0\n#\n$CMP 74HC00\nD quad NAND\nK HCMOS\nF http://x/74hc00.pdf\n$ENDCMP\n#\n$CMP 74LS00\nD quad NAND, LS\nK TTL\n$ENDCMP\n$CMP 7400\nD not in the library\n$ENDCMP\n"
	b, err := kicadlib.ParseLegacy("74xx.lib", []byte(lib), "74xx.dcm", []byte(doc), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	if len(b.Items) != 3 {
		t.Fatalf("%d parts, want 3", len(b.Items))
	}
	parts := byExt(b)
	root, ls, hct := parts["74xx:74HC00"], parts["74xx:74LS00"], parts["74xx:74HCT00"]
	if root.Lifecycle != model.Obsolete || len(root.Suppliers) != 1 || attr(root, kicadlib.AttrDatasheet) != "http://www.ti.com/lit/gpn/sn74hc00" ||
		root.Description != "quad NAND" || attr(root, "package_case") != "14-DIP" {
		t.Errorf("root: %+v", root)
	}
	if ls.Name != "74LS00" || ls.Description != "quad NAND, LS" || attr(ls, model.AttrKeywords) != "TTL" ||
		attr(ls, model.AttrValue) != "74LS00" || attr(ls, model.AttrFootprint) != "Package_DIP:DIP-14_W7.62mm" ||
		ls.Lifecycle != "" || len(ls.Suppliers) != 0 || attr(ls, kicadlib.AttrDatasheet) != "" ||
		!slices.Equal(ls.Manufacturers, []model.ManufacturerPart{{Manufacturer: "Texas Instruments", MPN: "74LS00"}}) ||
		attr(ls, "package_case") != "14-DIP" {
		t.Errorf("alias 74LS00: %+v", ls)
	}
	if hct.Description != "" || hct.Name != "74HCT00" {
		t.Errorf("alias 74HCT00: %+v", hct)
	}
}

func TestPowerSymbolsLeftOut(t *testing.T) {
	lib := libHead + "DEF GND #PWR 0 0 Y Y 1 F P\nF0 \"#PWR\" 0 -250 50 H I C CNN\nF1 \"GND\" 0 -150 50 H V C CNN\nDRAW\nENDDRAW\nENDDEF\n" + goodDef
	b, err := kicadlib.Parse(filepath.Join("power", "x.lib"), []byte(lib), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	if len(b.Items) != 1 || b.Items[0].Name != "R" {
		t.Fatalf("%+v", b.Items)
	}
}
