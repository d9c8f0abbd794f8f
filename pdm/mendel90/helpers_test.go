package mendel90

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

// byName sums flattened quantities of parts of one class by name.
func byName(b *model.Batch, leaves map[model.ItemID]float64, class model.ClassPath) map[string]float64 {
	items := map[model.ItemID]model.Item{}
	for _, list := range [][]model.Item{b.Items, b.Refs} {
		for _, it := range list {
			items[it.ID] = it
		}
	}
	out := map[string]float64{}
	for id, n := range leaves {
		if it := items[id]; it.Level == model.LevelPart && it.Class == class {
			out[it.Name] += n
		}
	}
	return out
}

var (
	txtSection = regexp.MustCompile(`^[A-Za-z][A-Za-z -]*:$`)
	txtRow     = regexp.MustCompile(`^((?: *\d*\|)+) *(\d+) (.*)$`)
	txtItem    = regexp.MustCompile(`^ *(\d+) (.*)$`)
)

// readTxt reads bom.txt independently of the reader: the total column of
// the Vitamins and Printed matrices, and the Sub-assemblies counts.
func readTxt(data []byte) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	sec := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		l := sc.Text()
		if txtSection.MatchString(l) {
			sec = strings.TrimSuffix(l, ":")
			out[sec] = map[string]float64{}
			continue
		}
		if m := txtRow.FindStringSubmatch(l); m != nil && sec != "" {
			n, _ := strconv.Atoi(m[2])
			out[sec][strings.TrimSpace(m[3])] += float64(n)
		} else if m := txtItem.FindStringSubmatch(l); m != nil && sec == "Sub-assemblies" {
			n, _ := strconv.Atoi(m[1])
			out[sec][strings.Replace(m[2], "_assemblies", "_assembly", 1)] += float64(n)
		}
	}
	return out
}

// sameTotals compares two totals maps and describes the first few
// differences.
func sameTotals(got, want map[string]float64) string {
	var diffs []string
	for k, w := range want {
		if g := got[k]; g != w {
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
