package tabular

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// voronFamily is the folder of real Markdown BOMs.
var voronFamily = filepath.Join("..", "..", "..", "shared", "data", "voron-family")

// mdSection is an independent count of one table's data rows in a
// Markdown file: the nearest heading above it and its rows, split into
// cells without any of the reader's code.
type mdSection struct {
	heading string
	rows    [][]string
}

// countMarkdown splits a Markdown file into its tables naively: a line
// starting with "|" followed by a "|---" line is a header; the following
// "|" lines are data rows.
func countMarkdown(text string) []mdSection {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var out []mdSection
	heading := ""
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if strings.HasPrefix(l, "#") {
			heading = strings.TrimSpace(strings.TrimLeft(l, "#"))
			continue
		}
		if !strings.HasPrefix(l, "|") || i+1 >= len(lines) || !strings.HasPrefix(strings.ReplaceAll(lines[i+1], " ", ""), "|-") &&
			!strings.HasPrefix(strings.ReplaceAll(lines[i+1], " ", ""), "|:-") {
			continue
		}
		s := mdSection{heading: heading}
		for i += 2; i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|"); i++ {
			cells := strings.Split(strings.Trim(strings.TrimSpace(lines[i]), "|"), "|")
			for k := range cells {
				if cells[k] = strings.TrimSpace(cells[k]); strings.HasPrefix(cells[k], "![") {
					cells[k] = "" // an image
				}
			}
			s.rows = append(s.rows, cells)
		}
		i--
		out = append(out, s)
	}
	return out
}

// bomRows is the number of rows of a section that are BOM lines: those
// with some cell that is not a number (the reader takes rows of numbers
// only for totals).
func bomRows(s mdSection) int {
	n := 0
	for _, r := range s.rows {
		if slices.ContainsFunc(r, func(c string) bool { return c != "" && !isNumber(c) }) {
			n++
		}
	}
	return n
}

// checkMarkdownBatch asserts that the batch is valid and that every edge
// has a record for a parent.
func checkMarkdownBatch(t *testing.T, name string, b *model.Batch) {
	t.Helper()
	if err := pdm.Check(b); err != nil {
		t.Errorf("%s: %v", name, err)
	}
}

func edgesOf(b *model.Batch, parent model.ItemID) []model.Edge {
	var out []model.Edge
	for _, e := range b.Edges {
		if e.Parent == parent {
			out = append(out, e)
		}
	}
	return out
}

func itemByExt(b *model.Batch, ext string) (model.Item, bool) {
	for _, list := range [][]model.Item{b.Items, b.Refs} {
		for _, it := range list {
			if it.Source.ExternalID == ext {
				return it, true
			}
		}
	}
	return model.Item{}, false
}

func TestMarkdownVoronSections(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "voron.md"))
	if err != nil {
		t.Fatal(err)
	}
	b, rep, err := parse("voron.md", "voron.md", data, pdm.Options{Product: "voron2"})
	if err != nil {
		t.Fatal(err)
	}
	checkMarkdownBatch(t, "voron.md", b)
	sections := countMarkdown(string(data))
	want := 0
	for _, s := range sections {
		want += bomRows(s)
	}
	if rep.lines != want || want != 77 {
		t.Errorf("%d lines, want %d counted (77)", rep.lines, want)
	}
	prod, _ := itemByExt(b, "voron2")
	if prod.Level != model.LevelProduct || prod.Description != "VORON BOM" {
		t.Errorf("product %+v", prod)
	}
	// One module per section, used once by the product and holding the
	// lines of its table.
	if got := len(edgesOf(b, prod.ID)); got != len(sections) || len(b.Items) != len(sections)+1 {
		t.Errorf("%d product edges and %d items for %d sections", got, len(b.Items), len(sections))
	}
	for _, s := range sections {
		mod, ok := itemByExt(b, "voron2/"+s.heading)
		if !ok || mod.Level != model.LevelModule || mod.Name != s.heading {
			t.Errorf("section %q: module %+v", s.heading, mod)
			continue
		}
		parts := map[string]bool{}
		for _, r := range s.rows {
			parts[r[0]+"|"+r[1]] = true
		}
		if got := len(edgesOf(b, mod.ID)); got != len(parts) {
			t.Errorf("module %q: %d edges, want %d", s.heading, got, len(parts))
		}
		i := slices.IndexFunc(b.Edges, func(e model.Edge) bool { return e.Parent == prod.ID && e.Child == mod.ID })
		if i < 0 || b.Edges[i].Quantity != 1 || b.Edges[i].Optional != strings.Contains(s.heading, "Optional") {
			t.Errorf("module %q: product edge %+v", s.heading, b.Edges)
		}
	}
	part, ok := itemByExt(b, "ipn:VB-FR-01-EXT1")
	if !ok || part.Name != "2020 Extrusion - Black - 370mm" ||
		!slices.Contains(part.Suppliers, model.SupplierPart{Supplier: "Misumi", SKU: "HFSB5-2020-370"}) {
		t.Errorf("part VB-FR-01-EXT1: %+v", part)
	}
	frame, _ := itemByExt(b, "voron2/Frame")
	if es := edgesOf(b, frame.ID); len(es) != 2 || es[0].Child != part.ID || es[0].Quantity != 12 {
		t.Errorf("frame edges %+v", es)
	}
}

func TestMarkdownFysetcRevisions(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "fysetc_voron0_BOM.md"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("kits/FYSETC-Voron-0/BOM.md", data, pdm.Options{Product: "fysetc-v0"})
	if err != nil {
		t.Fatal(err)
	}
	checkMarkdownBatch(t, "fysetc", b)
	fam, _ := itemByExt(b, "fysetc-v0")
	if fam.Level != model.LevelFamily {
		t.Fatalf("file record %+v, want a family", fam)
	}
	sections := countMarkdown(string(data))
	variants := edgesOf(b, fam.ID)
	if len(sections) != 4 || len(variants) != 4 || len(b.Items) != 5 {
		t.Fatalf("%d sections, %d variant edges, %d items", len(sections), len(variants), len(b.Items))
	}
	for k, s := range sections {
		rev, ok := itemByExt(b, "fysetc-v0#"+s.heading)
		if !ok || rev.Level != model.LevelProduct || rev.Name != "fysetc-v0 "+s.heading ||
			rev.Source.Revision != fmt.Sprintf("1.%d", k) {
			t.Errorf("revision %q: %+v", s.heading, rev)
		}
		if variants[k].Kind != model.Variant || variants[k].Child != rev.ID {
			t.Errorf("variant edge %+v", variants[k])
		}
		components := map[string]bool{}
		for _, r := range s.rows {
			components[strings.ToLower(r[2])] = true
		}
		if got := len(edgesOf(b, rev.ID)); got != len(components) || got < 44 {
			t.Errorf("revision %q: %d edges, want %d", s.heading, got, len(components))
		}
	}
	// "NEMA14 ...(check [here](https://...))": the link keeps its text;
	// "Sort" is a category attribute, not a module; "2 PCS" is 2.
	rev, _ := itemByExt(b, "fysetc-v0#Revision 1.0")
	key := "line:||nema14 stepper motor 40ncm 35hsh7402-24b-400a(check here)"
	part, ok := itemByExt(b, key)
	if a, _ := part.Attr(AttrCategory); !ok || a.Text != "Electronics" {
		t.Errorf("part %q: %+v", key, part)
	}
	i := slices.IndexFunc(b.Edges, func(e model.Edge) bool { return e.Parent == rev.ID && e.Child == part.ID })
	if i < 0 || b.Edges[i].Quantity != 2 {
		t.Errorf("edge to %q: %+v", key, b.Edges)
	}
}

// TestMarkdownRealData imports every Markdown BOM of the voron family and
// checks its line count against an independent count of its table rows.
func TestMarkdownRealData(t *testing.T) {
	if _, err := os.Stat(voronFamily); err != nil {
		t.Skipf("real data not found at %s (needs /work/shared/data): %v", voronFamily, err)
	}
	files := 0
	err := filepath.WalkDir(voronFamily, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" || d.Name() == "SOURCES.md" {
			return err
		}
		files++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		in := pdm.Input{Path: p, Head: data[:min(len(data), pdm.HeadSize)]}
		if !(Format{}).Detect(in) {
			t.Errorf("%s: not detected", p)
		}
		b, rep, err := parse(p, p, data, pdm.Options{})
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		checkMarkdownBatch(t, p, b)
		want := 0
		for _, s := range countMarkdown(string(data)) {
			want += bomRows(s)
		}
		if rep.lines != want {
			t.Errorf("%s: %d lines, want %d", p, rep.lines, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != 13 {
		t.Errorf("%d Markdown BOMs, want 13", files)
	}
}

// TestMarkdownSharedIPN: voron.md and voron_germany.md are the same BOM
// bought in two countries; their "MZBot Part #" numbers make the same
// parts.
func TestMarkdownSharedIPN(t *testing.T) {
	dir := filepath.Join(voronFamily, "voron2-legacy-BOM")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real data not found at %s (needs /work/shared/data): %v", dir, err)
	}
	ids := map[string]map[model.ItemID]bool{}
	for _, f := range []string{"voron.md", "voron_germany.md"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		b, err := Parse(f, data, pdm.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ids[f] = map[model.ItemID]bool{}
		for _, it := range b.Refs {
			if !strings.HasPrefix(it.Source.ExternalID, "ipn:") && !strings.HasPrefix(it.Name, "Ball-end") &&
				!strings.HasPrefix(it.Name, "SuperLube") {
				t.Errorf("%s: part %q not keyed by its MZBot number", f, it.Source.ExternalID)
			}
			ids[f][it.ID] = true
		}
	}
	shared := 0
	for id := range ids["voron.md"] {
		if ids["voron_germany.md"][id] {
			shared++
		}
	}
	if shared < 70 {
		t.Errorf("%d parts shared by the US and German BOMs (of %d and %d), want at least 70",
			shared, len(ids["voron.md"]), len(ids["voron_germany.md"]))
	}
	t.Logf("%d of %d/%d parts shared", shared, len(ids["voron.md"]), len(ids["voron_germany.md"]))
}

// TestMarkdownDetectShared runs Detect over every Markdown file of the
// shared data: only the voron family's BOMs are detected.
func TestMarkdownDetectShared(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "data")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("real data not found at %s: %v", root, err)
	}
	var detected []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isMarkdownName(p) {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if (Format{}).Detect(pdm.Input{Path: p, Head: data[:min(len(data), pdm.HeadSize)]}) {
			detected = append(detected, p)
			if !strings.Contains(p, "voron-family") || d.Name() == "SOURCES.md" || d.Name() == "README.md" {
				t.Errorf("%s: detected as a BOM", p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(detected) != 13 {
		t.Errorf("%d detected, want the 13 voron-family BOMs: %v", len(detected), detected)
	}
}

func TestMarkdownNotBOM(t *testing.T) {
	readme := "# My printer\n\nSee the table.\n\n| Pin | Function |\n|-----|----------|\n| 1 | GND |\n| 2 | VCC |\n"
	if (Format{}).Detect(pdm.Input{Path: "README.md", Head: []byte(readme)}) {
		t.Error("README with a pin table detected")
	}
	_, err := Parse("README.md", []byte(readme), pdm.Options{})
	var me *model.Error
	if !errors.As(err, &me) || Reason(err) != reasonNoHeader || me.File != "README.md" || me.Line != 5 {
		t.Errorf("README: %v", err)
	}
	// A table inside a code fence is not a table.
	fenced := "```\n| Description | Qty |\n|---|---|\n| Screw | 4 |\n```\n"
	if _, err := Parse("x.md", []byte(fenced), pdm.Options{}); Reason(err) != reasonNoHeader {
		t.Errorf("fenced table: %v", err)
	}
	if (Format{}).Detect(pdm.Input{Path: "x.md", Head: []byte(fenced)}) {
		t.Error("fenced table detected")
	}
}

// TestMarkdownMalformed: rows with more cells than the header keep the
// header's columns (GitHub drops the excess too); rows with fewer have
// empty cells (and a row of one filled cell is a title, as in any
// table); nothing panics.
func TestMarkdownMalformed(t *testing.T) {
	md := "# Title\n## Kit\n| Description | Qty |\n|---|---|\n| Screw M3 | 4 | extra | cells |\n| Nut M3 |\n" +
		"| Nut M4 | |\n| Washer \\| M3 | `2` |\n|\n"
	b, err := Parse("m.md", []byte(md), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkMarkdownBatch(t, "m.md", b)
	var got []string
	for _, e := range b.Edges {
		for _, r := range b.Refs {
			if r.ID == e.Child {
				got = append(got, fmt.Sprintf("%s=%g", r.Name, e.Quantity))
			}
		}
	}
	if want := "[Screw M3=4 Washer | M3=2]"; fmt.Sprint(got) != want {
		t.Errorf("got %v, want %s", got, want)
	}
	if mod, ok := itemByExt(b, "m.md/Kit"); !ok || mod.Level != model.LevelModule {
		t.Errorf("module: %+v", b.Items)
	}
	for _, in := range []string{"", "|", "|-|\n|-|", "| a |\n|---|---|\n", "# x\n|Qty|Description|\n|-|-|\n|0|x|\n"} {
		if _, err := Parse("e.md", []byte(in), pdm.Options{}); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func TestMdText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Motor(check [here](https://x.org/a))", "Motor(check here)"},
		{"![](images/0.png)", ""},
		{"![alt](a.png) Hinge", "Hinge"},
		{"**Bold** and *it* _u_ VB_FR_01 2*3", "Bold and it u VB_FR_01 2*3"},
		{"v1.1 `2mm` taller", "v1.1 2mm taller"},
		{"a<br>b<br/>c &amp; d&nbsp;e", "a b c & d e"},
		{`Washer \| M3 \*`, "Washer | M3 *"},
		{"<b>x</b> <https://a.b/c>", "x https://a.b/c"},
		{"~~old~~ new", "old new"},
	} {
		if got := mdText(tt.in); got != tt.want {
			t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := fmt.Sprint(rawCells(`| a | b \| c | d |`)); got != `[ a   b \| c   d ]` {
		t.Errorf("rawCells: %s", got)
	}
}

// ExampleParse_markdown reads a Markdown BOM with two sections.
func ExampleParse_markdown() {
	md := "# Printer BOM\n\n### Frame\n| Description | Part # | Qty |\n|---|---|---|\n" +
		"| 2020 Extrusion 370mm | HFSB5-2020-370 | 12 |\n\n### Tools\n" +
		"| Description | Qty |\n|:--|--:|\n| [Hex key](https://example.com/key) set | 1 SET |\n"
	b, err := Parse("printer.md", []byte(md), pdm.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	names := map[model.ItemID]string{}
	for _, it := range append(b.Items, b.Refs...) {
		names[it.ID] = it.Source.ExternalID
	}
	for _, e := range b.Edges {
		fmt.Printf("%s -> %s x%g\n", names[e.Parent], names[e.Child], e.Quantity)
	}
	// Output:
	// printer.md -> printer.md/Frame x1
	// printer.md -> printer.md/Tools x1
	// printer.md/Frame -> mpn:HFSB5-2020-370 x12
	// printer.md/Tools -> line:||hex key set x1
}
