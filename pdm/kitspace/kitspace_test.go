package kitspace_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/kitspace"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// realFile returns the path of the full scrape, or skips the test.
func realFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "data", "osh-datasets", "data", "kitspace_results.json")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared data not found at %s: %v", path, err)
	}
	return path
}

func excerpt(t *testing.T) []byte {
	return readFile(t, filepath.Join("testdata", "kitspace_excerpt.json"))
}

// validBatch reports what breaks the reader contract (see pdm.Check).
func validBatch(b *model.Batch) error { return pdm.Check(b) }

// find returns the project's edge to the part with external id ext.
func find(t *testing.T, b *model.Batch, project, ext string) (model.Item, model.Edge) {
	t.Helper()
	pid, cid := model.NewID("kitspace", project), model.NewID("kitspace", ext)
	for _, e := range b.Edges {
		if e.Parent == pid && e.Child == cid {
			for _, it := range b.Refs {
				if it.ID == cid {
					return it, e
				}
			}
		}
	}
	t.Fatalf("%s does not use %s", project, ext)
	return model.Item{}, model.Edge{}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, head string
		want       bool
	}{
		{"k.json", `{"timestamp": "x", "total_projects": 1, "scraped_data": []}`, true},
		{"k.json", "\uFEFF{\n \"scraped_data\": [{\"url\": \"https://kitspace.org/a/b\"}]", true},
		{"k.JSON", `{"scraped_data": [], "total_projects": 0}`, true},
		{"k.json", `{"scraped_data": []}`, false},
		{"k.json", `{"timestamp": "x", "total_projects": 197, "projects": []}`, false},
		{"k.json", `[{"scraped_data": 1, "total_projects": 1}]`, false},
		{"k.txt", `{"scraped_data": [], "total_projects": 0}`, false},
	}
	for _, tt := range tests {
		in := pdm.Input{Path: tt.name, Head: []byte(tt.head), Display: tt.name}
		if got := (kitspace.Format{}).Detect(in); got != tt.want {
			t.Errorf("Detect(%s, %q) = %v, want %v", tt.name, tt.head, got, tt.want)
		}
	}
	data := excerpt(t)
	if !(kitspace.Format{}).Detect(pdm.Input{Path: "kitspace_excerpt.json", Head: data[:pdm.HeadSize]}) {
		t.Error("the excerpt is not detected")
	}
}

func TestParseExcerpt(t *testing.T) {
	b, sum, err := kitspace.ParseSummary("kitspace_excerpt.json", excerpt(t), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := validBatch(b); err != nil {
		t.Fatal(err)
	}
	want := kitspace.Summary{Projects: 4, WithBOM: 2, WithoutBOM: 2, Lines: 58, SkippedLines: 3}
	if sum != want {
		t.Errorf("summary %+v, want %+v", sum, want)
	}
	if len(b.Items) != 2 || len(b.Edges) != 20+15 {
		t.Errorf("%d products, %d edges; want 2 and 35", len(b.Items), len(b.Edges))
	}
	p := b.Items[0]
	if p.Name != "8BitmixtapeNEO_BerlinerSchule_SZ-RDY" || p.Level != model.LevelProduct ||
		!strings.HasPrefix(p.Description, "The key feature of the new 8Bit Mixtape") {
		t.Errorf("product = %+v", p)
	}
	if u, _ := p.Attr(kitspace.AttrURL); u.Text != "https://kitspace.org/8BitMixtape/8BitmixtapeNEO_BerlinerSchule_SZ-RDY" {
		t.Errorf("url = %+v", u)
	}
	checkMixtape(t, b)
	esp := "ESPTINY86_MixtapePCB"
	// A line without an MPN is keyed by its description.
	ic, e := find(t, b, esp, "desc:cmos 4051")
	if ic.Name != "CMOS 4051" || !slices.Equal(e.RefDes, []string{"IC1"}) || len(ic.Manufacturers) != 0 {
		t.Errorf("IC1 = %+v %+v", ic, e)
	}
	// The stated quantity is kept when it disagrees with the designators;
	// free-text references are kept whole.
	_, e = find(t, b, esp, "mpn:RC1206FR-071KL")
	if e.Quantity != 3 || !slices.Equal(e.RefDes, []string{"R5", "R6"}) {
		t.Errorf("RC1206FR-071KL: %+v", e)
	}
	_, e = find(t, b, esp, "mpn:AA3528SURSK")
	if e.Quantity != 1 || !slices.Equal(e.RefDes, []string{"LED Power (red)"}) {
		t.Errorf("AA3528SURSK: %+v", e)
	}
}

// checkMixtape spot-checks the first project of the scrape.
func checkMixtape(t *testing.T, b *model.Batch) {
	t.Helper()
	part, e := find(t, b, "8BitmixtapeNEO_BerlinerSchule_SZ-RDY", "mpn:RC1206FR-074K7L")
	if e.Quantity != 2 || !slices.Equal(e.RefDes, []string{"R1", "R2"}) {
		t.Errorf("edge = %+v, want R1, R2", e)
	}
	v, _ := part.Attr(model.AttrValue)
	if part.Name != "RC1206FR-074K7L" || part.Description != "4.7K 1206" || v.Text != "4.7K 1206" ||
		!slices.Equal(part.Manufacturers, []model.ManufacturerPart{{Manufacturer: "Yageo", MPN: "RC1206FR-074K7L"}}) ||
		!slices.Equal(part.Suppliers, []model.SupplierPart{{Supplier: "Digikey", SKU: "311-4.70KFRCT-ND"}, {Supplier: "Mouser", SKU: "603-RC1206FR-074K7L"}}) {
		t.Errorf("part = %+v", part)
	}
}

// scrape is the file as the tests read it, independently of the reader.
type scrape struct {
	Total int `json:"total_projects"`
	Data  []struct {
		Name string `json:"project_name"`
		BOM  []struct {
			Quantity    float64 `json:"quantity"`
			Description string  `json:"description"`
			MPN         string  `json:"mpn"`
		} `json:"bill_of_materials"`
	} `json:"scraped_data"`
}

func TestRealFile(t *testing.T) {
	path := realFile(t)
	data := readFile(t, path)
	var s scrape
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	withBOM, lines, skipped, qty := 0, 0, 0, 0.0
	for _, p := range s.Data {
		if len(p.BOM) > 0 {
			withBOM++
		}
		for _, l := range p.BOM {
			lines++
			if strings.TrimSpace(l.MPN) == "" && strings.TrimSpace(l.Description) == "" {
				skipped++
				continue
			}
			qty += l.Quantity
		}
	}
	// The counts SOURCES.md states, checked against the file.
	if len(s.Data) != 197 || s.Total != 197 || withBOM != 176 || lines != 3285 {
		t.Fatalf("the file has %d projects (%d stated), %d with a BOM, %d lines", len(s.Data), s.Total, withBOM, lines)
	}
	if !(kitspace.Format{}).Detect(pdm.Input{Path: filepath.Base(path), Head: data[:pdm.HeadSize]}) {
		t.Error("not detected")
	}
	b, sum, err := kitspace.ParseSummary(path, data, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := validBatch(b); err != nil {
		t.Fatal(err)
	}
	want := kitspace.Summary{Projects: 197, WithBOM: 176, WithoutBOM: 21, Lines: 3285, SkippedLines: skipped}
	if sum != want {
		t.Errorf("summary %+v, want %+v", sum, want)
	}
	if len(b.Items) != 176 {
		t.Errorf("%d products, want 176", len(b.Items))
	}
	got := 0.0
	for _, e := range b.Edges {
		got += e.Quantity
	}
	if got != qty {
		t.Errorf("edges sum to %v pieces, the kept lines to %v", got, qty)
	}
	checkMixtape(t, b)
	t.Logf("%d products, %d parts, %d edges, %d lines skipped", len(b.Items), len(b.Refs), len(b.Edges), skipped)
}

func TestRead(t *testing.T) {
	data := excerpt(t)
	in := pdm.Input{FS: fstest.MapFS{"k/x.json": {Data: data}}, Path: "k/x.json", Head: data[:pdm.HeadSize], Display: "k/x.json"}
	f := kitspace.Format{}
	if f.Name() != "kitspace" || !f.Detect(in) {
		t.Fatal("not detected")
	}
	b, err := f.Read(t.Context(), in, pdm.Options{})
	if err != nil || b.Origin != "k/x.json" || len(b.Items) != 2 {
		t.Fatalf("Read = %+v, %v", b, err)
	}
}

func TestDuplicateNames(t *testing.T) {
	doc := `{"scraped_data": [
	 {"url": "https://kitspace.org/a/x", "project_name": "x", "bill_of_materials": [{"reference": "R1", "quantity": 0, "mpn": "A"}]},
	 {"url": "https://kitspace.org/b/x", "project_name": "x", "bill_of_materials": [{"reference": "R1, R2", "mpn": "A"}]},
	 {"project_name": "x", "bill_of_materials": [{"reference": "-", "quantity": "3", "description": " Some  Part "}]}]}`
	b, err := kitspace.Parse("d.json", []byte(doc), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range b.Items {
		ids = append(ids, it.Source.ExternalID)
	}
	if want := []string{"x", "b/x", "x#2"}; !slices.Equal(ids, want) {
		t.Errorf("ids %q, want %q", ids, want)
	}
	// Missing quantities: the number of designators, else 1.
	if _, e := find(t, b, "x", "mpn:A"); e.Quantity != 1 {
		t.Errorf("x: %+v", e)
	}
	if _, e := find(t, b, "b/x", "mpn:A"); e.Quantity != 2 {
		t.Errorf("b/x: %+v", e)
	}
	if p, e := find(t, b, "x#2", "desc:some part"); e.Quantity != 3 || e.RefDes != nil || p.Name != "Some Part" {
		t.Errorf("x#2: %+v %+v", p, e)
	}
}

func TestMalformed(t *testing.T) {
	data := excerpt(t)
	lineAt := func(off int) int { return bytes.Count(data[:off], []byte("\n")) + 1 }
	typed := bytes.Replace(data, []byte(`"bill_of_materials": [`), []byte(`"bill_of_materials": 7, "x": [`), 1)
	typedAt := bytes.Index(typed, []byte(`"bill_of_materials": 7`))
	objQty := bytes.Replace(data, []byte(`"quantity": 1,`), []byte(`"quantity": {"n": 1},`), 1)
	// The error is placed at the start of the BOM line holding it.
	bomAt := bytes.Index(objQty, []byte(`"bill_of_materials": [`))
	lineStart := bomAt + bytes.IndexByte(objQty[bomAt+1:], '{') + 1
	tests := []struct {
		name  string
		data  []byte
		line  int
		field string
	}{
		{"cut1", data[:1000], lineAt(1000), ""},
		{"cut2", data[:len(data)/2], lineAt(len(data) / 2), ""},
		{"cut3", data[:len(data)-3], lineAt(len(data) - 3), ""},
		{"comma", []byte("{\"scraped_data\": [\n{},\n]}"), 3, ""},
		{"array", []byte(`[{"scraped_data": []}]`), 1, ""},
		{"none", []byte("{\n\"projects\": []\n}"), 1, "scraped_data"},
		{"object", []byte("{\n\"scraped_data\": {}\n}"), 2, "scraped_data"},
		{"bom type", typed, bytes.Count(typed[:typedAt], []byte("\n")) + 1, "scraped_data[0].bill_of_materials"},
		{"quantity type", objQty, bytes.Count(objQty[:lineStart], []byte("\n")) + 1, "scraped_data[0].bill_of_materials[0].quantity"},
		{"nameless", []byte("{\"scraped_data\": [\n{\"bill_of_materials\": [{\"mpn\": \"A\"}]}]}"), 2, "scraped_data[0].project_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := kitspace.Parse("k.json", tt.data, pdm.Options{})
			var me *model.Error
			if !errors.As(err, &me) {
				t.Fatalf("Parse = %v, %v; want a *model.Error", b, err)
			}
			if me.File != "k.json" || me.Line != tt.line || me.Field != tt.field || me.Code != model.Invalid {
				t.Errorf("error %q at line %d field %q, want line %d field %q", me, me.Line, me.Field, tt.line, tt.field)
			}
			if b != nil {
				t.Error("a batch came with the error")
			}
		})
	}
}

func TestSplitRefs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"R1", []string{"R1"}},
		{"R1, R2", []string{"R1", "R2"}},
		{"C1 C2;C3", []string{"C1", "C2", "C3"}},
		{"LED Power (red)", []string{"LED Power (red)"}},
		{"D1 mini Pro", []string{"D1 mini Pro"}},
		{"(opt) C5, R1,R1", []string{"(opt) C5", "R1"}},
		{"-", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := kitspace.SplitRefs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SplitRefs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
