package gitplm_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/gitplm"
)

const head = "IPN,MPN,Manufacturer,Description,Capacitance,Voltage\n"

func TestMalformed(t *testing.T) {
	for _, c := range []struct {
		name, data  string
		line        int
		field, text string
	}{
		{"empty", "", 1, "", "empty file"},
		{"blank", " \r\n\n", 1, "", "empty file"},
		{"not IPN first", "MPN,IPN\nX,CAP-0000-0001\n", 1, "IPN", "first column is not IPN"},
		{"IPN later in header", "IPN2,MPN\n", 1, "IPN", "first column is not IPN"},
		{"truncated quoted field", head + "CAP-0000-0001,X,Y,\"0.1uF 50V", 2, "", `extraneous or missing " in quoted-field`},
		{"bare quote", head + "CAP-0000-0001,X,Y,0.1\"uF,,\n", 2, "", `bare " in non-quoted-field`},
		{"short row", head + "CAP-0000-0001,X,Y,Z,0.1uF,50V\nCAP-0000-0002,X,Y\n", 3, "Description", "missing: the row has 3 fields, the header 6"},
		{"long row", head + "CAP-0000-0001,X,Y,Z,0.1uF,50V,extra\n", 2, "column 7", "beyond the header"},
		{"duplicate IPN disagreeing", head + "CAP-0000-0001,A,M,0.1uF 50V,0.1uF,50V\nCAP-0000-0002,B,M,1uF,1uF,50V\nCAP-0000-0001,C,N,0.1uF 50V,0.1uF,25V\n", 4, "Voltage",
			`IPN CAP-0000-0001 is also on line 2, with "25V" here and "50V" there`},
		{"BOM", "IPN,Qty,MPN,Ref\nCAP-0000-0001,2,X,C1 C2\n", 1, "Qty", "gitplm BOM"},
		{"repeated column", "IPN,MPN,Description,mpn\n", 1, "mpn", `repeats column 2 ("MPN")`},
		{"two footprint columns", "IPN,Footprint,Footprints\n", 1, "Footprints", `holds what column 2 ("Footprint") holds`},
		{"value without header", "IPN,MPN,\nCAP-0000-0001,X,oops\n", 2, "column 3", "without a header"},
		{"row without IPN", head + ",X,Y,Z,,\n", 2, "IPN", "row without an IPN"},
		{"IPN with space", head + "CAP 0000-0001,X,Y,Z,,\n", 2, "IPN", "white space"},
		{"priority", "IPN,MPN,Priority\nCAP-0000-0001,X,first\n", 2, "Priority", "not a whole number"},
		{"IPN is a family base", "IPN,MPN\nCAP-0000-0001,X\nCAP-0000,Y\nCAP-0000-0002,Z\n", 3, "IPN", "also the base of the variations CAP-0000-0001 and CAP-0000-0002"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := gitplm.Parse("g-cap.csv", []byte(c.data), pdm.Options{})
			var e *model.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T), batch %v: want a *model.Error", err, err, b)
			}
			if b != nil || e.Code != model.Invalid || e.File != "g-cap.csv" || e.Line != c.line || e.Field != c.field ||
				!strings.Contains(err.Error(), c.text) {
				t.Errorf("got %v (line %d, field %q), want line %d, field %q, %q", err, e.Line, e.Field, c.line, c.field, c.text)
			}
		})
	}
}

func TestSources(t *testing.T) {
	data := "IPN,MPN,Manufacturer,Description,Footprint,Datasheet,Priority\n" +
		"CAP-0000-0001,B,Beta,,C_0603,https://b,2\n" +
		"CAP-0000-0001,A,Alpha,100nF  50V\t0603,,https://a,1\n" +
		"CAP-0000-0001,C,Gamma,100nF 50V 0603,,,\n" +
		"CAP-0000-0001,A,Alpha,,,,1\n"
	b, err := gitplm.Parse("caps.csv", []byte(data), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := pdm.Check(b); err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 1 {
		t.Fatalf("%d items", len(b.Items))
	}
	it := b.Items[0]
	want := []model.ManufacturerPart{{Manufacturer: "Gamma", MPN: "C"}, {Manufacturer: "Alpha", MPN: "A"}, {Manufacturer: "Beta", MPN: "B"}}
	if it.Name != "C" || len(it.Manufacturers) != 3 || it.Manufacturers[0] != want[0] || it.Manufacturers[1] != want[1] || it.Manufacturers[2] != want[2] {
		t.Errorf("name %q, sources %v; want C and %v (priority: empty is 0)", it.Name, it.Manufacturers, want)
	}
	if it.Description != "100nF 50V 0603" || text(it, model.AttrFootprint) != "C_0603" || text(it, "datasheet") != "https://a" {
		t.Errorf("merged: %q %v", it.Description, it.Attributes)
	}
}

// TestPartmaster reads gitplm's older single partmaster (semicolons, a
// Value column) as git-plm/gitplm's example/partmaster.csv has it.
func TestPartmaster(t *testing.T) {
	data := "IPN;Description;Footprint;Value;Manufacturer;MPN;Datasheet;Priority\n" +
		"CAP-000-1001;;Capacitor_SMD:C_0805_2012Metric;1nF_50V;AVX;08055C102JAT2A;http://datasheets.avx.com/X7RDielectric.pdf;\n" +
		"CAP-000-1005;1.0uF;Capacitor_SMD:C_0805_2012Metric;1.0uF;AVX;08055C105KAT2A;http://datasheets.avx.com/X7RDielectric.pdf;\n" +
		"RES-008-220K;*;Resistor_SMD:R_2010_5025Metric;220k;KOA SPEER Electronics;HV732HTTE2203F;https://www.koaspeer.com/pdfs/HV73.pdf;\n" +
		"SCR-002-0002;;;screw #4,2;screwsRus;18a02SDF;https://www.screws.com/pdfs/abc.pdf;\n" +
		";;;;;;;\n"
	if !(gitplm.Format{}).Detect(pdm.Input{Path: "partmaster.csv", Head: []byte(data)}) {
		t.Error("not detected")
	}
	b, err := gitplm.Parse("partmaster.csv", []byte(data), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := pdm.Check(b); err != nil {
		t.Fatal(err)
	}
	items := byExternalID(t, b)
	if len(items) != 5 || items["CAP-000"].Level != model.LevelFamily {
		t.Errorf("%d items, want 4 parts and the family CAP-000: %v", len(items), b.Items)
	}
	if c := items["CAP-000-1005"]; !near(number(t, c, model.AttrCapacitance, "F"), 1e-6) || text(c, model.AttrValue) != "1.0uF" {
		t.Errorf("CAP-000-1005: %+v", c.Attributes)
	}
	if c := items["CAP-000-1001"]; text(c, model.AttrValue) != "1nF_50V" || attr(c, model.AttrCapacitance).Name != "" {
		t.Errorf("CAP-000-1001: %+v", c.Attributes)
	}
	if r := items["RES-008-220K"]; number(t, r, model.AttrResistance, "Ω") != 220e3 || r.Class != model.ClassResistors {
		t.Errorf("RES-008-220K: %+v", r)
	}
	if s := items["SCR-002-0002"]; s.Class != "" || s.Name != "18a02SDF" || text(s, model.AttrValue) != "screw #4,2" {
		t.Errorf("SCR-002-0002: %+v", s)
	}
}

func TestOddTables(t *testing.T) {
	// Windows-1252 (µ is 0xB5), CRLF, a byte-order mark, a header-only
	// file, columns this package does not know, IPNs outside the scheme.
	cp1252 := []byte("IPN,MPN,Description,Inductance,Pins,Size,Rev,Notes,Sim_Pins\r\n" +
		"coil-7,L7,Coil 4.7\xb5H,4.7\xb5H,002,0805,3,hand wound on a ferrite core,1=A 2=B\r\n")
	b, err := gitplm.Parse(filepath.Join("lib", "g-ind.csv"), cp1252, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	it := b.Items[0]
	if it.Description != "Coil 4.7µH" || it.Class != model.ClassInductors || !near(number(t, it, model.AttrInductance, "H"), 4.7e-6) {
		t.Errorf("cp1252: %+v", it)
	}
	if a := attr(it, "pins"); a.Kind != model.Enum || a.Text != "002" {
		t.Errorf("pins %+v", a)
	}
	if a := attr(it, "size"); a.Kind != model.Enum || a.Text != "0805" {
		t.Errorf("size %+v", a)
	}
	if number(t, it, "rev", "") != 3 || attr(it, "notes").Kind != model.Text || attr(it, "sim_pins").Kind != model.Enum {
		t.Errorf("generic columns: %+v", it.Attributes)
	}
	b, err = gitplm.Parse("g-new.csv", []byte("\uFEFFIPN,MPN,Description\n"), pdm.Options{})
	if err != nil || len(b.Items) != 0 || pdm.Check(b) != nil {
		t.Errorf("header only: %v %v", b, err)
	}
}

// TestColumnNames checks columns named like the attributes part fields
// fill get numbered names.
func TestColumnNames(t *testing.T) {
	data := "IPN,MPN,Lib Part,Value,Voltage,Rated voltage\nXTR-0001-0001,Q1,foo,BC847,45V,50V\n"
	b, err := gitplm.Parse("g-xtr.csv", []byte(data), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	it := b.Items[0]
	if text(it, "lib_part_2") != "foo" || text(it, model.AttrValue) != "BC847" ||
		number(t, it, model.AttrVoltage, "V") != 45 || number(t, it, "voltage_2", "V") != 50 {
		t.Errorf("%+v", it.Attributes)
	}
}

// TestAllFilesCopies checks the testdata copies are those of the shared
// data, when it is there.
func TestAllFilesCopies(t *testing.T) {
	dir := shareddata.Dir(t, "gitplm-parts", "database")
	for _, f := range []string{"g-cap.csv", "g-ind.csv"} {
		if a, b := readFile(t, filepath.Join("testdata", f)), readFile(t, filepath.Join(dir, f)); string(a) != string(b) {
			t.Errorf("testdata/%s differs from the shared copy", f)
		}
	}
	if _, err := os.Stat(filepath.Join("testdata", "SOURCES.md")); err != nil {
		t.Error(err)
	}
}
