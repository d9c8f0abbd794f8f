package tabular

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/pdm"
)

func TestLoadMapping(t *testing.T) {
	dir := t.TempDir()
	yml := filepath.Join(dir, "map.yaml")
	js := filepath.Join(dir, "map.json")
	bad := filepath.Join(dir, "bad.yml")
	files := map[string]string{
		yml: "header_row: 3\nsheet: BOM\ndelimiter: tab\nrefdes: Designator\nquantity: 2\nmpn: \"Mfr. Part #\"\nsku:Mouser: Mouser No\n",
		js:  `{"header_row": 3, "sheet": "BOM", "delimiter": "\t", "refdes": "Designator", "quantity": 2, "mpn": "Mfr. Part #", "sku:Mouser": "Mouser No"}`,
		bad: "refdes: Ref\ncolour: Color\nqty: 3\n",
	}
	for p, s := range files {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := Mapping{
		Columns:   map[string]string{"refdes": "Designator", "quantity": "2", "mpn": "Mfr. Part #", "sku:mouser": "Mouser No"},
		HeaderRow: 3, Sheet: "BOM", Delimiter: '\t',
	}
	for _, p := range []string{yml, js} {
		m, err := LoadMapping(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if !reflect.DeepEqual(m, want) {
			t.Errorf("%s: got %+v, want %+v", p, m, want)
		}
		back, err := MappingFromOptions(m.Options())
		if err != nil || !reflect.DeepEqual(back, want) {
			t.Errorf("%s: options round trip: %+v %v", p, back, err)
		}
	}
	_, err := LoadMapping(bad)
	if err == nil || !strings.Contains(err.Error(), "colour, qty") {
		t.Errorf("unknown fields: %v", err)
	}
	if _, err := LoadMapping(filepath.Join(dir, "missing.yml")); err == nil {
		t.Error("missing file loaded")
	}
	if _, err := MappingFromOptions(map[string]string{"delimiter": "#"}); err == nil {
		t.Error("bad delimiter accepted")
	}
	if _, err := MappingFromOptions(map[string]string{"header_row": "zero"}); err == nil {
		t.Error("bad header row accepted")
	}
}

// TestMappingOverrides reads files with a mapping: a headerless file by
// column numbers, a header the automatic mapping reads otherwise, a
// header row given by number, a sheet given by name.
func TestMappingOverrides(t *testing.T) {
	headerless := "R1,10k,RC0603FR-0710KL,2\nR2,1k,RC0603FR-071KL,1\n"
	b, err := Parse("h.csv", []byte(headerless), pdm.Options{Mapping: map[string]string{
		"refdes": "1", "value": "2", "mpn": "3", "quantity": "4"}})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, "h.csv", b)
	checkLine(t, b, wantLine{key: "mpn:RC0603FR-0710KL", qty: 2, refdes: "R1"})

	// "Part Number" would be the MPN; the mapping makes "Code" the MPN and
	// leaves "Part Number" to the automatic reading (a name).
	named := "Reference,Part Number,Manufacturer,Code,Qty\nU1,Regulator,TI,LM1117-3.3,1\n"
	b, err = Parse("n.csv", []byte(named), pdm.Options{Mapping: map[string]string{"mpn": "code"}})
	if err != nil {
		t.Fatal(err)
	}
	checkLine(t, b, wantLine{key: "mpn:LM1117-3.3", qty: 1, refdes: "U1", mpn: "TI/LM1117-3.3"})
	if n := b.Refs[0].Name; n != "LM1117-3.3" {
		t.Errorf("name %q", n)
	}

	rows := "Board,,\nRef;Val;N\nR1;10k;3\n"
	b, err = Parse("r.csv", []byte(rows), pdm.Options{Mapping: map[string]string{
		"header_row": "2", "delimiter": ";", "quantity": "N"}})
	if err != nil {
		t.Fatal(err)
	}
	checkLine(t, b, wantLine{key: "line:10k||", qty: 3, refdes: "R1"})

	xls, err := os.ReadFile(filepath.Join("testdata", "pulse.xls"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("p.xls", xls, pdm.Options{Mapping: map[string]string{"sheet": "final_bom"}}); err != nil {
		t.Errorf("sheet by name: %v", err)
	}
	for _, opt := range []map[string]string{
		{"sheet": "Nope"},
		{"mpn": "No Such Header"},
		{"header_row": "40"},
	} {
		_, err := Parse("p.xls", xls, pdm.Options{Mapping: opt})
		if Reason(err) != reasonMapping {
			t.Errorf("mapping %v: %v", opt, err)
		}
	}
	_, err = Parse("q.csv", []byte("1,2\n3,4\n"), pdm.Options{Mapping: map[string]string{"quantity": "1"}})
	if Reason(err) != reasonMapping || !strings.Contains(err.Error(), "names the part") {
		t.Errorf("mapping without a part column: %v", err)
	}
}
