package data

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// BenchmarkApply measures the store alone: products of 400 BOM lines each
// (half the parts shared by every product, half new), one synced
// transaction per product, as an import of many BOMs writes them. It
// reports BOM lines per second and the bytes of sorted tables per item (all revisions and indexes
// included, ZSTD-compressed).
func BenchmarkApply(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.PutMember(ctx, model.Administrator, model.Member{ID: owner, Name: "Acme", Kind: model.Enterprise, Status: model.Active}); err != nil {
		b.Fatal(err)
	}
	lines := 0
	n := 0
	for b.Loop() {
		bt := crashProduct(n)
		n++
		lines += len(bt.Edges)
		if _, err := s.Apply(ctx, bt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
	st, _ := s.Stats(ctx)
	// Closing flushes the memtable into a sorted table.
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	tables, err := filepath.Glob(filepath.Join(dir, "*.sst"))
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, t := range tables {
		if fi, err := os.Stat(t); err == nil {
			size += fi.Size()
		}
	}
	b.ReportMetric(float64(size)/float64(st.Items), "table-bytes/item")
}
