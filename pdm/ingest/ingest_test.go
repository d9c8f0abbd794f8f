package ingest_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/formats"
	"github.com/cbb-alliance/cbb/pdm/ingest"
)

const testdata = "../../testdata"

func importer(t testing.TB, dir string) (*ingest.Importer, *data.Store) {
	t.Helper()
	ctx := context.Background()
	s, err := data.Open(ctx, dir, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutMember(ctx, model.Administrator, model.Member{ID: "m", Name: "M", Kind: model.Institute, Status: model.Active}); err != nil {
		t.Fatal(err)
	}
	return &ingest.Importer{
		Store: s, Formats: formats.All(), Actor: "m",
		Options: pdm.Options{Owner: "m", Scope: model.Scope{Kind: model.ScopeAlliance}, Lifecycle: model.Released},
	}, s
}

// TestImportTestdata imports every sample dataset, each by its detected
// format, and checks what the store then holds.
func TestImportTestdata(t *testing.T) {
	ctx := context.Background()
	im, s := importer(t, t.TempDir())
	defer s.Close()
	rep, err := im.Import(ctx, []string{testdata})
	if err != nil {
		t.Fatal(err)
	}
	formatsSeen := map[string]int{}
	for _, in := range rep.Inputs {
		formatsSeen[in.Format]++
	}
	want := map[string]int{"nopscadlib": 20, "mendel90": 6, "inventree": 1, "kicad": 6, "kitspace": 1, "step": 1}
	for f, n := range want {
		if formatsSeen[f] < n {
			t.Errorf("%d inputs read as %s, want at least %d", formatsSeen[f], f, n)
		}
	}
	for _, p := range rep.Skipped {
		// testdata/design holds requirement, rule and variability files
		// for the design layer: not PDM data, skipped as of no format.
		if filepath.Base(filepath.Dir(p)) == "design" {
			continue
		}
		if b := filepath.Base(p); b != "SOURCES.md" && b != "LICENSE" && b != "README.md" {
			t.Errorf("skipped %s", p)
		}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// 20 NopSCADlib + 6 Mendel90 + 14 InvenTree + 6 KiCad + 176 Kitspace
	// + 1 STEP products, at the least (tabular samples add more).
	if st.Products < 223 || st.Families < 14 || st.Edges < 6900 {
		t.Fatalf("stats = %+v", st)
	}
	// Normalization ran: the NopSCADlib M3 x 10 cap screw is typed.
	id, err := s.Lookup(ctx, model.SourceRef{System: "nopscadlib", ExternalID: "screw(M3_cap_screw, 10)"})
	if err != nil {
		t.Fatal(err)
	}
	it, err := s.Item(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	std, _ := it.Attr(model.AttrStandard)
	l, _ := it.Attr(model.AttrLength)
	if std.Text != "ISO 4762" || l.Value != 0.010 || it.Class != model.ClassScrews {
		t.Fatalf("screw not normalized: %+v", it)
	}
	// Again: nothing changes.
	d1, _ := s.Digest(ctx)
	rep, err = im.Import(ctx, []string{testdata})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Batches != 0 || rep.Result.Created+rep.Result.Revised != 0 {
		t.Fatalf("re-import wrote %+v", rep.Result)
	}
	if d2, _ := s.Digest(ctx); d1 != d2 {
		t.Fatal("re-import changed the store")
	}
}

// BenchmarkImport measures the whole pipeline (detect, read, normalize,
// write with synced transactions) on the sample data: BOM lines per second
// and bytes on disk per item.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	var lines, items int
	var disk int64
	for b.Loop() {
		dir := b.TempDir()
		im, s := importer(b, dir)
		rep, err := im.Import(ctx, []string{testdata})
		if err != nil {
			b.Fatal(err)
		}
		st, _ := s.Stats(ctx)
		s.Close()
		lines += rep.Lines()
		items = st.Items
		disk = diskUsage(dir)
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(disk)/float64(items), "disk-bytes/item")
}

// diskUsage is the space the files under dir occupy on disk: allocated
// blocks, not lengths, since badger's log files are sparse.
func diskUsage(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if fi, err := d.Info(); err == nil {
			if st, ok := fi.Sys().(*syscall.Stat_t); ok {
				n += st.Blocks * 512
			}
		}
		return nil
	})
	return n
}
