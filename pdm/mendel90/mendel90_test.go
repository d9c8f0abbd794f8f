package mendel90

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

// testdataFiles reads a testdata variant folder into a Parse file map.
func testdataFiles(t testing.TB, variant string) map[string][]byte {
	t.Helper()
	dir := filepath.Join("testdata", "mendel90", variant, "bom")
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDetect(t *testing.T) {
	asm := []byte("x_assembly:\nVitamins:\n  1 Thing\n\nPrinted:\n")
	fsys := fstest.MapFS{
		"m/v/bom/bom.txt":                    {Data: []byte("Vitamins:\n")},
		"m/v/bom/x_assembly.txt":             {Data: asm},
		"m/v/bom/accessories/y_assembly.txt": {Data: []byte("y_assembly:\nVitamins:\n")},
		"nop/bom/bom.txt":                    {Data: []byte("Vitamins:\n")},
		"nop/bom/bom.json":                   {Data: []byte("[]")},
		"nop/bom/x_assembly.txt":             {Data: asm},
		"other/bom.txt":                      {Data: []byte("Vitamins:\n")},
		"other/notes_assembly.txt":           {Data: []byte("How to assemble it.\n")},
		"noasm/bom.txt":                      {Data: []byte("Vitamins:\n")},
	}
	tests := []struct {
		name string
		in   pdm.Input
		want bool
	}{
		{"variant bom folder", pdm.Input{FS: fsys, Path: "m/v/bom", Dir: true}, true},
		{"NopSCADlib folder", pdm.Input{FS: fsys, Path: "nop/bom", Dir: true}, false},
		{"accessories", pdm.Input{FS: fsys, Path: "m/v/bom/accessories", Dir: true}, false},
		{"variant folder", pdm.Input{FS: fsys, Path: "m/v", Dir: true}, false},
		{"not the layout", pdm.Input{FS: fsys, Path: "other", Dir: true}, false},
		{"no assembly file", pdm.Input{FS: fsys, Path: "noasm", Dir: true}, false},
		{"a file", pdm.Input{FS: fsys, Path: "m/v/bom/bom.txt", Head: []byte("Vitamins:\n")}, false},
		{"missing", pdm.Input{FS: fsys, Path: "none", Dir: true}, false},
	}
	for _, tt := range tests {
		if got := (Format{}).Detect(tt.in); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestReadDibond reads the testdata dibond variant and checks its shape
// and the per-instance quantities of the two z motor assemblies.
func TestReadDibond(t *testing.T) {
	fsys := os.DirFS(filepath.Join("testdata", "mendel90"))
	b, err := Format{}.Read(context.Background(), pdm.Input{FS: fsys, Path: "dibond/bom", Dir: true, Display: "testdata/mendel90/dibond/bom"}, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkBatch(b); err != nil {
		t.Fatal(err)
	}
	id := func(ext string) model.ItemID { return model.NewID(System, ext) }
	qty := func(parent, child model.ItemID) (float64, bool) {
		for _, e := range b.Edges {
			if e.Parent == parent && e.Child == child {
				return e.Quantity, e.Optional
			}
		}
		return 0, false
	}
	tests := []struct {
		parent, child string
		qty           float64
		optional      bool
	}{
		{"dibond", "dibond/z_axis_assembly", 1, false},
		{"dibond/z_axis_assembly", "dibond/z_motor_assembly", 2, false},
		{"dibond/z_motor_assembly", "NEMA17 x 47mm stepper motor", 1, false},      // 2 for 2 instances
		{"dibond/z_motor_assembly", "Washer M3 x 7mm x 0.5mm", 9, false},          // 18 for 2
		{"dibond/z_motor_assembly", "dibond/z_motor_bracket_lhs.stl", 0.5, false}, // 1 for 2: the instances differ
		{"dibond", "dibond/raspberry_pi_assembly", 1, true},
		{"dibond/x_axis_assembly", "dibond/extruder_assembly", 1, false},
	}
	for _, tt := range tests {
		q, opt := qty(id(tt.parent), id(tt.child))
		if q != tt.qty || opt != tt.optional {
			t.Errorf("%s -> %s = %v optional %v, want %v optional %v", tt.parent, tt.child, q, opt, tt.qty, tt.optional)
		}
	}
	// Only dibond is beside it here: the family names dibond and
	// dibond_E3D, the testdata's two variants.
	fam := model.NewID(System, Family)
	n := 0
	for _, e := range b.Edges {
		if e.Parent == fam && e.Kind == model.Variant {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d variant edges, want 2 (dibond and its sibling dibond_E3D)", n)
	}
	if b.Items[1].Name != "Mendel90 dibond" || b.Items[1].Level != model.LevelProduct {
		t.Errorf("product = %+v", b.Items[1])
	}
}

// TestReadDelta reads dibond_E3D, whose folder holds only the assemblies
// that differ from dibond's: the others come from ../../dibond/bom, through
// the input's file system.
func TestReadDelta(t *testing.T) {
	ctx := context.Background()
	inFS := pdm.Input{FS: os.DirFS(filepath.Join("testdata", "mendel90")), Path: "dibond_E3D/bom", Dir: true, Display: "testdata/mendel90/dibond_E3D/bom"}
	for _, in := range []pdm.Input{inFS} {
		b, err := Format{}.Read(ctx, in, pdm.Options{})
		if err != nil {
			t.Fatalf("%s: %v", in.Path, err)
		}
		if err := checkBatch(b); err != nil {
			t.Fatal(err)
		}
		pid := model.NewID(System, "dibond_E3D")
		leaves, _ := b.Explode(pid, false)
		txt := readTxt(testdataFiles(t, "dibond_E3D")[BOMFile])
		if d := sameTotals(byName(b, leaves, ""), txt["Vitamins"]); d != "" {
			t.Errorf("%s: vitamins vs bom.txt: %s", in.Path, d)
		}
		modules := 0
		for _, it := range b.Items {
			if it.Level == model.LevelModule {
				modules++
			}
		}
		if modules != 25 {
			t.Errorf("%s: %d modules, want 21 assemblies and 4 accessories", in.Path, modules)
		}
	}
}

// TestParseDelta does the same through Parse, and without the base.
func TestParseDelta(t *testing.T) {
	own, base := testdataFiles(t, "dibond_E3D"), testdataFiles(t, "dibond")
	b, err := Parse("dibond_E3D", own, base, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkBatch(b); err != nil {
		t.Fatal(err)
	}
	_, err = Parse("dibond_E3D", own, nil, pdm.Options{})
	var me *model.Error
	if !errors.As(err, &me) || !strings.Contains(me.Error(), "machine_assembly") {
		t.Errorf("without base: err = %v, want an error naming machine_assembly", err)
	}
	// With the machine's file but not the extruder motor's, the error
	// names that assembly and where it is used.
	own2 := map[string][]byte{"machine_assembly.txt": base["machine_assembly.txt"]}
	for k, v := range base {
		if k != "extruder_motor_assembly.txt" && !strings.HasPrefix(k, "accessories/") {
			own2[k] = v
		}
	}
	for k, v := range own {
		own2[k] = v
	}
	_, err = Parse("dibond_E3D", own2, nil, pdm.Options{})
	if !errors.As(err, &me) || me.File != "dibond_E3D/bom/extruder_assembly.txt" || me.Line == 0 ||
		!strings.Contains(me.Msg, "assembly extruder_motor_assembly: no extruder_motor_assembly.txt") {
		t.Errorf("err = %v, want it located at the use in extruder_assembly.txt", err)
	}
}

// tiny is a minimal consistent machine the error cases alter.
func tiny() map[string][]byte {
	return map[string][]byte{
		"machine_assembly.txt": []byte("machine_assembly:\nVitamins:\n\nPrinted:\n\nSub-assemblies:\n  2 a_assemblies\n"),
		"a_assembly.txt":       []byte("a_assemblies:\nVitamins:\n  4 M3 cap screw x 16mm\n\nPrinted:\n  2 a.stl\n"),
		"bom.txt": []byte("Vitamins:\n A\n  | 4|  4 M3 cap screw x 16mm\n\nPrinted:\n A\n  | 2|  2 a.stl\n\n" +
			"Sub-assemblies:\n  2 a_assemblies\n  1 machine_assembly\n"),
	}
}

func TestParseTiny(t *testing.T) {
	b, err := Parse("v", tiny(), nil, pdm.Options{Product: "Tiny"})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkBatch(b); err != nil {
		t.Fatal(err)
	}
	leaves, inner := b.Explode(model.NewID(System, "Tiny"), false)
	if n := leaves[model.NewID(System, "M3 cap screw x 16mm")]; n != 4 {
		t.Errorf("screws = %v, want 4", n)
	}
	if n := inner[model.NewID(System, "Tiny/a_assembly")]; n != 2 {
		t.Errorf("a_assembly instances = %v, want 2", n)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name       string
		file, data string // file replaced ("" data deletes it)
		errFile    string
		line       int
		field, msg string
	}{
		{"no bom.txt", "bom.txt", "", "v/bom", 0, "", "no bom.txt"},
		{"no machine", "machine_assembly.txt", "", "v/bom", 0, "", "no machine_assembly.txt"},
		{"bad header", "a_assembly.txt", "a assembly\nVitamins:\n", "v/bom/a_assembly.txt", 1, "", "expected the assembly's name"},
		{"wrong name", "a_assembly.txt", "b_assemblies:\nVitamins:\n\nPrinted:\n", "v/bom/a_assembly.txt", 1, "", "named for"},
		{"bad entry", "a_assembly.txt", "a_assemblies:\nVitamins:\n  x M3\n", "v/bom/a_assembly.txt", 3, "Vitamins", "expected a count"},
		{"zero", "a_assembly.txt", "a_assemblies:\nVitamins:\n  0 M3\n", "v/bom/a_assembly.txt", 3, "Vitamins", "not positive"},
		{"before section", "a_assembly.txt", "a_assemblies:\n  4 M3\n", "v/bom/a_assembly.txt", 2, "", "expected \"Vitamins:\""},
		{"truncated", "a_assembly.txt", "a_assemblies:\nVitamins:\n  4 M3 cap screw x 16mm\n", "v/bom/a_assembly.txt", 3, "Printed", "truncated"},
		{"twice", "a_assembly.txt", "a_assemblies:\nVitamins:\nVitamins:\n", "v/bom/a_assembly.txt", 3, "Vitamins", "twice"},
		{"bad sub", "machine_assembly.txt", "machine_assembly:\nVitamins:\n\nPrinted:\n\nSub-assemblies:\n  2 widgets\n", "v/bom/machine_assembly.txt", 7, "Sub-assemblies", "not an assembly name"},
		{"missing sub", "machine_assembly.txt", "machine_assembly:\nVitamins:\n\nPrinted:\n\nSub-assemblies:\n  2 a_assemblies\n  1 b_assembly\n", "v/bom/machine_assembly.txt", 8, "Sub-assemblies", "no b_assembly.txt"},
		{"cycle", "a_assembly.txt", "a_assemblies:\nVitamins:\n  4 M3 cap screw x 16mm\n\nPrinted:\n  2 a.stl\n\nSub-assemblies:\n  2 machine_assemblies\n", "v/bom/a_assembly.txt", 9, "Sub-assemblies", "cycle"},
		{"row sum", "bom.txt", "Vitamins:\n  | 3|  4 M3 cap screw x 16mm\n", "v/bom/bom.txt", 2, "Vitamins", "add up to 3"},
		{"row width", "bom.txt", "Vitamins:\n  | 4|  4 M3 cap screw x 16mm\n 1|  1 M4\n", "v/bom/bom.txt", 3, "Vitamins", "columns"},
		{"row garbage", "bom.txt", "Vitamins:\n  | 4|  4 M3\n\nPrinted:\n  |x|\n", "v/bom/bom.txt", 5, "Printed", "expected columns"},
		{"after rows", "bom.txt", "Vitamins:\n  | 4|  4 M3\n  stray\n", "v/bom/bom.txt", 3, "Vitamins", "expected a row"},
		{"bom no subs", "bom.txt", "Vitamins:\n  | 4|  4 M3 cap screw x 16mm\n\nPrinted:\n  | 2|  2 a.stl\n", "v/bom/bom.txt", 5, "Sub-assemblies", "truncated"},
		{"instances", "bom.txt", "Vitamins:\n  | 4|  4 M3 cap screw x 16mm\n\nPrinted:\n  | 2|  2 a.stl\n\nSub-assemblies:\n  3 a_assemblies\n  1 machine_assembly\n", "v/bom/bom.txt", 8, "Sub-assemblies", "3 instances of a_assembly"},
		{"unlisted", "bom.txt", "Vitamins:\n  | 4|  4 M3 cap screw x 16mm\n\nPrinted:\n  | 2|  2 a.stl\n\nSub-assemblies:\n  1 machine_assembly\n", "v/bom/bom.txt", 0, "Sub-assemblies", "does not list"},
		{"extra listed", "bom.txt", "Vitamins:\n  | 4|  4 M3 cap screw x 16mm\n\nPrinted:\n  | 2|  2 a.stl\n\nSub-assemblies:\n  2 a_assemblies\n  1 b_assembly\n  1 machine_assembly\n", "v/bom/bom.txt", 9, "Sub-assemblies", "does not contain"},
		{"totals", "bom.txt", "Vitamins:\n  | 5|  5 M3 cap screw x 16mm\n\nPrinted:\n  | 2|  2 a.stl\n\nSub-assemblies:\n  2 a_assemblies\n  1 machine_assembly\n", "v/bom/bom.txt", 2, "Vitamins", "totals 5"},
		{"unknown total", "bom.txt", "Vitamins:\n  | 4|  4 M3 cap screw x 16mm\n\nPrinted:\n\nSub-assemblies:\n  2 a_assemblies\n  1 machine_assembly\n", "v/bom/bom.txt", 0, "Printed", "does not list"},
		{"plural", "machine_assembly.txt", "machine_assemblies:\nVitamins:\n\nPrinted:\n\nSub-assemblies:\n  2 a_assemblies\n", "v/bom/machine_assembly.txt", 1, "", "headed as several"},
		{"orphan", "b_assembly.txt", "b_assembly:\nVitamins:\n\nPrinted:\n", "v/bom/b_assembly.txt", 1, "", "not part of the machine"},
		{"accessory clash", "accessories/a_assembly.txt", "a_assembly:\nVitamins:\n\nPrinted:\n", "v/bom/accessories/a_assembly.txt", 1, "", "both an assembly and an accessory"},
		{"printed clash", "accessories/b_assembly.txt", "b_assembly:\nVitamins:\n\nPrinted:\n  1 a_assembly\n", "v/bom/accessories/b_assembly.txt", 5, "Printed", "both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := tiny()
			if tt.data == "" {
				delete(files, tt.file)
			} else {
				files[tt.file] = []byte(tt.data)
			}
			_, err := Parse("v", files, nil, pdm.Options{})
			var me *model.Error
			if !errors.As(err, &me) {
				t.Fatalf("err = %v, want a *model.Error", err)
			}
			if me.File != tt.errFile || me.Line != tt.line || me.Field != tt.field || me.Code != model.Invalid {
				t.Errorf("err at %s:%d field %q, want %s:%d field %q (%v)", me.File, me.Line, me.Field, tt.errFile, tt.line, tt.field, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want it to say %q", err, tt.msg)
			}
		})
	}
}

// TestSymlinksNotFollowed: links among a variant's files are read as
// absent, by Detect and by Read.
func TestSymlinksNotFollowed(t *testing.T) {
	asm := []byte("x_assembly:\nVitamins:\n  1 Thing\n\nPrinted:\n")
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte(target)}
	}
	fsys := fstest.MapFS{
		"out/x_assembly.txt":     {Data: asm},
		"out/bom.txt":            {Data: []byte("Vitamins:\n")},
		"a/v/bom/bom.txt":        {Data: []byte("Vitamins:\n")},
		"a/v/bom/x_assembly.txt": link("../../../out/x_assembly.txt"),
		"b/v/bom/bom.txt":        link("../../../out/bom.txt"),
		"b/v/bom/x_assembly.txt": {Data: asm},
	}
	for name, data := range testdataFiles(t, "dibond") {
		fsys["c/v/bom/"+name] = &fstest.MapFile{Data: data}
		fsys["out/c/"+name] = &fstest.MapFile{Data: data}
	}
	fsys["c/v/bom/machine_assembly.txt"] = link("../../../out/c/machine_assembly.txt")
	for _, p := range []string{"a/v/bom", "b/v/bom"} {
		if (Format{}).Detect(pdm.Input{FS: fsys, Path: p, Dir: true}) {
			t.Errorf("%s: detected through a link", p)
		}
	}
	_, err := Format{}.Read(context.Background(), pdm.Input{FS: fsys, Path: "c/v/bom", Dir: true, Display: "c/v/bom"}, pdm.Options{})
	if err == nil || !strings.Contains(err.Error(), "no machine_assembly.txt") {
		t.Errorf("Read = %v, want machine_assembly.txt read as absent", err)
	}
}
