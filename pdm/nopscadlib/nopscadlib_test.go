package nopscadlib

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

const (
	mains   = "nophead__NopSCADlib__examples_MainsBreakOutBox"
	painter = "hotwolf__WBPainter"
)

func readTestdata(t *testing.T, dir string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", dir, BOMFile))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestSplitKey(t *testing.T) {
	tests := []struct{ key, cons, desc string }{
		{"screw(M3_cap_screw, 10): Screw M3 cap x 10mm", "screw(M3_cap_screw, 10)", "Screw M3 cap x 10mm"},
		{": Wire blue 30/0.25mm strands", "", "Wire blue 30/0.25mm strands"},
		{"laser module", "", "laser module"},
		{"motor130():motor 130, 6 volts", "", "motor130():motor 130, 6 volts"},
		{`jack_4mm_shielded("blue", 3, "royalblue"): 4mm shielded jack socket blue`, `jack_4mm_shielded("blue", 3, "royalblue")`, "4mm shielded jack socket blue"},
		{`label("a: b"): Label a: b`, `label("a: b")`, "Label a: b"},
		{`belt(GT2x6, [[0, 1], [2, 3]]): Belt GT2 x 6mm x 814mm`, `belt(GT2x6, [[0, 1], [2, 3]])`, "Belt GT2 x 6mm x 814mm"},
		{`f(x: 1): Thing`, `f(x: 1)`, "Thing"},
		{"L-profile(30x30) : L-profile(30x30) 25mm", "L-profile(30x30)", "L-profile(30x30) 25mm"},
		{" :  3M Dual lock velcro 6mm long", "", "3M Dual lock velcro 6mm long"},
		{`q("\"): x"): Quoted`, `q("\"): x")`, "Quoted"},
	}
	for _, tt := range tests {
		c, d := SplitKey(tt.key)
		if c != tt.cons || d != tt.desc {
			t.Errorf("SplitKey(%q) = %q, %q; want %q, %q", tt.key, c, d, tt.cons, tt.desc)
		}
	}
}

func TestDetect(t *testing.T) {
	mainsJSON := readTestdata(t, mains)
	fsys := fstest.MapFS{
		"p/bom/bom.json":         {Data: mainsJSON},
		"p/bom/bom.txt":          {Data: []byte("Vitamins:\n")},
		"q/bom.json":             {Data: []byte(`[{"model": "part.part", "pk": 1, "fields": {}}]`)},
		"m90/bom/bom.txt":        {Data: []byte("Vitamins:\n")},
		"m90/bom/x_assembly.txt": {Data: []byte("x_assembly:\nVitamins:\n")},
	}
	tests := []struct {
		name string
		in   pdm.Input
		want bool
	}{
		{"bom folder", pdm.Input{FS: fsys, Path: "p/bom", Dir: true}, true},
		{"bom.json file", pdm.Input{FS: fsys, Path: "p/bom/bom.json", Head: mainsJSON}, true},
		{"folder without bom.json", pdm.Input{FS: fsys, Path: "m90/bom", Dir: true}, false},
		{"parent folder", pdm.Input{FS: fsys, Path: "p", Dir: true}, false},
		{"other json folder", pdm.Input{FS: fsys, Path: "q", Dir: true}, false},
		{"other file name", pdm.Input{FS: fsys, Path: "p/x.json", Head: mainsJSON}, false},
		{"bom.txt", pdm.Input{FS: fsys, Path: "p/bom/bom.txt", Head: []byte("Vitamins:\n")}, false},
		{"truncated head", pdm.Input{Path: "bom.json", Head: mainsJSON[:200]}, true},
		{"old format", pdm.Input{Path: "bom.json", Head: []byte(`[{"count": 1, "name": "a", "assemblies": {}, "routed": {}, "printed": {}, "vitamins": {}}]`)}, true},
		{"no vitamins", pdm.Input{Path: "bom.json", Head: []byte(`[{"name": "a", "assemblies": {}}]`)}, false},
		{"empty array", pdm.Input{Path: "bom.json", Head: []byte(`[]`)}, false},
		{"object", pdm.Input{Path: "bom.json", Head: []byte(`{"name": "a"}`)}, false},
	}
	for _, tt := range tests {
		if got := (Format{}).Detect(tt.in); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseMains(t *testing.T) {
	b, err := Parse(filepath.Join("testdata", mains, BOMFile), readTestdata(t, mains), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkBatch(b); err != nil {
		t.Fatal(err)
	}
	pid := model.NewID(System, mains)
	levels := map[model.Level]int{}
	for _, it := range b.Items {
		levels[it.Level]++
	}
	if levels[model.LevelProduct] != 1 || levels[model.LevelModule] != 3 || levels[model.LevelPart] != 2 || len(b.Refs) != 16 {
		t.Errorf("items by level %v and %d refs; want 1 product, 3 modules, 2 printed parts, 16 vitamins", levels, len(b.Refs))
	}
	find := func(ext string) model.Item {
		for _, list := range [][]model.Item{b.Items, b.Refs} {
			for _, it := range list {
				if it.Source.ExternalID == ext {
					return it
				}
			}
		}
		t.Fatalf("no item %q", ext)
		return model.Item{}
	}
	if p := find(mains); p.ID != pid || p.Level != model.LevelProduct || p.Name != mains {
		t.Errorf("product = %+v", p)
	}
	washer := find("washer(M3_washer)")
	if washer.Name != "Washer M3 x 7mm x 0.5mm" || washer.Level != model.LevelPart {
		t.Errorf("washer = %+v", washer)
	}
	if a, _ := washer.Attr(model.AttrProcurement); a.Text != "buy" {
		t.Errorf("washer procurement = %+v", a)
	}
	if a, _ := washer.Attr(AttrConstructor); a.Text != "washer(M3_washer)" {
		t.Errorf("washer constructor = %+v", a)
	}
	wire := find("Wire blue 30/0.25mm strands, length 150mm - not shown")
	if _, ok := wire.Attr(AttrConstructor); ok {
		t.Errorf("wire has a constructor: %+v", wire)
	}
	foot := find(mains + "/foot.stl")
	if foot.Class != model.ClassPrinted {
		t.Errorf("foot class = %q", foot.Class)
	}
	if a, _ := foot.Attr(model.AttrProcess); a.Text != "3d printing" {
		t.Errorf("foot process = %+v", a)
	}
	feet := find(mains + "/feet_assembly").ID
	edge := func(parent, child model.ItemID) float64 {
		for _, e := range b.Edges {
			if e.Parent == parent && e.Child == child {
				return e.Quantity
			}
		}
		return 0
	}
	if q := edge(feet, foot.ID); q != 4 {
		t.Errorf("feet -> foot.stl = %v, want 4", q)
	}
	if q := edge(pid, find(mains+"/mains_in_assembly").ID); q != 1 {
		t.Errorf("product -> mains_in_assembly = %v, want 1", q)
	}
	leaves, _ := b.Explode(pid, true)
	if n := leaves[washer.ID]; n != 10 {
		t.Errorf("flattened washers = %v, want 10 (bom.csv)", n)
	}
}

// TestParsePerInstance checks quantities per instance on WBPainter, whose
// assemblies are used twice and whose bom.json counts are totals.
func TestParsePerInstance(t *testing.T) {
	b, err := Parse(filepath.Join("testdata", painter, BOMFile), readTestdata(t, painter), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id := func(ext string) model.ItemID { return model.NewID(System, ext) }
	want := []struct {
		parent, child string
		qty           float64
	}{
		{painter, painter + "/WBPWeight_assembly", 2},
		{painter + "/WBPWeight_assembly", painter + "/WBPWeightTop.stl", 1}, // 2 over 2 instances
		{painter + "/WBPGondolaPenBearings_assembly", painter + "/WBPGondolaPenClampD18_assembly", 2},
		{painter + "/WBPGondolaPenClampD18_assembly", painter + "/WBPGondolaPenClampD18Part1.stl", 1},
		{painter + "/WBPStepperEndstopLeft_assembly", painter + "/WBPStepperEndstopRight.stl", 0.5}, // 1 over 2 instances
	}
	for _, w := range want {
		got := 0.0
		for _, e := range b.Edges {
			if e.Parent == id(w.parent) && e.Child == id(w.child) {
				got = e.Quantity
			}
		}
		if got != w.qty {
			t.Errorf("%s -> %s = %v, want %v", w.parent, w.child, got, w.qty)
		}
	}
	csv, err := os.ReadFile(filepath.Join("testdata", painter, "bom.csv"))
	if err != nil {
		t.Fatal(err)
	}
	leaves, _ := b.Explode(id(painter), true)
	if d := sameTotals(byName(b, leaves, model.LevelPart, ""), readCSV(csv)); d != "" {
		t.Errorf("flattened vitamins vs bom.csv: %s", d)
	}
}

// TestSelfNesting: bom.py records an assembly nested in one of the same
// name as a use of itself and counts it twice (WindowPainter's
// WPStepperClampRight_assembly); the reader drops the self-use and the
// extra count.
func TestSelfNesting(t *testing.T) {
	data := `[
 {"name": "clamp_assembly", "count": 2, "assemblies": {"clamp_assembly": 1, "endstop_assembly": 1},
  "vitamins": {"washer(M3_washer): Washer  M3 x 7mm x 0.5mm": {"count": 5}}, "printed": {}, "routed": {}},
 {"name": "endstop_assembly", "count": 1, "assemblies": {}, "vitamins": {}, "printed": {"e.stl": {"count": 1}}, "routed": {}},
 {"name": "main_assembly", "count": 1, "assemblies": {"clamp_assembly": 1}, "vitamins": {}, "printed": {}, "routed": {}}
]`
	b, err := Parse("p/bom/bom.json", []byte(data), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkBatch(b); err != nil {
		t.Fatal(err)
	}
	leaves, _ := b.Explode(model.NewID(System, "p"), true)
	if n := leaves[model.NewID(System, "washer(M3_washer)")]; n != 5 {
		t.Errorf("washers = %v, want 5", n)
	}
	if n := leaves[model.NewID(System, "p/e.stl")]; n != 1 {
		t.Errorf("e.stl = %v, want 1", n)
	}
}

// TestAmbiguousConstructor: a constructor that names several vitamins in
// one file keys them by constructor and description.
func TestAmbiguousConstructor(t *testing.T) {
	data := `[{"name": "main_assembly", "count": 1, "assemblies": {}, "vitamins": {
  "BELT: GT2 1601.66": {"count": 1}, "BELT: GT2 1609.36": {"count": 1}, "nut(M3_nut): Nut M3": 2}}]`
	b, err := Parse("p/bom.json", []byte(data), pdm.Options{Product: "Widget"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, it := range b.Refs {
		got[it.Source.ExternalID] = true
	}
	for _, w := range []string{"BELT: GT2 1601.66", "BELT: GT2 1609.36", "nut(M3_nut)"} {
		if !got[w] {
			t.Errorf("no vitamin %q in %v", w, got)
		}
	}
	if b.Items[0].Name != "Widget" || b.Items[0].ID != model.NewID(System, "Widget") {
		t.Errorf("product = %+v, want the name from the options", b.Items[0])
	}
}

func TestProductName(t *testing.T) {
	tests := map[string]string{
		"beanz__m-draw-scad":             "beanz__m-draw-scad",
		"repo/bom":                       "repo",
		"/x/NopSCADlib/examples/Box/bom": "Box",
		".":                              "",
		"bom":                            "",
	}
	for in, want := range tests {
		if got := ProductName(in); got != want {
			t.Errorf("ProductName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	mainsJSON := string(readTestdata(t, mains))
	tests := []struct {
		name, data string
		line       int
		field, msg string
	}{
		{"empty", "", 1, "", "truncated"},
		{"not an array", `{"name": "x"}`, 1, "", "expected a JSON array"},
		{"empty array", `[]`, 1, "", "no assemblies"},
		{"truncated", mainsJSON[:len(mainsJSON)/2], 0, "", "truncated"},
		{"trailing", `[{"name": "main_assembly", "count": 1}] x`, 1, "", "bad JSON"},
		{"element not object", "[\n 3]", 2, "", "expected an object"},
		{"no name", "[\n{\"count\": 1}]", 2, "name", "no name"},
		{"no count", "[\n{\"name\": \"a\"}]", 2, "count", "no count"},
		{"bad count", "[\n{\"name\": \"a\",\n \"count\": 0}]", 3, "count", "positive whole"},
		{"name type", "[\n{\"name\": 5, \"count\": 1}]", 2, "name", "expected string"},
		{"bad vitamin count", "[{\"name\": \"a\", \"count\": 1,\n \"vitamins\": {\"x: X\": {\"colour\": \"red\"}}}]", 2, "vitamins.x: X", "positive whole count"},
		{"fraction", "[{\"name\": \"a\", \"count\": 1, \"printed\": {\n\"a.stl\": 1.5}}]", 2, "printed.a.stl", "positive whole count"},
		{"unknown sub", "[{\"name\": \"main_assembly\", \"count\": 1, \"assemblies\": {\n\"b\": 1}}]", 2, "assemblies.b", "does not list"},
		{"duplicate", "[{\"name\": \"a\", \"count\": 1},\n{\"name\": \"a\", \"count\": 1}]", 2, "name", "listed twice"},
		{"cycle", "[{\"name\": \"a\", \"count\": 1, \"assemblies\": {\"b\": 1}},\n{\"name\": \"b\", \"count\": 1, \"assemblies\": {\n\"a\": 1}},\n{\"name\": \"m\", \"count\": 1, \"assemblies\": {\"a\": 1}}]", 0, "assemblies.", "cycle"},
		{"uses main", "[{\"name\": \"a\", \"count\": 1, \"assemblies\": {\n\"m\": 1}},\n{\"name\": \"m\", \"count\": 1, \"assemblies\": {\"a\": 1}}]", 2, "assemblies.m", "main assembly"},
		{"self only", "[{\"name\": \"a\", \"count\": 1, \"assemblies\": {\"a\": 1}}]", 1, "count", "no instance"},
		{"empty vitamin", "[{\"name\": \"a\", \"count\": 1, \"vitamins\": {\n\": \": 1}}]", 2, "vitamins", "neither"},
		{"clash", "[{\"name\": \"a.stl\", \"count\": 1},\n{\"name\": \"m\", \"count\": 1, \"assemblies\": {\"a.stl\": 1}, \"printed\": {\n\"a.stl\": 1}}]", 3, "printed.a.stl", "both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p/bom.json", []byte(tt.data), pdm.Options{})
			var me *model.Error
			if !errors.As(err, &me) {
				t.Fatalf("err = %v, want a *model.Error", err)
			}
			if me.File != "p/bom.json" || me.Code != model.Invalid {
				t.Errorf("err file %q code %q", me.File, me.Code)
			}
			if tt.line > 0 && me.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", me.Line, tt.line, err)
			}
			if !strings.HasPrefix(me.Field, tt.field) {
				t.Errorf("field = %q, want %q (%v)", me.Field, tt.field, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want it to say %q", err, tt.msg)
			}
		})
	}
}

// TestReadFolderAndFile reads the same product as a folder and as its
// bom.json file and gets the same batch, named for the folder.
func TestReadFolderAndFile(t *testing.T) {
	fsys := os.DirFS("testdata")
	ctx := context.Background()
	dir, err := Format{}.Read(ctx, pdm.Input{FS: fsys, Path: mains, Dir: true, Display: "testdata/" + mains}, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	file, err := Format{}.Read(ctx, pdm.Input{FS: fsys, Path: mains + "/bom.json", Display: "testdata/" + mains + "/bom.json"}, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if dir.Len() != file.Len() || dir.Items[0].ID != model.NewID(System, mains) || file.Items[0].ID != dir.Items[0].ID {
		t.Errorf("folder batch %d, file batch %d, products %s %s", dir.Len(), file.Len(), dir.Items[0].ID, file.Items[0].ID)
	}
	if _, err := (Format{}).Read(ctx, pdm.Input{FS: fsys, Path: ".", Dir: true, Display: "."}, pdm.Options{}); err == nil {
		t.Error("a folder without bom.json read without error")
	}
}

// TestSymlinkNotFollowed: a bom/ folder whose bom.json is a symbolic link
// is not detected, and reading it anyway fails with pdm.ErrSymlink.
func TestSymlinkNotFollowed(t *testing.T) {
	fsys := fstest.MapFS{
		"out/bom.json":     {Data: readTestdata(t, painter)},
		"p/bom/bom.json":   {Mode: fs.ModeSymlink, Data: []byte("../../out/bom.json")},
		"q/bom/bom.json":   {Data: readTestdata(t, painter)},
		"q/bom/other.json": {Mode: fs.ModeSymlink, Data: []byte("../../out/bom.json")},
	}
	linked := pdm.Input{FS: fsys, Path: "p/bom", Dir: true, Display: "p/bom"}
	if (Format{}).Detect(linked) {
		t.Error("a folder whose bom.json is a link is detected")
	}
	if _, err := (Format{}).Read(context.Background(), linked, pdm.Options{}); !errors.Is(err, pdm.ErrSymlink) {
		t.Errorf("Read = %v, want pdm.ErrSymlink", err)
	}
	real := pdm.Input{FS: fsys, Path: "q/bom", Dir: true, Display: "q/bom"}
	if !(Format{}).Detect(real) {
		t.Error("a real bom.json beside a link is not detected")
	}
}
