package nopscadlib

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// assembly is one element of bom.json: an assembly with what it holds,
// every count a total over all its instances (see doc.go).
type assembly struct {
	name     string
	count    float64 // instances, as bom.py counted them
	subs     []use   // sub-assemblies
	vitamins []use
	printed  []use
	routed   []use
	line     int // line of the element's opening brace
}

// use is one entry of an assembly's map: a key and its total count.
type use struct {
	key    string
	count  float64
	colour string // printed and routed parts only, when given
	line   int
}

// rawAssembly is an element as JSON holds it. Maps of parts hold either a
// bare count (older NopSCADlib) or an object with "count".
type rawAssembly struct {
	Name       *string                    `json:"name"`
	Count      *float64                   `json:"count"`
	Assemblies map[string]json.RawMessage `json:"assemblies"`
	Vitamins   map[string]json.RawMessage `json:"vitamins"`
	Printed    map[string]json.RawMessage `json:"printed"`
	Routed     map[string]json.RawMessage `json:"routed"`
}

// maxCount bounds counts so that sums and quotients stay exact.
const maxCount = 1e9

// doc is a bom.json being decoded: its bytes, for locating errors.
type doc struct {
	name     string
	data     []byte
	newlines []int
}

func newDoc(name string, data []byte) *doc {
	d := &doc{name: name, data: data}
	for i, c := range data {
		if c == '\n' {
			d.newlines = append(d.newlines, i)
		}
	}
	return d
}

// line returns the 1-based line holding byte offset off.
func (d *doc) line(off int) int { return sort.SearchInts(d.newlines, off) + 1 }

// decode reads the array of assemblies.
func (d *doc) decode(ctx context.Context) ([]*assembly, error) {
	dec := json.NewDecoder(bytes.NewReader(d.data))
	tok, err := dec.Token()
	if err != nil {
		return nil, d.jsonError(err, 0)
	}
	if tok != json.Delim('[') {
		return nil, model.ParseError(d.name, d.line(int(dec.InputOffset())), "",
			"expected a JSON array of assemblies, found %v", describe(tok))
	}
	var out []*assembly
	seen := map[string]int{}
	for dec.More() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		start := d.valueStart(int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, d.jsonError(err, 0)
		}
		a, err := d.assembly(raw, start, len(out))
		if err != nil {
			return nil, err
		}
		if l, dup := seen[a.name]; dup {
			return nil, model.ParseError(d.name, a.line, "name",
				"assembly %q is listed twice (first at line %d)", a.name, l)
		}
		seen[a.name] = a.line
		out = append(out, a)
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return nil, d.jsonError(err, 0)
	}
	if tok, err := dec.Token(); err != io.EOF {
		if err != nil {
			return nil, d.jsonError(err, 0)
		}
		return nil, model.ParseError(d.name, d.line(int(dec.InputOffset())), "",
			"unexpected %v after the array of assemblies", describe(tok))
	}
	if len(out) == 0 {
		return nil, model.ParseError(d.name, 1, "", "the file lists no assemblies")
	}
	return out, nil
}

// assembly decodes element i, which starts at offset start.
func (d *doc) assembly(raw json.RawMessage, start, i int) (*assembly, error) {
	line := d.line(start)
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return nil, model.ParseError(d.name, line, "", "assembly %d: expected an object, found %s", i+1, clip(t))
	}
	var r rawAssembly
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, d.jsonError(err, start)
	}
	switch {
	case r.Name == nil || *r.Name == "":
		return nil, model.ParseError(d.name, line, "name", "assembly %d has no name", i+1)
	case r.Count == nil:
		return nil, model.ParseError(d.name, line, "count", "assembly %q has no count", *r.Name)
	}
	a := &assembly{name: *r.Name, count: *r.Count, line: line}
	if !validCount(a.count) {
		return nil, model.ParseError(d.name, d.keyLine(start, raw, "", "count"), "count",
			"assembly %q: count %v is not a positive whole number", a.name, a.count)
	}
	var err error
	maps := []struct {
		field string
		m     map[string]json.RawMessage
		dst   *[]use
	}{
		{"assemblies", r.Assemblies, &a.subs},
		{"vitamins", r.Vitamins, &a.vitamins},
		{"printed", r.Printed, &a.printed},
		{"routed", r.Routed, &a.routed},
	}
	for _, m := range maps {
		if *m.dst, err = d.uses(a.name, m.field, m.m, start, raw); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// uses decodes one map of an assembly into entries sorted by key.
func (d *doc) uses(owner, field string, m map[string]json.RawMessage, start int, raw []byte) ([]use, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]use, 0, len(keys))
	for _, k := range keys {
		u := use{key: k, line: d.keyLine(start, raw, field, k)}
		if k == "" {
			return nil, model.ParseError(d.name, u.line, field, "assembly %q: an entry has an empty name", owner)
		}
		v := bytes.TrimSpace(m[k])
		var ok bool
		if len(v) > 0 && v[0] == '{' && field != "assemblies" {
			ok = decodeEntry(v, &u)
		} else {
			ok = json.Unmarshal(v, &u.count) == nil
		}
		if !ok || !validCount(u.count) {
			return nil, model.ParseError(d.name, u.line, field+"."+k,
				"assembly %q: expected a positive whole count, found %s", owner, clip(v))
		}
		out = append(out, u)
	}
	return out, nil
}

// decodeEntry reads {"count": n, "colour": "..."}.
func decodeEntry(v []byte, u *use) bool {
	var e struct {
		Count  *float64        `json:"count"`
		Colour json.RawMessage `json:"colour"`
	}
	if json.Unmarshal(v, &e) != nil || e.Count == nil {
		return false
	}
	u.count = *e.Count
	var s string
	if json.Unmarshal(e.Colour, &s) == nil {
		u.colour = s
	}
	return true
}

func validCount(v float64) bool {
	return v > 0 && v <= maxCount && v == math.Trunc(v)
}

// keyLine returns the line of key, as a JSON object key, in the element
// raw starting at start; when within is not empty, the first such key
// after the key within. It returns the element's first line when the key
// cannot be found.
func (d *doc) keyLine(start int, raw []byte, within, key string) int {
	from := 0
	if within != "" {
		i := keyAt(raw, 0, within)
		if i < 0 {
			return d.line(start)
		}
		from = i
	}
	if i := keyAt(raw, from, key); i >= 0 {
		return d.line(start + i)
	}
	return d.line(start)
}

// keyAt returns the offset of the first JSON string key at or after from
// in raw, or -1.
func keyAt(raw []byte, from int, key string) int {
	pat, err := json.Marshal(key)
	if err != nil {
		return -1
	}
	for from < len(raw) {
		i := bytes.Index(raw[from:], pat)
		if i < 0 {
			return -1
		}
		i += from
		j := i + len(pat)
		for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\r' || raw[j] == '\n') {
			j++
		}
		if j < len(raw) && raw[j] == ':' {
			return i
		}
		from = i + len(pat)
	}
	return -1
}

// jsonError turns a decoding error into a located error; base is the
// offset of the value whose decoding failed, 0 for the whole file.
func (d *doc) jsonError(err error, base int) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return model.ParseError(d.name, d.line(len(d.data)), "", "the file ends inside the JSON (truncated?)")
	case errors.As(err, &syn):
		return model.ParseError(d.name, d.line(base+int(syn.Offset)), "", "bad JSON: %v", syn)
	case errors.As(err, &typ):
		return model.ParseError(d.name, d.line(base+int(typ.Offset)), typ.Field,
			"expected %s, found JSON %s", typ.Type, typ.Value)
	}
	return model.ParseError(d.name, d.line(base), "", "bad JSON: %v", err)
}

// valueStart returns the offset of the value the decoder reads next, given
// its offset before it: past white space and one comma.
func (d *doc) valueStart(off int) int {
	off = d.skipSpace(off)
	if off < len(d.data) && d.data[off] == ',' {
		off = d.skipSpace(off + 1)
	}
	return off
}

func (d *doc) skipSpace(off int) int {
	for off < len(d.data) {
		switch d.data[off] {
		case ' ', '\t', '\r', '\n':
			off++
		default:
			return off
		}
	}
	return off
}

func describe(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		return "'" + t.String() + "'"
	case string:
		return "a string"
	case nil:
		return "null"
	default:
		return "a value"
	}
}

// clip shortens a JSON value for a message.
func clip(b []byte) string {
	const max = 40
	if len(b) == 0 {
		return "nothing"
	}
	if len(b) > max {
		return strings.ToValidUTF8(string(b[:max]), "") + "..."
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
