package normalize

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// dataDir is the shared real data, beside the repository.
var dataDir = filepath.Join("..", "..", "..", "shared", "data")

func needData(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(dataDir, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data not found at %s (run from /work/main with /work/shared/data beside it): %v", p, err)
	}
	return p
}

// kitspaceLine is one BOM line of kitspace_results.json.
type kitspaceLine struct {
	Description  string `json:"description"`
	Manufacturer string `json:"manufacturer"`
	MPN          string `json:"mpn"`
}

func readKitspace(t *testing.T) []kitspaceLine {
	p := needData(t, "osh-datasets/data/kitspace_results.json")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Scraped []struct {
			BOM []kitspaceLine `json:"bill_of_materials"`
		} `json:"scraped_data"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var out []kitspaceLine
	for _, p := range doc.Scraped {
		out = append(out, p.BOM...)
	}
	return out
}

// mpnFamilies maps manufacturer part number prefixes of common passive
// series to their class, to check the classes Describe gives.
var mpnFamilies = []struct {
	re    *regexp.Regexp
	class model.ClassPath
}{
	{regexp.MustCompile(`^(RC\d{4}|ERJ-|CRCW|RMCF|RK73|MCR\d|CR\d{4}|AC\d{4}[FJ]R|RT\d{4}|CPF|MFR|ERA-|RNCP|CFR|RCS\d)`), model.ClassResistors},
	{regexp.MustCompile(`^(CL\d\d[ABC]|GRM|GCM|C\d{4}[CX]|CC\d{4}|EMK|TMK|JMK|UMK|LMK|CGA|EEE-|UWT|ECA-|T491|TAJ|UCL|C0G)`), model.ClassCapacitors},
	{regexp.MustCompile(`^(LQ[HMGW]|NR\d{4}|SRN|SRR|SRP|VLS|XAL|XFL|IHLP|MLZ|CBC|LPS|MSS)`), model.ClassInductors},
}

// TestKitspaceCoverage runs Describe over every BOM description of the
// kitspace scrape, logs the share recognized, and checks the passive
// classes against the part numbers' series.
func TestKitspaceCoverage(t *testing.T) {
	lines := readKitspace(t)
	var recognized, classed, checked, wrong int
	for _, l := range lines {
		attrs, class := Describe(l.Description)
		if len(attrs) > 0 || class != "" {
			recognized++
		}
		if class != "" {
			classed++
		}
		for _, f := range mpnFamilies {
			if !f.re.MatchString(l.MPN) || class == "" {
				continue
			}
			checked++
			if class != f.class {
				wrong++
				t.Logf("mismatch: %q (MPN %s) classed %s, series says %s", l.Description, l.MPN, class, f.class)
			}
		}
	}
	t.Logf("kitspace: %d BOM lines, %d (%.0f%%) yield attributes, %d (%.0f%%) a class; %d classes checked against MPN series, %d wrong",
		len(lines), recognized, pct(recognized, len(lines)), classed, pct(classed, len(lines)), checked, wrong)
	if len(lines) < 1000 || checked < 100 {
		t.Errorf("too little data: %d lines, %d checked", len(lines), checked)
	}
	if float64(wrong) > 0.02*float64(checked) {
		t.Errorf("%d of %d classes contradict the MPN series", wrong, checked)
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// vitamin is a vitamin description with the category it is counted under:
// NopSCADlib's constructor ("screw", "ball_bearing") or Mendel90's first
// word.
type vitamin struct{ category, text string }

func readVitamins(t *testing.T) []vitamin {
	seen := map[vitamin]bool{}
	var out []vitamin
	add := func(v vitamin) {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	files, _ := filepath.Glob(filepath.Join(needData(t, "nopscadlib-boms"), "*", "bom.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var asms []struct {
			Vitamins map[string]json.RawMessage `json:"vitamins"`
		}
		if err := json.Unmarshal(data, &asms); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, a := range asms {
			for k := range a.Vitamins {
				ctor, desc, ok := strings.Cut(k, ": ")
				if !ok {
					continue
				}
				cat, _, _ := strings.Cut(ctor, "(")
				add(vitamin{cat, desc})
			}
		}
	}
	m90, _ := filepath.Glob(filepath.Join(needData(t, "mendel90"), "*", "bom", "*.txt"))
	more, _ := filepath.Glob(filepath.Join(needData(t, "mendel90"), "*", "bom", "*", "*.txt"))
	m90 = append(m90, more...)
	for _, f := range m90 {
		for _, d := range mendelVitamins(t, f) {
			first, _, _ := strings.Cut(d, " ")
			add(vitamin{"mendel90:" + strings.ToLower(first), d})
		}
	}
	return out
}

var countLine = regexp.MustCompile(`^\s*\d+\s+(\S.*?)\s*$`)

// mendelVitamins reads the descriptions of a Mendel90 bom.txt's "Vitamins:"
// section.
func mendelVitamins(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasSuffix(line, ":") && !strings.HasPrefix(line, " "):
			in = line == "Vitamins:"
		case in:
			if m := countLine.FindStringSubmatch(line); m != nil && !strings.Contains(line, "|") {
				out = append(out, m[1])
			}
		}
	}
	return out
}

// TestVitaminCoverage runs Describe over every NopSCADlib and Mendel90
// vitamin description and logs the share recognized per category; the
// fastener, bearing and motor categories must be recognized nearly always.
func TestVitaminCoverage(t *testing.T) {
	vs := readVitamins(t)
	type tally struct{ n, ok int }
	byCat := map[string]*tally{}
	var missed []string
	for _, v := range vs {
		if byCat[v.category] == nil {
			byCat[v.category] = &tally{}
		}
		_, class := Describe(v.text)
		attrs, _ := Describe(v.text)
		byCat[v.category].n++
		if class != "" || len(attrs) > 0 {
			byCat[v.category].ok++
		} else {
			missed = append(missed, v.category+": "+v.text)
		}
	}
	cats := make([]string, 0, len(byCat))
	for c := range byCat {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	total, ok := 0, 0
	for _, c := range cats {
		t.Logf("%-28s %3d/%3d recognized", c, byCat[c].ok, byCat[c].n)
		total += byCat[c].n
		ok += byCat[c].ok
	}
	t.Logf("vitamins: %d descriptions, %d (%.0f%%) recognized", total, ok, pct(ok, total))
	sort.Strings(missed)
	t.Logf("not recognized: %s", strings.Join(missed, " | "))
	for _, c := range []string{"screw", "nut", "washer", "insert", "ball_bearing", "NEMA", "mendel90:nut", "mendel90:washer"} {
		if tl := byCat[c]; tl != nil && tl.ok < tl.n*9/10 {
			t.Errorf("category %s: only %d of %d recognized", c, tl.ok, tl.n)
		}
	}
}
