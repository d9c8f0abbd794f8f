package step

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"testing/iotest"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// shared is the folder of the real STEP samples.
var shared = filepath.Join("..", "..", "..", "shared", "data", "step-samples")

const (
	as1   = "as1-oc-214.stp"
	ap242 = "nist_ctc_02_asme1_ap242-1.stp"
)

// sample reads a real file from dir, skipping the test when it is absent.
func sample(t testing.TB, dir, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not found in %s: the shared data folder is absent", name, dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkBatch asserts the batch keeps the reader contract (see pdm.Check)
// and that every item's id is derived from its STEP source key.
func checkBatch(t testing.TB, b *model.Batch) {
	t.Helper()
	if err := pdm.Check(b); err != nil {
		t.Fatal(err)
	}
	for _, it := range b.Items {
		if it.Source.System != System || it.Source.ExternalID == "" || model.NewID(System, it.Source.ExternalID) != it.ID {
			t.Fatalf("item %s: bad source %+v", it.ID, it.Source)
		}
	}
}

// tree indexes a batch by item name.
type tree struct {
	b      *model.Batch
	byName map[string]model.Item
	name   map[model.ItemID]string
}

func index(b *model.Batch) tree {
	tr := tree{b: b, byName: map[string]model.Item{}, name: map[model.ItemID]string{}}
	for _, it := range b.Items {
		tr.byName[it.Name] = it
		tr.name[it.ID] = it.Name
	}
	return tr
}

// children lists a parent's children as "name xN", sorted.
func (tr tree) children(parent string) []string {
	var out []string
	for _, e := range tr.b.Edges {
		if tr.name[e.Parent] == parent {
			out = append(out, tr.name[e.Child]+" x"+strconv.FormatFloat(e.Quantity, 'g', -1, 64))
		}
	}
	slices.Sort(out)
	return out
}

// parents lists a child's parents as "name xN", sorted.
func (tr tree) parents(child string) []string {
	var out []string
	for _, e := range tr.b.Edges {
		if tr.name[e.Child] == child {
			out = append(out, tr.name[e.Parent]+" x"+strconv.FormatFloat(e.Quantity, 'g', -1, 64))
		}
	}
	slices.Sort(out)
	return out
}

func TestAS1(t *testing.T) {
	for _, dir := range []string{"testdata", shared} {
		t.Run(dir, func(t *testing.T) {
			b, err := Parse(as1, sample(t, dir, as1), pdm.Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkBatch(t, b)
			if len(b.Items) != 9 || len(b.Refs) != 0 {
				t.Fatalf("got %d items and %d refs, want 9 products as items", len(b.Items), len(b.Refs))
			}
			qty, refdes := 0.0, 0
			for _, e := range b.Edges {
				qty += e.Quantity
				refdes += len(e.RefDes)
			}
			if qty != 13 || refdes != 13 {
				t.Errorf("edges hold %v usages and %d occurrence names, want 13 and 13", qty, refdes)
			}
			tr := index(b)
			want := map[string][]string{
				"as1":                {"l-bracket-assembly x2", "plate x1", "rod-assembly x1"},
				"l-bracket-assembly": {"l-bracket x1", "nut-bolt-assembly x3"},
				"nut-bolt-assembly":  {"bolt x1", "nut x1"},
				"rod-assembly":       {"nut x2", "rod x1"},
			}
			for parent, kids := range want {
				if got := tr.children(parent); !reflect.DeepEqual(got, kids) {
					t.Errorf("%s > %v, want %v", parent, got, kids)
				}
			}
			if got := tr.parents("nut"); !reflect.DeepEqual(got, []string{"nut-bolt-assembly x1", "rod-assembly x2"}) {
				t.Errorf("nut's parents = %v", got)
			}
			levels := map[string]model.Level{
				"as1": model.LevelProduct, "rod-assembly": model.LevelModule, "l-bracket-assembly": model.LevelModule,
				"nut-bolt-assembly": model.LevelModule, "nut": model.LevelPart, "rod": model.LevelPart,
				"bolt": model.LevelPart, "l-bracket": model.LevelPart, "plate": model.LevelPart,
			}
			for name, l := range levels {
				if it := tr.byName[name]; it.Level != l {
					t.Errorf("%s: level %q, want %q", name, it.Level, l)
				}
			}
			root := tr.byName["as1"]
			if root.Source.ExternalID != "as1-oc-214/as1" {
				t.Errorf("root external id %q", root.Source.ExternalID)
			}
			if a, _ := root.Attr(AttrSchema); a.Text != "AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }" {
				t.Errorf("root schema %q", a.Text)
			}
			var names []string
			for _, e := range b.Edges {
				if tr.name[e.Parent] == "rod-assembly" && tr.name[e.Child] == "nut" {
					names = e.RefDes
				}
			}
			if !reflect.DeepEqual(names, []string{"nut_1", "nut_2"}) {
				t.Errorf("rod-assembly > nut occurrences %v", names)
			}
		})
	}
}

func TestAP242(t *testing.T) {
	b, err := Parse(ap242, sample(t, shared, ap242), pdm.Options{Product: "CTC 02"})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	if len(b.Items) != 1 || len(b.Edges) != 0 {
		t.Fatalf("got %d items and %d edges, want one product", len(b.Items), len(b.Edges))
	}
	it := b.Items[0]
	if it.Level != model.LevelProduct || it.Name != "CTC 02" || it.Description != "nist_ctc_02_asme1" ||
		it.Source.ExternalID != "nist_ctc_02_asme1_ap242-1/nist_ctc_02_asme1" || it.Source.Revision != "" {
		t.Errorf("got %+v", it)
	}
	if a, _ := it.Attr(AttrSchema); !strings.HasPrefix(a.Text, "AP242_MANAGED_MODEL_BASED_3D_ENGINEERING_MIM_LF") {
		t.Errorf("schema %q", a.Text)
	}
}

// TestStreaming reads the real files a byte at a time and in odd pieces,
// so that every look-ahead crosses a buffer refill, and wants what Parse
// makes of the whole.
func TestStreaming(t *testing.T) {
	files := []struct{ dir, name string }{{"testdata", as1}, {shared, ap242}}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			data := sample(t, f.dir, f.name)
			want, err := Parse(f.name, data, pdm.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for name, wrap := range map[string]func(io.Reader) io.Reader{
				"one byte": iotest.OneByteReader,
				"half":     iotest.HalfReader,
				"data+EOF": iotest.DataErrReader,
			} {
				if name == "one byte" && len(data) > 1<<20 {
					continue
				}
				got, err := Decode(context.Background(), wrap(bytes.NewReader(data)), f.name, pdm.Options{})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: streamed batch differs", name)
				}
			}
		})
	}
}

func TestReadError(t *testing.T) {
	r := iotest.TimeoutReader(strings.NewReader("ISO-10303-21;\nHEADER;\n"))
	_, err := Decode(context.Background(), r, "x.stp", pdm.Options{})
	if !errors.Is(err, iotest.ErrTimeout) {
		t.Fatalf("got %v, want the read error", err)
	}
	boom := errors.New("boom")
	_, err = Decode(context.Background(), iotest.ErrReader(boom), "x.stp", pdm.Options{})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the read error", err)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Decode(ctx, bytes.NewReader(sample(t, "testdata", as1)), as1, pdm.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestFormat(t *testing.T) {
	data := sample(t, "testdata", as1)
	fsys := fstest.MapFS{
		"cad/as1-oc-214.stp": {Data: data},
		"cad/model.p21":      {Data: []byte("\uFEFF\n  ISO-10303-21;\nHEADER;")},
		"cad/notes.stp":      {Data: []byte("solid cube\n")},
		"cad/bom.csv":        {Data: []byte("ref,qty\n")},
	}
	var f Format
	if f.Name() != "step" {
		t.Errorf("name %q", f.Name())
	}
	for path, want := range map[string]bool{
		"cad/as1-oc-214.stp": true, "cad/model.p21": true, "cad/notes.stp": false, "cad/bom.csv": false,
	} {
		head := fsys[path].Data[:min(len(fsys[path].Data), pdm.HeadSize)]
		if got := f.Detect(pdm.Input{FS: fsys, Path: path, Head: head, Display: path}); got != want {
			t.Errorf("Detect(%s) = %v, want %v", path, got, want)
		}
	}
	if f.Detect(pdm.Input{FS: fsys, Path: "cad", Dir: true, Display: "cad"}) {
		t.Error("a folder detected")
	}
	in := pdm.Input{FS: fsys, Path: "cad/as1-oc-214.stp", Head: data[:pdm.HeadSize], Display: "member/as1-oc-214.stp"}
	b, err := f.Read(context.Background(), in, pdm.Options{Product: "AS1 demo"})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	tr := index(b)
	if it, ok := tr.byName["AS1 demo"]; !ok || it.Level != model.LevelProduct || it.Source.ExternalID != "as1-oc-214/as1" {
		t.Errorf("root not renamed: %+v", it)
	}
	if b.Origin != "member/as1-oc-214.stp" {
		t.Errorf("origin %q", b.Origin)
	}
	in.Path = "cad/missing.stp"
	if _, err := f.Read(context.Background(), in, pdm.Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestRejectDamaged cuts the real file inside its DATA section and breaks
// records in it: each must fail with the line at fault.
func TestRejectDamaged(t *testing.T) {
	data := string(sample(t, "testdata", as1))
	lines := strings.SplitAfter(data, "\n")
	replaceLine := func(n int, old, new string) string {
		l := slices.Clone(lines)
		if !strings.Contains(l[n-1], old) {
			t.Fatalf("line %d %q lacks %q", n, l[n-1], old)
		}
		l[n-1] = strings.Replace(l[n-1], old, new, 1)
		return strings.Join(l, "")
	}
	cut := len(data) / 2
	tests := []struct {
		name, data string
		line       int
		msg        string
	}{
		{"truncated mid-DATA", data[:cut], strings.Count(data[:cut], "\n") + 1, "end of file"},
		{"truncated before ENDSEC", strings.Join(lines[:len(lines)-3], ""), len(lines) - 2, "no ENDSEC"},
		{"usage without ')'", replaceLine(935, "$);", "$;"), 935, "expected ',' or ')'"},
		{"geometry without ','", replaceLine(23, "0.E+000,0.E+000,0.E+000", "0.E+000,0.E+000 0.E+000"), 23, "expected ',' or ')'"},
		{"string not closed", replaceLine(18, "'as1','as1'", "'as1,'as1'"), 18, ""},
		{"product id a number", replaceLine(18, "'as1','as1'", "1,'as1'"), 18, "expected a string"},
		{"dangling usage", replaceLine(935, "#39,#742", "#39,#9999999"), 935, "#9999999 is not a PRODUCT_DEFINITION"},
		{"instance defined twice", replaceLine(19, "#8 =", "#7 ="), 19, "defined twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(as1, []byte(tt.data), pdm.Options{})
			var me *model.Error
			if !errors.As(err, &me) {
				t.Fatalf("got %v, want a *model.Error", err)
			}
			if me.File != as1 || me.Line != tt.line || !strings.Contains(me.Error(), tt.msg) || me.Code != model.Invalid {
				t.Errorf("got %q (line %d), want line %d and %q", me.Error(), me.Line, tt.line, tt.msg)
			}
		})
	}
}
