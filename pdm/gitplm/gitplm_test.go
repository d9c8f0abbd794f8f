package gitplm_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/gitplm"
	"github.com/cbb-alliance/cbb/pdm/tabular"
)

// databaseFiles returns the real category tables.
func databaseFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(shareddata.Dir(t, "gitplm-parts", "database"), "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no tables: %v", err)
	}
	return files
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func input(path string, data []byte) pdm.Input {
	head := data[:min(len(data), pdm.HeadSize)]
	return pdm.Input{Path: filepath.Base(path), Head: head, Display: path}
}

func parse(t *testing.T, path string) *model.Batch {
	t.Helper()
	b, err := gitplm.Parse(path, readFile(t, path), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := pdm.Check(b); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

// rawTable is a table counted without the reader: its rows' IPNs and MPNs,
// one row a line (the real tables have no line breaks in cells).
type rawTable struct {
	rows int
	ipns []string            // distinct, in order
	mpns map[string][]string // distinct MPNs by IPN
}

func countRows(t *testing.T, data []byte) rawTable {
	t.Helper()
	rt := rawTable{mpns: map[string][]string{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	header := true
	mpnCol := -1
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		cells := splitLine(line)
		if header {
			header = false
			mpnCol = slices.Index(cells, "MPN")
			continue
		}
		rt.rows++
		ipn := cells[0]
		if !slices.Contains(rt.ipns, ipn) {
			rt.ipns = append(rt.ipns, ipn)
		}
		if mpnCol > 0 && cells[mpnCol] != "" && !slices.Contains(rt.mpns[ipn], cells[mpnCol]) {
			rt.mpns[ipn] = append(rt.mpns[ipn], cells[mpnCol])
		}
	}
	return rt
}

// splitLine splits a CSV line on commas outside quotes, unquoting and
// trimming the cells.
func splitLine(line string) []string {
	var cells []string
	var cell strings.Builder
	quoted := false
	for i := 0; i < len(line); i++ {
		switch ch := line[i]; {
		case ch == '"' && quoted && i+1 < len(line) && line[i+1] == '"':
			cell.WriteByte('"')
			i++
		case ch == '"':
			quoted = !quoted
		case ch == ',' && !quoted:
			cells = append(cells, strings.TrimSpace(cell.String()))
			cell.Reset()
		default:
			cell.WriteByte(ch)
		}
	}
	return append(cells, strings.TrimSpace(cell.String()))
}

// byExternalID indexes a batch's items.
func byExternalID(t *testing.T, b *model.Batch) map[string]model.Item {
	t.Helper()
	out := map[string]model.Item{}
	for _, it := range b.Items {
		if _, ok := out[it.Source.ExternalID]; ok {
			t.Fatalf("external id %s twice", it.Source.ExternalID)
		}
		out[it.Source.ExternalID] = it
	}
	return out
}

// base returns the CCC-NNN of a scheme IPN.
func base(ipn string) string {
	if i := strings.LastIndexByte(ipn, '-'); i > 0 && strings.Count(ipn, "-") == 2 {
		return ipn[:i]
	}
	return ""
}

func TestRealDatabase(t *testing.T) {
	totalRows, totalParts := 0, 0
	for _, path := range databaseFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data := readFile(t, path)
			if !(gitplm.Format{}).Detect(input(path, data)) {
				t.Error("not detected")
			}
			if (tabular.Format{}).Detect(input(path, data)) {
				t.Error("the tabular reader claims it too")
			}
			rt := countRows(t, data)
			b := parse(t, path)
			items := byExternalID(t, b)
			parts, families := 0, map[string]int{}
			for _, it := range b.Items {
				if it.Level != model.LevelFamily {
					parts++
				}
			}
			if parts != len(rt.ipns) {
				t.Errorf("%d parts, want %d (one per IPN; %d rows)", parts, len(rt.ipns), rt.rows)
			}
			for _, ipn := range rt.ipns {
				it, ok := items[ipn]
				switch {
				case !ok:
					t.Errorf("IPN %s has no item", ipn)
					continue
				case it.ID != model.NewID(gitplm.System, ipn) || it.Source.System != gitplm.System:
					t.Errorf("IPN %s: id %s, source %v", ipn, it.ID, it.Source)
				}
				if a, _ := it.Attr("ipn"); a.Text != ipn {
					t.Errorf("IPN %s: ipn attribute %v", ipn, a)
				}
				var mpns []string
				for _, m := range it.Manufacturers {
					mpns = append(mpns, m.MPN)
				}
				if want := rt.mpns[ipn]; !slices.Equal(mpns, want) {
					t.Errorf("IPN %s: MPNs %v, want %v", ipn, mpns, want)
				}
				if want := ipn; len(mpns) > 0 {
					want = mpns[0]
					if it.Name != want {
						t.Errorf("IPN %s: name %q, want %q", ipn, it.Name, want)
					}
				}
				families[base(ipn)]++
			}
			checkFamilies(t, b, items, families)
			totalRows += rt.rows
			totalParts += parts
		})
	}
	// SOURCES.md of the data: 1,711 parts (rows); two IPNs repeat.
	if totalRows != 1711 || totalParts != 1709 {
		t.Errorf("%d rows, %d parts; want 1711 and 1709", totalRows, totalParts)
	}
}

// checkFamilies checks there is a family for every base with two or more
// IPNs, with a variant edge to each.
func checkFamilies(t *testing.T, b *model.Batch, items map[string]model.Item, counts map[string]int) {
	t.Helper()
	edges := map[model.ItemID]int{}
	for _, e := range b.Edges {
		if e.Kind != model.Variant {
			t.Errorf("edge %v is not a variant edge", e)
		}
		edges[e.Parent]++
	}
	want := 0
	for base, n := range counts {
		fam, ok := items[base]
		if base == "" || n < 2 {
			if ok {
				t.Errorf("family %s of %d variations", base, n)
			}
			continue
		}
		want++
		switch {
		case !ok:
			t.Errorf("no family %s (%d variations)", base, n)
		case fam.Level != model.LevelFamily || !strings.HasPrefix(fam.Name, base):
			t.Errorf("family %s: %s %q", base, fam.Level, fam.Name)
		case edges[fam.ID] != n:
			t.Errorf("family %s: %d edges, want %d", base, edges[fam.ID], n)
		}
	}
	if len(edges) != want {
		t.Errorf("%d families with edges, want %d", len(edges), want)
	}
}

// number returns a number attribute's value, failing when it is not one.
func number(t *testing.T, it model.Item, name, unit string) float64 {
	t.Helper()
	a, ok := it.Attr(name)
	if !ok || a.Kind != model.Number || a.Unit != unit {
		t.Fatalf("%s: %s = %+v, want a number in %q", it.Source.ExternalID, name, a, unit)
	}
	return a.Value
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }

func attr(it model.Item, name string) model.Attribute {
	a, _ := it.Attr(name)
	return a
}

func text(it model.Item, name string) string {
	a, _ := it.Attr(name)
	return a.Text
}

func TestRealSpotChecks(t *testing.T) {
	dir := shareddata.Dir(t, "gitplm-parts", "database")
	items := map[string]model.Item{}
	for _, f := range []string{"g-res.csv", "g-dio.csv", "g-reg.csv", "g-osc.csv", "g-asy.csv", "g-opt.csv"} {
		for k, v := range byExternalID(t, parse(t, filepath.Join(dir, f))) {
			items[k] = v
		}
	}
	r := items["RES-0000-1004"]
	if r.Name != "RC0603FR-0710KL" || r.Description != "10K 0603" || r.Class != model.ClassResistors || r.Level != model.LevelPart {
		t.Errorf("RES-0000-1004: %+v", r)
	}
	for _, c := range []struct {
		name, unit string
		want       float64
	}{{model.AttrResistance, "Ω", 10e3}, {model.AttrTolerance, "%", 1}, {model.AttrPower, "W", 0.1}, {model.AttrVoltage, "V", 75}} {
		if v := number(t, r, c.name, c.unit); !near(v, c.want) {
			t.Errorf("RES-0000-1004 %s = %v, want %v", c.name, v, c.want)
		}
	}
	if text(r, model.AttrValue) != "10K" || text(r, model.AttrFootprint) != "Resistor_SMD:R_0603_1608Metric" ||
		text(r, model.AttrLibPart) != "Device:R_US" || !strings.HasPrefix(text(r, "datasheet"), "https://www.yageo.com/") {
		t.Errorf("RES-0000-1004 texts: %+v", r.Attributes)
	}
	if v := number(t, items["RES-0008-8R3m"], model.AttrResistance, "Ω"); !near(v, 8.3e-3) {
		t.Errorf("RES-0008-8R3m: %v Ω", v)
	}
	if a := attr(items["RES-0002-010m"], model.AttrResistance); a.Kind != model.Enum || a.Raw != "10 miliohm" {
		t.Errorf("RES-0002-010m resistance: %+v", a)
	}
	fam := items["RES-0000"]
	if fam.Name != "RES-0000 0603" || text(fam, model.AttrFootprint) != "Resistor_SMD:R_0603_1608Metric" {
		t.Errorf("RES-0000: %+v", fam)
	}
	if _, ok := fam.Attr(model.AttrResistance); ok {
		t.Error("RES-0000 has a resistance")
	}
	zener := items["DIO-0001-04V7"]
	if p, v := number(t, zener, model.AttrPower, "W"), number(t, zener, model.AttrVoltage, "V"); p != 0.2 || v != 4.7 {
		t.Errorf("DIO-0001-04V7: %v W %v V", p, v)
	}
	if _, ok := zener.Attr(model.AttrCurrent); ok {
		t.Error("DIO-0001-04V7 has a current")
	}
	if a := attr(items["REG-0000-0005"], model.AttrVoltage); a.Kind != model.Enum || a.Text != "ADJ" {
		t.Errorf("REG-0000-0005 voltage: %+v", a)
	}
	osc := items["OSC-0001-0256"]
	if f, c := number(t, osc, model.AttrFrequency, "Hz"), number(t, osc, "load_capacitance", "F"); f != 25e6 || !near(c, 18e-12) {
		t.Errorf("OSC-0001-0256: %v Hz, %v F", f, c)
	}
	if a, _ := osc.Attr("stability"); a.Kind != model.Enum || a.Text != "30ppm" {
		t.Errorf("OSC-0001-0256 stability: %+v", a)
	}
	if w := number(t, items["OPT-0002-0001"], "wavelength", "m"); !near(w, 573e-9) {
		t.Errorf("OPT-0002-0001 wavelength %v", w)
	}
	asy := items["ASY-0001-0001"]
	if asy.Level != model.LevelModule || asy.Name != "ASY-0001-0001" || asy.Class != "Made/Assemblies" {
		t.Errorf("ASY-0001-0001: %+v", asy)
	}
}

func TestTestdata(t *testing.T) {
	cap := byExternalID(t, parse(t, filepath.Join("testdata", "g-cap.csv")))
	c := cap["CAP-0000-0104"]
	if len(c.Manufacturers) != 2 || c.Manufacturers[0] != (model.ManufacturerPart{Manufacturer: "Yageo", MPN: "CC0603KRX7R9BB104"}) ||
		c.Manufacturers[1].MPN != "GCM188R71H104KA57D" || c.Name != "CC0603KRX7R9BB104" {
		t.Errorf("CAP-0000-0104 sources: %s %v", c.Name, c.Manufacturers)
	}
	if v, u := number(t, c, model.AttrCapacitance, "F"), number(t, c, model.AttrVoltage, "V"); !near(v, 0.1e-6) || u != 50 {
		t.Errorf("CAP-0000-0104: %v F %v V", v, u)
	}
	if text(c, model.AttrDielectric) != "X7R" || text(c, model.AttrMaterial) != "X7R" || c.Class != model.ClassCapacitors {
		t.Errorf("CAP-0000-0104: %+v", c)
	}
	if !strings.Contains(text(c, "datasheet"), "YAGEO") {
		t.Errorf("CAP-0000-0104 datasheet %q: want the first source's", text(c, "datasheet"))
	}
	if a := attr(cap["CAP-0014-0101"], model.AttrDielectric); a.Text != "C0G" || a.Raw != "C0G/NPO" {
		t.Errorf("CAP-0014-0101 dielectric %+v", a)
	}
	if f := cap["CAP-0000"]; f.Name != "CAP-0000 50V 0603 X7R" || f.Description != "50V 0603 X7R" || f.Class != model.ClassCapacitors {
		t.Errorf("CAP-0000: %+v", f)
	}
	ind := byExternalID(t, parse(t, filepath.Join("testdata", "g-ind.csv")))
	bead := ind["IND-0002-0900"]
	if z := number(t, bead, "impedance", "Ω"); z != 90 {
		t.Errorf("IND-0002-0900 impedance %v", z)
	}
	for _, name := range []string{model.AttrInductance, model.AttrValue} {
		if a, ok := bead.Attr(name); ok {
			t.Errorf("IND-0002-0900 %s = %+v", name, a)
		}
	}
	if l := ind["IND-0000-0104"]; !near(number(t, l, model.AttrInductance, "H"), 22e-6) || text(l, model.AttrValue) != "22uH" {
		t.Errorf("IND-0000-0104: %+v", l.Attributes)
	}
}

func TestRead(t *testing.T) {
	data := readFile(t, filepath.Join("testdata", "g-ind.csv"))
	fsys := fstest.MapFS{"parts/g-ind.csv": {Data: data}}
	in := pdm.Input{FS: fsys, Path: "parts/g-ind.csv", Head: data[:min(len(data), pdm.HeadSize)], Display: "parts/g-ind.csv", Name: "g-ind.csv"}
	f := gitplm.Format{}
	if f.Name() != "gitplm" || !f.Detect(in) {
		t.Fatal("name or detection")
	}
	b, err := f.Read(context.Background(), in, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Origin != "parts/g-ind.csv" || len(b.Items) != 22 {
		t.Errorf("origin %q, %d items", b.Origin, len(b.Items))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Read(ctx, in, pdm.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		path, head string
		want       bool
	}{
		{"g-cap.csv", "IPN,MPN,Manufacturer,Description\nCAP-0000-0102,X,Y,Z\n", true},
		{"g-fan.csv", `"IPN","MPN","Manufacturer","Description","Datasheet"` + "\n", true},
		{"g-asy.csv", "IPN,Description\r\nASY-0001-0001,Fan assembly\r\n", true},
		{"partmaster.csv", "\uFEFFIPN;Description;Footprint;Value;Manufacturer;MPN;Datasheet;Priority\n", true},
		{"parts.CSV", "ipn\tmpn\n", true},
		{"mine.csv", "IPN , Manufacturer Part Number,Mfr\n", true},
		{"ASY-001-0000.csv", "IPN;Qty;MPN;Manufacturer;Ref;Value;Cmp name;Footprint;Description\n", false},
		{"bom.csv", "IPN,Qnty,MPN\n", false},
		{"g-cap.txt", "IPN,MPN,Description\n", false},
		{"only.csv", "IPN\nCAP-0000-0001\n", false},
		{"other.csv", "Reference,Value,Footprint\nR1,10k,R_0603\n", false},
		{"mpnfirst.csv", "MPN,IPN,Description\n", false},
		{"ipnx.csv", "IPNs,MPN,Description\n", false},
		{"empty.csv", "", false},
	} {
		in := pdm.Input{Path: c.path, Head: []byte(c.head), Display: c.path}
		if got := (gitplm.Format{}).Detect(in); got != c.want {
			t.Errorf("Detect(%s, %q) = %v, want %v", c.path, c.head, got, c.want)
		}
	}
	if (gitplm.Format{}).Detect(pdm.Input{Path: "database", Dir: true}) {
		t.Error("a folder detected")
	}
}
