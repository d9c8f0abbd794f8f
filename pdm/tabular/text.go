package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Limits that keep a hostile or broken file from exhausting memory.
const (
	maxRows  = 200000 // rows read per sheet (or Markdown file); data past them is refused
	maxCols  = 512    // cells kept per row
	maxCell  = 4096   // bytes kept per cell
	sniffMax = 40     // non-empty lines looked at to choose a delimiter
)

// Caps on text tables: a file over one is refused with an error naming the
// line, before any splitting, so reading costs a small multiple of the
// file (its bytes, and its text once decoded), whatever its shape. Real
// BOM lines are far shorter (the longest line of the 2,773 files of the
// BOM cache is 5 KB); a cell over maxCell is kept clipped, one over
// maxCellText refused.
const (
	maxLine     = 1 << 20  // bytes of one line of text
	maxCellText = 64 << 10 // bytes of one cell of text (a quoted cell may span lines)
)

// The reason classes of text over the caps.
const (
	reasonLineTooLong = "unreadable: line too long"
	reasonCellTooLong = "unreadable: cell too long"
)

// reasonTooManyRows is the reason class of a table with data past
// maxRows rows: it is refused, not read in part.
const reasonTooManyRows = "unreadable: too many rows"

// tooManyRows is the error of a table that holds a row with data past the
// maxRows rows kept, at line (its line or row in the source). name is the
// sheet of a workbook, "" for a text table.
func tooManyRows(name string, line int) error {
	if name == "" {
		return lineFail(reasonTooManyRows, line, "more than %d rows, the cap", maxRows)
	}
	return lineFail(reasonTooManyRows, line, "more than %d rows in sheet %q, the cap", maxRows, name)
}

// isTooManyRows reports whether err is tooManyRows's.
func isTooManyRows(err error) bool {
	var ec *errClass
	return errors.As(err, &ec) && ec.class == reasonTooManyRows
}

// checkLines refuses text with a line over maxLine bytes, naming the
// first such line.
func checkLines(text string) error {
	for line := 1; len(text) > 0; line++ {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			i = len(text)
		}
		if i > maxLine {
			return lineFail(reasonLineTooLong, line, "the line exceeds %d bytes, the %s cap", maxLine, sizeText(maxLine))
		}
		text = text[min(i+1, len(text)):]
	}
	return nil
}

// cellTooLong is the error of a cell over maxCellText at a line.
func cellTooLong(line int) error {
	return lineFail(reasonCellTooLong, line, "a cell exceeds %d bytes, the %s cap", maxCellText, sizeText(maxCellText))
}

// sizeText writes a cap in binary units: "64 KiB", "256 MiB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// row is one row of a table with its 1-based line (CSV) or row (sheet)
// number in the source, so errors and skipped rows can be located.
type row struct {
	line  int
	cells []string
}

// sheet is one table: a CSV file or one worksheet of a workbook. At most
// maxRows rows are kept; over is the error of a row with data past them
// (tooManyRows), nil when the sheet is whole. A sheet over the cap is
// refused when it is, or might have been, the one read (see chooseSheet),
// never read in part.
type sheet struct {
	name string
	rows []row
	over error
}

// decodeText turns the bytes of a text file into UTF-8: a UTF-8 byte-order
// mark is dropped, UTF-16 is recognised by its byte-order mark or, without
// one, by the pattern of NUL bytes in the first kilobyte, and text that is
// not valid UTF-8 is read as Windows-1252. It also reports which encoding it
// found.
func decodeText(b []byte) (string, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return cleanText(string(b[3:])), "utf-8-bom"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return cleanText(utf16String(b[2:], false)), "utf-16le"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return cleanText(utf16String(b[2:], true)), "utf-16be"
	}
	if enc := nulPattern(b); enc != "" {
		return cleanText(utf16String(b, enc == "utf-16be")), enc
	}
	if utf8.Valid(b) {
		return cleanText(string(b)), "utf-8"
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return cleanText(strings.ToValidUTF8(string(b), "\uFFFD")), "invalid"
	}
	return cleanText(string(s)), "windows-1252"
}

// nulPattern guesses UTF-16 without a byte-order mark: ASCII text in
// UTF-16 has a NUL in every other byte.
func nulPattern(b []byte) string {
	n := min(len(b), 1024) &^ 1
	if n < 4 {
		return ""
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd*10 >= half*7 && even*10 < half:
		return "utf-16le"
	case even*10 >= half*7 && odd*10 < half:
		return "utf-16be"
	}
	return ""
}

func utf16String(b []byte, bigEndian bool) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(u))
}

// cleanText drops what no BOM cell means: NUL bytes, a stray byte-order
// mark and ISO-2022-KR shift sequences (one file in the wild has its
// header wrapped in them); it also turns CR LF and lone CR (old Mac files)
// into LF.
func cleanText(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	if strings.ContainsAny(s, "\x00\x1b\x0e\x0f") {
		s = strings.NewReplacer("\x00", "", "\x1b$)C", "", "\x0e", "", "\x0f", "").Replace(s)
	}
	return s
}

// delimiters are the separators a text table may use, in the order that
// wins ties.
var delimiters = []rune{',', ';', '\t', '|'}

// sniffDelimiters orders the delimiters by how well each splits the first
// non-empty lines of text into a steady number of fields: the score of a
// delimiter is the number of lines that have the most common field count,
// when that count is at least two. Delimiters that never split a line are
// left out.
func sniffDelimiters(text string) []rune {
	type cand struct {
		d     rune
		score int
		width int
	}
	var cands []cand
	lines := headLines(text, sniffMax)
	for _, d := range delimiters {
		counts := map[int]int{}
		for _, l := range lines {
			recs := readCSV(l, d, 1, false)
			if len(recs) > 0 {
				counts[len(recs[0].cells)]++
			}
		}
		best, width := 0, 0
		for w, n := range counts {
			if w >= 2 && (n > best || n == best && w > width) {
				best, width = n, w
			}
		}
		if best > 0 {
			cands = append(cands, cand{d, best, width})
		}
	}
	// Stable selection sort: few candidates, ties keep delimiter order.
	out := make([]rune, 0, len(cands))
	for len(cands) > 0 {
		bi := 0
		for i, c := range cands {
			if c.score > cands[bi].score || c.score == cands[bi].score && c.width > cands[bi].width {
				bi = i
			}
		}
		out = append(out, cands[bi].d)
		cands = append(cands[:bi], cands[bi+1:]...)
	}
	return out
}

// headLines returns up to n non-empty lines from the start of text.
func headLines(text string, n int) []string {
	var out []string
	for len(text) > 0 && len(out) < n {
		l, rest, _ := strings.Cut(text, "\n")
		text = rest
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// readCSV splits text leniently into rows. A field is quoted when it
// starts with a double quote (after spaces): "" inside stands for a quote,
// text between the closing quote and the next delimiter is kept (so
// "Ref"  ,"Value" reads as two clean cells), and a quote that is not closed
// within maxQuotedLines lines is an ordinary character. Other fields run to
// the next delimiter or end of line; rows may have any number of fields.
// With mixed set, a row that does not split on delim but splits into three
// or more cells on another delimiter is split on that one (one real file
// has a comma header over semicolon rows). At most limit rows are read
// (all when limit <= 0); empty lines make no rows.
//
// readCSV is for looking at the head of a text (limit > 0): it stops at a
// cell over maxCellText bytes, or at maxRows rows, and returns the rows
// before it, without a word; splitCSV, which reads a table, returns the
// error too.
func readCSV(text string, delim rune, limit int, mixed bool) []row {
	rows, _ := splitCSV(text, delim, limit, mixed)
	return rows
}

// splitCSV is readCSV that fails on a cell over maxCellText bytes, naming
// its line, and on a row with data past the first maxRows rows
// (tooManyRows, naming the row's line; the rows before it are returned).
// Rows of only blank cells past the cap are dropped: they hold nothing. A
// read stopped by limit is not an error.
func splitCSV(text string, delim rune, limit int, mixed bool) ([]row, error) {
	var rows []row
	line, i := 1, 0
	for i < len(text) && (limit <= 0 || len(rows) < limit) {
		start, startLine := i, line
		cells, next, nl, long := parseRecord(text, i, byte(delim))
		if long >= 0 {
			return rows, cellTooLong(startLine + long)
		}
		i, line = next, line+nl
		if len(cells) == 1 && cells[0] == "" {
			continue
		}
		if len(rows) >= maxRows {
			if blank(cells) {
				continue
			}
			return rows, tooManyRows("", startLine)
		}
		if mixed && len(cells) == 1 {
			cells = splitOther(text[start:next], delim, cells)
		}
		rows = append(rows, row{line: startLine, cells: clip(cells)})
	}
	return rows, nil
}

// maxQuotedLines is how many line breaks a quoted field may span before
// its opening quote is taken for a stray one.
const maxQuotedLines = 20

// parseRecord reads the record starting at i: its fields (at most
// maxCols+1 are kept), where the next record starts, and how many line
// breaks it consumed. long is -1, or the line, counted from the record's
// first, where a cell over maxCellText bytes starts; reading stops there.
func parseRecord(text string, i int, delim byte) (cells []string, next, nl, long int) {
	for {
		cell, end, lines, ok := parseField(text, i, delim)
		if !ok {
			return cells, end, nl, nl
		}
		if len(cells) <= maxCols {
			cells = append(cells, cell)
		}
		i, nl = end, nl+lines
		switch {
		case i >= len(text):
			return cells, i, nl, -1
		case text[i] == '\n':
			return cells, i + 1, nl + 1, -1
		}
		i++ // the delimiter
		if i >= len(text) {
			return append(cells, ""), i, nl, -1
		}
	}
}

// parseField reads one field starting at i and returns it, the index of
// the delimiter or line break that ends it, and the line breaks inside it;
// ok is false when the field is longer than maxCellText bytes.
func parseField(text string, i int, delim byte) (cell string, end, lines int, ok bool) {
	j := i
	for j < len(text) && text[j] == ' ' && delim != ' ' {
		j++
	}
	if j < len(text) && text[j] == '"' {
		cell, end, lines, closed, long := quoted(text, j+1, delim)
		if long {
			return "", end, lines, false
		}
		if closed {
			return cell, end, lines, true
		}
	}
	end = fieldEnd(text, i, delim)
	if end-i > maxCellText {
		return "", end, 0, false
	}
	return text[i:end], end, 0, true
}

// quoted reads a quoted field whose text starts at i, up to the delimiter
// or line break after its closing quote. closed is false when the quote is
// not closed soon enough; long is true when it is, but the field is longer
// than maxCellText bytes.
func quoted(text string, i int, delim byte) (cell string, end, lines int, closed, long bool) {
	var b strings.Builder
	for k := i; k < len(text); k++ {
		if b.Len() > maxCellText {
			if closesWithin(text, k, maxQuotedLines-lines) {
				return "", k, lines, false, true
			}
			return "", 0, 0, false, false
		}
		c := text[k]
		switch {
		case c == '"' && k+1 < len(text) && text[k+1] == '"':
			b.WriteByte('"')
			k++
		case c == '"':
			end := fieldEnd(text, k+1, delim)
			if tail := text[k+1 : end]; strings.TrimSpace(tail) != "" {
				if b.Len()+len(tail) > maxCellText {
					return "", end, lines, false, true
				}
				b.WriteString(tail)
			}
			return b.String(), end, lines, true, false
		case c == '\n':
			lines++
			if lines > maxQuotedLines {
				return "", 0, 0, false, false
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, 0, false, false
}

// closesWithin reports whether a quoted field, at k, is closed before
// more than lines further line breaks: quoted's test, without the copy.
func closesWithin(text string, k, lines int) bool {
	for ; k < len(text); k++ {
		switch text[k] {
		case '"':
			if k+1 < len(text) && text[k+1] == '"' {
				k++
				continue
			}
			return true
		case '\n':
			if lines--; lines < 0 {
				return false
			}
		}
	}
	return false
}

// fieldEnd returns the index of the first delimiter or line break at or
// after i, or the end of text.
func fieldEnd(text string, i int, delim byte) int {
	for k := i; k < len(text); k++ {
		if text[k] == delim || text[k] == '\n' {
			return k
		}
	}
	return len(text)
}

// splitOther re-splits a one-cell record on the other delimiter that gives
// the most cells, if one gives three or more.
func splitOther(rec string, delim rune, cells []string) []string {
	best := cells
	for _, d := range delimiters {
		if d == delim || !strings.ContainsRune(rec, d) {
			continue
		}
		if c, _, _, long := parseRecord(rec, 0, byte(d)); long < 0 && len(c) >= 3 && len(c) > len(best) {
			best = c
		}
	}
	return best
}

// clip trims every cell and bounds the row and cell sizes.
func clip(cells []string) []string {
	if len(cells) > maxCols {
		cells = cells[:maxCols]
	}
	out := make([]string, len(cells))
	for i, c := range cells {
		if !utf8.ValidString(c) {
			if d, err := charmap.Windows1252.NewDecoder().String(c); err == nil {
				c = d
			}
		}
		if len(c) > maxCell {
			c = strings.ToValidUTF8(c[:maxCell], "")
		}
		out[i] = strings.TrimSpace(c)
	}
	return out
}
