package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
)

// cbb runs the command line against a store and returns its output; it
// fails the test when the exit status is not want.
func cbb(t *testing.T, store string, want int, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"--store", store}, args...), &out, &errb)
	if code != want {
		t.Fatalf("cbb %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, out.String(), errb.String())
	}
	return out.String() + errb.String()
}

// cbbAs runs the command line as member.
func cbbAs(t *testing.T, store, member string, want int, args ...string) string {
	t.Helper()
	return cbb(t, store, want, append([]string{"--member", member}, args...)...)
}

// newStore makes an empty store with the local member, as the
// administrator does.
func newStore(t *testing.T) string {
	t.Helper()
	store := filepath.Join(t.TempDir(), "store")
	cbbAs(t, store, "admin", exitOK, "member", "add", "local", "--kind", "other")
	return store
}

func statsOf(t *testing.T, store string) model.Stats {
	t.Helper()
	var st model.Stats
	if err := json.Unmarshal([]byte(cbb(t, store, exitOK, "stats", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

const nop = "../../testdata/nopscadlib"

// vitaminProducts reads the NopSCADlib bom.json files directly and returns,
// for each vitamin constructor, the products that use it. Vitamins without
// a constructor, and constructors that one file gives several descriptions
// (which the reader keeps apart as several parts), are left out.
func vitaminProducts(t *testing.T) map[string][]string {
	t.Helper()
	dirs, err := os.ReadDir(nop)
	if err != nil {
		t.Fatal(err)
	}
	uses := map[string][]string{}
	ambiguous := map[string]bool{}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(nop, d.Name(), "bom.json"))
		if err != nil {
			t.Fatal(err)
		}
		var asms []struct {
			Vitamins map[string]json.RawMessage `json:"vitamins"`
		}
		if err := json.Unmarshal(b, &asms); err != nil {
			t.Fatal(err)
		}
		desc := map[string]string{}
		for _, a := range asms {
			for key := range a.Vitamins {
				c, dsc := constructorOf(key)
				if c == "" {
					continue
				}
				if d0, ok := desc[c]; ok && d0 != strings.Join(strings.Fields(dsc), " ") {
					ambiguous[c] = true
				}
				desc[c] = strings.Join(strings.Fields(dsc), " ")
				if !slices.Contains(uses[c], d.Name()) {
					uses[c] = append(uses[c], d.Name())
				}
			}
		}
	}
	for c := range ambiguous {
		delete(uses, c)
	}
	return uses
}

// constructorOf cuts a bom.json vitamin key "ctor(args): description" at
// the first ": " outside brackets.
func constructorOf(key string) (string, string) {
	depth := 0
	for i := 0; i+1 < len(key); i++ {
		switch key[i] {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ':':
			if depth == 0 && key[i+1] == ' ' {
				return strings.TrimSpace(key[:i]), key[i+2:]
			}
		}
	}
	return "", key
}

func TestImportNopSCADlib(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	cbb(t, store, exitOK, "import", nop)
	st := statsOf(t, store)
	if st.Products != 20 {
		t.Fatalf("products = %d, want 20", st.Products)
	}
	uses := vitaminProducts(t)
	shared := 0
	for ctor, want := range uses {
		if len(want) < 2 {
			continue
		}
		shared++
		var got []struct{ Name string }
		out := cbb(t, store, exitOK, "where-used", "--products", "--json", "nopscadlib:"+ctor)
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%s: %v\n%s", ctor, err, out)
		}
		var names []string
		for _, g := range got {
			names = append(names, g.Name)
		}
		slices.Sort(names)
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Errorf("%s used in %v, want %v", ctor, names, want)
		}
	}
	if shared < 50 {
		t.Fatalf("only %d shared vitamins found in the files", shared)
	}
	t.Logf("%d shared vitamins, each one part whose where-used lists every product using it", shared)

	// Importing the same files again changes nothing.
	before := digestOf(t, store)
	out := cbb(t, store, exitOK, "import", "--json", nop)
	var rep struct {
		Result  model.BatchResult `json:"result"`
		Batches int               `json:"batches"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Batches != 0 || rep.Result.Created != 0 || rep.Result.Revised != 0 {
		t.Fatalf("re-import wrote: %+v", rep)
	}
	if statsOf(t, store) != st {
		t.Fatal("re-import changed the counts")
	}
	if !bytes.Equal(before, digestOf(t, store)) {
		t.Fatal("re-import changed the store")
	}
}

// digestOf returns the digest of every key and value in the store.
func digestOf(t *testing.T, store string) []byte {
	t.Helper()
	ctx := context.Background()
	s, err := data.Open(ctx, store, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return d[:]
}

func TestImportRejectsBadFileAndChangesNothing(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	cbb(t, store, exitOK, "import", filepath.Join(nop, "beanz__m-draw-scad"))
	before := digestOf(t, store)

	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join(nop, "nophead__Blinder", "bom.json"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		path string
		want string // in the message: the place
	}{
		{"truncated json", write("cut/bom.json", good[:len(good)/2]), "cut/bom.json:"},
		{"truncated step", write("as1.stp", truncated(t, "../../testdata/step/as1-oc-214.stp")), "as1.stp:"},
		{"malformed kicad", write("bad.xml", []byte("<?xml version=\"1.0\"?>\n<export version=\"D\">\n<components>\n<comp ref=\"R1\"><value>1k</comp>\n")), "bad.xml:"},
		{"unknown format named", write("notes.txt", []byte("hello\n")), "notes.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := cbb(t, store, exitError, "import", filepath.Join(nop, "nophead__Blinder"), tt.path)
			if !strings.Contains(out, tt.want) {
				t.Fatalf("message does not name the place %q:\n%s", tt.want, out)
			}
			if !bytes.Equal(before, digestOf(t, store)) {
				t.Fatal("a failed import changed the store")
			}
		})
	}
}

func truncated(t *testing.T, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b[:len(b)/2]
}

func TestUsageErrors(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	cbb(t, store, exitUsage, "import", "--scope", "galaxy", nop)
	cbb(t, store, exitUsage, "stats", "--bogus")
	out := cbb(t, store, exitError, "show", "no-such-item")
	if !strings.Contains(out, "no store at") {
		t.Fatalf("show in a store that does not exist: %s", out)
	}
	store = newStore(t)
	out = cbb(t, store, exitError, "show", "no-such-item")
	if !strings.Contains(out, "no item") {
		t.Fatalf("show unknown: %s", out)
	}
}

// Two exports of one design (same KiCad source sheet) that differ cannot be
// imported together: applied in turn they would replace each other.
func TestImportConflictingInputs(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	dir := t.TempDir()
	hat, err := os.ReadFile("../../testdata/kicad/StickIt-Hat.xml")
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(hat, []byte(`<comp ref="J1">`))
	j := bytes.Index(hat[i:], []byte("</comp>")) + i + len("</comp>")
	older := append(append([]byte{}, hat[:i]...), hat[j:]...) // without J1
	os.WriteFile(filepath.Join(dir, "hat-new.xml"), hat, 0o644)
	os.WriteFile(filepath.Join(dir, "hat-old.xml"), older, 0o644)

	out := cbb(t, store, exitError, "import", dir)
	if !strings.Contains(out, "hat-new.xml") || !strings.Contains(out, "hat-old.xml") || !strings.Contains(out, "other content") {
		t.Fatalf("conflict not reported with both files:\n%s", out)
	}
	out = cbb(t, store, exitOK, "import", "--keep-going", dir)
	if !strings.Contains(out, "rejected 1 inputs") {
		t.Fatalf("--keep-going did not reject the second export:\n%s", out)
	}
	if st := statsOf(t, store); st.Products != 1 {
		t.Fatalf("products = %d", st.Products)
	}
	// Each on its own is a revision of the design.
	cbb(t, store, exitOK, "import", filepath.Join(dir, "hat-old.xml"))
	out = cbb(t, store, exitOK, "show", "--history", "kicad:StickIt-Hat")
	if !strings.Contains(out, "revision 2") {
		t.Fatalf("no second revision:\n%s", out)
	}
}

// The README's first command: the demo imports testdata/ and traces a
// shared screw; running it again changes nothing.
func TestDemo(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	out := cbb(t, store, exitOK, "demo")
	for _, want := range []string{
		"nopscadlib:screw(M3_cap_screw, 10)",
		"standard     ISO 4762",
		"is used in 6 products",
		"mendel90:M3 cap screw x 10mm",
		"内六角圆柱头螺钉 M3×8", // the Chinese query finds the Chinese BOM's screw
		"via NEMA17",    // the family query goes through the motor parts
		"beta show ypubo3rg2pbt64if   # no item: beta may not see it",
		"set-status acme expelled",
		"refused: ",
		"chain intact: true",
		"# as beta: found",
		"# as local: not found: owner-only to beta",
		"# the service stopped",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	out = cbb(t, store, exitOK, "demo")
	if !strings.Contains(out, "items: 0 created, 0 revised") {
		t.Fatalf("second demo run wrote:\n%s", out)
	}
}
