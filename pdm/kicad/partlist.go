package kicad

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// partListFields translates the column headers KiCost's generic CSV reader
// knows besides the part fields (see canonical).
var partListFields = map[string]string{
	"refs": "refs", "references": "refs", "reference": "refs", "ref": "refs",
	"customer no": "refs", "parts": "refs", "part": "refs",
	"reference designator": "refs", "part reference": "refs", "designator": "refs",
	"qty": "qty", "quantity": "qty", "order qty": "qty",
	"stock code": fieldMPN, "mfr. no": fieldMPN, "manpartno": fieldMPN,
	"value": "value", "footprint": "footprint", "package": "footprint",
	"pcb package": "footprint", "pcb footprint": "footprint",
}

// maxRefs bounds the designators one range ("R1-R9") may expand to.
const maxRefs = 10000

// parsePartList reads a KiCost part list: a CSV file whose header names
// the columns (manf#, refs, qty, value, footprint, manf, desc, <dist>#...),
// or, without a header, has one column (manf#), two (manf#, refs) or more
// (qty, manf#, refs), as KiCost assumes. Each row is a component; rows
// whose reference column lists several designators ("R1,R2", "U1-3") stand
// for that many components unless a qty column says otherwise.
func parsePartList(name string, data []byte, opt pdm.Options) (*model.Batch, Stats, error) {
	text := decodeText(data)
	records, lines, err := readRecords(name, text)
	if err != nil {
		return nil, Stats{}, err
	}
	header, body := partListHeader(records)
	if header == nil {
		body = records
	} else {
		lines = lines[1:]
	}
	if len(header) == 0 {
		header = defaultHeader(records)
	}
	ext := firstOf(strings.TrimSpace(opt.Product), fileStem(name), "part list")
	bl := newBuilder(name, productItem(ext, "", ""))
	for i, rec := range body {
		c, ok, err := partListRow(name, lines[i], header, rec)
		if err != nil {
			return nil, Stats{}, err
		}
		if !ok {
			bl.stats.Unidentified++
			continue
		}
		bl.add(c)
	}
	b, st := bl.finish()
	return b, st, nil
}

// decodeText returns data as UTF-8 without a byte-order mark, reading it
// as Latin-1 when it is not valid UTF-8 (as KiCost does).
func decodeText(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if utf8.Valid(data) {
		return string(data)
	}
	s, err := charmap.ISO8859_1.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return string(s)
}

// readRecords reads all non-blank CSV records and the line each starts on.
func readRecords(name, text string) ([][]string, []int, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var recs [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return recs, lines, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, model.ParseError(name, pe.StartLine, "", "malformed CSV: %v", pe.Err)
			}
			return nil, nil, model.ParseError(name, 0, "", "malformed CSV: %v", err)
		}
		blank := true
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
			blank = blank && rec[i] == ""
		}
		if blank {
			continue
		}
		line, _ := r.FieldPos(0)
		recs = append(recs, rec)
		lines = append(lines, line)
	}
}

// sniffDelimiter picks ";", tab or "," from the first line.
func sniffDelimiter(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	switch {
	case strings.Count(first, ";") > strings.Count(first, ","):
		return ';'
	case strings.Count(first, "\t") > strings.Count(first, ","):
		return '\t'
	}
	return ','
}

// partListHeader returns the canonical column names and the data rows when
// the first record is a header: it names a manf# or <dist># column, or any
// column KiCost knows (then, as in KiCost, the columns are assumed by their
// number and header is empty but not nil). It returns nil when the first
// record is data.
func partListHeader(records [][]string) (header []string, body [][]string) {
	if len(records) == 0 {
		return nil, nil
	}
	first := records[0]
	names := make([]string, len(first))
	known := false
	for i, h := range first {
		n := strings.ToLower(strings.TrimSpace(h))
		if t, ok := partListFields[n]; ok {
			n = t
		} else {
			n = canonical(n)
		}
		names[i] = n
		if n == fieldMPN || strings.HasSuffix(n, "#") {
			return names, records[1:]
		}
		known = known || n == "refs" || n == "qty" || n == "value" || n == "footprint" ||
			n == fieldManf || n == fieldDesc
	}
	if known {
		return []string{}, records[1:]
	}
	return nil, records
}

// defaultHeader is KiCost's header for a part list without one, by the
// number of non-empty cells of the first record.
func defaultHeader(records [][]string) []string {
	n := 0
	if len(records) > 0 {
		for _, c := range records[0] {
			if c != "" {
				n++
			}
		}
	}
	switch n {
	case 0, 1:
		return []string{fieldMPN}
	case 2:
		return []string{fieldMPN, "refs"}
	}
	return []string{"qty", fieldMPN, "refs"}
}

// partListRow makes the component of one row; ok is false for a row with
// neither a part number, a catalogue number nor a value.
func partListRow(file string, line int, header, rec []string) (component, bool, error) {
	var fields []rawField
	c := component{}
	qty := 0.0
	for i, v := range rec {
		if i >= len(header) || v == "" {
			continue
		}
		switch h := header[i]; h {
		case "refs":
			c.refs = append(c.refs, splitRefs(v)...)
		case "qty":
			q, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
			if err != nil || q < 0 || q > maxQty {
				return c, false, model.ParseError(file, line, "qty", "quantity %q is not a number between 0 and %g", v, float64(maxQty))
			}
			qty = q
		case "value":
			c.value = cleanValue(v)
		case "footprint":
			c.footprint = cleanValue(v)
		default:
			fields = append(fields, rawField{h, v})
		}
	}
	c.fields = resolve(fields)
	c.desc = c.fields[fieldDesc]
	switch {
	case qty > 0:
		c.count = qty
	case len(c.refs) > 0:
		c.count = float64(len(c.refs))
	default:
		c.count = 1
	}
	ok := c.fields[fieldMPN] != "" || c.value != "" || len(distNames(c.fields)) > 0
	return c, ok, nil
}

// refRange matches a designator range: "U1-U4", "U1-4".
var refRange = regexp.MustCompile(`^([A-Za-z_]+)(\d+)-(?:([A-Za-z_]+))?(\d+)$`)

// splitRefs splits a list of designators on ",", ";" and white space,
// expanding ranges ("D33-D36", "U1-2") and slash lists ("C17/18/19").
func splitRefs(s string) []string {
	var out []string
	for _, r := range strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ';' || c == ' ' || c == '\t' }) {
		out = append(out, expandRef(r)...)
	}
	return out
}

func expandRef(r string) []string {
	if m := refRange.FindStringSubmatch(r); m != nil && (m[3] == "" || m[3] == m[1]) {
		lo, err1 := strconv.Atoi(m[2])
		hi, err2 := strconv.Atoi(m[4])
		if err1 == nil && err2 == nil && lo <= hi && hi-lo < maxRefs {
			out := make([]string, 0, hi-lo+1)
			for n := lo; n <= hi; n++ {
				out = append(out, m[1]+strconv.Itoa(n))
			}
			return out
		}
	}
	if i := strings.IndexAny(r, `/\`); i > 0 {
		prefix := strings.TrimRight(r[:i], "0123456789")
		if prefix != "" {
			var out []string
			for j, n := range strings.FieldsFunc(r, func(c rune) bool { return c == '/' || c == '\\' }) {
				if j > 0 {
					n = prefix + n
				}
				out = append(out, n)
			}
			return out
		}
	}
	return []string{r}
}
