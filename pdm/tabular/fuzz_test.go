package tabular

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// checkParse asserts what any input must give: a valid batch, or an
// invalid-input *model.Error naming the file.
func checkParse(t *testing.T, name string, data []byte) {
	b, err := Parse(name, data, pdm.Options{})
	if err != nil {
		var me *model.Error
		if !errors.As(err, &me) || me.Code != model.Invalid || me.File != name {
			t.Fatalf("error is not an invalid *model.Error naming the file: %#v", err)
		}
		return
	}
	checkBatch(t, name, b)
}

// FuzzParseCSV feeds text tables to Parse, seeded with the real CSV and
// TSV files of testdata.
func FuzzParseCSV(f *testing.F) {
	for _, name := range []string{"kicad_grouped.csv", "easyeda_utf16.tsv", "kicad_pcbnew_semicolon.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("Ref,Qty,Value\n\"R1-R4\",4,10k\n\"unclosed,1,2\n"))
	f.Add([]byte("Designator;Comment\r\nC1;100n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "fuzz.csv", data)
	})
}

// odsZip wraps a content.xml into an OpenDocument spreadsheet.
func odsZip(content []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("mimetype")
	io.WriteString(w, "application/vnd.oasis.opendocument.spreadsheet")
	w, _ = zw.Create("content.xml")
	w.Write(content)
	zw.Close()
	return buf.Bytes()
}

// FuzzParseODS feeds content.xml documents to the ODS reader through
// Parse, seeded with the content of the real .ods file of testdata.
func FuzzParseODS(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "nixie.ods"))
	if err != nil {
		f.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		f.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == "content.xml" {
			rc, err := zf.Open()
			if err != nil {
				f.Fatal(err)
			}
			content, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				f.Fatal(err)
			}
			f.Add(content)
		}
	}
	f.Add([]byte(`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
		`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">` +
		`<table:table table:name="BOM"><table:table-row><table:table-cell><text:p>Ref</text:p></table:table-cell>` +
		`<table:table-cell><text:p>Value</text:p></table:table-cell></table:table-row>` +
		`<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"/>` +
		`</table:table-row><table:table-row table:number-rows-repeated="3"><table:table-cell><text:p>R1</text:p>` +
		`</table:table-cell><table:table-cell table:number-columns-repeated="2"><text:p>1<text:s text:c="3"/>0k</text:p>` +
		`</table:table-cell></table:table-row></table:table></office:document-content>`))
	f.Fuzz(func(t *testing.T, content []byte) {
		checkParse(t, "fuzz.ods", odsZip(content))
	})
}

// FuzzParseMarkdown feeds Markdown to Parse, seeded with the real
// Markdown BOMs of testdata.
func FuzzParseMarkdown(f *testing.F) {
	for _, name := range []string{"voron.md", "fysetc_voron0_BOM.md"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("# T\n## Revision 1\n|Description|Qty|\n|-|-|\n|[a](b) \\| c|1 SET|\n## Rev 2\n### S\n|Qty|Part|\n|--|--|\n|2|x|y|\n"))
	f.Add([]byte("Title\n=====\nSection\n---\n| Component | Qty |\n|:--|--:|\n| **bolt** | 4 PCS |\n```\n| a | b |\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("fuzz.md", data, pdm.Options{})
		if err != nil {
			var me *model.Error
			if !errors.As(err, &me) || me.Code != model.Invalid || me.File != "fuzz.md" {
				t.Fatalf("error is not an invalid *model.Error naming the file: %#v", err)
			}
			return
		}
		if err := pdm.Check(b); err != nil {
			t.Fatal(err)
		}
	})
}
