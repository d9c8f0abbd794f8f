package tabular

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/kicad"
)

// want describes one expected BOM line of a test file.
type wantLine struct {
	key    string // the part's external id
	qty    float64
	refdes string // joined by ","
	mpn    string // first manufacturer part, "Manufacturer/MPN"
	sku    string // first supplier part, "Supplier/SKU"
}

// TestParseTestdata reads the real files copied into testdata/ (see
// testdata/SOURCES.md), one per container and encoding.
func TestParseTestdata(t *testing.T) {
	tests := []struct {
		file   string
		header int // line of the header
		edges  int
		lines  []wantLine
	}{{
		file: "kicad_grouped.csv", header: 9, edges: 2,
		lines: []wantLine{{key: "line:led|monolito:led_tht__led_d3.0mm|", qty: 8, refdes: "D0,D1,D2,D3,D4,D5,D6,D7"}},
	}, {
		file: "easyeda_utf16.tsv", header: 1, edges: 5,
		lines: []wantLine{
			{key: "mpn:K2-1102AQ-C4CW-01", qty: 1, refdes: "RESET", mpn: "HRO/K2-1102AQ-C4CW-01", sku: "LCSC/C127680"},
			{key: "line:100n|ceramic-5.08|", qty: 1, refdes: "C1"}, // MPN "?" is a placeholder
		},
	}, {
		file: "kicad_pcbnew_semicolon.csv", header: 1, edges: 9,
		lines: []wantLine{{key: "line:hole_3.2mm|hole_3.2mm|", qty: 4, refdes: "H4,H1,H3,H2"}},
	}, {
		file: "jlcpcb.xlsx", header: 1, edges: 6,
		lines: []wantLine{{key: "line:1k|0805|", qty: 2, refdes: "R1,R3", sku: "LCSC/C17513"}},
	}, {
		file: "nixie.ods", header: 1, edges: 17,
		lines: []wantLine{{key: "mpn:EMK325BJ476MM-T", qty: 4, refdes: "C2,C3,C4,C5", mpn: "Taiyo Yuden/EMK325BJ476MM-T"}},
	}, {
		file: "pulse.xls", header: 1, edges: 8,
		lines: []wantLine{{key: "mpn:MM3Z5V1C", qty: 2, refdes: "D1,D2", mpn: "Fairchild Semiconductor/MM3Z5V1C",
			sku: "Digi-Key/MM3Z5V1CCT-ND"}},
	}}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			name := "testdata/" + tt.file
			b, rep, err := parse(name, name, data, pdm.Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkBatch(t, tt.file, b)
			if rep.layout.line != tt.header {
				t.Errorf("header at line %d, want %d", rep.layout.line, tt.header)
			}
			if len(b.Edges) != tt.edges {
				t.Errorf("%d edges, want %d", len(b.Edges), tt.edges)
			}
			prod := b.Items[0]
			// The path identifies the product (bom.csv and bom.xlsx side
			// by side are two); without its extension it names it.
			if want := strings.TrimSuffix(name, filepath.Ext(name)); prod.Source.ExternalID != name || prod.Name != want {
				t.Errorf("product %q named %q, want %q named %q", prod.Source.ExternalID, prod.Name, name, want)
			}
			for _, w := range tt.lines {
				checkLine(t, b, w)
			}
		})
	}
}

func checkLine(t *testing.T, b *model.Batch, w wantLine) {
	t.Helper()
	id := model.NewID(System, w.key)
	i := slices.IndexFunc(b.Refs, func(it model.Item) bool { return it.ID == id })
	if i < 0 {
		t.Errorf("no part %q", w.key)
		return
	}
	part := b.Refs[i]
	if part.Source != (model.SourceRef{System: System, ExternalID: w.key}) || part.Level != model.LevelPart {
		t.Errorf("part %q: source %v level %s", w.key, part.Source, part.Level)
	}
	e := b.Edges[slices.IndexFunc(b.Edges, func(e model.Edge) bool { return e.Child == id })]
	if e.Quantity != w.qty || strings.Join(e.RefDes, ",") != w.refdes {
		t.Errorf("part %q: quantity %v refdes %v, want %v %s", w.key, e.Quantity, e.RefDes, w.qty, w.refdes)
	}
	if w.mpn != "" && (len(part.Manufacturers) == 0 ||
		part.Manufacturers[0].Manufacturer+"/"+part.Manufacturers[0].MPN != w.mpn) {
		t.Errorf("part %q: manufacturers %v, want %s", w.key, part.Manufacturers, w.mpn)
	}
	if w.sku != "" && (len(part.Suppliers) == 0 || part.Suppliers[0].Supplier+"/"+part.Suppliers[0].SKU != w.sku) {
		t.Errorf("part %q: suppliers %v, want %s", w.key, part.Suppliers, w.sku)
	}
}

// TestReadAndDetect goes through the Format interface with a file system.
func TestReadAndDetect(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, f := range []string{"kicad_grouped.csv", "easyeda_utf16.tsv", "jlcpcb.xlsx", "nixie.ods", "pulse.xls"} {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		fsys["boards/"+f] = &fstest.MapFile{Data: data}
	}
	fsys["boards/kicost.csv"] = &fstest.MapFile{Data: []byte("manf#,refs\nGRM155R71C104KA88J,C1\n")}
	fsys["boards/pos.csv"] = &fstest.MapFile{Data: []byte("Designator,Val,Package,Mid X,Mid Y,Rot,Side\nR1,10k,R0603,1,2,90,top\n")}
	fsys["boards/notes.csv"] = &fstest.MapFile{Data: []byte("name,age\nann,3\n")}
	fsys["boards/bom.xml"] = &fstest.MapFile{Data: []byte("<export><components/></export>")}
	fsys["boards/fake.xlsx"] = &fstest.MapFile{Data: []byte("Reference,Value\nR1,10k\n")}
	detect := map[string]bool{
		"kicad_grouped.csv": true, "easyeda_utf16.tsv": true, "jlcpcb.xlsx": true, "nixie.ods": true,
		"pulse.xls": true, "kicost.csv": false, "pos.csv": false, "notes.csv": false, "bom.xml": false,
		"fake.xlsx": false,
	}
	f := Format{}
	for name, want := range detect {
		p := "boards/" + name
		data := fsys[p].Data
		in := pdm.Input{FS: fsys, Path: p, Head: data[:min(len(data), pdm.HeadSize)], Display: p}
		if got := f.Detect(in); got != want {
			t.Errorf("Detect(%s) = %v, want %v", name, got, want)
		}
		if !want {
			continue
		}
		b, err := f.Read(context.Background(), in, pdm.Options{Product: "demo-" + name})
		if err != nil {
			t.Errorf("Read(%s): %v", name, err)
			continue
		}
		if b.Items[0].Source.ExternalID != "demo-"+name || b.Items[0].ID != model.NewID("bom", "demo-"+name) {
			t.Errorf("Read(%s): product %v", name, b.Items[0].Source)
		}
	}
	if f.Detect(pdm.Input{Path: "boards", Dir: true}) {
		t.Error("Detect claims a folder")
	}
}

// TestRejections checks the reason classes of files that are not BOMs.
func TestRejections(t *testing.T) {
	xlsx, err := os.ReadFile(filepath.Join("testdata", "jlcpcb.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	encrypted := append(append([]byte{}, oleMagic...), make([]byte, 600)...)
	encrypted = append(encrypted, encryptedStream...)
	tests := []struct {
		name, data, reason string
		opt                pdm.Options
	}{
		{"empty.csv", "", "empty file", pdm.Options{}},
		{"blank.csv", " \n\n\t\n", "empty file", pdm.Options{}},
		{"lfs.csv", "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n", "unreadable: git-lfs pointer", pdm.Options{}},
		{"pos.csv", "Designator,Val,Package,Mid X,Mid Y,Rot,Side\nR1,10k,R0603,1,2,90,top\n", "not a BOM: pick-and-place file", pdm.Options{}},
		{"notes.csv", "name,age\nann,3\nbob,4\n", "not a BOM: no header row", pdm.Options{}},
		{"headless.csv", "R1,10k,0603\nR2,1k,0603\n", "not a BOM: no header row", pdm.Options{}},
		{"header.csv", "Comment,Designator,Footprint,LCSC\n", "not a BOM: no data rows", pdm.Options{}},
		{"dnp.csv", "Reference,Value,DNP\nR1,10k,DNP\nR2,1k,yes\n", "not a BOM: no data rows", pdm.Options{}},
		{"zip.xlsx", "PK\x03\x04garbage", "unreadable: corrupt xlsx", pdm.Options{}},
		{"half.xlsx", string(xlsx[:len(xlsx)/2]), "unreadable: corrupt xlsx", pdm.Options{}},
		{"enc.xlsx", string(encrypted), "unreadable: encrypted", pdm.Options{}},
		{"ole.xls", string(append(append([]byte{}, oleMagic...), "garbage"...)), "unreadable: corrupt xls", pdm.Options{}},
		{"biff.xls", "\x09\x08\x10\x00\x00\x06\x05\x00garbage", "unreadable: bare BIFF stream", pdm.Options{}},
		{"map.csv", "Reference,Value\nR1,10k\n", "bad mapping", pdm.Options{Mapping: map[string]string{"colour": "Value"}}},
	}
	for _, tt := range tests {
		b, err := Parse(tt.name, []byte(tt.data), tt.opt)
		if err == nil {
			t.Errorf("%s: no error, batch of %d", tt.name, b.Len())
			continue
		}
		var me *model.Error
		if !errors.As(err, &me) || me.Code != model.Invalid || me.File != tt.name {
			t.Errorf("%s: want an invalid *model.Error naming the file, got %#v", tt.name, err)
		}
		if got := Reason(err); got != tt.reason {
			t.Errorf("%s: reason %q, want %q (%v)", tt.name, got, tt.reason, err)
		}
	}
	if Reason(errors.New("x")) != "error" {
		t.Error("Reason of a foreign error")
	}
}

// TestLines checks the row rules: quantities, designators, skipped rows.
func TestLines(t *testing.T) {
	csv := "BOM of the Widget,,,\n" +
		"Ref,Qty,Value,Footprint,Mfr Part #\n" +
		"\"R1, R2\",2,10k,R0603,RC0603FR-0710KL\n" +
		"R3-R5,,4k7,R0603,\n" +
		"C1,2 pcs,100n,C0402,n/a\n" +
		"C2,0,1u,C0402,\n" +
		"U1,DNP,LM358,SOIC8,\n" +
		"Capacitors,,,,\n" +
		"Ref,Qty,Value,Footprint,Mfr Part #\n" +
		"R6,1,10k,R0603,RC0603FR-0710KL\n" +
		",,,,\n" +
		"Total,5,,,\n"
	b, rep, err := parse("w.csv", "w.csv", []byte(csv), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, "w.csv", b)
	checkLine(t, b, wantLine{key: "mpn:RC0603FR-0710KL", qty: 3, refdes: "R1,R2,R6"})
	checkLine(t, b, wantLine{key: "line:4k7|r0603|", qty: 3, refdes: "R3,R4,R5"})
	checkLine(t, b, wantLine{key: "line:100n|c0402|", qty: 2, refdes: "C1"})
	if len(b.Edges) != 3 {
		t.Errorf("%d edges, want 3", len(b.Edges))
	}
	want := skipped{skipZeroQty: 1, skipDNP: 1, skipTotal: 2, skipHeader: 1, skipBlank: 1}
	if fmt.Sprint(rep.skipped) != fmt.Sprint(want) {
		t.Errorf("skipped %v, want %v", rep.skipped, want)
	}
}

// TestPartKey checks the part keys, and that MPNs are normalized as the
// kicad reader normalizes them.
func TestPartKey(t *testing.T) {
	for _, mpn := range []string{"rc0603fr-07 10kl", " GRM155R71C104KA88J\t", "Ab Cd\u00a0ef"} {
		if got, want := PartKey(mpn, "", "", "", "", ""), "mpn:"+kicad.NormalizeMPN(mpn); got != want {
			t.Errorf("PartKey(%q) = %q, want %q", mpn, got, want)
		}
	}
	for _, tt := range []struct {
		args [6]string
		want string
	}{
		{[6]string{"", "4K7 ", "R_0603", "Thick  film", "", ""}, "line:4k7|r_0603|thick film"},
		{[6]string{"", "", "", "", "LCSC", "C 1525"}, "sku:LCSC:C1525"},
		{[6]string{"", "", "MountingHole_3.2mm", "", "", ""}, "line:|mountinghole_3.2mm|"},
	} {
		a := tt.args
		if got := PartKey(a[0], a[1], a[2], a[3], a[4], a[5]); got != tt.want {
			t.Errorf("PartKey(%q) = %q, want %q", a, got, tt.want)
		}
	}
}

func TestParseQty(t *testing.T) {
	for in, want := range map[string]float64{"2": 2, "2.0": 2, "2,5": 2.5, "2 pcs": 2, "x2": 2, "3x": 3, " 7 ": 7, "0": 0,
		"1 SET": 1, "4 PCS": 4, "3PCS": 3, "1PC": 1, "1 PC / 1 SET": 1, "2 pairs": 2} {
		if got, ok := parseQty(in); !ok || got != want {
			t.Errorf("parseQty(%q) = %v %v, want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "R1", "two", "-1", "1e309", "NaN", "1/4", "a / 2"} {
		if got, ok := parseQty(in); ok {
			t.Errorf("parseQty(%q) = %v, want no quantity", in, got)
		}
	}
}

func TestExpandRefs(t *testing.T) {
	for in, want := range map[string]string{
		"R1, R2":        "R1 R2",
		"R1 R2;R3":      "R1 R2 R3",
		"R1-R4":         "R1 R2 R3 R4",
		"C6 - C7":       "C6 C7",
		"R1-3":          "R1 R2 R3",
		"R1,2,3":        "R1 R2 R3",
		"U1-A":          "U1-A",
		"R4-R1":         "R4-R1",
		"R1-C4":         "R1-C4",
		"R1-R100000":    "R1-R100000",
		"~":             "",
		"ROML/H,EX/GA":  "ROML/H EX/GA",
		"LED1..LED3":    "LED1 LED2 LED3",
		"REF**, REF**":  "REF** REF**",
		" r1 , r8 ,r9 ": "r1 r8 r9",
	} {
		if got := strings.Join(expandRefs(in), " "); got != want {
			t.Errorf("expandRefs(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDecodeText checks the encodings and delimiters of text files.
func TestDecodeText(t *testing.T) {
	utf16le := []byte{0xFF, 0xFE, 'R', 0, 'e', 0, 'f', 0, '\t', 0, 'Q', 0, 't', 0, 'y', 0}
	noBOM := []byte{'R', 0, 'e', 0, 'f', 0, '\t', 0, 'Q', 0, 't', 0, 'y', 0, '\n', 0}
	utf16be := []byte{0xFE, 0xFF, 0, 'R', 0, 'e', 0, 'f'}
	tests := []struct {
		in        []byte
		text, enc string
	}{
		{[]byte("\xEF\xBB\xBFRef,Qty"), "Ref,Qty", "utf-8-bom"},
		{utf16le, "Ref\tQty", "utf-16le"},
		{noBOM, "Ref\tQty\n", "utf-16le"},
		{utf16be, "Ref", "utf-16be"},
		{[]byte("Qt\xe9,R\xe9f"), "Qté,Réf", "windows-1252"},
		{[]byte("a\rb\r\nc"), "a\nb\nc", "utf-8"},
	}
	for _, tt := range tests {
		text, enc := decodeText(tt.in)
		if text != tt.text || enc != tt.enc {
			t.Errorf("decodeText(%q) = %q %s, want %q %s", tt.in, text, enc, tt.text, tt.enc)
		}
	}
	if d := sniffDelimiters("a;b;c\n1;2;3\n4;5;6\n"); len(d) == 0 || d[0] != ';' {
		t.Errorf("sniff semicolons: %q", d)
	}
	rows := readCSV("\"Ref\"  ,\"Value\"   ,\"Notes\"\n\"R1\",\"1\"\" spacing\", x\n", ',', 0, false)
	if got := fmt.Sprint(rows[0].cells, rows[1].cells); got != `[Ref Value Notes] [R1 1" spacing x]` {
		t.Errorf("padded quotes: %s", got)
	}
}

// ExampleParse reads a small BOM with a title row and prints its lines.
func ExampleParse() {
	csv := "My board, rev B\n" +
		"Reference,Qty,Value,Footprint,Manufacturer,MPN,Digi-Key Part Number\n" +
		"\"R1, R2\",2,10k,R_0603,Yageo,RC0603FR-0710KL,311-10.0KHRCT-ND\n" +
		"C1-C3,,100n,C_0402,,,\n"
	b, err := Parse("boards/widget.csv", []byte(csv), pdm.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("product:", b.Items[0].Name)
	for i, e := range b.Edges {
		p := b.Refs[i]
		fmt.Println(p.Source.ExternalID, e.Quantity, e.RefDes, p.Suppliers)
	}
	// Output:
	// product: boards/widget
	// mpn:RC0603FR-0710KL 2 [R1 R2] [{Digi-Key 311-10.0KHRCT-ND}]
	// line:100n|c_0402| 3 [C1 C2 C3] []
}

// BenchmarkParseCSV parses a 20,000-line BOM with 5,000 distinct parts.
func BenchmarkParseCSV(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Reference,Qty,Value,Footprint,Manufacturer,MPN,Digi-Key Part Number\n")
	for i := range 20000 {
		fmt.Fprintf(&sb, "\"R%d, R%d\",2,%dk,R_0603,Yageo,RC0603FR-07%dKL,311-%d-ND\n", 2*i, 2*i+1, i%5000, i%5000, i%5000)
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Parse("big.csv", data, pdm.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
