package cells

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/cbb-alliance/cbb/internal/shareddata"
)

// instance is one row of the benchmark's best_known.tsv.
type instance struct {
	id, name string
	path     string
	best     float64 // best known efficacy, residual cells forbidden
	ones     int
	verified string // e.g. "14/(14+3)=0.823529", may be empty
}

// testsetA reads best_known.tsv and the 35 instances it lists.
func testsetA(t testing.TB) []instance {
	t.Helper()
	dir := shareddata.Dir(t, "cell-formation")
	f, err := os.Open(filepath.Join(dir, "best_known.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for n, h := range head {
		col[h] = n
	}
	var out []instance
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		best, err := strconv.ParseFloat(rec[col["best_grouping_efficacy"]], 64)
		if err != nil {
			t.Fatalf("best_known.tsv: %v", err)
		}
		ones, _ := strconv.Atoi(rec[col["ones"]])
		name := rec[col["instance"]]
		id := name
		for n, ch := range name {
			if ch == ' ' {
				id = name[:n]
				break
			}
		}
		out = append(out, instance{
			id: id, name: name,
			path:     filepath.Join(dir, rec[col["instance_file"]]),
			best:     best,
			ones:     ones,
			verified: rec[col["verified_solution_no_residual"]],
		})
	}
	if len(out) != 35 {
		t.Fatalf("best_known.tsv lists %d instances, want 35", len(out))
	}
	return out
}

func readInstance(t testing.TB, in instance) Matrix {
	t.Helper()
	f, err := os.Open(in.path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Read(filepath.Base(in.path), f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
