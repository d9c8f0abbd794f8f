package tabular

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// bomCache is the folder of raw BOM files committed by GitHub projects.
var bomCache = filepath.Join("..", "..", "..", "shared", "data", "osh-datasets", "data", "raw", "github", "bom_cache")

// cacheResult is what became of one file of the cache.
type cacheResult struct {
	path   string
	ext    string
	class  string // "imported", or the reason class of the rejection
	lines  int    // BOM lines read (imported files)
	edges  int
	parts  int
	keys   []string // external ids of the parts
	mpns   int      // parts keyed by MPN
	detail string
}

// runCache runs Detect and Read over every file of the cache.
func runCache(t *testing.T) []cacheResult {
	fsys := os.DirFS(bomCache)
	var out []cacheResult
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		out = append(out, runOne(t, fsys, p))
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", bomCache, err)
	}
	return out
}

func runOne(t *testing.T, fsys fs.FS, p string) (res cacheResult) {
	res = cacheResult{path: p, ext: strings.ToLower(strings.TrimPrefix(path.Ext(p), "."))}
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: panic: %v", p, r)
			res.class = "panic"
		}
	}()
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		t.Fatalf("read %s: %v", p, err)
	}
	in := pdm.Input{FS: fsys, Path: p, Head: data[:min(len(data), pdm.HeadSize)], Display: p}
	f := Format{}
	if !f.Detect(in) {
		// Say what Read would have made of it, to judge Detect.
		why := "readable"
		if _, _, err := parse(p, p, data, pdm.Options{}); err != nil {
			why = Reason(err)
		}
		switch res.ext {
		case "csv", "tsv", "xlsx", "xlsm", "xls", "ods":
			res.class = "not detected (Read: " + why + ")"
			if textKiCost(in.Head) {
				res.class = "not detected: KiCost manf# (kicad reader)"
			}
		default:
			res.class = "other format: ." + res.ext + " (Read: " + why + ")"
		}
		return res
	}
	b, rep, err := parse(p, p, data, pdm.Options{})
	if err != nil {
		res.class, res.detail = Reason(err), err.Error()
		if model.Code(err) != model.Invalid {
			t.Errorf("%s: error code %s, want invalid: %v", p, model.Code(err), err)
		}
		return res
	}
	checkBatch(t, p, b)
	res.class, res.lines, res.edges, res.parts = "imported", rep.lines, len(b.Edges), len(b.Refs)
	for _, it := range b.Refs {
		res.keys = append(res.keys, it.Source.ExternalID)
		if strings.HasPrefix(it.Source.ExternalID, "mpn:") {
			res.mpns++
		}
	}
	res.detail = fmt.Sprintf("%s sheet=%q header@%d %s [%v]", rep.encoding, rep.sheet, rep.layout.line, rep.layout.describe(), rep.skipped)
	return res
}

func textKiCost(head []byte) bool {
	text, _ := decodeText(head)
	l := headLines(text, 1)
	return len(l) == 1 && strings.HasPrefix(strings.ToLower(strings.Trim(l[0], "\"' \t")), "manf#")
}

// TestBOMCache reads all 2,773 BOM files of the cache, checks that nothing
// panics and that every batch is valid, and writes a summary of what
// imports and why the rest is rejected to $BOMCACHE_SUMMARY (default: the
// test's temporary folder).
func TestBOMCache(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 2,773 files; skipped in -short mode")
	}
	if _, err := os.Stat(bomCache); err != nil {
		t.Skipf("BOM cache not found at %s (needs /work/shared/data): %v", bomCache, err)
	}
	res := runCache(t)
	if len(res) < 2700 {
		t.Errorf("found %d files in the cache, want 2,773", len(res))
	}
	summary := summarize(res)
	dest := os.Getenv("BOMCACHE_SUMMARY")
	if dest == "" {
		dest = filepath.Join(t.TempDir(), "bomcache-summary.md")
	}
	if err := os.WriteFile(dest, []byte(summary), 0o644); err != nil {
		t.Fatal(err)
	}
	if d := os.Getenv("BOMCACHE_DETAILS"); d != "" {
		var b strings.Builder
		for _, r := range res {
			fmt.Fprintf(&b, "%s\t%s\t%d\t%s\n", r.class, r.path, r.lines, r.detail)
		}
		if err := os.WriteFile(d, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("summary written to %s\n%s", dest, summary)
}

// summarize tabulates the results: totals, reason classes with an example
// each, and classes per extension.
func summarize(res []cacheResult) string {
	var b strings.Builder
	imported, lines, edges, parts, mpns := 0, 0, 0, 0, 0
	distinct := map[string]bool{}
	classes := map[string]int{}
	example := map[string]string{}
	perExt := map[string]map[string]int{}
	for _, r := range res {
		classes[r.class]++
		if _, ok := example[r.class]; !ok {
			example[r.class] = r.path
		}
		if perExt[r.ext] == nil {
			perExt[r.ext] = map[string]int{}
		}
		perExt[r.ext][r.class]++
		if r.class == "imported" {
			imported++
			lines += r.lines
			edges += r.edges
			parts += r.parts
			mpns += r.mpns
			for _, k := range r.keys {
				distinct[k] = true
			}
		}
	}
	fmt.Fprintf(&b, "files: %d\nimported: %d (%.1f%%): BOM lines %d, edges %d, part refs %d (%d keyed by MPN), "+
		"distinct parts across files %d\n\n",
		len(res), imported, 100*float64(imported)/float64(len(res)), lines, edges, parts, mpns, len(distinct))
	b.WriteString("| outcome | files | example |\n|---|---:|---|\n")
	for _, c := range sortedKeys(classes) {
		fmt.Fprintf(&b, "| %s | %d | %s |\n", c, classes[c], example[c])
	}
	b.WriteString("\n| extension | files | imported | rejected or not detected |\n|---|---:|---:|---|\n")
	for _, e := range sortedKeys(perExt) {
		n := 0
		var rest []string
		for _, c := range sortedKeys(perExt[e]) {
			n += perExt[e][c]
			if c != "imported" {
				rest = append(rest, fmt.Sprintf("%s: %d", c, perExt[e][c]))
			}
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", e, n, perExt[e]["imported"], strings.Join(rest, "; "))
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkBatch asserts what every batch must satisfy (pdm.Check: items
// valid once stamped, edges valid and inside the batch) and what this
// reader promises: one product record, one ref per edge.
func checkBatch(t *testing.T, name string, b *model.Batch) {
	t.Helper()
	if err := pdm.Check(b); err != nil {
		t.Errorf("%s: %v", name, err)
	}
	if len(b.Items) != 1 || b.Items[0].Level != model.LevelProduct {
		t.Errorf("%s: want one product in Items, got %d", name, len(b.Items))
	}
	if len(b.Refs) != len(b.Edges) {
		t.Errorf("%s: %d refs for %d edges", name, len(b.Refs), len(b.Edges))
	}
}
