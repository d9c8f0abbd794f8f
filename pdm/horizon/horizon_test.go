package horizon

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// The uuids of the parts in testdata/pool/parts.
const (
	d6Base   = "2959d946-a008-4320-b9fe-7f1075759883" // D6RxxF1 (Base Part)
	d6R40    = "104181bb-f22d-45cc-b9f8-7502949e5f0f" // D6R40F1, made from d6Base
	d6R00    = "8cd0e30c-e0f6-49f3-b1d0-64ffb794b0cd" // D6R00F1, made from d6Base
	r0603    = "cbeda48c-7fb0-4cfb-a4de-d9672e8cc190" // base 0603 resistor
	rc0603   = "f09213fb-baf4-4285-ab94-46fe3ca9ec7a" // RC0603, made from r0603
	rc12k1   = "041714ac-9839-4c38-a93c-7f7079fd0e3b" // RC0603FR-0712K1L, made from r0603
	rc18     = "a1b3ffe3-d922-4666-b724-660bde43f1d9" // RC0603FR-0718RL, made from rc0603
	d6R40Rel = "mechanical/switch/ckswitches/d6/D6R40F1.json"
)

// testPool is the pool of testdata, rooted above its parts folder.
var testPool = os.DirFS("testdata/pool")

// checkBatch asserts the batch keeps the reader contract (see pdm.Check).
func checkBatch(t testing.TB, b *model.Batch) {
	t.Helper()
	if err := pdm.Check(b); err != nil {
		t.Fatal(err)
	}
}

func readTestPool(t *testing.T) *model.Batch {
	t.Helper()
	b, err := Format{}.Read(context.Background(), pdm.Input{FS: testPool, Path: "parts", Dir: true, Display: "pool/parts"}, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	return b
}

func find(t *testing.T, items []model.Item, uuid string) model.Item {
	t.Helper()
	for _, it := range items {
		if it.ID == itemID(uuid) {
			return it
		}
	}
	t.Fatalf("no item for part %s", uuid)
	return model.Item{}
}

func hasEdge(b *model.Batch, parent, child string) bool {
	for _, e := range b.Edges {
		if e.Kind == model.Variant && e.Parent == itemID(parent) && e.Child == itemID(child) {
			return true
		}
	}
	return false
}

func text(it model.Item, name string) string {
	a, _ := it.Attr(name)
	return a.Text
}

func TestDetect(t *testing.T) {
	other := fstest.MapFS{
		"a/parts/x.json":           {Data: []byte(`{"type": "entity", "uuid": "` + d6Base + `"}`)},
		"b/parts/sub/x.json":       {Data: []byte(`{"MPN": [false, "x"], "type": "part", "uuid": "` + d6Base + `"}`)},
		"c/parts/readme.txt":       {Data: []byte(`parts`)},
		"d/things/x.json":          {Data: []byte(`{"type": "part", "uuid": "` + d6Base + `"}`)},
		"e/parts/x.json":           {Data: []byte(`[{"type": "part", "uuid": "` + d6Base + `"}]`)},
		"f/parts/.hidden/x.json":   {Data: []byte(`{"type": "part", "uuid": "` + d6Base + `"}`)},
		"g/parts/x.json":           {Data: []byte(`{"type": "part"}`)},
		"h/parts/a/b/c/d/e/x.json": {Data: []byte(`{"type": "part", "uuid": "` + d6Base + `"}`)},
	}
	cases := []struct {
		name string
		in   pdm.Input
		want bool
	}{
		{"the test pool", pdm.Input{FS: testPool, Path: "parts", Dir: true}, true},
		{"a part file", pdm.Input{FS: testPool, Path: "parts/" + d6R40Rel, Head: []byte(`{"type": "part", "uuid": "x"}`)}, false},
		{"the pool root", pdm.Input{FS: testPool, Path: ".", Dir: true}, false},
		{"a folder inside parts", pdm.Input{FS: testPool, Path: "parts/passive", Dir: true}, false},
		{"an entity", pdm.Input{FS: other, Path: "a/parts", Dir: true}, false},
		{"a part in a subfolder", pdm.Input{FS: other, Path: "b/parts", Dir: true}, true},
		{"no json", pdm.Input{FS: other, Path: "c/parts", Dir: true}, false},
		{"not named parts", pdm.Input{FS: other, Path: "d/things", Dir: true}, false},
		{"an array", pdm.Input{FS: other, Path: "e/parts", Dir: true}, false},
		{"hidden", pdm.Input{FS: other, Path: "f/parts", Dir: true}, false},
		{"no uuid", pdm.Input{FS: other, Path: "g/parts", Dir: true}, false},
		{"deep", pdm.Input{FS: other, Path: "h/parts", Dir: true}, true},
		{"missing", pdm.Input{FS: other, Path: "z/parts", Dir: true}, false},
		{"no file system", pdm.Input{Path: "parts", Dir: true}, false},
	}
	for _, c := range cases {
		if got := (Format{}).Detect(c.in); got != c.want {
			t.Errorf("%s: Detect = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestReadPool(t *testing.T) {
	b := readTestPool(t)
	if b.Origin != "pool/parts" || len(b.Items) != 7 || len(b.Refs) != 0 || len(b.Edges) != 5 {
		t.Fatalf("origin %q, %d items, %d refs, %d edges; want pool/parts, 7, 0, 5", b.Origin, len(b.Items), len(b.Refs), len(b.Edges))
	}
	for _, e := range [][2]string{{d6Base, d6R40}, {d6Base, d6R00}, {r0603, rc0603}, {r0603, rc12k1}, {rc0603, rc18}} {
		if !hasEdge(b, e[0], e[1]) {
			t.Errorf("no variant edge %s -> %s", e[0], e[1])
		}
	}
	levels := map[string]model.Level{
		d6Base: model.LevelFamily, r0603: model.LevelFamily, rc0603: model.LevelFamily,
		d6R40: model.LevelPart, d6R00: model.LevelPart, rc12k1: model.LevelPart, rc18: model.LevelPart,
	}
	for uuid, want := range levels {
		it := find(t, b.Items, uuid)
		if it.Level != want || it.Source != (model.SourceRef{System: System, ExternalID: uuid}) || it.Lifecycle != "" || it.Owner != "" {
			t.Errorf("%s: level %s, source %v, lifecycle %q, owner %q", uuid, it.Level, it.Source, it.Lifecycle, it.Owner)
		}
	}
}

// TestInheritance checks Horizon's rules: a pair [true, text] takes the
// base's resolved field, the stale text ignored; [false, text] keeps the
// part's own, even empty; tags add the base's when inherit_tags is set.
func TestInheritance(t *testing.T) {
	b := readTestPool(t)
	sw := find(t, b.Items, d6R40)
	if sw.Name != "D6R40F1" || sw.Description != "SPST Momentary Switch 3VA Max, 32VDC Max, 100mADC Max" {
		t.Errorf("D6R40F1: name %q, description %q", sw.Name, sw.Description)
	}
	if len(sw.Manufacturers) != 1 || sw.Manufacturers[0] != (model.ManufacturerPart{Manufacturer: "C&K", MPN: "D6R40F1"}) {
		t.Errorf("D6R40F1: manufacturers %v, want C&K (inherited, not the stale ckswitches)", sw.Manufacturers)
	}
	if got := text(sw, model.AttrValue); got != "Push Switch" {
		t.Errorf("D6R40F1: value %q", got)
	}
	if got := text(sw, model.AttrKeywords); got != "button momentary push red spst switch" {
		t.Errorf("D6R40F1: keywords %q", got)
	}
	if got := text(sw, AttrDatasheet); got != "https://www.ckswitches.com/media/1341/d6.pdf" {
		t.Errorf("D6R40F1: datasheet %q", got)
	}
	if sw.Class != "Electronics/Switches" {
		t.Errorf("D6R40F1: class %q", sw.Class)
	}
	// Two levels: RC0603FR-0718RL inherits RC0603's datasheet, not its own
	// stale text, and RC0603 inherits the 0603 base's empty value.
	r := find(t, b.Items, rc18)
	if got := text(r, AttrDatasheet); !strings.HasSuffix(got, "PYu-RC_Group_51_RoHS_L_11.pdf") {
		t.Errorf("RC0603FR-0718RL: datasheet %q, want RC0603's", got)
	}
	if r.Description != "General Purpose Chip resistor" || text(r, model.AttrValue) != "18 Ω" {
		t.Errorf("RC0603FR-0718RL: description %q, value %q", r.Description, text(r, model.AttrValue))
	}
	if got := text(r, model.AttrKeywords); got != "passive resistor" {
		t.Errorf("RC0603FR-0718RL: keywords %q, want the 0603 base's through RC0603", got)
	}
	series := find(t, b.Items, rc0603)
	if _, ok := series.Attr(model.AttrValue); ok {
		t.Errorf("RC0603: a value %v, want none (inherits the base's empty value)", series.Attributes)
	}
	// The generic base has no manufacturer: its MPN is a name.
	base := find(t, b.Items, r0603)
	if base.Name != "base 0603 resistor" || len(base.Manufacturers) != 0 || base.Class != model.ClassResistors {
		t.Errorf("base 0603: name %q, manufacturers %v, class %q", base.Name, base.Manufacturers, base.Class)
	}
}

func TestResistor(t *testing.T) {
	b := readTestPool(t)
	for _, c := range []struct {
		uuid              string
		ohms, watts, tolr float64
	}{{rc12k1, 12100, 0.1, 1}, {rc18, 18, 0.1, 1}} {
		it := find(t, b.Items, c.uuid)
		if it.Class != model.ClassResistors {
			t.Errorf("%s: class %q", it.Name, it.Class)
		}
		for _, w := range []struct {
			name, unit string
			v          float64
		}{{model.AttrResistance, "Ω", c.ohms}, {model.AttrPower, "W", c.watts}, {model.AttrTolerance, "%", c.tolr}} {
			a, ok := it.Attr(w.name)
			if !ok || a.Kind != model.Number || a.Unit != w.unit || a.Value != w.v {
				t.Errorf("%s: %s = %+v, want %v %s", it.Name, w.name, a, w.v, w.unit)
			}
		}
	}
	it := find(t, b.Items, rc12k1)
	if a, _ := it.Attr(model.AttrResistance); a.Raw != "12100.0" {
		t.Errorf("raw resistance %q", a.Raw)
	}
	if len(it.Manufacturers) != 1 || it.Manufacturers[0] != (model.ManufacturerPart{Manufacturer: "Yageo", MPN: "RC0603FR-0712K1L"}) {
		t.Errorf("manufacturers %v", it.Manufacturers)
	}
}

// TestReadFile forces the format on single part files: the pool around
// the file resolves the base; a base part brings its variants as refs.
func TestReadFile(t *testing.T) {
	read := func(rel string) *model.Batch {
		t.Helper()
		in := pdm.Input{FS: testPool, Path: "parts/" + rel, Display: "pool/parts/" + rel}
		b, err := Format{}.Read(context.Background(), in, pdm.Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkBatch(t, b)
		return b
	}
	b := read(d6R40Rel)
	if len(b.Items) != 1 || len(b.Refs) != 0 || len(b.Edges) != 0 {
		t.Fatalf("derived part: %d items, %d refs, %d edges; want 1, 0, 0", len(b.Items), len(b.Refs), len(b.Edges))
	}
	if it := b.Items[0]; it.Manufacturers[0].Manufacturer != "C&K" || it.Level != model.LevelPart {
		t.Errorf("derived part: %+v", it)
	}
	b = read("mechanical/switch/ckswitches/d6/D6RxxF1_base_part.json")
	if len(b.Items) != 1 || len(b.Refs) != 2 || len(b.Edges) != 2 || b.Items[0].Level != model.LevelFamily {
		t.Fatalf("base part: %d items, %d refs, %d edges; want 1 family, 2, 2", len(b.Items), len(b.Refs), len(b.Edges))
	}
	if !hasEdge(b, d6Base, d6R40) || !hasEdge(b, d6Base, d6R00) {
		t.Errorf("base part: edges %v", b.Edges)
	}
	// A file outside any parts folder is a pool of one.
	fsys := fstest.MapFS{"x.json": {Data: mustRead(t, "testdata/pool/parts/passive/resistor/base-0603.json")}}
	b, err := Format{}.Read(context.Background(), pdm.Input{FS: fsys, Path: "x.json", Display: "x.json"}, pdm.Options{})
	if err != nil || len(b.Items) != 1 {
		t.Fatalf("lone file: %v, %v", b, err)
	}
}

func TestParse(t *testing.T) {
	b, err := Parse("parts/passive/resistor/base-0603.json", mustRead(t, "testdata/pool/parts/passive/resistor/base-0603.json"), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	if len(b.Items) != 1 || b.Items[0].Class != model.ClassResistors || b.Items[0].Level != model.LevelPart {
		t.Errorf("got %+v", b.Items)
	}
	_, err = Parse("x.json", mustRead(t, "testdata/pool/parts/"+d6R40Rel), pdm.Options{})
	wantError(t, err, "x.json", 6, "base", d6Base)
}

func TestClassOf(t *testing.T) {
	cases := []struct {
		table, rel string
		want       model.ClassPath
	}{
		{"capacitors", "passive/capacitor/kemet/C0603x.json", model.ClassCapacitors},
		{"inductors", "passive/magnetic/coilcraft/x.json", model.ClassInductors},
		{"", "passive/resistor/base-0603.json", model.ClassResistors},
		{"", "passive/magnetic/ferrite_beads/base-0603.json", "Electronics/Passives/Ferrite beads"},
		{"", "ic/regulator/ti/LP5907.json", "Electronics/ICs/Regulators"},
		{"", "ic/manufacturer/ftdi/parts/FT232RL.json", "Electronics/ICs"},
		{"", "transistor/nmos/2N7002T.json", "Electronics/Transistors/N-channel MOSFETs"},
		{"", "transistor/BT134W-600E.json", "Electronics/Transistors"},
		{"", "sensor_things/x/y.json", "Electronics/Sensor things"},
		{"other", "x.json", ""},
	}
	for _, c := range cases {
		if got := classOf(c.table, c.rel); got != c.want {
			t.Errorf("classOf(%q, %q) = %q, want %q", c.table, c.rel, got, c.want)
		}
	}
}

func TestParametric(t *testing.T) {
	part := func(param string) []byte {
		return []byte(`{"MPN": [false, "X"], "value": [false, ""], "manufacturer": [false, "M"],
"type": "part", "uuid": "` + d6Base + `",
"parametric": ` + param + `}`)
	}
	b, err := Parse("c.json", part(`{"table": "capacitors", "value": "1.000000e-06", "wvdc": "50.0", "type": "C0G/NP0"}`), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	it := b.Items[0]
	c, _ := it.Attr(model.AttrCapacitance)
	v, _ := it.Attr(model.AttrVoltage)
	d, _ := it.Attr(model.AttrDielectric)
	if c.Value != 1e-6 || c.Unit != "F" || v.Value != 50 || v.Unit != "V" || d.Kind != model.Enum || d.Text != "C0G" || d.Raw != "C0G/NP0" {
		t.Errorf("capacitor: %+v", it.Attributes)
	}
	if it.Class != model.ClassCapacitors {
		t.Errorf("class %q", it.Class)
	}
	b, err = Parse("d.json", part(`{"table": "diodes", "vf": "0.3", "package": "SOD-123"}`), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	it = b.Items[0]
	if text(it, "param_vf") != "0.3" || text(it, model.AttrPackage) != "SOD-123" || it.Class != "" {
		t.Errorf("unknown table: %+v, class %q", it.Attributes, it.Class)
	}
	_, err = Parse("r.json", part(`{"table": "resistors", "value": "lots"}`), pdm.Options{})
	wantError(t, err, "r.json", 3, "parametric.value", "lots")
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// wantError asserts err is a *model.Error located at file:line, field,
// whose message holds each of words.
func wantError(t *testing.T, err error, file string, line int, field string, words ...string) {
	t.Helper()
	var me *model.Error
	if !errors.As(err, &me) {
		t.Fatalf("error %v is not a *model.Error", err)
	}
	if me.File != file || me.Line != line || me.Field != field || me.Code != model.Invalid {
		t.Errorf("error %q at %s:%d field %q (%s), want %s:%d field %q", err, me.File, me.Line, me.Field, me.Code, file, line, field)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
}
