package tabular

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Mapping overrides the automatic reading of a BOM's layout. Columns maps
// a field name to the header text of its column (compared without case,
// spaces or punctuation) or to its 1-based column number. The field names
// are refdes, quantity, value, footprint, description, name, lib_part,
// dnp, populate, manufacturer, mpn, supplier and sku; manufacturer, mpn,
// supplier and sku take a number 2 to 9 for further columns ("mpn2"), and
// "sku:NAME" maps the SKU column of supplier NAME ("sku:Mouser"). Columns
// the mapping does not name are still mapped automatically.
type Mapping struct {
	Columns map[string]string
	// HeaderRow is the 1-based line (CSV) or row (sheet) of the header;
	// 0 finds it.
	HeaderRow int
	// Sheet names the worksheet to read; empty picks the best.
	Sheet string
	// Delimiter splits a text file; 0 sniffs it.
	Delimiter rune
}

// The keys of a mapping that are settings rather than fields.
const (
	keyHeaderRow = "header_row"
	keySheet     = "sheet"
	keyDelimiter = "delimiter"
)

// LoadMapping reads a mapping file: YAML, or JSON when the name ends in
// .json, holding one object whose keys are field names or the settings
// header_row, sheet and delimiter, e.g.
//
//	header_row: 3
//	sheet: BOM
//	refdes: Designator
//	quantity: 2
//	mpn: "Mfr. Part #"
//	sku:Mouser: "Mouser No"
//
// Unknown field names are an error that names them.
func LoadMapping(path string) (Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Mapping{}, fmt.Errorf("load mapping: %w", err)
	}
	raw := map[string]any{}
	if strings.EqualFold(filepath.Ext(path), ".json") {
		err = json.Unmarshal(data, &raw)
	} else {
		err = yaml.Unmarshal(data, &raw)
	}
	if err != nil {
		return Mapping{}, fmt.Errorf("load mapping %s: %w", path, err)
	}
	flat := make(map[string]string, len(raw))
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			flat[k] = v
		case int, int64, float64:
			flat[k] = fmt.Sprint(v)
		default:
			return Mapping{}, fmt.Errorf("load mapping %s: %s: want a header text or column number, got %v", path, k, v)
		}
	}
	m, err := MappingFromOptions(flat)
	if err != nil {
		return Mapping{}, fmt.Errorf("load mapping %s: %w", path, err)
	}
	return m, nil
}

// MappingFromOptions reads a mapping given as pdm.Options.Mapping: field
// name to header text or column number, plus the settings header_row,
// sheet and delimiter ("," ";" "tab" "|"). A nil map is the empty mapping.
func MappingFromOptions(opts map[string]string) (Mapping, error) {
	m := Mapping{}
	var unknown []string
	for k, v := range opts {
		key := strings.ToLower(strings.TrimSpace(k))
		switch key {
		case keyHeaderRow:
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 1 {
				return Mapping{}, failf(reasonMapping, "header_row %q is not a row number", v)
			}
			m.HeaderRow = n
		case keySheet:
			m.Sheet = strings.TrimSpace(v)
		case keyDelimiter:
			d, err := parseDelimiter(v)
			if err != nil {
				return Mapping{}, err
			}
			m.Delimiter = d
		default:
			if _, _, _, ok := mappedField(key); !ok {
				unknown = append(unknown, k)
				continue
			}
			if strings.TrimSpace(v) == "" {
				return Mapping{}, failf(reasonMapping, "field %s: empty header", k)
			}
			if m.Columns == nil {
				m.Columns = map[string]string{}
			}
			m.Columns[key] = strings.TrimSpace(v)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return Mapping{}, failf(reasonMapping, "unknown field names %s (known: %s, sku:SUPPLIER)",
			strings.Join(unknown, ", "), strings.Join(knownFields(), ", "))
	}
	return m, nil
}

// Options flattens the mapping into the form of pdm.Options.Mapping.
func (m Mapping) Options() map[string]string {
	out := map[string]string{}
	for k, v := range m.Columns {
		out[k] = v
	}
	if m.HeaderRow > 0 {
		out[keyHeaderRow] = strconv.Itoa(m.HeaderRow)
	}
	if m.Sheet != "" {
		out[keySheet] = m.Sheet
	}
	if m.Delimiter != 0 {
		out[keyDelimiter] = string(m.Delimiter)
	}
	return out
}

func (m Mapping) empty() bool { return len(m.Columns) == 0 && m.HeaderRow == 0 }

func knownFields() []string {
	var out []string
	for n := range fieldNames {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func parseDelimiter(v string) (rune, error) {
	switch strings.ToLower(v) {
	case ",", "comma":
		return ',', nil
	case ";", "semicolon":
		return ';', nil
	case "\t", "tab", `\t`:
		return '\t', nil
	case "|", "pipe":
		return '|', nil
	}
	return 0, failf(reasonMapping, "delimiter %q: want , ; tab or |", v)
}

// mappedField reads a mapping key: the field, its number ("mpn2" -> 2) and
// the supplier of a "sku:NAME" key.
func mappedField(key string) (field, int, string, bool) {
	if name, ok := strings.CutPrefix(key, "sku:"); ok {
		return fSKU, 0, strings.TrimSpace(name), strings.TrimSpace(name) != ""
	}
	n := 0
	if l := len(key); l > 1 && key[l-1] >= '2' && key[l-1] <= '9' {
		n, key = int(key[l-1]-'0'), key[:l-1]
	}
	f, ok := fieldNames[key]
	if !ok || n > 0 && !f.multi() {
		return fNone, 0, "", false
	}
	return f, n, "", true
}

// layoutFor finds the layout of a sheet: automatically, or with the
// mapping's header row and columns laid over the automatic reading.
func (m Mapping) layoutFor(sh sheet) (layout, error) {
	if m.empty() {
		l, ok := findLayout(sh)
		switch {
		case ok:
			return l, nil
		case l.isPlacement():
			return l, failf(reasonPlacement, "header at line %d maps %s", l.line, l.describe())
		case l.at >= 0 && len(sh.rows) > 0:
			return l, failf(reasonNoHeader, "best candidate, line %d, maps %s", l.line, l.describe())
		}
		return l, failf(reasonNoHeader, "no rows")
	}
	at, err := m.headerAt(sh)
	if err != nil {
		return layout{at: -1}, err
	}
	l := layout{at: at}
	var hdrCells []string
	if at >= 0 {
		l = resolve(sh.rows[at].cells, sh.rows[at+1:])
		l.at, l.line, hdrCells = at, sh.rows[at].line, sh.rows[at].cells
	}
	if err := m.overlay(&l, hdrCells); err != nil {
		return l, err
	}
	ident := l.has(fValue) || l.has(fDesc) || l.has(fMPN) || l.has(fName) || l.has(fSKU) || l.has(fIPN)
	if !ident {
		return l, failf(reasonMapping, "no column names the part (map value, description, name, mpn, sku or ipn)")
	}
	return l, nil
}

// headerAt finds the header row the mapping implies: its header_row; else
// the first row holding every header text it names; else the automatic
// header; else none (-1: the data starts at the first row).
func (m Mapping) headerAt(sh sheet) (int, error) {
	if m.HeaderRow > 0 {
		for i, r := range sh.rows {
			if r.line == m.HeaderRow {
				return i, nil
			}
		}
		return -1, failf(reasonMapping, "header row %d is empty or beyond the sheet", m.HeaderRow)
	}
	var texts []string
	for _, v := range m.Columns {
		if _, err := strconv.Atoi(v); err != nil {
			texts = append(texts, normKey(v))
		}
	}
	if len(texts) == 0 {
		if l, ok := findLayout(sh); ok {
			return l.at, nil
		}
		return -1, nil
	}
	for i := 0; i < len(sh.rows) && i < headerScan; i++ {
		keys := make([]string, len(sh.rows[i].cells))
		for j, c := range sh.rows[i].cells {
			keys[j] = normKey(c)
		}
		all := true
		for _, t := range texts {
			all = all && slices.Contains(keys, t)
		}
		if all {
			return i, nil
		}
	}
	return -1, failf(reasonMapping, "no row among the first %d holds all of the mapped headers", headerScan)
}

// overlay puts the mapped columns first, in key order (so "mpn2" pairs
// with "manufacturer2"), and drops automatic readings of the fields and
// columns the mapping names.
func (m Mapping) overlay(l *layout, hdrCells []string) error {
	keys := make([]string, 0, len(m.Columns))
	for k := range m.Columns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var mapped []column
	fields, claimed := map[field]bool{}, map[int]bool{}
	for _, k := range keys {
		f, n, supplier, _ := mappedField(k)
		idx, err := columnIndex(m.Columns[k], hdrCells)
		if err != nil {
			return failf(reasonMapping, "field %s: %v", k, err)
		}
		text := m.Columns[k]
		if idx < len(hdrCells) {
			text = hdrCells[idx]
		}
		h := header{text: text, key: normKey(text), supplier: supplier, index: n}
		mapped = append(mapped, column{idx: idx, f: f, hdr: h})
		fields[f], claimed[idx] = true, true
	}
	var keep []column
	for _, c := range l.cols {
		if !fields[c.f] && !claimed[c.idx] {
			keep = append(keep, c)
		}
	}
	l.cols = append(mapped, keep...)
	return nil
}

// columnIndex finds a mapped column: a 1-based number, or a header text.
func columnIndex(v string, hdrCells []string) (int, error) {
	if n, err := strconv.Atoi(v); err == nil {
		if n < 1 || n > maxCols {
			return 0, fmt.Errorf("column %d out of range", n)
		}
		return n - 1, nil
	}
	key := normKey(v)
	for i, c := range hdrCells {
		if normKey(c) == key {
			return i, nil
		}
	}
	return 0, fmt.Errorf("no header %q", v)
}
