package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// OpenDocument namespaces.
const (
	nsTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsText  = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
)

// maxRepeat bounds how many copies of a repeated non-empty cell are made
// (maxCols bounds them anyway); spreadsheets repeat empty cells to the
// sheet's edge (16384 columns, 1048576 rows), which are counted, not
// copied. A repeated non-empty row is as many rows (LibreOffice writes
// identical rows that way), sharing their cells, up to maxRows.
const maxRepeat = 1000

// readODS reads every table of an OpenDocument spreadsheet: content.xml,
// table:table > table:table-row (table:number-rows-repeated) >
// table:table-cell (table:number-columns-repeated), the text of a cell
// being its text:p paragraphs joined by new lines. Malformed XML is an
// error: a broken file is not read in part.
func readODS(data []byte) ([]sheet, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, failf("unreadable: corrupt ods", "%v", err)
	}
	var content *zip.File
	for _, f := range zr.File {
		if f.Name == "content.xml" {
			content = f
		}
	}
	if content == nil {
		return nil, failf("unreadable: corrupt ods", "no content.xml")
	}
	// The size the archive states is what archive/zip lets it inflate to,
	// so a content.xml over the cap is refused before it is read.
	if content.UncompressedSize64 > maxUnzipped {
		return nil, inflatesPast(content.Name)
	}
	rc, err := content.Open()
	if err != nil {
		return nil, failf("unreadable: corrupt ods", "content.xml: %v", err)
	}
	defer rc.Close()
	sheets, err := parseODSContent(&capReader{r: rc, left: maxUnzipped})
	if errors.Is(err, errInflateCap) {
		return nil, inflatesPast(content.Name)
	}
	if err != nil {
		return nil, failf("unreadable: corrupt ods", "content.xml: %v", err)
	}
	return sheets, nil
}

// errInflateCap is capReader's error past its cap.
var errInflateCap = errors.New("inflates past the cap")

// capReader reads r, failing with errInflateCap past left bytes: unlike
// io.LimitReader, a part cut short is not mistaken for a malformed one.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, err := io.ReadFull(c.r, one[:]); n == 0 {
			return 0, err // io.EOF at the end
		}
		return 0, errInflateCap
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// inflatesPast is the error of a part of a workbook over the cap.
func inflatesPast(part string) error {
	return failf(reasonTooLarge, "%s inflates past the %s cap", part, sizeText(maxUnzipped))
}

// odsState is the reader's position in content.xml.
type odsState struct {
	sheets  []sheet
	cur     *sheet
	line    int      // rows seen in the current table
	cells   []string // cells of the current row
	width   int      // columns seen in the current row, empty ones included
	rowRep  int      // repeats of the current row
	cellRep int      // repeats of the current cell
	depth   int      // nesting of text:p inside the current cell; 0 outside
	inCell  bool
	text    strings.Builder
}

func parseODSContent(r io.Reader) ([]sheet, error) {
	d := xml.NewDecoder(r)
	d.Strict = true
	st := &odsState{}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return st.sheets, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			st.start(t)
		case xml.EndElement:
			st.end(t)
		case xml.CharData:
			if st.inCell && st.depth > 0 && st.text.Len() < maxCell {
				st.text.Write(t)
			}
		}
	}
}

func (st *odsState) start(t xml.StartElement) {
	switch {
	case t.Name.Space == nsTable && t.Name.Local == "table":
		st.sheets = append(st.sheets, sheet{name: nsAttr(t, nsTable, "name")})
		st.cur, st.line = &st.sheets[len(st.sheets)-1], 0
	case t.Name.Space == nsTable && t.Name.Local == "table-row":
		st.cells, st.width = st.cells[:0], 0
		st.rowRep = repeat(nsAttr(t, nsTable, "number-rows-repeated"), maxSheetRows)
	case t.Name.Space == nsTable && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell"):
		st.inCell = true
		st.text.Reset()
		st.cellRep = repeat(nsAttr(t, nsTable, "number-columns-repeated"), 1<<20)
	case st.inCell && t.Name.Space == nsText:
		switch t.Name.Local {
		case "p", "h":
			if st.depth == 0 && st.text.Len() > 0 {
				st.text.WriteByte('\n')
			}
			st.depth++
		case "s":
			n := repeat(nsAttr(t, nsText, "c"), 64)
			st.text.WriteString(strings.Repeat(" ", n))
		case "tab":
			st.text.WriteByte('\t')
		case "line-break":
			st.text.WriteByte('\n')
		}
	}
}

func (st *odsState) end(t xml.EndElement) {
	switch {
	case t.Name.Space == nsTable && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell"):
		st.endCell()
	case t.Name.Space == nsTable && t.Name.Local == "table-row":
		st.endRow()
	case t.Name.Space == nsTable && t.Name.Local == "table":
		st.cur = nil
	case st.inCell && t.Name.Space == nsText && (t.Name.Local == "p" || t.Name.Local == "h"):
		st.depth--
	}
}

// endCell places the cell's text cellRep times; empty cells only move the
// column, so a cell repeated to the sheet's edge costs nothing.
func (st *odsState) endCell() {
	st.inCell, st.depth = false, 0
	v := st.text.String()
	if strings.TrimSpace(v) == "" {
		st.width += st.cellRep
		return
	}
	for len(st.cells) < st.width && len(st.cells) < maxCols {
		st.cells = append(st.cells, "")
	}
	for i := 0; i < min(st.cellRep, maxRepeat) && len(st.cells) < maxCols; i++ {
		st.cells = append(st.cells, v)
	}
	st.width += st.cellRep
}

// endRow keeps a non-empty row rowRep times; empty rows only move the
// row count, so the empty rows that pad a sheet to its edge are not rows
// over the cap. A non-empty row past maxRows sets the sheet's over error,
// and the rest of the sheet is not kept.
func (st *odsState) endRow() {
	if st.cur == nil {
		return
	}
	if len(st.cells) == 0 || st.cur.over != nil {
		st.line += st.rowRep
		return
	}
	cells := clip(st.cells) // shared by the copies, which nothing changes
	n := min(st.rowRep, maxRows-len(st.cur.rows))
	for i := range n {
		st.cur.rows = append(st.cur.rows, row{line: st.line + i + 1, cells: cells})
	}
	if n < st.rowRep {
		st.cur.over = tooManyRows(st.cur.name, st.line+n+1)
	}
	st.line += st.rowRep
}

func repeat(v string, limit int) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 1
	}
	return min(n, limit)
}

func nsAttr(t xml.StartElement, space, local string) string {
	for _, a := range t.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
