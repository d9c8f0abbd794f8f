package tabular

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cbb-alliance/cbb/pdm"
)

// The row cap: a table with data past maxRows rows is refused, naming the
// file, the line (and the sheet of a workbook) and the cap, instead of
// being read in part; empty rows past the cap are not data. Inputs of
// maxRows rows are generated; the cases that take a second or more
// (reading every row, or a workbook's) are skipped under -short.

// odsOf is an OpenDocument spreadsheet of one table, "BOM", whose rows
// are the given table:table-row elements.
func odsOf(t *testing.T, rows string) []byte {
	t.Helper()
	content := `<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
		`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">` +
		`<office:body><office:spreadsheet><table:table table:name="BOM">` + rows +
		`</table:table></office:spreadsheet></office:body></office:document-content>`
	return zipOf(t, "mimetype", strings.NewReader("application/vnd.oasis.opendocument.spreadsheet"),
		"content.xml", strings.NewReader(content))
}

// odsRow is a table:table-row of the cells, repeated n times (n > 1).
func odsRow(n int, cells ...string) string {
	var b strings.Builder
	b.WriteString("<table:table-row")
	if n > 1 {
		fmt.Fprintf(&b, ` table:number-rows-repeated="%d"`, n)
	}
	b.WriteString(">")
	for _, c := range cells {
		if c == "" {
			b.WriteString("<table:table-cell/>")
			continue
		}
		fmt.Fprintf(&b, "<table:table-cell><text:p>%s</text:p></table:table-cell>", c)
	}
	b.WriteString("</table:table-row>")
	return b.String()
}

// markdownRows is a pipe table of n lines naming one part, then tail.
func markdownRows(n int, tail string) []byte {
	var b bytes.Buffer
	b.WriteString("| Reference | Value | MPN |\n|---|---|---|\n")
	for i := range n {
		fmt.Fprintf(&b, "| R%d | 10k | RC0603FR-0710KL |\n", i+1)
	}
	b.WriteString(tail)
	return b.Bytes()
}

// spreadsheetMLRows is an Excel 2003 XML workbook whose sheet "BOM" holds
// a header over n lines naming one part.
func spreadsheetMLRows(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" ` +
		`xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="BOM"><Table>`)
	cell := func(v string) { fmt.Fprintf(&b, `<Cell><Data ss:Type="String">%s</Data></Cell>`, v) }
	b.WriteString("<Row>")
	cell("Reference")
	cell("Value")
	cell("MPN")
	b.WriteString("</Row>")
	for i := range n {
		b.WriteString("<Row>")
		cell(fmt.Sprintf("R%d", i+1))
		cell("10k")
		cell("RC0603FR-0710KL")
		b.WriteString("</Row>")
	}
	b.WriteString("</Table></Worksheet></Workbook>")
	return b.Bytes()
}

// xlsxSheets is an xlsx workbook written with excelize's stream writer:
// one sheet per name, in order, each a header over n lines naming one
// part.
func xlsxSheets(t *testing.T, names []string, n []int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range names {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.SetRow("A1", []any{"Reference", "Value", "MPN"}); err != nil {
			t.Fatal(err)
		}
		for r := range n[i] {
			cell, err := excelize.CoordinatesToCellName(1, r+2)
			if err != nil {
				t.Fatal(err)
			}
			if err := sw.SetRow(cell, []any{fmt.Sprintf("R%d", r+1), "10k", "RC0603FR-0710KL"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRowCap: over the cap is refused with the file, the line and the cap;
// at the cap, and with only empty rows past it, every line is read.
func TestRowCap(t *testing.T) {
	atCap := func() []byte { return manyLinesOnePart(maxRows - 1) } // the header and maxRows-1 lines
	var book []byte
	twoSheets := func(t *testing.T) []byte {
		if book == nil {
			book = xlsxSheets(t, []string{"BOM", "Big"}, []int{3, maxRows})
		}
		return book
	}
	tests := []struct {
		name  string
		file  string
		data  func(t *testing.T) []byte
		big   bool     // takes about a second or more: skipped under -short
		line  int      // where the refusal is; 0 when the file is read
		parts []string // what the refusal says
		qty   float64  // the part's quantity when the file is read
		opt   pdm.Options
	}{
		{name: "csv over the cap by one line", file: "over.csv",
			data: func(*testing.T) []byte { return manyLinesOnePart(maxRows) },
			line: maxRows + 1, parts: []string{"unreadable: too many rows", "more than 200000 rows, the cap"}},
		{name: "csv exactly at the cap, then empty rows", file: "full.csv", big: true,
			data: func(*testing.T) []byte { return append(atCap(), "\n,,,,\n \t \n,\"\", ,\n\n"...) },
			qty:  maxRows - 1},
		{name: "csv at the cap, then empty rows and a line", file: "late.csv",
			data: func(*testing.T) []byte {
				return append(atCap(), "\n,,,,\nR0,10k,0603,RC0603FR-0710KL,311-0-ND\n"...)
			},
			line: maxRows + 3, parts: []string{"too many rows", "more than 200000 rows, the cap"}},
		{name: "markdown over the cap", file: "over.md",
			data: func(*testing.T) []byte { return markdownRows(maxRows+1, "") },
			line: maxRows + 3, parts: []string{"too many rows", "more than 200000 table rows, the cap"}},
		{name: "excel 2003 xml over the cap", file: "over.xls", big: true,
			data: func(*testing.T) []byte { return spreadsheetMLRows(maxRows) },
			line: maxRows + 1, parts: []string{"too many rows", `more than 200000 rows in sheet "BOM", the cap`}},
		// One sheet over the cap, "Big", and one under it, "BOM", whose
		// headers tie: Big is refused, unless the mapping names BOM.
		{name: "xlsx over the cap", file: "over.xlsx", big: true, data: twoSheets,
			line: maxRows + 1, parts: []string{"too many rows", `more than 200000 rows in sheet "Big", the cap`}},
		{name: "xlsx over the cap in a sheet that is not read", file: "over.xlsx", big: true, data: twoSheets,
			opt: pdm.Options{Mapping: map[string]string{"sheet": "BOM"}}, qty: 3},
		// ODS rows repeated by number-rows-repeated: cheap to build.
		{name: "ods with a row repeated past the cap", file: "over.ods",
			data: func(t *testing.T) []byte {
				return odsOf(t, odsRow(1, "Value", "MPN", "Qty")+odsRow(maxRows, "10k", "RC0603FR-0710KL", "1"))
			},
			line: maxRows + 1, parts: []string{"too many rows", `more than 200000 rows in sheet "BOM", the cap`}},
		{name: "ods at the cap, padded with empty rows to the sheet's edge", file: "full.ods", big: true,
			data: func(t *testing.T) []byte {
				return odsOf(t, odsRow(1, "Value", "MPN", "Qty")+odsRow(maxRows-1, "10k", "RC0603FR-0710KL", "1")+
					odsRow(1<<20-maxRows, "", "", ""))
			},
			qty: maxRows - 1},
		{name: "ods with a non-empty row after the padding", file: "late.ods",
			data: func(t *testing.T) []byte {
				return odsOf(t, odsRow(1, "Value", "MPN", "Qty")+odsRow(maxRows-1, "10k", "RC0603FR-0710KL", "1")+
					odsRow(500000, "", "", "")+odsRow(1, "10k", "RC0603FR-0710KL", "1"))
			},
			line: maxRows + 500001, parts: []string{"too many rows", `sheet "BOM"`}},
		{name: "ods with a row repeated more than maxRepeat times", file: "repeat.ods",
			data: func(t *testing.T) []byte {
				return odsOf(t, odsRow(1, "Value", "MPN", "Qty")+odsRow(2500, "10k", "RC0603FR-0710KL", "1")+
					odsRow(1000, "", "", ""))
			},
			qty: 2500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.big && testing.Short() {
				t.Skip("slow: reads maxRows rows")
			}
			b, err := Parse(tt.file, tt.data(t), tt.opt)
			if tt.line > 0 {
				wantLocated(t, err, tt.file, tt.line, tt.parts...)
				if r := Reason(err); r != reasonTooManyRows {
					t.Errorf("Reason = %q, want %q", r, reasonTooManyRows)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Edges) != 1 || b.Edges[0].Quantity != tt.qty {
				t.Fatalf("%d edges (%+v), want one of quantity %v", len(b.Edges), b.Edges, tt.qty)
			}
		})
	}
}

// TestRowCapSniff: reading the head of a text, to find its delimiter and
// header, stops at its limit without an error, however long the text;
// Detect still claims a CSV over the cap (Read then refuses it).
func TestRowCapSniff(t *testing.T) {
	data := manyLinesOnePart(maxRows + 10)
	text := string(data)
	for _, limit := range []int{1, headerScan + probeRows, maxRows} {
		rows, err := splitCSV(text, ',', limit, true)
		if err != nil || len(rows) != limit {
			t.Errorf("limit %d: %d rows, err %v; want %d rows, no error", limit, len(rows), err, limit)
		}
		if got := readCSV(text, ',', limit, true); len(got) != limit {
			t.Errorf("readCSV limit %d: %d rows", limit, len(got))
		}
	}
	if d := sniffDelimiters(text); len(d) == 0 || d[0] != ',' {
		t.Errorf("delimiters %q, want comma first", d)
	}
	if !(Format{}).Detect(pdm.Input{Path: "over.csv", Head: data[:pdm.HeadSize]}) {
		t.Error("Detect does not claim the CSV")
	}
	// The whole text, unlimited: the rows before the refused one, and the
	// error naming its line.
	rows, err := splitCSV(text, ',', 0, true)
	if len(rows) != maxRows || !isTooManyRows(err) {
		t.Fatalf("%d rows, err %v; want %d rows and the cap's error", len(rows), err, maxRows)
	}
	wantLocated(t, located("over.csv", 0, err), "over.csv", maxRows+1, "more than 200000 rows, the cap")
}

// TestRowCapMarkdown: the data rows of a Markdown file's tables count
// against the cap together; empty table rows past it are no data.
func TestRowCapMarkdown(t *testing.T) {
	text := string(markdownRows(maxRows, "|  |  |  |\n| | |\n\n# Notes\n\n| A | B |\n|---|---|\n| | |\n"))
	doc, err := parseMarkdown(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.tables) != 2 || len(doc.tables[0].rows) != maxRows+1 || len(doc.headings) != 1 {
		t.Fatalf("%d tables, %d headings", len(doc.tables), len(doc.headings))
	}
	_, err = parseMarkdown(text + "| x | y |\n")
	wantLocated(t, located("full.md", 0, err), "full.md", maxRows+11, "more than 200000 table rows, the cap")
}
