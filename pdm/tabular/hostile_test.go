package tabular

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// oneLineCSV is a CSV of one line of about size bytes: BOM-like cells
// without a single line break.
func oneLineCSV(size int) []byte {
	b := bytes.NewBuffer(make([]byte, 0, size+32))
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(b, "R%d,10k,0603,", i)
	}
	return b.Bytes()
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// wantLocated asserts that err is an invalid-input *model.Error naming
// file and line whose message holds every one of parts.
func wantLocated(t *testing.T, err error, file string, line int, parts ...string) {
	t.Helper()
	var me *model.Error
	if !errors.As(err, &me) || me.Code != model.Invalid || me.File != file || me.Line != line {
		t.Fatalf("err = %v, want an invalid-input error at %s:%d", err, file, line)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Fatalf("err = %v, want it to say %q", err, p)
		}
	}
}

// TestOneLineCSV: a 50 MB CSV of one line is refused at once, naming the
// line and the cap, having allocated about the file's size (its decoded
// text), not 36 times the file as the splitting of the line on every
// candidate delimiter did.
func TestOneLineCSV(t *testing.T) {
	data := oneLineCSV(50 << 20)
	var err error
	n := allocated(func() { _, err = Parse("big.csv", data, pdm.Options{}) })
	wantLocated(t, err, "big.csv", 1, "line too long", "exceeds 1048576 bytes", "1 MiB cap")
	if n > 2*uint64(len(data)) {
		t.Errorf("refusing a %d-byte line allocated %d bytes (%.1fx)", len(data), n, float64(n)/float64(len(data)))
	}
	// The same further down, after ordinary lines, and in Markdown.
	ok := "Reference,Value,Footprint\nR1,10k,0603\n"
	_, err = Parse("late.csv", append([]byte(ok), oneLineCSV(maxLine+1)...), pdm.Options{})
	wantLocated(t, err, "late.csv", 3, "line too long")
	md := "| Ref | Value |\n|---|---|\n| R1 | " + strings.Repeat("x", maxLine) + " |\n"
	_, err = Parse("big.md", []byte(md), pdm.Options{})
	wantLocated(t, err, "big.md", 3, "line too long")
	// A line just under the cap is read.
	if _, err := Parse("long.csv", []byte(ok+"R2,"+strings.Repeat("x", 60<<10)+",0603\n"), pdm.Options{}); err != nil {
		t.Errorf("a 60 KiB line: %v", err)
	}
}

// TestLongCell: a cell over the 64 KiB cap is refused, naming the line
// where it starts, quoted (possibly over several lines) or not.
func TestLongCell(t *testing.T) {
	head := "Reference,Value,Footprint\nR1,10k,0603\n"
	long := strings.Repeat("x", 70<<10)
	for name, text := range map[string]string{
		"plain.csv":     head + "R2," + long + ",0603\n",
		"quoted.csv":    head + "R2,\"" + long + "\",0603\n",
		"multiline.csv": head + "R2,\"a\nb\n" + long + "\",0603\n",
		"tail.csv":      head + "R2,\"a\"" + long + ",0603\n",
	} {
		_, err := Parse(name, []byte(text), pdm.Options{})
		wantLocated(t, err, name, 3, "cell too long", "exceeds 65536 bytes", "64 KiB cap")
	}
	// A stray quote is still an ordinary character, however long the
	// text after it.
	stray := head + "R2,\"10k,0603\n" + strings.Repeat("R3,"+strings.Repeat("y", 8<<10)+",0603\n", 30)
	if _, err := Parse("stray.csv", []byte(stray), pdm.Options{}); err != nil {
		t.Errorf("stray quote: %v", err)
	}
}

// TestFileTooLarge: a file over the 256 MiB cap is refused before it is
// read (the test's file is sparse: it takes no disk and no time to read,
// but its size is what is judged).
func TestFileTooLarge(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "huge.csv")
	if err := os.WriteFile(p, []byte("Reference,Value\nR1,10k\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, maxFile+1); err != nil {
		t.Fatal(err)
	}
	in := pdm.Input{FS: os.DirFS(dir), Path: "huge.csv", Display: "huge.csv", Name: "huge.csv"}
	var err error
	n := allocated(func() { _, err = Format{}.Read(context.Background(), in, pdm.Options{}) })
	wantLocated(t, err, "huge.csv", 0, "too large", "larger than the 256 MiB cap")
	if n > 1<<20 {
		t.Errorf("refusing the file allocated %d bytes", n)
	}
}

// zipOf builds a zip archive whose members are streamed from readers, at
// flate's fastest level (the test archives are mostly repetition).
func zipOf(t *testing.T, members ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for i := 0; i < len(members); i += 2 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: members[i].(string), Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, members[i+1].(io.Reader)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// repeated reads s n times.
func repeated(s string, n int) io.Reader { return &repeatReader{s: s, n: n} }

type repeatReader struct {
	s   string
	n   int
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	k := 0
	for k < len(p) && r.n > 0 {
		c := copy(p[k:], r.s[r.off:])
		k += c
		if r.off += c; r.off == len(r.s) {
			r.off, r.n = 0, r.n-1
		}
	}
	if k == 0 {
		return 0, io.EOF
	}
	return k, nil
}

// TestODSInflateCap: a well-formed ODS whose content.xml inflates past the
// 256 MiB cap is refused saying so, not as a syntax error of the XML cut
// short at the cap.
func TestODSInflateCap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 256 MiB content.xml")
	}
	row := `<table:table-row><table:table-cell><text:p>R1</text:p></table:table-cell>` +
		`<table:table-cell><text:p>10k</text:p></table:table-cell></table:table-row>`
	head := `<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
		`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">` +
		`<office:body><office:spreadsheet><table:table table:name="BOM"><table:table-row><table:table-cell><text:p>Reference</text:p>` +
		`</table:table-cell><table:table-cell><text:p>Value</text:p></table:table-cell></table:table-row>`
	tail := `</table:table></office:spreadsheet></office:body></office:document-content>`
	content := io.MultiReader(strings.NewReader(head), repeated(row, maxUnzipped/len(row)+1), strings.NewReader(tail))
	data := zipOf(t, "mimetype", strings.NewReader("application/vnd.oasis.opendocument.spreadsheet"), "content.xml", content)
	_, err := Parse("big.ods", data, pdm.Options{})
	wantLocated(t, err, "big.ods", 0, "content.xml inflates past the 256 MiB cap")
	if strings.Contains(err.Error(), "syntax") {
		t.Errorf("err = %v: a syntax error", err)
	}

	// An xlsx whose parts inflate past the cap.
	data = zipOf(t, "[Content_Types].xml", strings.NewReader("<Types/>"),
		"xl/media/image1.bin", io.LimitReader(zeros{}, maxUnzipped+1))
	_, err = Parse("big.xlsx", data, pdm.Options{})
	wantLocated(t, err, "big.xlsx", 0, "xl/media/image1.bin inflates past the 256 MiB cap")
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// manyLinesOnePart is a CSV of n lines that all name one part, each with
// its own designator.
func manyLinesOnePart(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Reference,Value,Footprint,MPN,Digi-Key\n")
	for i := range n {
		fmt.Fprintf(&b, "R%d,10k,0603,RC0603FR-0710KL,311-%d-ND\n", i+1, i%1000)
	}
	return b.Bytes()
}

// TestManyLinesOnePart: lines naming one part merge into one edge (the
// quantities added, the designators in order) and one ref (its supplier
// part numbers in order), in time linear in the lines. Merging used to
// look every designator up in the edge's growing list: 100,000 lines took
// 20 s. The complexity is judged by a ratio of times measured in the same
// run, 8 times the lines against 8 times the time (quadratic merging gives
// 64 times), not by a wall-clock limit.
func TestManyLinesOnePart(t *testing.T) {
	const n = 100000
	b, err := Parse("many.csv", manyLinesOnePart(n), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Edges) != 1 || len(b.Refs) != 1 {
		t.Fatalf("%d edges, %d refs, want one of each", len(b.Edges), len(b.Refs))
	}
	e, r := b.Edges[0], b.Refs[0]
	if e.Quantity != n || len(e.RefDes) != n || e.RefDes[0] != "R1" || e.RefDes[n-1] != fmt.Sprintf("R%d", n) {
		t.Fatalf("edge: quantity %v, %d designators (%v ... %v)", e.Quantity, len(e.RefDes), e.RefDes[0], e.RefDes[len(e.RefDes)-1])
	}
	if len(r.Suppliers) != 1000 || r.Suppliers[0].SKU != "311-0-ND" || r.Suppliers[999].SKU != "311-999-ND" {
		t.Fatalf("ref: %d supplier parts", len(r.Suppliers))
	}
	if testing.Short() {
		return
	}
	small, big := manyLinesOnePart(n/8), manyLinesOnePart(n)
	timed := func(data []byte) time.Duration {
		start := time.Now()
		if _, err := Parse("many.csv", data, pdm.Options{}); err != nil {
			t.Fatal(err)
		}
		return time.Since(start)
	}
	// The fastest of three runs each, so that a busy machine only makes
	// the ratio smaller or larger by chance, not by design.
	best := func(data []byte) time.Duration {
		d := timed(data)
		for range 2 {
			d = min(d, timed(data))
		}
		return d
	}
	ts, tb := best(small), best(big)
	if ratio := float64(tb) / float64(ts); ratio > 24 {
		t.Errorf("8 times the lines took %.1f times as long (%v vs %v): merging is not linear", ratio, tb, ts)
	}
}

// BenchmarkManyLinesOnePart parses 100,000 lines naming one part.
func BenchmarkManyLinesOnePart(b *testing.B) {
	data := manyLinesOnePart(100000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("many.csv", data, pdm.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100000, "ns/line")
}

// BenchmarkHostileCSV reads 50 MB CSVs, one of a single line and one of
// ordinary lines, and reports the bytes allocated per byte of file.
func BenchmarkHostileCSV(b *testing.B) {
	dir := b.TempDir()
	for _, f := range []struct {
		name  string
		write func(string, int) error
	}{{"one-line", writeOneLineCSV}, {"normal-lines", writeNormalCSV}} {
		p := filepath.Join(dir, f.name+".csv")
		if err := f.write(p, hostileSize); err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(p)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(f.name, func(b *testing.B) {
			in := pdm.Input{FS: os.DirFS(dir), Path: f.name + ".csv", Display: f.name + ".csv", Name: f.name + ".csv"}
			b.ReportAllocs()
			b.SetBytes(fi.Size())
			var total uint64
			for b.Loop() {
				total += allocated(func() { Format{}.Read(context.Background(), in, pdm.Options{}) })
			}
			b.ReportMetric(float64(total)/float64(b.N)/float64(fi.Size()), "alloc/file-byte")
		})
	}
}

// TestBatchMerging: Batch.Use, Batch.MergeRef and Batch.Compact merge as
// Edge.Merge and model.MergeInto do, in first-seen order, and notice
// changes made to the batch's lists between calls. (The merging the
// tabular reader relies on; layers/model's own tests cover the rest.)
func TestBatchMerging(t *testing.T) {
	b := &model.Batch{}
	b.Add(model.Item{ID: "p", Name: "p"})
	use := func(child model.ItemID, q float64, refs ...string) {
		b.Use(model.Edge{Parent: "p", Child: child, Quantity: q, RefDes: refs})
	}
	refs := []string{"R0"}
	use("r", 1, "R0")
	for i := 1; i < 40; i++ {
		refs = append(refs, fmt.Sprintf("R%d", i))
		use("r", 1, fmt.Sprintf("R%d", i), fmt.Sprintf("R%d", i/2))
	}
	use("c", 1, "C1")
	// Edges changed behind Use's back: appended, re-keyed in place (found
	// when the old key is looked up).
	b.Edges = append(b.Edges, model.Edge{Parent: "p", Child: "d", Kind: model.BOM, Quantity: 1, RefDes: []string{"D1"}})
	use("d", 2, "D2", "D1")
	b.Edges[1].Child = "e"
	use("c", 1, "C3")
	use("e", 1, "C2")
	want := []model.Edge{
		{Parent: "p", Child: "r", Kind: model.BOM, Quantity: 40, RefDes: refs},
		{Parent: "p", Child: "e", Kind: model.BOM, Quantity: 2, RefDes: []string{"C1", "C2"}},
		{Parent: "p", Child: "d", Kind: model.BOM, Quantity: 3, RefDes: []string{"D1", "D2"}},
		{Parent: "p", Child: "c", Kind: model.BOM, Quantity: 1, RefDes: []string{"C3"}},
	}
	check := func(when string) {
		t.Helper()
		if len(b.Edges) != len(want) {
			t.Fatalf("%s: edges = %+v", when, b.Edges)
		}
		for i, e := range b.Edges {
			w := want[i]
			if e.Child != w.Child || e.Quantity != w.Quantity || !slices.Equal(e.RefDes, w.RefDes) {
				t.Errorf("%s: edge %d = %+v, want %+v", when, i, e, w)
			}
		}
	}
	check("after Use")
	// Compact merges what was appended directly, in order.
	b.Edges = append(b.Edges, model.Edge{Parent: "p", Child: "r", Kind: model.BOM, Quantity: 1, RefDes: []string{"R0", "X1"}})
	want[0].Quantity, want[0].RefDes = 41, append(slices.Clone(refs), "X1")
	b.Compact()
	check("after Compact")
	use("e", 1, "C1", "C4")
	want[1].Quantity, want[1].RefDes = 3, []string{"C1", "C2", "C4"}
	check("Use after Compact")

	// Refs: the first keeps its fields; part numbers are united in order.
	sku := func(s string) model.SupplierPart { return model.SupplierPart{Supplier: "D", SKU: s} }
	for i := range 30 {
		sp := []model.SupplierPart{sku(fmt.Sprint(i % 20))}
		if i > 0 {
			sp = append(sp, model.SupplierPart{Supplier: "D"}) // no SKU: not kept
		}
		b.MergeRef(model.Item{ID: "r", Name: fmt.Sprint("name ", i), Suppliers: sp})
	}
	b.Refs = append(b.Refs, model.Item{ID: "r", Description: "late", Suppliers: []model.SupplierPart{sku("late"), sku("3")}})
	b.MergeRef(model.Item{ID: "q", Name: "q"})
	b.Compact()
	if len(b.Refs) != 2 || b.Refs[0].Name != "name 0" || b.Refs[0].Description != "late" || len(b.Refs[0].Suppliers) != 21 ||
		b.Refs[0].Suppliers[19] != sku("19") || b.Refs[0].Suppliers[20] != sku("late") {
		t.Errorf("refs = %+v", b.Refs)
	}
}
