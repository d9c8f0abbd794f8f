package gitplm

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/cbb-alliance/cbb/layers/model"
)

// table is a parts table read into cells.
type table struct {
	file string
	cols []column
	rows []row
}

// row is one data row: its cells, trimmed, one per column, and the line
// each cell starts on.
type row struct {
	line  int
	cells []string
	lines []int
}

// bom is the UTF-8 byte-order mark.
var bom = []byte("\uFEFF")

// decode returns data as UTF-8 text: UTF-8 without its byte-order mark,
// or Windows-1252 (what spreadsheets on Windows save) when it is not
// valid UTF-8.
func decode(data []byte) string {
	data = bytes.TrimPrefix(data, bom)
	if utf8.Valid(data) {
		return string(data)
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return string(s)
}

// headerLine returns the first line of text that is not blank.
func headerLine(text string) string {
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) != "" {
			return strings.TrimRight(line, "\r\n")
		}
	}
	return ""
}

// delimiter returns the delimiter of a header line starting with the IPN
// column: the character after "IPN" or `"IPN"` (and any blanks), one of
// comma, semicolon and tab; a comma when IPN is the only column.
func delimiter(line string) (rune, bool) {
	s := strings.TrimLeft(line, " \t")
	switch {
	case len(s) >= 5 && strings.EqualFold(s[:5], `"IPN"`):
		s = s[5:]
	case len(s) >= 3 && strings.EqualFold(s[:3], "IPN"):
		s = s[3:]
	default:
		return 0, false
	}
	s = strings.TrimLeft(s, " ")
	if s == "" {
		return ',', true
	}
	switch s[0] {
	case ',', ';', '\t':
		return rune(s[0]), true
	}
	return 0, false
}

// headerCells returns the cells of the header row at the start of head,
// for Detect.
func headerCells(head []byte) ([]string, bool) {
	line := headerLine(decode(head))
	d, ok := delimiter(line)
	if !ok {
		return nil, false
	}
	r := csv.NewReader(strings.NewReader(line))
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = d, true, -1
	cells, err := r.Read()
	if err != nil {
		return nil, false
	}
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells, true
}

// readTable splits data into the header's columns and the data rows.
// Quoting is strict (RFC 4180); every row must have the header's number
// of fields; rows whose cells are all empty are skipped.
func readTable(file string, data []byte) (*table, error) {
	text := decode(data)
	if strings.TrimSpace(text) == "" {
		return nil, model.ParseError(file, 1, "", "empty file: no header row")
	}
	d, ok := delimiter(headerLine(text))
	if !ok {
		return nil, model.ParseError(file, 1, "IPN", "not a gitplm parts table: the first column is not IPN")
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = d
	header, err := r.Read()
	if err != nil {
		return nil, csvError(file, err)
	}
	line, _ := r.FieldPos(0)
	t := &table{file: file}
	if t.cols, err = newColumns(file, line, header); err != nil {
		return nil, err
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
			return nil, fieldCountError(file, pe.StartLine, len(rec), t.cols)
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		if err := t.addRow(r, rec); err != nil {
			return nil, err
		}
	}
}

// addRow appends a record as a row, unless all its cells are empty.
func (t *table) addRow(r *csv.Reader, rec []string) error {
	w := row{cells: make([]string, len(rec)), lines: make([]int, len(rec))}
	empty := true
	for i, c := range rec {
		w.lines[i], _ = r.FieldPos(i)
		w.cells[i] = cleanCell(c, t.cols[i].role == roleDescription)
		if w.cells[i] == "" {
			continue
		}
		empty = false
		if t.cols[i].role == roleUnnamed {
			return model.ParseError(t.file, w.lines[i], t.cols[i].label(),
				"value %q in a column without a header", w.cells[i])
		}
	}
	if empty {
		return nil
	}
	w.line = w.lines[0]
	t.rows = append(t.rows, w)
	return nil
}

// cleanCell trims a cell; descriptions also get their runs of white space
// collapsed.
func cleanCell(s string, collapse bool) string {
	if collapse {
		return strings.Join(strings.Fields(s), " ")
	}
	return strings.TrimFunc(s, unicode.IsSpace)
}

// csvError turns an encoding/csv error into a located *model.Error.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return model.ParseError(file, 0, "", "read: %v", err)
	}
	e := model.ParseError(file, pe.Line, "", "malformed CSV at column %d (in the row starting on line %d)", pe.Column, pe.StartLine)
	e.Err = pe.Err
	return e
}

// fieldCountError reports a row whose number of fields n differs from the
// header's, naming the first missing column or the first field beyond the
// header.
func fieldCountError(file string, line, n int, cols []column) error {
	if n < len(cols) {
		return model.ParseError(file, line, cols[n].label(),
			"missing: the row has %d fields, the header %d", n, len(cols))
	}
	return model.ParseError(file, line, fmt.Sprintf("column %d", len(cols)+1),
		"beyond the header: the row has %d fields, the header %d", n, len(cols))
}
