package index_test

// Scale benchmarks: a synthetic catalogue of CBB_SCALE parts, drawn from
// the real parts of ../shared/data by package retrieval/synth, indexed on
// disk and queried. They are skipped unless CBB_SCALE is set, and run once
// (-benchtime=1x); see docs/BENCHMARKS.md ("Retrieval at scale") for the commands and results.
//
//	CBB_SCALE          catalogue size (e.g. 100000, 1000000); unset: skip
//	CBB_SCALE_BATCH    parts per Put (default 2000)
//	CBB_SCALE_BATCHES  batch sizes BenchmarkScaleBatch compares (default 500,2000,10000)
//	CBB_SCALE_WRITERS  concurrent Put calls while building (default 1)
//	CBB_SCALE_QUERIES  queries timed (default 3000)
//	CBB_SCALE_DIR      keep the index here, and reuse it when it holds
//	                   CBB_SCALE parts (default: a temporary folder)

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/index"
	"github.com/cbb-alliance/cbb/retrieval/synth"
)

// scaleSeed seeds every scale catalogue, so runs compare.
const scaleSeed = 1

func envInt(b *testing.B, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, "_", ""))
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}

// scaleSize returns CBB_SCALE, or skips.
func scaleSize(b *testing.B) int {
	if os.Getenv("CBB_SCALE") == "" {
		b.Skip("set CBB_SCALE=100000 (or another catalogue size) to run the scale benchmarks")
	}
	return envInt(b, "CBB_SCALE", 0)
}

var (
	scaleOnce  sync.Once
	scaleModel *synth.Model
	scaleErr   error
)

// realModel learns the synthetic catalogue's model from the real parts.
func realModel(b *testing.B) *synth.Model {
	root := shareddata.Dir(b)
	scaleOnce.Do(func() {
		var paths []string
		for _, s := range synth.Sources {
			paths = append(paths, filepath.Join(root, s))
		}
		parts, err := synth.ReadParts(context.Background(), paths...)
		if err != nil {
			scaleErr = err
			return
		}
		scaleModel = synth.Learn(parts)
		if scaleModel == nil {
			scaleErr = errors.New("no real parts")
		}
	})
	if scaleErr != nil {
		b.Fatal(scaleErr)
	}
	return scaleModel
}

// doc gives a generated part a reuse count: most parts are used by no
// parent, a few by many.
func doc(it model.Item, i int) index.Doc {
	h := uint64(i+1) * 0x9E3779B97F4A7C15
	used := 0
	if h>>62 == 0 {
		used = int(h>>32) % 40
	}
	return index.Doc{Item: it, UsedIn: used}
}

// memPeak samples the process's memory until stopped.
type memPeak struct {
	heap, sys uint64 // peak HeapInuse and Sys
	stop      chan struct{}
	done      chan struct{}
}

func sampleMemory() *memPeak {
	p := &memPeak{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			p.heap, p.sys = max(p.heap, ms.HeapInuse), max(p.sys, ms.Sys)
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *memPeak) end() *memPeak {
	close(p.stop)
	<-p.done
	return p
}

// vmHWM returns the process's peak resident set size in bytes, from
// /proc/self/status (0 where there is none).
func vmHWM() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

const mb = 1 << 20

// threadCPU returns the CPU time of the calling thread (the goroutine must
// be locked to it), from /proc/thread-self/schedstat; 0 where there is
// none. On a shared machine, it shows what a query costs apart from the
// time spent waiting for a core.
func threadCPU() time.Duration {
	data, err := os.ReadFile("/proc/thread-self/schedstat")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return 0
	}
	ns, _ := strconv.ParseInt(f[0], 10, 64)
	return time.Duration(ns)
}

// processCPU returns the user and system CPU time of the process, from
// /proc/self/stat (in clock ticks, taken as 1/100 s); 0 where there is
// none.
func processCPU() time.Duration {
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * 10 * time.Millisecond
}

// loadAvg returns the 1-minute load average, to tell runs on a busy
// machine from runs on an idle one.
func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(data))[0]
}

// build indexes n generated parts into dir in bulk (BeginBulk, EndBulk),
// batch parts per Put, with writers concurrent Put calls fed by one
// generator, and returns the time taken up to a closed, flushed index.
func build(b *testing.B, m *synth.Model, dir string, n, batch, writers int) time.Duration {
	ctx := context.Background()
	start := time.Now()
	x, err := index.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	// As retrieval's full build from the store does.
	if err := x.BeginBulk(ctx, n); err != nil {
		b.Fatal(err)
	}
	batches := make(chan []index.Doc, writers+1)
	errs := make(chan error, writers)
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for docs := range batches {
				if err := x.Put(ctx, docs); err != nil {
					errs <- err
					for range batches {
					}
					return
				}
			}
		})
	}
	cur := make([]index.Doc, 0, batch)
	i := 0
	report := max(n/10, batch)
	err = m.Generate(scaleSeed, n, func(it model.Item) error {
		cur = append(cur, doc(it, i))
		i++
		if len(cur) == batch {
			batches <- cur
			cur = make([]index.Doc, 0, batch)
		}
		if i%report == 0 {
			b.Logf("%d parts put, %.0f parts/s", i, float64(i)/time.Since(start).Seconds())
		}
		return nil
	})
	if len(cur) > 0 {
		batches <- cur
	}
	close(batches)
	wg.Wait()
	close(errs)
	if err == nil {
		err = <-errs
	}
	if err == nil {
		err = x.EndBulk(ctx)
	}
	if err != nil {
		b.Fatal(err)
	}
	if err := x.Close(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkScaleBatch compares batch sizes: it builds an index of
// min(CBB_SCALE, 100000) parts per batch size and reports each rate.
func BenchmarkScaleBatch(b *testing.B) {
	n := min(scaleSize(b), 100000)
	m := realModel(b)
	writers := envInt(b, "CBB_SCALE_WRITERS", 1)
	sizes := []int{500, 2000, 10000}
	if s := os.Getenv("CBB_SCALE_BATCHES"); s != "" {
		sizes = nil
		for f := range strings.SplitSeq(s, ",") {
			v, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || v <= 0 {
				b.Fatalf("CBB_SCALE_BATCHES=%q: want sizes separated by commas", s)
			}
			sizes = append(sizes, v)
		}
	}
	for _, size := range sizes {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			cpu, load := processCPU(), loadAvg()
			d := build(b, m, b.TempDir(), n, size, writers)
			cpu = processCPU() - cpu
			b.ReportMetric(float64(n)/d.Seconds(), "parts/s")
			b.ReportMetric(float64(n)/cpu.Seconds(), "parts/cpu-s")
			b.Logf("load average %s before, %s after", load, loadAvg())
		})
	}
}

// BenchmarkScale builds an on-disk index of CBB_SCALE generated parts and
// reports the build rate, then reopens it and times CBB_SCALE_QUERIES
// queries from synth.Queries, one at a time, as the retrieval layer runs
// them (text, the viewer's scope, sometimes numeric, level or class
// filters, 100 hits), and reports their p50 and p99 latency, the share of
// queries that found their target part among the hits, and peak memory.
func BenchmarkScale(b *testing.B) {
	n := scaleSize(b)
	m := realModel(b)
	dir := os.Getenv("CBB_SCALE_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	if count := indexed(b, dir); count != uint64(n) {
		if count > 0 {
			b.Fatalf("%s holds %d parts, not %d: delete it or name another CBB_SCALE_DIR", dir, count, n)
		}
		buildScale(b, m, dir, n)
	}
	b.ReportMetric(float64(dirSize(dir))/mb, "index-MB")
	timeQueries(b, dir, m.Queries(scaleSeed, envInt(b, "CBB_SCALE_QUERIES", 3000)))
	b.ReportMetric(float64(vmHWM())/mb, "peak-rss-MB")
}

// buildScale builds the index of n parts in dir and reports the build
// rate and peak memory.
func buildScale(b *testing.B, m *synth.Model, dir string, n int) {
	batch := envInt(b, "CBB_SCALE_BATCH", 2000)
	writers := envInt(b, "CBB_SCALE_WRITERS", 1)
	runtime.GC()
	mem := sampleMemory()
	cpu, load := processCPU(), loadAvg()
	d := build(b, m, dir, n, batch, writers)
	cpu = processCPU() - cpu
	mem.end()
	b.Logf("built %d parts in %v (batch %d, %d writers); load average %s before, %s after",
		n, d.Round(time.Millisecond), batch, writers, load, loadAvg())
	b.ReportMetric(float64(n)/d.Seconds(), "parts/s")
	b.ReportMetric(float64(n)/cpu.Seconds(), "parts/cpu-s")
	b.ReportMetric(float64(mem.heap)/mb, "build-heap-MB")
	b.ReportMetric(float64(mem.sys)/mb, "build-sys-MB")
}

// timeQueries opens the index in dir, warms it with 200 queries, then
// runs the queries one at a time and reports their latency (wall and the
// querying thread's CPU time), how often the target part was among the
// hits, and peak heap.
func timeQueries(b *testing.B, dir string, queries []synth.Query) {
	ctx := context.Background()
	runtime.GC()
	mem := sampleMemory()
	x, err := index.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	for _, q := range queries[:min(200, len(queries))] { // the page cache, the segments
		if _, err := x.Search(ctx, toQuery(q)); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, len(queries))
	cpu := make([]time.Duration, len(queries))
	found, hits := 0, 0
	load := loadAvg()
	runtime.LockOSThread() // so that threadCPU is the query's
	defer runtime.UnlockOSThread()
	for i, q := range queries {
		c, t := threadCPU(), time.Now()
		hs, err := x.Search(ctx, toQuery(q))
		lat[i], cpu[i] = time.Since(t), threadCPU()-c
		if err != nil {
			b.Fatal(err)
		}
		hits += len(hs)
		if slices.ContainsFunc(hs, func(h index.Hit) bool { return h.ID == q.Target }) {
			found++
		}
	}
	mem.end()
	slowest(b, queries, lat)
	b.Logf("%d queries; load average %s before, %s after", len(queries), load, loadAvg())
	slices.Sort(lat)
	slices.Sort(cpu)
	pct := func(ds []time.Duration, p float64) float64 {
		return float64(ds[int(p*float64(len(ds)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(lat, 0.50), "p50-ms")
	b.ReportMetric(pct(lat, 0.99), "p99-ms")
	b.ReportMetric(pct(lat, 1), "max-ms")
	b.ReportMetric(pct(cpu, 0.50), "p50-cpu-ms")
	b.ReportMetric(pct(cpu, 0.99), "p99-cpu-ms")
	b.ReportMetric(float64(found)/float64(len(queries)), "target-found")
	b.ReportMetric(float64(hits)/float64(len(queries)), "hits/query")
	b.ReportMetric(float64(mem.heap)/mb, "query-heap-MB")
}

// indexed returns how many parts the index in dir holds, 0 when there is
// none.
func indexed(b *testing.B, dir string) uint64 {
	if _, err := os.Stat(filepath.Join(dir, "s0", "index_meta.json")); err != nil {
		return 0
	}
	x, err := index.Open(context.Background(), dir)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	n, err := x.Count()
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// slowest logs the ten slowest queries, to show what costs.
func slowest(b *testing.B, queries []synth.Query, lat []time.Duration) {
	order := make([]int, len(lat))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return int(lat[j] - lat[i]) })
	for _, i := range order[:min(10, len(order))] {
		q := queries[i]
		b.Logf("%8.1f ms  %q levels=%v class=%q numbers=%d active=%v", float64(lat[i])/float64(time.Millisecond), q.Text, q.Levels, q.Class, len(q.Numbers), q.Active)
	}
}

func toQuery(q synth.Query) index.Query {
	out := index.Query{
		Text:   q.Text,
		Levels: q.Levels,
		Class:  q.Class,
		Viewer: index.Viewer{Member: q.Viewer, Active: q.Active},
		Size:   100,
	}
	for _, f := range q.Numbers {
		out.Numbers = append(out.Numbers, index.NumberRange{Attr: f.Attr, Min: f.Min, Max: f.Max})
	}
	return out
}
