package inventree

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

const subsetPath = "testdata/inventree_subset.json"

var realPath = filepath.Join("..", "..", "..", "shared", "data", "inventree-demo", "inventree_data.json")

func readSubset(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(subsetPath)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readReal(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(realPath)
	if err != nil {
		t.Skipf("the InvenTree demo export is not at %s (the shared data folder is absent): %v", realPath, err)
	}
	return data
}

func mustParse(t testing.TB, name string, data []byte) *model.Batch {
	t.Helper()
	b, err := Parse(name, data, pdm.Options{})
	if err != nil {
		t.Fatalf("Parse %s: %v", name, err)
	}
	checkBatch(t, b)
	return b
}

// checkBatch asserts the batch keeps the reader contract (see pdm.Check).
func checkBatch(t testing.TB, b *model.Batch) {
	t.Helper()
	if err := pdm.Check(b); err != nil {
		t.Fatal(err)
	}
}

func partID(pk string) model.ItemID { return model.NewID(System, "part:"+pk) }

func item(t *testing.T, b *model.Batch, pk string) model.Item {
	t.Helper()
	for _, it := range b.Items {
		if it.ID == partID(pk) {
			return it
		}
	}
	t.Fatalf("no item for part %s", pk)
	return model.Item{}
}

func edge(t *testing.T, b *model.Batch, kind model.EdgeKind, parent, child string) model.Edge {
	t.Helper()
	for _, e := range b.Edges {
		if e.Kind == kind && e.Parent == partID(parent) && e.Child == partID(child) {
			return e
		}
	}
	t.Fatalf("no %s edge %s -> %s", kind, parent, child)
	return model.Edge{}
}

// counts summarizes a batch for the table tests.
type counts struct {
	items, families, products, modules, parts int
	variants, bom, substitutes                int
	withMPN, withSKU                          int
}

func count(b *model.Batch) counts {
	var c counts
	c.items = len(b.Items)
	for _, it := range b.Items {
		switch it.Level {
		case model.LevelFamily:
			c.families++
		case model.LevelProduct:
			c.products++
		case model.LevelModule:
			c.modules++
		case model.LevelPart:
			c.parts++
		}
		if len(it.Manufacturers) > 0 {
			c.withMPN++
		}
		if len(it.Suppliers) > 0 {
			c.withSKU++
		}
	}
	for _, e := range b.Edges {
		if e.Kind == model.Variant {
			c.variants++
		} else {
			c.bom++
		}
		c.substitutes += len(e.Substitutes)
	}
	return c
}

func TestCounts(t *testing.T) {
	tests := []struct {
		name string
		data func(testing.TB) []byte
		want counts
	}{
		{"subset", readSubset, counts{
			items: 32, families: 10, products: 2, modules: 1, parts: 19,
			variants: 9, bom: 24, substitutes: 3, withMPN: 12, withSKU: 13,
		}},
		// The demo export: 414 parts, 13 templates, 18 variants, 228 BOM
		// lines (no parent repeats a sub-part, so 228 edges), 3 substitutes,
		// 187 manufacturer parts on 50 parts, 773 supplier parts on 316.
		{"demo", readReal, counts{
			items: 414, families: 13, products: 14, modules: 2, parts: 385,
			variants: 18, bom: 228, substitutes: 3, withMPN: 50, withSKU: 316,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mustParse(t, tt.name, tt.data(t))
			if got := count(b); got != tt.want {
				t.Errorf("counts\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestSpotChecks checks single records, in the subset and in the whole
// export alike.
func TestSpotChecks(t *testing.T) {
	for name, data := range map[string]func(testing.TB) []byte{"subset": readSubset, "demo": readReal} {
		t.Run(name, func(t *testing.T) {
			spotCheck(t, mustParse(t, name, data(t)))
		})
	}
}

func spotCheck(t *testing.T, b *model.Batch) {
	r := item(t, b, "1")
	if r.Name != "R_10R_0402_1%" || r.Level != model.LevelPart || r.Class != "Electronics/Passives/Resistors" ||
		r.Description != "10R resistor in 0402 SMD package" || r.Lifecycle != "" {
		t.Errorf("part 1: %+v", r)
	}
	if r.Source != (model.SourceRef{System: "inventree", ExternalID: "part:1"}) {
		t.Errorf("part 1 source %+v", r.Source)
	}
	wantAttrs := []model.Attribute{
		model.NumberAttr(model.AttrResistance, 10, "Ω", "10"),
		model.EnumAttr(model.AttrPackage, "0402", "0402"),
		model.NumberAttr(model.AttrTolerance, 1, "%", "1"),
		model.NumberAttr(model.AttrPower, 0.1, "W", "1/10"),
		model.TextAttr(model.AttrKeywords, "resistor smd 0402"),
	}
	for _, want := range wantAttrs {
		if got, _ := r.Attr(want.Name); got != want {
			t.Errorf("part 1 %s = %+v, want %+v", want.Name, got, want)
		}
	}
	if r43 := item(t, b, "43"); !slices.Contains(r43.Manufacturers, model.ManufacturerPart{Manufacturer: "Susumu", MPN: "RR0510P-104-D"}) ||
		!slices.Contains(r43.Suppliers, model.SupplierPart{Supplier: "DigiKey", SKU: "RR05P100KDTR-ND"}) {
		t.Errorf("part 43: manufacturers %v suppliers %v", r43.Manufacturers, r43.Suppliers)
	}
	// Templates nest: Red Widget is a variant of Widget Template and the
	// template of three revisions of itself.
	if red := item(t, b, "72"); red.Level != model.LevelFamily {
		t.Errorf("Red Widget level %s, want family", red.Level)
	}
	edge(t, b, model.Variant, "71", "72")
	edge(t, b, model.Variant, "72", "78")
	if rev := item(t, b, "79"); rev.Source.Revision != "01" || rev.Name != "Red Widget" {
		t.Errorf("part 79: source %+v name %q", rev.Source, rev.Name)
	}
	red := item(t, b, "72")
	if ipn, _ := red.Attr("ipn"); ipn.Text != "widget.red" {
		t.Errorf("part 72 ipn %+v", ipn)
	}
	// Widget Board (assembled) is used in the Doohickey and not sold: a module.
	if wb := item(t, b, "88"); wb.Level != model.LevelModule || wb.Class != "Electronics/PCBA" {
		t.Errorf("part 88: level %s class %q", wb.Level, wb.Class)
	}
	if e := edge(t, b, model.BOM, "88", "1"); e.Quantity != 2 || !slices.Equal(e.RefDes, []string{"R1", "R4"}) {
		t.Errorf("bom 88 -> 1: %+v", e)
	}
	if e := edge(t, b, model.BOM, "88", "47"); !slices.Equal(e.RefDes, []string{"R2", "R3"}) {
		t.Errorf("bom 88 -> 47 (reference \"R2. R3\"): refdes %q", e.RefDes)
	}
	if e := edge(t, b, model.BOM, "87", "67"); !slices.Equal(e.RefDes, []string{"Large screw"}) {
		t.Errorf("bom 87 -> 67: refdes %q", e.RefDes)
	}
	if e := edge(t, b, model.BOM, "87", "82"); !slices.Equal(e.Substitutes, []model.ItemID{partID("84"), partID("83")}) {
		t.Errorf("bom 87 -> 82: substitutes %v", e.Substitutes)
	}
	if e := edge(t, b, model.BOM, "88", "61"); e.Note != "RS232 transceiver" || len(e.Substitutes) != 1 {
		t.Errorf("bom 88 -> 61: %+v", e)
	}
}

// TestParameters checks parameter values written in several ways.
func TestParameters(t *testing.T) {
	b := mustParse(t, "subset", readSubset(t))
	tests := []struct {
		pk, attr string
		want     model.Attribute
	}{
		{"83", model.AttrLength, model.NumberAttr(model.AttrLength, 0.0508, "m", "2 inches")},
		{"862", "pitch", model.NumberAttr("pitch", 0.00254, "m", "100 thou")},
		{"862", "positions", model.NumberAttr("positions", 5, "", "5")},
		{"862", "rows", model.EnumAttr("rows", "1", "1")},
		{"66", model.AttrLength, model.NumberAttr(model.AttrLength, 0.008, "m", "8")},
		{"31", model.AttrResistance, model.NumberAttr(model.AttrResistance, 22000, "Ω", "22k0R")},
		{"66", model.AttrThread, model.EnumAttr(model.AttrThread, "M3", "3")},
		{"72", "color", model.EnumAttr("color", "Red", "Red")},
	}
	for _, tt := range tests {
		it := item(t, b, tt.pk)
		got, ok := it.Attr(tt.attr)
		if !ok || got.Kind != tt.want.Kind || got.Text != tt.want.Text || got.Unit != tt.want.Unit ||
			got.Raw != tt.want.Raw || !near(got.Value, tt.want.Value) {
			t.Errorf("part %s %s = %+v, want %+v", tt.pk, tt.attr, got, tt.want)
		}
	}
}

func near(a, b float64) bool {
	d := a - b
	return d < 1e-9*max(1, b) && -d < 1e-9*max(1, b)
}

func TestDetect(t *testing.T) {
	subset := readSubset(t)
	tests := []struct {
		name, path, head string
		want             bool
	}{
		{"subset", "x/inventree_subset.json", string(subset[:min(len(subset), pdm.HeadSize)]), true},
		{"part first", "a.json", `[{"model": "part.part", "pk": 1, "fields": {"name": "R"}}]`, true},
		{"head cut in first record", "a.JSON", `[{"model": "company.company", "pk": 1, "fields": {"name": "Dig`, true},
		{"bom", "a.json", "\uFEFF\n[ {\"pk\": 3, \"model\": \"stock.stockitem\", \"fields\": {}} ]", true},
		{"other django app", "a.json", `[{"model": "blog.post", "pk": 1, "fields": {}}]`, false},
		{"no pk", "a.json", `[{"model": "part.part", "fields": {}}]`, false},
		{"model not a string", "a.json", `[{"model": 5, "pk": 1}]`, false},
		{"not a fixture", "a.json", `[{"name": "part.part"}]`, false},
		{"object", "a.json", `{"model": "part.part", "pk": 1}`, false},
		{"empty array", "a.json", `[]`, false},
		{"numbers", "a.json", `[1, 2]`, false},
		{"wrong extension", "a.txt", `[{"model": "part.part", "pk": 1, "fields": {}}]`, false},
		{"empty", "a.json", ``, false},
	}
	for _, tt := range tests {
		in := pdm.Input{Path: tt.path, Head: []byte(tt.head), Display: tt.path}
		if got := (Format{}).Detect(in); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
	if (Format{}).Detect(pdm.Input{Path: "dir.json", Dir: true}) {
		t.Error("a folder was detected")
	}
}

func TestDetectReal(t *testing.T) {
	data := readReal(t)
	in := pdm.Input{Path: "inventree_data.json", Head: data[:pdm.HeadSize]}
	if !(Format{}).Detect(in) {
		t.Error("the demo export was not detected")
	}
}

// TestRead reads through the pdm.Format interface.
func TestRead(t *testing.T) {
	fsys := fstest.MapFS{"exports/inventree.json": {Data: readSubset(t)}}
	in := pdm.Input{FS: fsys, Path: "exports/inventree.json", Display: "exports/inventree.json"}
	b, err := Format{}.Read(context.Background(), in, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Origin != "exports/inventree.json" || len(b.Items) != 32 {
		t.Errorf("origin %q, %d items", b.Origin, len(b.Items))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (Format{}).Read(ctx, in, pdm.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled read: err %v", err)
	}
	in.Path = "exports/missing.json"
	if _, err := (Format{}).Read(context.Background(), in, pdm.Options{}); err == nil {
		t.Error("reading a missing file did not fail")
	}
}

// lineOf returns the line of the n-th (0-based) occurrence of s in data.
func lineOf(t *testing.T, data []byte, s string, n int) int {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := bytes.Index(data[off:], []byte(s))
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times", s, n+1)
		}
		if i == n {
			return bytes.Count(data[:off+j], []byte("\n")) + 1
		}
		off += j + len(s)
	}
}

// TestErrors checks that broken exports fail with an error naming the
// place: line, field, and the record's model and pk.
func TestErrors(t *testing.T) {
	subset := readSubset(t)
	replace := func(old, new string) []byte {
		if !bytes.Contains(subset, []byte(old)) {
			t.Fatalf("the subset lacks %q", old)
		}
		return bytes.Replace(subset, []byte(old), []byte(new), 1)
	}
	last := bytes.Count(subset[:len(subset)/2], []byte("\n")) + 1
	tests := []struct {
		name  string
		data  []byte
		line  int
		field string
		msg   []string
	}{
		{"truncated", subset[:len(subset)/2], last, "", []string{"truncated"}},
		{"bom sub_part missing", replace(`"sub_part": 72,`, `"sub_part": 9999,`),
			lineOf(t, subset, `"sub_part": 72,`, 0), "fields.sub_part", []string{"part.bomitem pk=1", "part.part", "9999"}},
		{"bom part missing", replace(`"part": 77,
      "sub_part"`, `"part": 7777,
      "sub_part"`),
			lineOf(t, subset, `"part": 77,
      "sub_part"`, 0), "fields.part", []string{"part.bomitem pk=1", "7777"}},
		{"parameter template missing", replace(`"template": 2,`, `"template": 200,`),
			lineOf(t, subset, `"template": 2,`, 0), "fields.template", []string{"part.partparameter", "part.partparametertemplate", "200"}},
		{"manufacturer part of a missing part", replace(`"part": 43,
      "manufacturer"`, `"part": 4343,
      "manufacturer"`),
			lineOf(t, subset, `"part": 43,
      "manufacturer"`, 0), "fields.part", []string{"company.manufacturerpart", "4343"}},
		{"variant of a missing template", replace(`"variant_of": 71,`, `"variant_of": 7100,`),
			lineOf(t, subset, `"variant_of": 71,`, 0), "fields.variant_of", []string{"part.part pk=72", "7100"}},
		{"bad quantity", replace(`"quantity": "3.00000",`, `"quantity": "three",`),
			lineOf(t, subset, `"quantity": "3.00000",`, 0), "fields.quantity", []string{"part.bomitem", "three"}},
		{"zero quantity", replace(`"quantity": "3.00000",`, `"quantity": "0",`),
			lineOf(t, subset, `"quantity": "3.00000",`, 0), "fields.quantity", []string{"positive"}},
		{"name not a string", replace(`"name": "R_10R_0402_1%",`, `"name": 10,`),
			lineOf(t, subset, `"name": "R_10R_0402_1%",`, 0), "fields.name", []string{"part.part pk=1", "string"}},
		{"repeated pk", replace(`"model": "part.part",
    "pk": 43,`, `"model": "part.part",
    "pk": 1,`),
			lineOf(t, subset, `"model": "part.part",
    "pk": 43,`, 0) + 1, "pk", []string{"part.part pk=1", "twice"}},
		{"syntax error", replace(`"pk": 43,`, `"pk": 43,,`),
			lineOf(t, subset, `"pk": 43,`, 0), "", []string{"JSON", "record 38"}},
		{"not an array", []byte(`{"model": "part.part"}`), 1, "", []string{"array"}},
		{"not a record", []byte("[\n{\"model\": \"part.part\", \"pk\": 1, \"fields\": {\"name\": \"a\"}},\n 5\n]"), 3, "", []string{"record 2"}},
		{"trailing data", append(slices.Clone(subset), "\n[]"...), bytes.Count(subset, []byte("\n")) + 2, "", []string{"after"}},
		{"model without app", []byte("[\n{\"model\": \"part\", \"pk\": 1}]"), 2, "model", []string{"<app>.<model>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.json", tt.data, pdm.Options{})
			var me *model.Error
			if !errors.As(err, &me) {
				t.Fatalf("err = %v, want a *model.Error", err)
			}
			if me.File != "bad.json" || me.Line != tt.line || me.Field != tt.field || me.Code != model.Invalid {
				t.Errorf("err %q: file %q line %d field %q code %s, want line %d field %q",
					err, me.File, me.Line, me.Field, me.Code, tt.line, tt.field)
			}
			for _, m := range tt.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("err %q does not say %q", err, m)
				}
			}
		})
	}
}

func TestSplitRefs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"R", []string{"R"}},
		{"J1, J2", []string{"J1", "J2"}},
		{"R2. R3", []string{"R2", "R3"}},
		{"R1 R2;R3,R1", []string{"R1", "R2", "R3"}},
		{"Large screw", []string{"Large screw"}},
		{"  Top  , Legs ", []string{"Top", "Legs"}},
	}
	for _, tt := range tests {
		if got := splitRefs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitRefs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAttrName(t *testing.T) {
	tests := map[string]string{
		"Resistance": model.AttrResistance, "Wire Gauge": "wire_gauge", "Rated Voltage": model.AttrVoltage,
		"Outer Diameter": model.AttrOuterDiameter, "IPN": "ipn_parameter", "  ": "parameter_7",
		"Temp. (max)": "temp_max",
	}
	for in, want := range tests {
		if got := attrName(in, "7"); got != want {
			t.Errorf("attrName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestErrorsReal breaks copies of the whole demo export.
func TestErrorsReal(t *testing.T) {
	data := readReal(t)
	bad := bytes.Replace(data, []byte(`"sub_part": 72,`), []byte(`"sub_part": 100072,`), 1)
	tests := []struct {
		name  string
		data  []byte
		line  int
		field string
	}{
		{"truncated", data[:len(data)*2/3], bytes.Count(data[:len(data)*2/3], []byte("\n")) + 1, ""},
		{"bom item of a missing part", bad, lineOf(t, data, `"sub_part": 72,`, 0), "fields.sub_part"},
	}
	for _, tt := range tests {
		_, err := Parse("inventree_data.json", tt.data, pdm.Options{})
		var me *model.Error
		if !errors.As(err, &me) || me.Line != tt.line || me.Field != tt.field {
			t.Errorf("%s: err %v, want line %d field %q", tt.name, err, tt.line, tt.field)
		}
	}
}

// BenchmarkParse reads the whole demo export.
func BenchmarkParse(b *testing.B) {
	data := readReal(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("inventree_data.json", data, pdm.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
