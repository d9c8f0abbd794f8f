package kitspace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// project is one element of scraped_data.
type project struct {
	URL            text              `json:"url"`
	ProjectName    text              `json:"project_name"`
	RepositoryLink text              `json:"repository_link"`
	Description    text              `json:"description"`
	BOM            []json.RawMessage `json:"bill_of_materials"`
	// lines are the decoded BOM.
	lines []line
}

// line is one BOM line of a project.
type line struct {
	Reference    text            `json:"reference"`
	Quantity     quantity        `json:"quantity"`
	Description  text            `json:"description"`
	Manufacturer text            `json:"manufacturer"`
	MPN          text            `json:"mpn"`
	Retailers    map[string]text `json:"retailers"`
}

// text is a JSON string, number, boolean or null read as a string (null
// is ""): scrapers write part numbers as numbers now and then.
type text string

// UnmarshalJSON implements json.Unmarshaler.
func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*t = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
	case b[0] == '{' || b[0] == '[':
		return &json.UnmarshalTypeError{Value: kind(b[0]), Type: reflect.TypeFor[string]()}
	default:
		*t = text(b)
	}
	return nil
}

// quantity is a JSON number or numeric string; null, "" and text that is
// not a number read as 0 (unknown).
type quantity float64

// UnmarshalJSON implements json.Unmarshaler.
func (q *quantity) UnmarshalJSON(b []byte) error {
	var t text
	if err := t.UnmarshalJSON(b); err != nil {
		return &json.UnmarshalTypeError{Value: kind(bytes.TrimSpace(b)[0]), Type: reflect.TypeFor[float64]()}
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(string(t)), 64)
	if err != nil || f < 0 || f > maxQuantity {
		f = 0
	}
	*q = quantity(f)
	return nil
}

// maxQuantity is the largest quantity taken as stated; larger ones are
// read as unknown.
const maxQuantity = 1e9

func kind(c byte) string {
	if c == '{' {
		return "object"
	}
	return "array"
}

// lineCounter turns byte offsets into 1-based line numbers.
type lineCounter struct{ data []byte }

func (lc lineCounter) at(off int64) int {
	o := int(min(max(off, 0), int64(len(lc.data))))
	return 1 + bytes.Count(lc.data[:o], []byte("\n"))
}

// rawProject is a project's JSON text and where it starts.
type rawProject struct {
	raw   json.RawMessage
	start int64
}

// scan checks the file is well-formed JSON and returns the elements of its
// top-level scraped_data array with their offsets. Errors are located
// *model.Error values.
func scan(file string, data []byte) ([]rawProject, error) {
	lc := lineCounter{data}
	var probe json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, model.ParseError(file, lc.at(se.Offset), "", "malformed JSON: %v", se)
		}
		return nil, model.ParseError(file, 1, "", "malformed JSON: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, model.ParseError(file, 1, "", "not a Kitspace scrape: the top level is not a JSON object")
	}
	var out []rawProject
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, model.ParseError(file, lc.at(dec.InputOffset()), "", "malformed JSON: %v", err)
		}
		key, _ := tok.(string)
		if key != "scraped_data" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, model.ParseError(file, lc.at(dec.InputOffset()), key, "malformed JSON: %v", err)
			}
			continue
		}
		found = true
		ps, err := scanProjects(file, data, dec, lc)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	if !found {
		return nil, model.ParseError(file, 1, "scraped_data", "not a Kitspace scrape: no scraped_data array")
	}
	return out, nil
}

// scanProjects reads the scraped_data array, its key just read.
func scanProjects(file string, data []byte, dec *json.Decoder, lc lineCounter) ([]rawProject, error) {
	at := lc.at(dec.InputOffset())
	tok, err := dec.Token()
	if err != nil {
		return nil, model.ParseError(file, at, "scraped_data", "malformed JSON: %v", err)
	}
	if tok == nil {
		return nil, nil // null: no projects
	}
	if tok != json.Delim('[') {
		return nil, model.ParseError(file, at, "scraped_data", "want an array of projects, got %v", tok)
	}
	var out []rawProject
	for dec.More() {
		start := valueStart(data, dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, model.ParseError(file, lc.at(start), "scraped_data", "malformed JSON: %v", err)
		}
		out = append(out, rawProject{raw: raw, start: start})
	}
	if _, err := dec.Token(); err != nil && err != io.EOF {
		return nil, model.ParseError(file, lc.at(dec.InputOffset()), "scraped_data", "malformed JSON: %v", err)
	}
	return out, nil
}

// valueStart skips the white space and the comma before a value.
func valueStart(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
		off++
	}
	return off
}

// decodeProject decodes project i and its BOM lines, locating errors.
func decodeProject(file string, lc lineCounter, i int, rp rawProject) (project, error) {
	var p project
	field := fmt.Sprintf("scraped_data[%d]", i)
	if err := json.Unmarshal(rp.raw, &p); err != nil {
		return p, typeError(file, lc, rp.start, field, err)
	}
	p.lines = make([]line, len(p.BOM))
	for k, raw := range p.BOM {
		if err := json.Unmarshal(raw, &p.lines[k]); err != nil {
			// The line's text is in the project's: find where, on this
			// error path only.
			start := rp.start + int64(max(bytes.Index(rp.raw, raw), 0))
			return p, typeError(file, lc, start, fmt.Sprintf("%s.bill_of_materials[%d]", field, k), err)
		}
	}
	return p, nil
}

// typeError locates an error decoding the value starting at start.
func typeError(file string, lc lineCounter, start int64, field string, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			field += "." + te.Field
		}
		return model.ParseError(file, lc.at(start+te.Offset), field, "want %s, got JSON %s", describe(te.Type), te.Value)
	}
	e := model.ParseError(file, lc.at(start), field, "bad value")
	e.Err = err
	return e
}

// describe names the JSON kind a Go type is decoded from.
func describe(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}
