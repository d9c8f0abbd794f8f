package inventree

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// record is one entry of a Django fixture, with where it is in the file.
type record struct {
	Model  string          `json:"model"`
	PK     json.RawMessage `json:"pk"`
	Fields json.RawMessage `json:"fields"`
	// start and end are the record's byte span in the file.
	start, end int
	// key is the pk as text.
	key string
}

// fixture is a decoded export: its records and the means to locate them.
type fixture struct {
	name     string
	data     []byte
	newlines []int // offsets of the '\n' bytes, ascending
	records  []record
}

// decodeFixture splits data into records, checking that it is a JSON array
// of objects and nothing more. Errors are located *model.Error values.
func decodeFixture(ctx context.Context, name string, data []byte) (*fixture, error) {
	f := &fixture{name: name, data: data}
	for i, c := range data {
		if c == '\n' {
			f.newlines = append(f.newlines, i)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, f.jsonError(err, 0, "")
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, model.ParseError(name, f.line(int(dec.InputOffset())), "",
			"an InvenTree export is a JSON array of records, not %s", describe(tok))
	}
	for dec.More() {
		if len(f.records)%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		base := f.valueStart(int(dec.InputOffset()))
		var r record
		if err := dec.Decode(&r); err != nil {
			return nil, f.jsonError(err, base, fmt.Sprintf("record %d", len(f.records)+1))
		}
		r.start, r.end = f.skipSpace(base), int(dec.InputOffset())
		if err := f.checkRecord(&r, len(f.records)+1); err != nil {
			return nil, err
		}
		f.records = append(f.records, r)
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return nil, f.jsonError(err, int(dec.InputOffset()), "")
	}
	if tok, err := dec.Token(); err != io.EOF {
		what := "data"
		if err == nil {
			what = describe(tok)
		}
		return nil, model.ParseError(name, f.line(f.skipSpace(int(dec.InputOffset()))), "",
			"unexpected %s after the end of the record array", what)
	}
	return f, nil
}

// checkRecord checks the record's model and pk and sets its key.
func (f *fixture) checkRecord(r *record, n int) error {
	what := func() string { return fmt.Sprintf("record %d", n) }
	app, mdl, ok := strings.Cut(r.Model, ".")
	if !ok || app == "" || mdl == "" {
		return model.ParseError(f.name, f.fieldLine(r, "model"), "model",
			"%s: model %q is not of the form <app>.<model>", what(), r.Model)
	}
	pk := bytes.TrimSpace(r.PK)
	switch {
	case len(pk) == 0 || string(pk) == "null":
		// Natural-key records have no pk; none of the models read need one
		// to be missing, and those read check it themselves.
	case pk[0] == '"':
		if err := json.Unmarshal(pk, &r.key); err != nil {
			return model.ParseError(f.name, f.fieldLine(r, "pk"), "pk", "%s: %v", what(), err)
		}
	case pk[0] == '-' || (pk[0] >= '0' && pk[0] <= '9'):
		r.key = canonicalNumber(string(pk))
	default:
		return model.ParseError(f.name, f.fieldLine(r, "pk"), "pk",
			"%s (%s): pk must be a number or a string, not %s", what(), r.Model, pk)
	}
	return nil
}

// canonicalNumber writes integral JSON numbers without exponent or
// fraction, so that 5, 5.0 and 5e0 name the same record.
func canonicalNumber(s string) string {
	if v, err := strconv.ParseFloat(s, 64); err == nil && v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return s
}

// jsonError turns a decoding error into a located error. base is the
// offset the decoded value started at; what names it.
func (f *fixture) jsonError(err error, base int, what string) error {
	prefix := ""
	if what != "" {
		prefix = what + ": "
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return model.ParseError(f.name, f.line(len(f.data)), "",
			"%sthe file ends inside the JSON (truncated?)", prefix)
	case errors.As(err, &syn):
		off := int(syn.Offset)
		if what != "" {
			off = f.syntaxOffset(base, off)
		}
		return model.ParseError(f.name, f.line(off), "", "%sbad JSON: %v", prefix, syn)
	case errors.As(err, &typ):
		line := f.line(base + int(typ.Offset))
		if typ.Field == "" {
			return model.ParseError(f.name, line, "",
				"%sexpected a record {\"model\", \"pk\", \"fields\"}, found a JSON %s", prefix, typ.Value)
		}
		return model.ParseError(f.name, line, typ.Field, "%s%s cannot be a JSON %s", prefix, typ.Field, typ.Value)
	}
	return model.ParseError(f.name, f.line(base), "", "%s%v", prefix, err)
}

// syntaxOffset finds where a syntax error in the value starting at base
// is. The offset a Decoder reports counts the bytes its scanner saw over
// every Decode call but not the bytes Token consumed, so the value is
// scanned again on its own, where offsets start at base; def is the answer
// if that scan finds no error.
func (f *fixture) syntaxOffset(base, def int) int {
	var v json.RawMessage
	err := json.NewDecoder(bytes.NewReader(f.data[base:])).Decode(&v)
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return base + max(int(syn.Offset)-1, 0)
	}
	return min(def, len(f.data))
}

// valueStart returns the offset of the value the decoder will read next,
// given its offset before it: past white space and one comma.
func (f *fixture) valueStart(off int) int {
	off = f.skipSpace(off)
	if off < len(f.data) && f.data[off] == ',' {
		off++
	}
	return off
}

func (f *fixture) skipSpace(off int) int {
	for off < len(f.data) {
		switch f.data[off] {
		case ' ', '\t', '\r', '\n':
			off++
		default:
			return off
		}
	}
	return off
}

// line returns the 1-based line holding byte offset off.
func (f *fixture) line(off int) int {
	return sort.SearchInts(f.newlines, off) + 1
}

// fieldLine returns the line of the first key named field in the record,
// or the record's first line.
func (f *fixture) fieldLine(r *record, field string) int {
	span := f.data[r.start:r.end]
	pat := []byte(strconv.Quote(field))
	for from := 0; ; {
		i := bytes.Index(span[from:], pat)
		if i < 0 {
			return f.line(r.start)
		}
		i += from
		j := f.skipSpace(r.start+i+len(pat)) - r.start
		if j < len(span) && span[j] == ':' {
			return f.line(r.start + i)
		}
		from = i + len(pat)
	}
}

// describe names a JSON token for messages.
func describe(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(t))
	case string:
		return fmt.Sprintf("the string %q", t)
	case nil:
		return "null"
	default:
		return fmt.Sprintf("%v", t)
	}
}
