package kicadlib_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/kicadlib"
)

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkBatch checks the batch keeps the reader contract.
func checkBatch(t *testing.T, b *model.Batch) {
	t.Helper()
	if err := pdm.Check(b); err != nil {
		t.Fatal(err)
	}
	for _, it := range b.Items {
		if it.Level != model.LevelPart {
			t.Fatalf("%s: level %s, want part", it.Source, it.Level)
		}
	}
}

// read reads a library from the folder dir with Format.Read.
func read(t *testing.T, dir, name string) *model.Batch {
	t.Helper()
	fsys := os.DirFS(dir)
	data := readFile(t, filepath.Join(dir, name))
	in := pdm.Input{FS: fsys, Path: name, Head: data[:min(len(data), pdm.HeadSize)], Display: filepath.Join(dir, name), Name: name}
	if !(kicadlib.Format{}).Detect(in) {
		t.Fatalf("%s not detected", name)
	}
	b, err := kicadlib.Format{}.Read(context.Background(), in, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	return b
}

func byExt(b *model.Batch) map[string]model.Item {
	m := map[string]model.Item{}
	for _, it := range b.Items {
		m[it.Source.ExternalID] = it
	}
	return m
}

func attr(it model.Item, name string) string {
	a, _ := it.Attr(name)
	return a.Text
}

func TestDetect(t *testing.T) {
	tests := []struct {
		path, head string
		dir, want  bool
	}{
		{"dk_Memory.lib", "EESchema-LIBRARY Version 2.3\n#encoding utf-8\n", false, true},
		{"A.LIB", "\uFEFFEESchema-LIBRARY Version 2.4\n", false, true},
		{"x.kicad_sym", "(kicad_symbol_lib (version 20211014)", false, true},
		{"x.kicad_sym", "\n  (kicad_symbol_lib\n\t(version 20231120)", false, true},
		{"dk_Memory.dcm", "EESchema-DOCLIB  Version 2.0\n", false, false},
		{"libc.lib", "!<arch>\n", false, false},
		{"x.lib", "(kicad_symbol_lib", false, false},
		{"x.kicad_sym", "EESchema-LIBRARY Version 2.3", false, false},
		{"x.kicad_sch", "(kicad_sch (version 20211123)", false, false},
		{"x.kicad_mod", "(footprint \"R\"", false, false},
		{"lib.lib", "", true, false},
	}
	for _, tt := range tests {
		in := pdm.Input{Path: tt.path, Head: []byte(tt.head), Dir: tt.dir}
		if got := (kicadlib.Format{}).Detect(in); got != tt.want {
			t.Errorf("Detect(%q, %q) = %v, want %v", tt.path, tt.head, got, tt.want)
		}
	}
	if (kicadlib.Format{}).Name() != "kicadlib" {
		t.Error("Name")
	}
}

func TestReadTestdata(t *testing.T) {
	b := read(t, "testdata", "dk_Memory.lib")
	if len(b.Items) != 3 {
		t.Fatalf("%d items, want 3", len(b.Items))
	}
	parts := byExt(b)
	w := parts["dk_Memory:W25Q32JVSSIQ_TR"]
	want := model.Item{
		ID:            model.NewID("kicadlib", "dk_Memory:W25Q32JVSSIQ_TR"),
		Level:         model.LevelPart,
		Name:          "W25Q32JVSSIQ TR",
		Description:   "IC FLASH 32M SPI 133MHZ 8SOIC",
		Class:         "Electronics/Integrated Circuits (ICs)/Memory",
		Manufacturers: []model.ManufacturerPart{{Manufacturer: "Winbond Electronics", MPN: "W25Q32JVSSIQ TR"}},
		Suppliers:     []model.SupplierPart{{Supplier: "Digikey", SKU: "W25Q32JVSSIQCT-ND"}},
		Source:        model.SourceRef{System: "kicadlib", ExternalID: "dk_Memory:W25Q32JVSSIQ_TR"},
	}
	for _, a := range []struct{ n, v string }{
		{model.AttrValue, "W25Q32JVSSIQ_TR"},
		{model.AttrFootprint, "digikey-footprints:SOIC-8_W5.6mm"},
		{model.AttrKeywords, "W25Q32JVSSIQCT-ND SpiFlash®"},
		{kicadlib.AttrReferencePrefix, "U"},
		{kicadlib.AttrDatasheet, "http://www.winbond.com/resource-files/w25q32jv%20revg%2003272018%20plus.pdf"},
		{kicadlib.AttrURL, "https://www.digikey.com/product-detail/en/winbond-electronics/W25Q32JVSSIQ-TR/W25Q32JVSSIQCT-ND/7393546"},
		{kicadlib.AttrStatus, "Active"},
	} {
		want.SetAttr(model.TextAttr(a.n, a.v))
	}
	if !equalItems(w, want) {
		t.Errorf("got  %+v\nwant %+v", w, want)
	}
	if got := parts["dk_Memory:MR25H256CDC_NRND"]; got.Lifecycle != model.Deprecated || got.Name != "MR25H256CDC" {
		t.Errorf("NRND part: %s %q", got.Lifecycle, got.Name)
	}
	// Without the .dcm the description falls back to the Description
	// field and there are no keywords.
	data := readFile(t, filepath.Join("testdata", "dk_Memory.lib"))
	b, err := kicadlib.Parse("dk_Memory.lib", data, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	w = byExt(b)["dk_Memory:W25Q32JVSSIQ_TR"]
	if w.Description != "IC FLASH 32M SPI 133MHZ 8SOIC" || attr(w, model.AttrKeywords) != "" {
		t.Errorf("without .dcm: %q, keywords %q", w.Description, attr(w, model.AttrKeywords))
	}
}

func equalItems(a, b model.Item) bool {
	return a.ID == b.ID && a.Level == b.Level && a.Name == b.Name && a.Description == b.Description &&
		a.Class == b.Class && a.Lifecycle == b.Lifecycle && a.Source == b.Source &&
		slices.Equal(a.Attributes, b.Attributes) && slices.Equal(a.Manufacturers, b.Manufacturers) &&
		slices.Equal(a.Suppliers, b.Suppliers)
}

func TestHiddenValueNames(t *testing.T) {
	b := read(t, "testdata", "dk_Shunts-Jumpers.lib")
	parts := byExt(b)
	if len(parts) != 5 {
		t.Fatalf("%d parts, want 5", len(parts))
	}
	p, ok := parts["dk_Shunts-Jumpers:5100TR"]
	if !ok {
		t.Fatalf("no part 5100TR (DEF ~5100TR) in %v", slices.Collect(mapKeys(parts)))
	}
	if p.Name != "5100TR" || p.Description != "COMPACT SMT JUMPER" || attr(p, model.AttrKeywords) != "36-5100CT-ND" {
		t.Errorf("5100TR: %q %q %q", p.Name, p.Description, attr(p, model.AttrKeywords))
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestDigikeyLibraries reads all 150 real libraries with their .dcm files
// and checks every part against DERIVED_digikey_parts.csv, a flat table
// derived independently from the same files: one row per DEF (the
// libraries have no ALIAS lines), with the symbol name as written ("~"
// included).
func TestDigikeyLibraries(t *testing.T) {
	root := shareddata.Dir(t, "digikey-kicad-lib")
	dir := filepath.Join(root, "digikey-symbols")
	libs, err := filepath.Glob(filepath.Join(dir, "*.lib"))
	if err != nil {
		t.Fatal(err)
	}
	if len(libs) != 150 {
		t.Fatalf("%d libraries, want 150", len(libs))
	}
	parts := map[string]model.Item{}
	for _, l := range libs {
		b := read(t, dir, filepath.Base(l))
		if len(b.Items) == 0 {
			t.Errorf("%s: no parts", l)
		}
		for _, it := range b.Items {
			if _, dup := parts[it.Source.ExternalID]; dup {
				t.Errorf("%s: external id %s twice", l, it.Source.ExternalID)
			}
			parts[it.Source.ExternalID] = it
		}
	}
	rows := readCSV(t, filepath.Join(root, "DERIVED_digikey_parts.csv"))
	if len(parts) != len(rows) || len(rows) != 1073 {
		t.Fatalf("%d parts, %d rows in the CSV (want 1073)", len(parts), len(rows))
	}
	for _, r := range rows {
		checkRow(t, parts, r)
	}
}

func readCSV(t *testing.T, p string) []map[string]string {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows
}

// checkRow compares the part of one CSV row with the row.
func checkRow(t *testing.T, parts map[string]model.Item, r map[string]string) {
	t.Helper()
	ext := r["library"] + ":" + strings.TrimPrefix(r["symbol"], "~")
	p, ok := parts[ext]
	if !ok {
		t.Errorf("no part %s", ext)
		return
	}
	slug := func(s string) string { return strings.ReplaceAll(s, "/", "-") }
	lifecycle := map[string]model.Lifecycle{
		"Active": "", "Active NonStock": "", "Obsolete NonStock": model.Obsolete,
		"Not For New Designs": model.Deprecated, "Last Time Buy NonStock": model.Deprecated,
		"Discontinued at Digi-Key NonStock": model.Deprecated,
	}
	want, known := lifecycle[r["Status"]]
	checks := []struct {
		what      string
		got, want any
	}{
		{"name", p.Name, r["MPN"]},
		// The .dcm D line keeps the inch marks the Description field lost;
		// white space is collapsed.
		{"description", strings.ReplaceAll(p.Description, `"`, ""), strings.Join(strings.Fields(r["Description"]), " ")},
		{"class", string(p.Class), "Electronics/" + slug(r["Category"]) + "/" + slug(r["Family"])},
		{"manufacturers", p.Manufacturers, []model.ManufacturerPart{{Manufacturer: r["Manufacturer"], MPN: r["MPN"]}}},
		{"suppliers", p.Suppliers, []model.SupplierPart{{Supplier: "Digikey", SKU: r["Digi-Key_PN"]}}},
		{"value", attr(p, model.AttrValue), r["Value"]},
		{"footprint", attr(p, model.AttrFootprint), r["Footprint"]},
		{"reference", attr(p, kicadlib.AttrReferencePrefix), r["Reference"]},
		{"datasheet", attr(p, kicadlib.AttrDatasheet), strings.TrimSpace(r["Datasheet"])},
		{"url", attr(p, kicadlib.AttrURL), "https://www.digikey.com" + r["DK_Detail_Page"]},
		{"status", attr(p, kicadlib.AttrStatus), r["Status"]},
		{"lifecycle", p.Lifecycle, want},
		{"status known", known, true},
	}
	for _, c := range checks {
		if !equalAny(c.got, c.want) {
			t.Errorf("%s: %s = %v, want %v", ext, c.what, c.got, c.want)
		}
	}
	if p.ID != model.NewID("kicadlib", ext) || p.Source.System != "kicadlib" {
		t.Errorf("%s: id %s, source %s", ext, p.ID, p.Source)
	}
}

func equalAny(a, b any) bool {
	switch a := a.(type) {
	case []model.ManufacturerPart:
		return slices.Equal(a, b.([]model.ManufacturerPart))
	case []model.SupplierPart:
		return slices.Equal(a, b.([]model.SupplierPart))
	}
	return a == b
}

// TestDigikeySpotChecks checks parts picked by hand from the real files.
func TestDigikeySpotChecks(t *testing.T) {
	dir := filepath.Join(shareddata.Dir(t, "digikey-kicad-lib"), "digikey-symbols")
	tests := []struct {
		lib, ext, name, desc, keywords string
		class                          model.ClassPath
		lifecycle                      model.Lifecycle
	}{
		{"dk_Thermal-Cutoffs-Thermal-Fuses.lib", "dk_Thermal-Cutoffs-Thermal-Fuses:DFP10112", "DFP10112",
			"TCO 250VAC 139C(282F) RADIAL", "285-1901-ND", "Electronics/Circuit Protection/Thermal Cutoffs (Thermal Fuses)", ""},
		{"dk_Linear-Amplifiers-Instrumentation-OP-Amps-Buffer-Amps.lib",
			"dk_Linear-Amplifiers-Instrumentation-OP-Amps-Buffer-Amps:LM324N488_Obsolete", "LM324N",
			"IC OPAMP GP 4 CIRCUIT 14DIP", "LM324NFS-ND", "", model.Obsolete},
		{"dk_Balun.lib", "", "", "", "", "Electronics/RF-IF and RFID/Balun", ""},
		{"dk_Trimmer-Potentiometers.lib", "dk_Trimmer-Potentiometers:TC33X-2-103E", "TC33X-2-103E",
			"", "TC33X-103ETR-ND Trimpot® TC33 - Open Frame", "", ""},
	}
	for _, tt := range tests {
		b := read(t, dir, tt.lib)
		var p model.Item
		if tt.ext == "" {
			p = b.Items[0]
		} else {
			p = byExt(b)[tt.ext]
		}
		if tt.name != "" && p.Name != tt.name {
			t.Errorf("%s: name %q, want %q", tt.ext, p.Name, tt.name)
		}
		if tt.desc != "" && p.Description != tt.desc {
			t.Errorf("%s: description %q, want %q", tt.ext, p.Description, tt.desc)
		}
		if tt.keywords != "" && attr(p, model.AttrKeywords) != tt.keywords {
			t.Errorf("%s: keywords %q, want %q", tt.ext, attr(p, model.AttrKeywords), tt.keywords)
		}
		if tt.class != "" && p.Class != tt.class {
			t.Errorf("%s: class %q, want %q", tt.ext, p.Class, tt.class)
		}
		if p.Lifecycle != tt.lifecycle {
			t.Errorf("%s: lifecycle %q, want %q", tt.ext, p.Lifecycle, tt.lifecycle)
		}
	}
}

// TestReadWithoutDoc reads a .lib from a file system with no .dcm.
func TestReadWithoutDoc(t *testing.T) {
	data := readFile(t, filepath.Join("testdata", "dk_Memory.lib"))
	fsys := fstest.MapFS{"libs/dk_Memory.lib": {Data: data}}
	in := pdm.Input{FS: fsys, Path: "libs/dk_Memory.lib", Head: data[:pdm.HeadSize/4], Display: "libs/dk_Memory.lib"}
	b, err := kicadlib.Format{}.Read(context.Background(), in, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	if len(b.Items) != 3 || b.Origin != "libs/dk_Memory.lib" {
		t.Fatalf("%d items, origin %q", len(b.Items), b.Origin)
	}
	// A broken .dcm beside it is an error naming the .dcm.
	fsys["libs/dk_Memory.dcm"] = &fstest.MapFile{Data: []byte("EESchema-DOCLIB  Version 2.0\n$CMP X\nD x\n")}
	_, err = kicadlib.Format{}.Read(context.Background(), in, pdm.Options{})
	wantError(t, err, "libs/dk_Memory.dcm", 2, "$CMP")
}
