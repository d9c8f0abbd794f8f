package horizon

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// The inheritable attributes of a part, in the order of part.attrs.
const (
	attrMPN = iota
	attrValue
	attrManufacturer
	attrDescription
	attrDatasheet
	nAttrs
)

// attrKeys are the JSON keys of the inheritable attributes; the first three
// are required, as Horizon requires them.
var attrKeys = [nAttrs]string{"MPN", "value", "manufacturer", "description", "datasheet"}

// pair is one inheritable attribute, written [inherit, text] in the file:
// when inherit is true and the part has a base, the base's attribute
// applies and text is stale.
type pair struct {
	inherit bool
	text    string
}

// entry is one key-value pair of a JSON object, in file order.
type entry struct {
	key, value string
}

// part is one decoded part file.
type part struct {
	file string // the file's name in messages
	rel  string // its slash path from the pool's parts folder
	// lines are the lines of the top-level fields, by key.
	lines map[string]int

	uuid        string
	base        string // the base part's uuid, or ""
	attrs       [nAttrs]pair
	tags        []string
	inheritTags bool
	parametric  []entry // sorted by key, "table" included
	orderable   []entry // orderable_MPNs, sorted by key
	baseFlag    bool    // flags.base_part is "set"
}

// line returns the line of the top-level field key, or 1.
func (p *part) line(key string) int {
	if l, ok := p.lines[key]; ok {
		return l
	}
	return 1
}

// errorf returns an error located at the field key of the part.
func (p *part) errorf(key, field, format string, args ...any) error {
	return model.ParseError(p.file, p.line(key), field, format, args...)
}

// decodePart decodes one part file. file names it in messages; rel is its
// path from the pool's parts folder. Errors are located *model.Error values.
func decodePart(file, rel string, data []byte) (*part, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // on line 1: lines stay right
	var newlines []int
	for i, c := range data {
		if c == '\n' {
			newlines = append(newlines, i)
		}
	}
	line := func(off int) int { return sort.SearchInts(newlines, off) + 1 }
	// Check the whole file first, so that the walk below meets no syntax
	// error and the offsets of json.Unmarshal, which count from the start
	// of the file, locate any.
	var whole json.RawMessage
	if err := json.Unmarshal(data, &whole); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			if int(syn.Offset) >= len(bytes.TrimRight(data, " \t\r\n")) {
				return nil, model.ParseError(file, line(len(data)), "", "the file ends inside the JSON (truncated?)")
			}
			return nil, model.ParseError(file, line(max(int(syn.Offset)-1, 0)), "", "bad JSON: %v", syn)
		}
		return nil, model.ParseError(file, 1, "", "bad JSON: %v", err)
	}
	start := skipSpace(data, 0)
	if data[start] != '{' {
		return nil, model.ParseError(file, line(start), "", "a Horizon part is a JSON object, not %s", kindOf(data[start:]))
	}
	p := &part{file: file, rel: rel, lines: map[string]int{}}
	fields := map[string]json.RawMessage{}
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // the '{'
		return nil, model.ParseError(file, line(start), "", "bad JSON: %v", err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, model.ParseError(file, line(int(dec.InputOffset())), "", "bad JSON: %v", err)
		}
		key, _ := tok.(string)
		off := valueStart(data, int(dec.InputOffset()))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, model.ParseError(file, line(off), key, "bad JSON: %v", err)
		}
		p.lines[key] = line(off)
		fields[key] = v
	}
	if err := p.readFields(fields); err != nil {
		return nil, err
	}
	return p, nil
}

// readFields interprets the top-level fields of a part file.
func (p *part) readFields(fields map[string]json.RawMessage) error {
	var typ string
	if err := p.str(fields, "type", &typ, true); err != nil {
		return err
	}
	if typ != "part" {
		return p.errorf("type", "type", "the file is a Horizon %q, not a part", typ)
	}
	if err := p.str(fields, "uuid", &p.uuid, true); err != nil {
		return err
	}
	var ok bool
	if p.uuid, ok = canonicalUUID(p.uuid); !ok {
		return p.errorf("uuid", "uuid", "%q is not a UUID", p.uuid)
	}
	if _, has := fields["base"]; has {
		if err := p.str(fields, "base", &p.base, true); err != nil {
			return err
		}
		if p.base, ok = canonicalUUID(p.base); !ok {
			return p.errorf("base", "base", "%q is not a UUID", p.base)
		}
		if p.base == p.uuid {
			return p.errorf("base", "base", "the part %s is its own base", p.uuid)
		}
	}
	for i, key := range attrKeys {
		if err := p.pair(fields, key, &p.attrs[i], i <= attrManufacturer); err != nil {
			return err
		}
	}
	if err := p.boolean(fields, "inherit_tags", &p.inheritTags); err != nil {
		return err
	}
	if err := p.strings(fields, "tags", &p.tags); err != nil {
		return err
	}
	if err := p.object(fields, "parametric", &p.parametric); err != nil {
		return err
	}
	if err := p.object(fields, "orderable_MPNs", &p.orderable); err != nil {
		return err
	}
	var flags []entry
	if err := p.object(fields, "flags", &flags); err != nil {
		return err
	}
	p.baseFlag = slices.Contains(flags, entry{"base_part", "set"})
	return nil
}

// str reads the string field key.
func (p *part) str(fields map[string]json.RawMessage, key string, dst *string, required bool) error {
	v, has := fields[key]
	if !has {
		if required {
			return p.errorf(key, key, "a Horizon part needs the field %q", key)
		}
		return nil
	}
	if json.Unmarshal(v, dst) != nil {
		return p.errorf(key, key, "must be a string, not %s", kindOf(v))
	}
	return nil
}

// boolean reads the optional boolean field key.
func (p *part) boolean(fields map[string]json.RawMessage, key string, dst *bool) error {
	if v, has := fields[key]; has && json.Unmarshal(v, dst) != nil {
		return p.errorf(key, key, "must be true or false, not %s", kindOf(v))
	}
	return nil
}

// pair reads the field key written [inherit, text].
func (p *part) pair(fields map[string]json.RawMessage, key string, dst *pair, required bool) error {
	v, has := fields[key]
	if !has {
		if required {
			return p.errorf(key, key, "a Horizon part needs the field %q", key)
		}
		return nil
	}
	var two []json.RawMessage
	if json.Unmarshal(v, &two) != nil || len(two) != 2 ||
		json.Unmarshal(two[0], &dst.inherit) != nil || json.Unmarshal(two[1], &dst.text) != nil ||
		isNull(two[0]) || isNull(two[1]) {
		return p.errorf(key, key, "must be a pair [inherit (true or false), text], not %s", clip(v))
	}
	return nil
}

// strings reads the optional array of strings key.
func (p *part) strings(fields map[string]json.RawMessage, key string, dst *[]string) error {
	v, has := fields[key]
	if !has || isNull(v) {
		return nil
	}
	var list []*string
	if json.Unmarshal(v, &list) != nil || slices.Contains(list, nil) {
		return p.errorf(key, key, "must be an array of strings, not %s", clip(v))
	}
	for _, s := range list {
		*dst = append(*dst, *s)
	}
	return nil
}

// object reads the optional object of strings key, sorted by key.
func (p *part) object(fields map[string]json.RawMessage, key string, dst *[]entry) error {
	v, has := fields[key]
	if !has || isNull(v) {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil {
		return p.errorf(key, key, "must be an object of strings, not %s", clip(v))
	}
	for k, raw := range m {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return p.errorf(key, key+"."+k, "must be a string, not %s", kindOf(raw))
		}
		*dst = append(*dst, entry{k, s})
	}
	slices.SortFunc(*dst, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	return nil
}

// canonicalUUID returns s lower-cased when it is a UUID written
// 8-4-4-4-12 hexadecimal digits, as Horizon writes them.
func canonicalUUID(s string) (string, bool) {
	if len(s) != 36 {
		return s, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return s, false
			}
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		default:
			return s, false
		}
	}
	return strings.ToLower(s), true
}

// valueStart returns the offset of the value that follows a key ending at
// off: past white space and the colon.
func valueStart(data []byte, off int) int {
	off = skipSpace(data, off)
	if off < len(data) && data[off] == ':' {
		off++
	}
	return skipSpace(data, off)
}

func skipSpace(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n':
			off++
		default:
			return off
		}
	}
	return off
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// kindOf names the kind of a JSON value for messages.
func kindOf(v []byte) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

// clip returns a JSON value for messages, shortened when long.
func clip(v json.RawMessage) string {
	s := []rune(string(bytes.TrimSpace(v)))
	if len(s) > 60 {
		return fmt.Sprintf("%s... (%s)", string(s[:60]), kindOf(v))
	}
	return string(s)
}
