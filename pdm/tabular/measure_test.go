package tabular

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cbb-alliance/cbb/pdm"
)

// hostileSize is the size of the generated files of the memory
// measurement: 50 MB, as in the finding that asked for it.
const hostileSize = 50 << 20

// writeOneLineCSV writes a CSV of one line of size bytes: BOM-like cells
// without a single line break.
func writeOneLineCSV(path string, size int) error {
	return writeGenerated(path, size, func(w *bufio.Writer, i int) (int, error) {
		return fmt.Fprintf(w, "R%d,10k,0603,", i)
	})
}

// writeNormalCSV writes a CSV of about size bytes of ordinary lines under a
// header: designators, a value out of 97 and a footprint.
func writeNormalCSV(path string, size int) error {
	return writeGenerated(path, size, func(w *bufio.Writer, i int) (int, error) {
		if i == 0 {
			return w.WriteString("Reference,Value,Footprint,Qty\n")
		}
		return fmt.Fprintf(w, "R%d,%dk,0603,1\n", i, i%97+1)
	})
}

func writeGenerated(path string, size int, next func(*bufio.Writer, int) (int, error)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i, n := 0, 0; n < size; i++ {
		k, err := next(w, i)
		if err != nil {
			f.Close()
			return err
		}
		n += k
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// TestHostileMemoryReport measures, in a child process each, the peak
// memory of reading a 50 MB CSV of one line and a 50 MB CSV of ordinary
// lines through Format.Read, as package ingest calls it: the growth of the
// process's peak resident set (VmHWM) over its size before the read, and
// the bytes allocated. It only runs with CBB_HOSTILE_MEASURE=1 (Linux), and
// prints its table; docs/BENCHMARKS.md ("Hostile input") records it.
//
//	CBB_HOSTILE_MEASURE=1 go test -run TestHostileMemoryReport -v ./pdm/tabular
func TestHostileMemoryReport(t *testing.T) {
	if os.Getenv("CBB_HOSTILE_MEASURE") == "" || runtime.GOOS != "linux" {
		t.Skip("set CBB_HOSTILE_MEASURE=1 to measure (Linux)")
	}
	dir := t.TempDir()
	files := []struct {
		name  string
		write func(string, int) error
	}{
		{"one-line.csv", writeOneLineCSV},
		{"normal-lines.csv", writeNormalCSV},
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := f.write(p, hostileSize); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestHostileMemoryChild$", "-test.v")
		cmd.Env = append(os.Environ(), "CBB_HOSTILE_CHILD="+p)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", f.name, err, out)
		}
		res := map[string]string{}
		for _, l := range strings.Split(string(out), "\n") {
			if k, v, ok := strings.Cut(strings.TrimSpace(l), "="); ok && strings.HasPrefix(k, "measure.") {
				res[strings.TrimPrefix(k, "measure.")] = v
			}
		}
		peak, _ := strconv.ParseInt(res["peak"], 10, 64)
		alloc, _ := strconv.ParseInt(res["alloc"], 10, 64)
		t.Logf("%-17s %6.1f MB  peak RSS +%7.1f MB (%4.1fx)  allocated %7.1f MB (%4.1fx)  %s  %s",
			f.name, mb(fi.Size()), mb(peak), float64(peak)/float64(fi.Size()),
			mb(alloc), float64(alloc)/float64(fi.Size()), res["time"], res["result"])
	}
}

func mb(n int64) float64 { return float64(n) / 1e6 }

// TestHostileMemoryChild is the child of TestHostileMemoryReport: it reads
// the file CBB_HOSTILE_CHILD names and prints what that cost.
func TestHostileMemoryChild(t *testing.T) {
	p := os.Getenv("CBB_HOSTILE_CHILD")
	if p == "" {
		t.Skip("run by TestHostileMemoryReport")
	}
	runtime.GC()
	before := procStatus(t, "VmRSS")
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	start := time.Now()
	dir, name := filepath.Split(p)
	in := pdm.Input{FS: os.DirFS(dir), Path: name, Display: p, Name: name}
	b, err := Format{}.Read(context.Background(), in, pdm.Options{})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&ms1)
	peak := procStatus(t, "VmHWM")
	result := ""
	if err != nil {
		result = "error: " + err.Error()
	} else {
		result = fmt.Sprintf("%d items, %d edges", len(b.Refs)+len(b.Items), len(b.Edges))
	}
	if len(result) > 160 {
		result = result[:160] + "..."
	}
	fmt.Printf("measure.peak=%d\nmeasure.alloc=%d\nmeasure.time=%s\nmeasure.result=%s\n",
		peak-before, ms1.TotalAlloc-ms0.TotalAlloc, elapsed.Round(time.Millisecond), result)
}

// procStatus reads a size in kB from /proc/self/status, in bytes.
func procStatus(t *testing.T, key string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range bytes.Split(data, []byte("\n")) {
		if v, ok := bytes.CutPrefix(l, []byte(key+":")); ok {
			f := strings.Fields(string(v))
			n, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n << 10
		}
	}
	t.Fatalf("no %s in /proc/self/status", key)
	return 0
}
