package kicad_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/kicad"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func detect(path string, data []byte) bool {
	head := data[:min(len(data), pdm.HeadSize)]
	return kicad.Format{}.Detect(pdm.Input{Path: filepath.Base(path), Head: head, Display: path})
}

// checkBatch stamps what ingest would and checks every item validates and
// every edge joins a product in the items to an item of the batch.
func checkBatch(t *testing.T, b *model.Batch) {
	t.Helper()
	if err := validBatch(b); err != nil {
		t.Fatal(err)
	}
}

// validBatch reports what breaks the reader contract (see pdm.Check).
func validBatch(b *model.Batch) error { return pdm.Check(b) }

// usage is what a product's edge to a part says, found by the part's
// external id.
type usage struct {
	part model.Item
	edge model.Edge
}

func usages(b *model.Batch) map[string]usage {
	parts := map[model.ItemID]model.Item{}
	for _, it := range b.Refs {
		parts[it.ID] = it
	}
	out := map[string]usage{}
	for _, e := range b.Edges {
		p := parts[e.Child]
		out[p.Source.ExternalID] = usage{p, e}
	}
	return out
}

// fittedRefs is the set of designators the batch's edges name.
func fittedRefs(b *model.Batch) []string {
	var refs []string
	for _, e := range b.Edges {
		for _, r := range e.RefDes {
			if !slices.Contains(refs, r) {
				refs = append(refs, r)
			}
		}
	}
	slices.Sort(refs)
	return refs
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, head string
		want       bool
	}{
		{"a.xml", `<?xml version="1.0" encoding="UTF-8"?>` + "\n<export version=\"D\">\n", true},
		{"a.XML", "\uFEFF<!-- exported -->\n<?pi x?>\n<export version=\"E\">", true},
		{"a.xml", `<export>`, true},
		{"a.xml", `<exporter version="D">`, false},
		{"a.xml", `<?xml version="1.0"?><gesmes:Envelope>`, false},
		{"a.xml", `<?xml version="1.0"`, false},
		{"a.net", `<export version="D">`, false},
		{"a.csv", "manf#,\nX1,\n", true},
		{"a.csv", "manf#;refs\r\n9551667812741;J6\r\n", true},
		{"a.csv", "Manf#", true},
		{"a.csv", "manf#x,refs\n", false},
		{"a.csv", "A759MW157M1JAAE048, A1\n", false},
		{"a.csv", "Reference,Value,manf#\n", false},
		{"a.json", `{"manf#": 1}`, false},
	}
	for _, tt := range tests {
		in := pdm.Input{Path: tt.name, Head: []byte(tt.head), Display: tt.name}
		if got := (kicad.Format{}).Detect(in); got != tt.want {
			t.Errorf("Detect(%s, %q) = %v, want %v", tt.name, tt.head, got, tt.want)
		}
	}
	if (kicad.Format{}).Detect(pdm.Input{Path: "dir.xml", Dir: true}) {
		t.Error("Detect took a folder")
	}
}

func TestParseTestdata(t *testing.T) {
	tests := []struct {
		file                       string
		product, description       string
		components, skipped, parts int
		check                      func(t *testing.T, b *model.Batch)
	}{
		{"StickIt-Hat.xml", "StickIt-Hat", "StickIt! Motherboard / Raspberry Pi B+ Hat", 33, 0, 17, checkStickItHat},
		{"subparts.xml", "subparts", "KiCost subparts test", 9, 0, 11, checkSubparts},
		{"variants_3.xml", "kibom-variant_modified_kicost", "KiBom Variants 3", 5, 3, 5, checkVariants},
		{"part_list_small.csv", "part_list_small", "", 10, 0, 8, checkPartList},
		{"part_list_small_nohdr.csv", "part_list_small_nohdr", "", 10, 0, 8, checkPartListRefs},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			b, st, err := kicad.ParseStats(path, readFile(t, path), pdm.Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkBatch(t, b)
			if len(b.Items) != 1 {
				t.Fatalf("items = %d, want the one product", len(b.Items))
			}
			p := b.Items[0]
			if p.Level != model.LevelProduct || p.Source.ExternalID != tt.product || p.Description != tt.description {
				t.Errorf("product = %s %q %q, want product %q %q", p.Level, p.Source.ExternalID, p.Description, tt.product, tt.description)
			}
			if p.ID != model.NewID("kicad", tt.product) || b.Origin != path {
				t.Errorf("product id %s, origin %q", p.ID, b.Origin)
			}
			if st.Components != tt.components || st.Skipped != tt.skipped || st.Parts != tt.parts {
				t.Errorf("stats = %+v, want %d components, %d skipped, %d parts", st, tt.components, tt.skipped, tt.parts)
			}
			if len(b.Refs) != tt.parts || len(b.Edges) != tt.parts {
				t.Errorf("%d refs, %d edges, want %d each", len(b.Refs), len(b.Edges), tt.parts)
			}
			tt.check(t, b)
		})
	}
}

// wantUse checks the product uses the part with external id ext.
func wantUse(t *testing.T, u map[string]usage, ext string, qty float64, refs ...string) model.Item {
	t.Helper()
	got, ok := u[ext]
	if !ok {
		t.Fatalf("no part %q among %v", ext, slices.Sorted(func(yield func(string) bool) {
			for k := range u {
				if !yield(k) {
					return
				}
			}
		}))
	}
	if got.edge.Quantity != qty || !slices.Equal(got.edge.RefDes, refs) {
		t.Errorf("%s: quantity %v refs %v, want %v %v", ext, got.edge.Quantity, got.edge.RefDes, qty, refs)
	}
	return got.part
}

func attr(it model.Item, name string) string {
	a, _ := it.Attr(name)
	return a.Text
}

func checkStickItHat(t *testing.T, b *model.Batch) {
	u := usages(b)
	jack := wantUse(t, u, "mpn:PJ-002A", 1, "CON1")
	// The description is the library part's: the component has none.
	if jack.Name != "PJ-002A" || attr(jack, model.AttrValue) != "BARREL_JACK" || jack.Description != "DC Barrel Jack" ||
		!slices.Equal(jack.Manufacturers, []model.ManufacturerPart{{MPN: "PJ-002A"}}) {
		t.Errorf("barrel jack = %#v", jack)
	}
	sw := wantUse(t, u, "mpn:RS-282G05A3-SMRT", 1, "SW1")
	if sw.Name != "RS-282G05A3-SM RT" || attr(sw, model.AttrFootprint) != "XESS:RS-282G05A3-SM_RT" ||
		attr(sw, model.AttrLibPart) != "device:SW_PUSH" {
		t.Errorf("switch = %+v", sw)
	}
	// kicost:manf# names the part of a component without a plain manf#.
	wantUse(t, u, "mpn:2553-2X6G", 1, "PM1")
	// Components without a part number group by symbol, value and footprint.
	j := wantUse(t, u, "sym:device:JUMPER|JUMPER|XESS:HDR_1x2", 8, "JP4", "JP5", "JP6", "JP7", "JP8", "JP9", "JP10", "TP1")
	if j.Name != "JUMPER" || len(j.Manufacturers) != 0 {
		t.Errorf("jumper = %+v", j)
	}
}

func checkSubparts(t *testing.T, b *model.Batch) {
	u := usages(b)
	// Q1 is a transistor and a heat sink; Q2 the transistor alone, HS1 the
	// heat sink alone.
	tr := wantUse(t, u, "mpn:2N2222APBFREE", 2, "Q1", "Q2")
	if tr.Description != "TRANS NPN 40V 0.8A TO-18" || !slices.Contains(tr.Suppliers, model.SupplierPart{Supplier: "Digikey", SKU: "1514-2N2222APBFREE-ND"}) {
		t.Errorf("transistor = %+v", tr)
	}
	hs := wantUse(t, u, "mpn:322400B00000G", 2, "HS1", "Q1")
	if hs.Manufacturers[0].Manufacturer != "Aavid" {
		t.Errorf("heat sink = %+v", hs)
	}
	// J1 is five parts, the third six times.
	wantUse(t, u, "mpn:0022232061", 1, "J1")
	wantUse(t, u, "mpn:0022012067", 1, "J1")
	crimp := wantUse(t, u, "mpn:08-50-0114", 6, "J1")
	if crimp.Description != "CONN 22-30AWG CRIMP TIN" || crimp.Suppliers[0].SKU != "WM1114-ND" {
		t.Errorf("crimp = %+v", crimp)
	}
	wantUse(t, u, "mpn:LA55-P", 1, "J1")
	wantUse(t, u, "mpn:LV25-P", 1, "J1")
	// Quantities per component: "CR0603-J/-000ELF:5" on R1, none on R4.
	wantUse(t, u, "mpn:CR0603-J/-000ELF", 6, "R1", "R4")
	wantUse(t, u, "mpn:CR0603-JW-101ELF", 4.5, "R2")
	wantUse(t, u, "mpn:CR0603-JW-104ELF", 0.8, "R3")
	wantUse(t, u, "sym:Device:R|0|", 1, "R5")
}

func checkVariants(t *testing.T, b *model.Batch) {
	want := []string{"C1", "C2", "C6", "C7", "C8"}
	if got := fittedRefs(b); !slices.Equal(got, want) {
		t.Errorf("fitted %v, want %v", got, want)
	}
	c1 := wantUse(t, usages(b), "sym::|1nF|", 1, "C1")
	if c1.Name != "1nF" || c1.Description != "Manf is defaultmanf, except when variant1" {
		t.Errorf("C1 = %+v", c1)
	}
}

func checkPartList(t *testing.T, b *model.Batch) {
	u := usages(b)
	wantUse(t, u, "mpn:UWX1C220MCL1GB", 2)
	wantUse(t, u, "mpn:A759MW157M1JAAE048", 1)
}

func checkPartListRefs(t *testing.T, b *model.Batch) {
	u := usages(b)
	wantUse(t, u, "mpn:UWX1C220MCL1GB", 2, "U1", "U2")
	wantUse(t, u, "mpn:UWT1H101MNL1GS", 2, "U3", "U4")
	wantUse(t, u, "mpn:A759MW157M1JAAE048", 1, "A1")
}

func TestProductOption(t *testing.T) {
	path := filepath.Join("testdata", "StickIt-Hat.xml")
	b, err := kicad.Parse(path, readFile(t, path), pdm.Options{Product: "HAT-100"})
	if err != nil {
		t.Fatal(err)
	}
	if p := b.Items[0]; p.ID != model.NewID("kicad", "HAT-100") || p.Name != "HAT-100" {
		t.Errorf("product = %+v", p)
	}
}

func TestRead(t *testing.T) {
	data := readFile(t, filepath.Join("testdata", "subparts.xml"))
	fsys := fstest.MapFS{"boms/subparts.xml": {Data: data}}
	in := pdm.Input{FS: fsys, Path: "boms/subparts.xml", Head: data[:pdm.HeadSize], Display: "boms/subparts.xml"}
	f := kicad.Format{}
	if f.Name() != "kicad" || !f.Detect(in) {
		t.Fatal("subparts.xml not detected")
	}
	b, err := f.Read(t.Context(), in, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Origin != "boms/subparts.xml" || len(b.Edges) != 11 {
		t.Errorf("origin %q, %d edges", b.Origin, len(b.Edges))
	}
}

func TestMalformed(t *testing.T) {
	hat := readFile(t, filepath.Join("testdata", "StickIt-Hat.xml"))
	tests := []struct {
		name  string
		data  []byte
		line  int
		field string
	}{
		{"test2.xml", readFile(t, filepath.Join("testdata", "test2.xml")), 35, ""},
		{"cut.xml", hat[:10000], bytes.Count(hat[:10000], []byte("\n")) + 1, ""},
		{"cut2.xml", hat[:len(hat)-20], bytes.Count(hat[:len(hat)-20], []byte("\n")) + 1, ""},
		{"noref.xml", []byte("<export version=\"D\">\n<components>\n<comp>\n<value>1k</value></comp>\n</components>\n</export>"), 3, "comp.ref"},
		{"nocomps.xml", []byte("<export version=\"D\">\n<design/>\n</export>\n"), 4, "components"},
		{"root.xml", []byte("<?xml version=\"1.0\"?>\n<kicad_netlist/>"), 2, "kicad_netlist"},
		{"two.xml", []byte("<export><components/></export>\n<export/>"), 2, "export"},
		{"entity.xml", []byte("<export>\n<components>&nbsp;</components></export>"), 2, ""},
		{"quote.csv", []byte("manf#,refs\nX1,R1\n\"X2,R2\n"), 3, ""},
		{"qty.csv", []byte("qty,manf#,refs\n2,X1,R1\nmany,X2,R2\n"), 3, "qty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := kicad.Parse(tt.name, tt.data, pdm.Options{})
			var me *model.Error
			if !errors.As(err, &me) {
				t.Fatalf("Parse = %v, %v; want a *model.Error", b, err)
			}
			if me.File != tt.name || me.Line != tt.line || me.Field != tt.field || me.Code != model.Invalid {
				t.Errorf("error %q at %s:%d field %q, want %s:%d field %q", me, me.File, me.Line, me.Field, tt.name, tt.line, tt.field)
			}
			if b != nil {
				t.Error("a batch came with the error")
			}
		})
	}
}

// xmlComp is a <comp> as the tests read it, independently of the reader.
type xmlComp struct {
	Ref    string `xml:"ref,attr"`
	Fields []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:",chardata"`
	} `xml:"fields>field"`
}

// countComponents counts the distinct components of a netlist and those
// not fitted in the default variant, with a plain reading of the DNP
// conventions found in the KiCost test files.
func countComponents(t *testing.T, data []byte) (total, notFitted int) {
	t.Helper()
	var doc struct {
		Comps []xmlComp `xml:"components>comp"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range doc.Comps {
		if seen[c.Ref] {
			continue
		}
		seen[c.Ref] = true
		total++
		if dnp(c) {
			notFitted++
		}
	}
	return total, notFitted
}

func dnp(c xmlComp) bool {
	for _, f := range c.Fields {
		name, v := strings.ToLower(strings.TrimSpace(f.Name)), strings.TrimSpace(f.Value)
		switch name {
		case "dnp", "nopop", "kicost:dnp", "kicost.default:dnp", "exclude from bom":
			if v != "" && v != "0" && v != "0.0" {
				return true
			}
		case "install":
			if strings.EqualFold(v, "n") {
				return true
			}
		case "variant", "version", "kicost:variant":
			if v != "" && !strings.Contains(strings.ToLower(v), "default") {
				return true
			}
		}
	}
	return false
}

// TestKiCostFiles reads every file of the KiCost test set.
func TestKiCostFiles(t *testing.T) {
	dir := shareddata.Dir(t, "kicost-test-boms", "kicad_xml_boms")
	malformed := map[string]int{"test.xml": 64, "test2.xml": 35}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	parsed, total, fitted := 0, 0, 0
	var csvDetected []string
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		data := readFile(t, path)
		switch {
		case strings.HasSuffix(name, ".csv"):
			if detect(path, data) {
				csvDetected = append(csvDetected, name)
			}
			if _, err := kicad.Parse(path, data, pdm.Options{}); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		case name == "currency_rates.xml":
			if detect(path, data) {
				t.Error("currency_rates.xml detected")
			}
			continue
		case !strings.HasSuffix(name, ".xml"):
			continue
		}
		if !detect(path, data) {
			t.Errorf("%s not detected", name)
		}
		b, st, err := kicad.ParseStats(path, data, pdm.Options{})
		if line, ok := malformed[name]; ok {
			var me *model.Error
			if !errors.As(err, &me) || me.File != path || me.Line != line {
				t.Errorf("%s: error %v, want one at %s:%d", name, err, path, line)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		parsed++
		if err := validBatch(b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		n, off := countComponents(t, data)
		total += n
		fitted += n - off
		if got := len(fittedRefs(b)); got != n-off || st.Components != n-off || st.Skipped != off {
			t.Errorf("%s: %d designators used, stats %+v; want %d fitted of %d", name, got, st, n-off, n)
		}
	}
	if parsed != 48 {
		t.Errorf("%d netlists read, want 48", parsed)
	}
	// SOURCES.md of the data set counts 4,162 components in the 48 files.
	if total != 4162 {
		t.Errorf("%d components, want 4162", total)
	}
	t.Logf("%d netlists, %d components, %d fitted", parsed, total, fitted)
	wantCSV := []string{"part_list_big.csv", "part_list_small.csv", "test_423.csv", "test_423_ok.csv", "test_423_wrong.csv"}
	if !slices.Equal(csvDetected, wantCSV) {
		t.Errorf("CSV detected %v, want %v", csvDetected, wantCSV)
	}
}

// TestOtherExports reads the KiCad exports found among the raw BOMs of
// osh-datasets, one of them of version E (KiCad 6+).
func TestOtherExports(t *testing.T) {
	dir := shareddata.Dir(t, "osh-datasets", "data", "raw", "github", "bom_cache")
	files := []struct {
		path    string
		version string
	}{
		{"dcooperdalrymple/arduino-midi-argb-dmx/hardware/color-spray-bom.xml", "E"},
		{"gary-peng/knobo/PCB/BOM.xml", "D"},
		{"pappavis/EasyLab-Atari-Punk-Console/KiCAD/Simple 555 Synth/Simple 555 Synth_BOM.xml", "D"},
	}
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.path))
		data := readFile(t, path)
		if !bytes.Contains(data[:200], []byte(`version="`+f.version+`"`)) || !detect(path, data) {
			t.Errorf("%s: not a detected version %s export", f.path, f.version)
		}
		b, st, err := kicad.ParseStats(path, data, pdm.Options{})
		if err != nil {
			t.Errorf("%s: %v", f.path, err)
			continue
		}
		checkBatch(t, b)
		n, off := countComponents(t, data)
		if st.Components != n-off || len(fittedRefs(b)) != n-off {
			t.Errorf("%s: stats %+v, want %d components", f.path, st, n-off)
		}
	}
}
