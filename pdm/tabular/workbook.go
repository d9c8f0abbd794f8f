package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shakinm/xlsReader/xls"
	"github.com/xuri/excelize/v2"
)

// Magic numbers of the container formats.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// encryptedStream is the name, in UTF-16LE, of the stream an
	// encrypted OOXML workbook keeps inside its OLE2 container.
	encryptedStream = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")
)

// maxSheetRows is the most rows a worksheet has (Excel's 1,048,576): the
// bound of a row number a workbook states.
const maxSheetRows = 1 << 20

// Size limits for zipped workbooks.
const (
	maxUnzipped    = 256 << 20 // all parts of an xlsx, or an ods's content.xml, unzipped
	maxUnzippedXML = 64 << 20  // one worksheet kept in memory (larger ones go through a temporary file)
)

// errClass is an error whose message starts with a reason class.
type errClass struct {
	class  string
	detail string
	line   int // the line or row the error is at, when it knows it
}

func (e *errClass) Error() string {
	if e.detail == "" {
		return e.class
	}
	return e.class + " (" + e.detail + ")"
}

func failf(class, format string, args ...any) error {
	return &errClass{class: class, detail: fmt.Sprintf(format, args...)}
}

// lineFail is failf at a line.
func lineFail(class string, line int, format string, args ...any) error {
	return &errClass{class: class, detail: fmt.Sprintf(format, args...), line: line}
}

// safely runs read and turns a panic of a third-party parser into an error
// of the given class.
func safely(class string, read func() ([]sheet, error)) (sheets []sheet, err error) {
	defer func() {
		if r := recover(); r != nil {
			sheets, err = nil, failf(class, "parser panic: %v", r)
		}
	}()
	return read()
}

// readXLSX reads every worksheet of an Office Open XML workbook.
func readXLSX(data []byte) ([]sheet, error) {
	if err := checkXLSXSize(data); err != nil {
		return nil, err
	}
	return safely("unreadable: corrupt xlsx", func() ([]sheet, error) {
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
			UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML,
		})
		if err != nil {
			if errors.Is(err, excelize.ErrWorkbookFileFormat) || errors.Is(err, excelize.ErrWorkbookPassword) {
				return nil, failf("unreadable: encrypted", "%v", err)
			}
			return nil, failf("unreadable: corrupt xlsx", "%v", err)
		}
		defer f.Close()
		var sheets []sheet
		for _, name := range f.GetSheetList() {
			sh, err := xlsxSheet(f, name)
			if err != nil {
				return nil, failf("unreadable: corrupt xlsx", "sheet %q: %v", name, err)
			}
			sheets = append(sheets, sh)
		}
		return sheets, nil
	})
}

// checkXLSXSize refuses a workbook whose parts inflate past maxUnzipped,
// one by one or together (excelize reads them all), saying so rather than
// leaving it to excelize's error. The sizes are those the archive states,
// which archive/zip does not let a part exceed.
func checkXLSXSize(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil // excelize says what is wrong
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > maxUnzipped {
			return inflatesPast(f.Name)
		}
		total += f.UncompressedSize64
	}
	if total > maxUnzipped {
		return failf(reasonTooLarge, "the workbook's parts inflate past the %s cap together (%d MiB)", sizeText(maxUnzipped), total>>20)
	}
	return nil
}

// xlsxSheet reads a worksheet's rows with data, at most maxRows: reading
// stops at a row with data past them, which sets sh.over.
func xlsxSheet(f *excelize.File, name string) (sheet, error) {
	sh := sheet{name: name}
	rows, err := f.Rows(name)
	if err != nil {
		return sh, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		cells, err := rows.Columns()
		if err != nil {
			return sh, err
		}
		if blank(cells) {
			continue
		}
		if len(sh.rows) >= maxRows {
			sh.over = tooManyRows(name, n)
			break
		}
		sh.rows = append(sh.rows, row{line: n, cells: clip(cells)})
	}
	return sh, rows.Error()
}

// readXLS reads every worksheet of a BIFF8 (Excel 97-2003) workbook. The
// reader used, shakinm/xlsReader, read 124 of the 132 real .xls files of
// the BOM cache (the other 8 are not OLE2 files at all) where
// extrame/xls read 77 and panicked on 49; it skips formula cells.
func readXLS(data []byte) ([]sheet, error) {
	if bytes.Contains(data, encryptedStream) {
		return nil, failf("unreadable: encrypted", "OLE2 container with an encrypted package")
	}
	return safely("unreadable: corrupt xls", func() ([]sheet, error) {
		wb, err := xls.OpenReader(bytes.NewReader(data))
		if err != nil {
			return nil, failf("unreadable: corrupt xls", "%v", err)
		}
		var sheets []sheet
		for i := 0; i < wb.GetNumberSheets(); i++ {
			s, err := wb.GetSheet(i)
			if err != nil {
				return nil, failf("unreadable: corrupt xls", "sheet %d: %v", i+1, err)
			}
			sh := sheet{name: s.GetName()}
			for n, r := range s.GetRows() {
				cols := r.GetCols()
				cells := make([]string, 0, len(cols))
				for _, c := range cols {
					if len(cells) >= maxCols {
						break
					}
					cells = append(cells, c.GetString())
				}
				if blank(cells) {
					continue
				}
				if len(sh.rows) >= maxRows {
					sh.over = tooManyRows(sh.name, n+1)
					break
				}
				sh.rows = append(sh.rows, row{line: n + 1, cells: clip(cells)})
			}
			sheets = append(sheets, sh)
		}
		return sheets, nil
	})
}

// isSpreadsheetML reports whether data is an Excel 2003 XML workbook, a
// format some tools still write with an .xls extension.
func isSpreadsheetML(head []byte) bool {
	h := head[:min(len(head), 2048)]
	return bytes.Contains(h, []byte("urn:schemas-microsoft-com:office:spreadsheet")) ||
		bytes.Contains(h, []byte(`progid="Excel.Sheet"`))
}

// readSpreadsheetML reads an Excel 2003 XML workbook: Worksheet > Table >
// Row > Cell > Data, with ss:Index attributes skipping rows and cells.
func readSpreadsheetML(data []byte) ([]sheet, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var (
		sheets []sheet
		cur    *sheet
		cells  []string
		rowNo  int
		inData bool
		text   strings.Builder
	)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, failf("unreadable: corrupt xml workbook", "%v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Worksheet":
				sheets = append(sheets, sheet{name: attr(t, "Name")})
				cur, rowNo = &sheets[len(sheets)-1], 0
			case "Row":
				rowNo = nextIndex(t, rowNo, maxSheetRows)
				cells = cells[:0]
			case "Cell":
				col := nextIndex(t, len(cells), maxCols)
				for len(cells) < col-1 {
					cells = append(cells, "")
				}
				cells = append(cells, "")
			case "Data":
				inData = true
				text.Reset()
			}
		case xml.CharData:
			if inData && text.Len() < maxCell {
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "Data":
				inData = false
				if len(cells) > 0 {
					cells[len(cells)-1] = text.String()
				}
			case "Row":
				switch {
				case cur == nil || blank(cells) || cur.over != nil:
				case len(cur.rows) >= maxRows:
					cur.over = tooManyRows(cur.name, rowNo)
				default:
					cur.rows = append(cur.rows, row{line: rowNo, cells: clip(cells)})
				}
			}
		}
	}
	return sheets, nil
}

// nextIndex returns the 1-based index an element with an optional
// ss:Index attribute takes after prev, bounded by limit.
func nextIndex(t xml.StartElement, prev, limit int) int {
	if v := attr(t, "Index"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > prev && n <= limit {
			return n
		}
	}
	return min(prev+1, limit)
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// zipKind tells an OpenDocument spreadsheet from an Office Open XML
// workbook by the parts the archive holds. A broken archive is reported as
// a corrupt file of the kind its extension names.
func zipKind(data []byte, ext string) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		kind := "zip"
		switch ext {
		case "xlsx", "xlsm", "xls":
			kind = "xlsx"
		case "ods":
			kind = "ods"
		}
		return "", failf("unreadable: corrupt "+kind, "%v", err)
	}
	for _, f := range zr.File {
		switch f.Name {
		case "content.xml":
			return "ods", nil
		case "xl/workbook.xml", "[Content_Types].xml":
			return "xlsx", nil
		}
	}
	return "", failf("unreadable: not a workbook", "zip archive without a worksheet")
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
