package retrieval

// BenchmarkEngineScale times the ranked retrieval end to end on a
// synthetic catalogue of CBB_SCALE parts (package synth, learned from the
// real parts of ../shared/data): the parts written to a store, the index
// built from the store as `cbb reindex` does, then requirements answered
// by Engine.Query (candidates from the index, read from the store,
// ranked). Skipped unless CBB_SCALE is set; CBB_SCALE_QUERIES queries are
// timed (default 1000). The index-only benchmarks are in retrieval/index.

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/synth"
)

func BenchmarkEngineScale(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("CBB_SCALE"))
	if n <= 0 {
		b.Skip("set CBB_SCALE=100000 (or another catalogue size) to run the scale benchmark")
	}
	queries := 1000
	if q, err := strconv.Atoi(os.Getenv("CBB_SCALE_QUERIES")); err == nil && q > 0 {
		queries = q
	}
	ctx := context.Background()
	root := shareddata.Dir(b)
	var paths []string
	for _, s := range synth.Sources {
		paths = append(paths, filepath.Join(root, s))
	}
	parts, err := synth.ReadParts(ctx, paths...)
	if err != nil {
		b.Fatal(err)
	}
	m := synth.Learn(parts)
	s, err := data.Open(ctx, filepath.Join(b.TempDir(), "store"), data.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, id := range synth.Members() {
		if err := s.PutMember(ctx, model.Administrator, model.Member{ID: id, Name: string(id), Kind: model.OtherKind, Status: model.Active}); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	err = m.Batches(1, n, 2000, func(b *model.Batch) error {
		_, err := s.Apply(ctx, b)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	stored := time.Since(start)
	start = time.Now()
	x, rep, err := OpenIndex(ctx, s, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	indexed := time.Since(start)
	b.Logf("%d parts: stored in %s (%.0f parts/s), index built from the store in %s (%.0f parts/s), %d indexed",
		n, stored.Round(time.Millisecond), float64(n)/stored.Seconds(), indexed.Round(time.Millisecond), float64(n)/indexed.Seconds(), rep.Indexed)

	qs := m.Queries(1, queries)
	lat := make([]time.Duration, 0, len(qs))
	type slow struct {
		d time.Duration
		q synth.Query
	}
	var slowest []slow
	found := 0
	b.ResetTimer()
	for _, q := range qs {
		req := q.Requirement()
		t0 := time.Now()
		// As a command runs it: the member's rights read from the store,
		// the candidates read through the member's view of it.
		v, err := s.Viewer(ctx, q.Viewer)
		if err != nil {
			b.Fatal(err)
		}
		v.Active = q.Active // the generator's expelled viewers
		e := &Engine{Items: s.As(v), Index: x}
		res, err := e.Query(ctx, req, Options{Viewer: v, Limit: 10})
		d := time.Since(t0)
		lat = append(lat, d)
		slowest = append(slowest, slow{d, q})
		if err != nil {
			b.Fatalf("query %q: %v", q.Text, err)
		}
		if slices.ContainsFunc(res.Items[0].Candidates, func(c Candidate) bool { return c.ID == q.Target }) {
			found++
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	slices.SortFunc(slowest, func(a, b slow) int { return int(b.d - a.d) })
	for _, x := range slowest[:min(8, len(slowest))] {
		b.Logf("slow: %s %q levels %v class %q numbers %d", x.d.Round(time.Millisecond), x.q.Text, x.q.Levels, x.q.Class, len(x.q.Numbers))
	}
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(pct(0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(pct(0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(found)/float64(len(qs)), "target-in-top10")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB")
	b.Logf("ranked queries: p50 %s, p99 %s, max %s; target in the top 10 for %d of %d",
		pct(0.5), pct(0.99), lat[len(lat)-1], found, len(qs))
}
