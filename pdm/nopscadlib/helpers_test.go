package nopscadlib

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// checkBatch reports what breaks the reader contract (see pdm.Check).
func checkBatch(b *model.Batch) error { return pdm.Check(b) }

// byName sums flattened quantities by item name (collapsed), the way
// bom.csv and bom.txt list vitamins by description.
func byName(b *model.Batch, leaves map[model.ItemID]float64, level model.Level, class model.ClassPath) map[string]float64 {
	items := map[model.ItemID]model.Item{}
	for _, list := range [][]model.Item{b.Items, b.Refs} {
		for _, it := range list {
			items[it.ID] = it
		}
	}
	out := map[string]float64{}
	for id, n := range leaves {
		it := items[id]
		if it.Level == level && it.Class == class {
			out[collapse(it.Name)] += n
		}
	}
	return out
}

var csvLine = regexp.MustCompile(`^'(.*)',\s*(\d+)(,|$)`)

// readCSV reads the vitamin totals of a NopSCADlib bom.csv.
func readCSV(data []byte) map[string]float64 {
	out := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if m := csvLine.FindStringSubmatch(sc.Text()); m != nil {
			n, _ := strconv.Atoi(m[2])
			out[collapse(m[1])] += float64(n)
		}
	}
	return out
}

var (
	txtSection = regexp.MustCompile(`^[A-Za-z][A-Za-z -]*:$`)
	txtRow     = regexp.MustCompile(`^((?: *\d*\|)+) *(\d+) (.*)$`)
)

// readTxt reads the total column of each section of a bom.txt matrix
// ("Vitamins", "Printed", "CNC cut").
func readTxt(data []byte) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	sec := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		l := strings.TrimRight(sc.Text(), "\r")
		if txtSection.MatchString(l) {
			sec = strings.TrimSuffix(l, ":")
			out[sec] = map[string]float64{}
			continue
		}
		if m := txtRow.FindStringSubmatch(l); m != nil && sec != "" {
			n, _ := strconv.Atoi(m[2])
			out[sec][collapse(m[3])] += float64(n)
		}
	}
	return out
}

// sameTotals compares two totals maps and describes the first few
// differences.
func sameTotals(got, want map[string]float64) string {
	var diffs []string
	for k, w := range want {
		if g := got[k]; !near(g, w) {
			diffs = append(diffs, fmt.Sprintf("%q: got %v, want %v", k, g, w))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%q: got %v, want none", k, g))
		}
	}
	if len(diffs) > 5 {
		diffs = append(diffs[:5], fmt.Sprintf("and %d more", len(diffs)-5))
	}
	return strings.Join(diffs, "; ")
}

func near(a, b float64) bool {
	d := a - b
	return d < 1e-9 && d > -1e-9
}
