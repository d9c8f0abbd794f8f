package inventree

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// fields reads the "fields" object of one record. The first error is kept,
// located at the line of the field, and the getters return zero values
// after it, so a decoder reads all it needs and checks err once.
type fields struct {
	f   *fixture
	r   *record
	m   map[string]json.RawMessage
	err error
}

// fieldsOf decodes the record's fields object; a record read by this
// package must have a pk and an object of fields.
func (f *fixture) fieldsOf(r *record) *fields {
	fs := &fields{f: f, r: r}
	if r.key == "" {
		fs.err = model.ParseError(f.name, f.fieldLine(r, "pk"), "pk", "%s record without a pk", r.Model)
		return fs
	}
	raw := bytes.TrimSpace(r.Fields)
	if len(raw) == 0 || raw[0] != '{' {
		fs.fail("", "fields must be an object")
		return fs
	}
	if err := json.Unmarshal(raw, &fs.m); err != nil {
		fs.fail("", "fields: %v", err)
	}
	return fs
}

// fail records a located error about field name, unless one is recorded.
func (fs *fields) fail(name, format string, args ...any) {
	if fs.err != nil {
		return
	}
	line := fs.f.line(fs.r.start)
	field := "fields"
	if name != "" {
		line = fs.f.fieldLine(fs.r, name)
		field = "fields." + name
	}
	fs.err = model.ParseError(fs.f.name, line, field, "%s pk=%s: %s",
		fs.r.Model, fs.r.key, fmt.Sprintf(format, args...))
}

// raw returns the field's JSON text, nil when it is missing or null.
func (fs *fields) raw(name string) []byte {
	if fs.err != nil {
		return nil
	}
	b := bytes.TrimSpace(fs.m[name])
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	return b
}

// str returns a string field; missing and null are "".
func (fs *fields) str(name string) string {
	b := fs.raw(name)
	if b == nil {
		return ""
	}
	var s string
	if b[0] != '"' || json.Unmarshal(b, &s) != nil {
		fs.fail(name, "%s must be a string, not %s", name, clip(b))
	}
	return strings.TrimSpace(s)
}

// flag returns a boolean field, def when it is missing or null.
func (fs *fields) flag(name string, def bool) bool {
	b := fs.raw(name)
	switch string(b) {
	case "":
		return def
	case "true":
		return true
	case "false":
		return false
	}
	fs.fail(name, "%s must be true or false, not %s", name, clip(b))
	return def
}

// ref returns a foreign key field as the referenced record's key; missing
// and null are "".
func (fs *fields) ref(name string) string {
	b := fs.raw(name)
	switch {
	case b == nil:
		return ""
	case b[0] == '"':
		var s string
		if json.Unmarshal(b, &s) == nil && s != "" {
			return s
		}
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		return canonicalNumber(string(b))
	}
	fs.fail(name, "%s must be a primary key (a number or a string), not %s", name, clip(b))
	return ""
}

// decimal returns a number written as a JSON number or a decimal string
// ("3.00000"), and whether the field had one.
func (fs *fields) decimal(name string) (float64, bool) {
	b := fs.raw(name)
	if b == nil {
		return 0, false
	}
	v, ok := parseDecimal(b)
	if !ok {
		fs.fail(name, "%s must be a decimal number, not %s", name, clip(b))
	}
	return v, ok
}

// lenientDecimal is decimal for fields the reader can do without: a value
// that is not a finite number is taken as missing.
func (fs *fields) lenientDecimal(name string) (float64, bool) {
	if b := fs.raw(name); b != nil {
		return parseDecimal(b)
	}
	return 0, false
}

// parseDecimal reads a JSON number or a string holding one; it must be
// finite.
func parseDecimal(b []byte) (float64, bool) {
	s := string(b)
	if b[0] == '"' && json.Unmarshal(b, &s) != nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// clip shortens a JSON value for messages.
func clip(b []byte) string {
	const max = 40
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}
