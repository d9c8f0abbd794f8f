package scale

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runResult is what one clustering process reports: leiden.py prints it,
// TestClusterProcess writes it.
type runResult struct {
	Method      string  `json:"method"`
	Nodes       int     `json:"nodes"`
	Edges       int     `json:"edges"`
	ReadSeconds float64 `json:"read_seconds"`
	Seconds     float64 `json:"seconds"`
	PeakRSSMB   float64 `json:"peak_rss_mb"`
	Modularity  float64 `json:"modularity"`
	Clusters    int     `json:"clusters"`
}

// TestLeidenSideBySide generates incidences from the real data's profile,
// projects them to the part graph, clusters it with our Louvain, gonum's
// and igraph's Leiden, each in its own process reading the same edge
// list, and scores every partition with the same Q. Gated: CBB_LEIDEN=1;
// CBB_LEIDEN_SIZES (default "10000x1000,100000x10000", parts x products),
// CBB_LEIDEN_GONUM=1 runs gonum above 10k parts, CBB_LEIDEN_PYTHON (default
// /usr/bin/python3), CBB_LEIDEN_DIR keeps the files.
func TestLeidenSideBySide(t *testing.T) {
	if os.Getenv("CBB_LEIDEN") == "" {
		t.Skip("set CBB_LEIDEN=1 (needs bench/leiden/install.sh)")
	}
	p := realProfile(t)
	t.Logf("profile: %s", p)
	sizes := os.Getenv("CBB_LEIDEN_SIZES")
	if sizes == "" {
		sizes = "10000x1000,100000x10000"
	}
	dir := os.Getenv("CBB_LEIDEN_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	table := []string{
		"| parts x products | graph nodes / edges | method | clusters | Q (gonum community.Q) | Q (own report) | NMI vs planted | cluster s | process wall s | peak RSS MB |",
		"|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
	}
	for _, sz := range strings.Split(sizes, ",") {
		var parts, products int
		if _, err := fmt.Sscanf(sz, "%dx%d", &parts, &products); err != nil {
			t.Fatalf("size %q: %v", sz, err)
		}
		table = append(table, sideBySide(t, p, dir, parts, products)...)
	}
	fmt.Println(strings.Join(table, "\n"))
}

func sideBySide(t *testing.T, p Profile, dir string, parts, products int) []string {
	ctx := context.Background()
	t0 := time.Now()
	m, err := p.Generate(1, parts, products)
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	g, err := Project(ctx, m, 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%dx%d: %d uses; generate %v, project %v: %d nodes, %d edges",
		parts, products, m.Ones(), t1.Sub(t0).Round(time.Millisecond), time.Since(t1).Round(time.Millisecond), g.Len(), g.Edges())
	base := filepath.Join(dir, fmt.Sprintf("parts%d-products%d", parts, products))
	f, err := os.Create(base + ".edges")
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteEdgeList(f, g); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	python := os.Getenv("CBB_LEIDEN_PYTHON")
	if python == "" {
		python = "/usr/bin/python3"
	}
	script, _ := filepath.Abs("../../bench/leiden/leiden.py")
	type run struct {
		name, file string
		cmd        func(out string) *exec.Cmd
	}
	goChild := func(method string) func(string) *exec.Cmd {
		return func(out string) *exec.Cmd {
			c := exec.Command(os.Args[0], "-test.run=^TestClusterProcess$")
			c.Env = append(os.Environ(), "CBB_SCALE_CLUSTER="+method, "CBB_SCALE_GRAPH="+base+".edges",
				"CBB_SCALE_MEMBERSHIP="+out, "CBB_SCALE_JSON="+out+".json")
			return c
		}
	}
	leiden := func(iterations int) func(string) *exec.Cmd {
		return func(out string) *exec.Cmd {
			return exec.Command(python, script, base+".edges", "--membership", out, "--seed", "1",
				"--iterations", strconv.Itoa(iterations))
		}
	}
	runs := []run{{"ours (Go Louvain)", "ours", goChild("ours")}}
	if parts <= 10000 || os.Getenv("CBB_LEIDEN_GONUM") != "" {
		runs = append(runs, run{"gonum community.Modularize", "gonum", goChild("gonum")})
	}
	runs = append(runs, run{"igraph Leiden (until stable)", "leiden", leiden(-1)},
		run{"igraph Leiden (n_iterations=2)", "leiden2", leiden(2)})
	var rows []string
	for _, r := range runs {
		out := base + "." + r.file + ".membership"
		// A result file left by an earlier run must not stand in for this one.
		if err := os.Remove(out + ".json"); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		cmd := r.cmd(out)
		cmd.Stderr = os.Stderr
		start := time.Now()
		stdout, err := cmd.Output()
		wall := time.Since(start)
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		res := readResult(t, stdout, out+".json")
		memb := readMembership(t, out, g.Len())
		rows = append(rows, fmt.Sprintf("| %d x %d | %d / %d | %s | %d | %.4f | %.4f | %.3f | %.2f | %.2f | %.0f |",
			parts, products, g.Len(), g.Edges(), r.name, res.Clusters, GonumQ(g, memb, 1), res.Modularity,
			NMI(memb, m.Home), res.Seconds, wall.Seconds(), res.PeakRSSMB))
	}
	return rows
}

func readResult(t *testing.T, stdout []byte, file string) runResult {
	t.Helper()
	if b, err := os.ReadFile(file); err == nil {
		stdout = b
	}
	var r runResult
	if err := json.Unmarshal(stdout, &r); err != nil {
		t.Fatalf("result %q: %v", stdout, err)
	}
	return r
}

func readMembership(t *testing.T, path string, n int) []int32 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var memb []int32
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c, err := strconv.ParseInt(sc.Text(), 10, 32)
		if err != nil {
			t.Fatalf("%s line %d: %v", path, len(memb)+1, err)
		}
		memb = append(memb, int32(c))
	}
	if len(memb) != n {
		t.Fatalf("%s: %d nodes, want %d", path, len(memb), n)
	}
	return memb
}

// TestClusterProcess is the Go side's clustering process, run by
// TestLeidenSideBySide as a child so its time and peak memory are measured
// as the Leiden script's are (VmHWM: the child's rusage would carry over
// the parent's peak across exec): read the edge list, cluster, write the
// membership and the result.
func TestClusterProcess(t *testing.T) {
	method := os.Getenv("CBB_SCALE_CLUSTER")
	if method == "" {
		t.Skip("child process of TestLeidenSideBySide")
	}
	t0 := time.Now()
	f, err := os.Open(os.Getenv("CBB_SCALE_GRAPH"))
	if err != nil {
		t.Fatal(err)
	}
	g, err := ReadEdgeList(bufio.NewReaderSize(f, 1<<20))
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	var memb []int32
	switch method {
	case "ours":
		memb, err = Louvain(context.Background(), g, DefaultLouvainParams())
	case "gonum":
		memb = GonumLouvain(g, 1, 1)
	default:
		t.Fatalf("method %q", method)
	}
	if err != nil {
		t.Fatal(err)
	}
	secs := time.Since(t1).Seconds()
	var sb strings.Builder
	for _, c := range memb {
		sb.WriteString(strconv.Itoa(int(c)))
		sb.WriteByte('\n')
	}
	if err := os.WriteFile(os.Getenv("CBB_SCALE_MEMBERSHIP"), []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	clusters := 0
	for _, c := range memb {
		clusters = max(clusters, int(c)+1)
	}
	b, _ := json.Marshal(runResult{Method: method, Nodes: g.Len(), Edges: g.Edges(),
		ReadSeconds: t1.Sub(t0).Seconds(), Seconds: secs, PeakRSSMB: vmHWM(),
		Modularity: Modularity(g, memb, 1), Clusters: clusters})
	if err := os.WriteFile(os.Getenv("CBB_SCALE_JSON"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// vmHWM is this process's peak resident set in MB, from /proc.
func vmHWM() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
