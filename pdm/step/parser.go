package step

import (
	"context"
	"fmt"
	"strconv"

	"github.com/cbb-alliance/cbb/layers/model"
)

// maxDepth bounds the nesting of lists and typed parameters, so that a
// hostile file cannot exhaust the stack; real files nest a few levels.
const maxDepth = 64

// vkind is the kind of a parameter value.
type vkind uint8

// The parameter kinds.
const (
	vNull    vkind = iota // $: no value
	vOmitted              // *: a value derived by the subtype
	vNumber               // an integer or a real
	vString               // a string, decoded to UTF-8
	vEnum                 // .NAME.
	vRef                  // #123
	vBinary               // "0FF"
	vList                 // (a, b, ...)
	vTyped                // NAME(value)
)

// value is one parameter of a kept record.
type value struct {
	kind vkind
	text string  // string, enumeration, binary digits, typed parameter's type
	ref  uint64  // entity instance name of a reference
	num  float64 // number
	list []value // list items; the one parameter of a typed parameter
}

// part is a simple record: the whole of a simple entity instance, or one
// partial record of a complex one. Only the parts this reader needs are
// kept, with their parameters.
type part struct {
	kind   kind
	base   bool // the entity that declares the attributes (PRODUCT, PRODUCT_DEFINITION...)
	refdes bool // a simple usage record with a reference designator
	params []value
}

// record is a kept entity instance.
type record struct {
	id      uint64
	line    int // where the instance starts
	complex bool
	parts   []part
}

// parser checks the syntax of a whole exchange structure and hands the
// records the product structure needs to a collector.
type parser struct {
	ctx    context.Context
	s      *scanner
	file   string // for errors
	inst   uint64 // the instance being read, for errors
	inInst bool   // whether inst is set
	word   []byte // scratch: the last keyword read, upper case
	raw    []byte // scratch: the raw content of the last string read
	text   []byte // scratch: the decoded content of the last string read
	ids    idSet
	c      *collector
}

// errorf returns a syntax error at the current line; a failed read wins
// over the syntax error it caused.
func (p *parser) errorf(format string, args ...any) error {
	return p.errorAt(p.s.line, format, args...)
}

func (p *parser) errorAt(line int, format string, args ...any) error {
	if p.s.err != nil {
		return fmt.Errorf("read %s: %w", p.file, p.s.err)
	}
	field := ""
	if p.inInst {
		field = "#" + formatID(p.inst)
	}
	return model.ParseError(p.file, line, field, format, args...)
}

// found describes the next byte for an error message.
func (p *parser) found() string {
	c, ok := p.s.peek()
	switch {
	case !ok:
		return "end of file"
	case c > ' ' && c < 0x7f:
		return fmt.Sprintf("%q", c)
	}
	return fmt.Sprintf("byte 0x%02X", c)
}

// space skips white space and comments.
func (p *parser) space() error {
	s := p.s
	for {
		for s.pos < s.end {
			switch s.buf[s.pos] {
			case ' ', '\r', '\t':
				s.pos++
				continue
			case '\n':
				s.pos++
				s.line++
				continue
			}
			break
		}
		c, ok := p.s.peek()
		if !ok {
			return nil
		}
		switch c {
		case ' ', '\n', '\r', '\t', '\f', '\v':
			p.s.skip()
		case '/':
			if err := p.comment(); err != nil {
				return err
			}
		default:
			return nil
		}
	}
}

// comment skips a /* comment */.
func (p *parser) comment() error {
	start := p.s.line
	if b := p.s.peekN(2); len(b) < 2 || b[1] != '*' {
		return p.errorf("unexpected '/' (a comment starts with /*)")
	}
	p.s.skipN(2)
	star := false
	for {
		c, ok := p.s.peek()
		if !ok {
			return p.errorAt(start, "unexpected end of file in a comment opened on this line")
		}
		p.s.skip()
		if star && c == '/' {
			return nil
		}
		star = c == '*'
	}
}

// expect skips space and consumes the byte want.
func (p *parser) expect(want byte) error {
	if err := p.space(); err != nil {
		return err
	}
	if c, ok := p.s.peek(); !ok || c != want {
		return p.errorf("expected %q, found %s", want, p.found())
	}
	p.s.skip()
	return nil
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' || c == '_' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// keyword reads an entity or type name into p.word, in upper case: an
// optional '!' (user-defined), a letter or '_', then letters, digits and
// '_'. The standard wants upper case; lower case is accepted. With dash set
// it also takes '-', for the words ISO-10303-21 and END-ISO-10303-21.
func (p *parser) keyword(dash bool) error {
	p.word = p.word[:0]
	c, ok := p.s.peek()
	if ok && c == '!' {
		p.word = append(p.word, c)
		p.s.skip()
		c, ok = p.s.peek()
	}
	if !ok || !isUpper(c) && !isLower(c) {
		return p.errorf("expected a keyword, found %s", p.found())
	}
	for ok && (isUpper(c) || isLower(c) || isDigit(c) || dash && c == '-') {
		if isLower(c) {
			c -= 'a' - 'A'
		}
		p.word = append(p.word, c)
		p.s.skip()
		c, ok = p.s.peek()
	}
	return nil
}

// instanceName reads the digits of an entity instance name after its '#'.
func (p *parser) instanceName() (uint64, error) {
	var id uint64
	n := 0
	for c, ok := p.s.peek(); ok && isDigit(c); c, ok = p.s.peek() {
		if id > (1<<63)/10 {
			return 0, p.errorf("entity instance name too large")
		}
		id = id*10 + uint64(c-'0')
		n++
		p.s.skip()
	}
	if n == 0 {
		return 0, p.errorf("expected digits after '#', found %s", p.found())
	}
	return id, nil
}

// list reads parameters up to and including the closing ')'; the opening
// '(' is consumed. It returns them only when keep is set.
func (p *parser) list(keep bool, depth int) ([]value, error) {
	if depth > maxDepth {
		return nil, p.errorf("lists nested deeper than %d", maxDepth)
	}
	var out []value
	if err := p.space(); err != nil {
		return nil, err
	}
	if c, ok := p.s.peek(); ok && c == ')' {
		p.s.skip()
		return out, nil
	}
	for {
		v, err := p.param(keep, depth)
		if err != nil {
			return nil, err
		}
		if keep {
			out = append(out, v)
		}
		if err := p.space(); err != nil {
			return nil, err
		}
		c, ok := p.s.peek()
		switch {
		case ok && c == ',':
			p.s.skip()
			if err := p.space(); err != nil {
				return nil, err
			}
		case ok && c == ')':
			p.s.skip()
			return out, nil
		default:
			return nil, p.errorf("expected ',' or ')' after a parameter, found %s", p.found())
		}
	}
}

// param reads one parameter; space before it is already skipped.
func (p *parser) param(keep bool, depth int) (value, error) {
	c, ok := p.s.peek()
	switch {
	case !ok:
		return value{}, p.errorf("unexpected end of file, expected a parameter")
	case c == '$':
		p.s.skip()
		return value{kind: vNull}, nil
	case c == '*':
		p.s.skip()
		return value{kind: vOmitted}, nil
	case c == '#':
		p.s.skip()
		id, err := p.instanceName()
		return value{kind: vRef, ref: id}, err
	case c == '\'':
		return p.str(keep)
	case c == '"':
		return p.binary(keep)
	case c == '.':
		return p.enum(keep)
	case c == '(':
		p.s.skip()
		l, err := p.list(keep, depth+1)
		return value{kind: vList, list: l}, err
	case c == '+' || c == '-' || isDigit(c):
		return p.number(keep)
	case c == '!' || isUpper(c) || isLower(c):
		return p.typed(keep, depth)
	}
	return value{}, p.errorf("expected a parameter, found %s", p.found())
}

// typed reads a typed parameter, NAME(parameter).
func (p *parser) typed(keep bool, depth int) (value, error) {
	if depth > maxDepth {
		return value{}, p.errorf("typed parameters nested deeper than %d", maxDepth)
	}
	if err := p.keyword(false); err != nil {
		return value{}, err
	}
	v := value{kind: vTyped}
	if keep {
		v.text = string(p.word)
	}
	if err := p.expect('('); err != nil {
		return value{}, err
	}
	if err := p.space(); err != nil {
		return value{}, err
	}
	in, err := p.param(keep, depth+1)
	if err != nil {
		return value{}, err
	}
	if keep {
		v.list = []value{in}
	}
	return v, p.expect(')')
}

// number reads an integer or a real: [sign] digits [. digits] [E [sign]
// digits]. The standard wants the point in every real; an exponent without
// one is accepted.
func (p *parser) number(keep bool) (value, error) {
	// Fast path: a well-formed number wholly in the buffer.
	s := p.s
	end := s.pos
	for end < s.end && isNumberByte(s.buf[end]) {
		end++
	}
	if end < s.end && validNumber(s.buf[s.pos:end]) {
		b := s.buf[s.pos:end]
		s.pos = end
		if !keep {
			return value{kind: vNumber}, nil
		}
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return value{}, p.errorf("number %s out of range", b)
		}
		return value{kind: vNumber, num: f}, nil
	}
	return p.slowNumber(keep)
}

func isNumberByte(c byte) bool {
	return isDigit(c) || c == '.' || c == '+' || c == '-' || c == 'E' || c == 'e'
}

// validNumber reports whether b is a whole number as number reads it.
func validNumber(b []byte) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(b) && isDigit(b[i]) {
			i++
			n++
		}
		return n
	}
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	if digits() == 0 {
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		digits()
	}
	if i < len(b) && (b[i] == 'E' || b[i] == 'e') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}

// slowNumber reads a number byte by byte, across buffer refills, and
// says what is wrong with a malformed one.
func (p *parser) slowNumber(keep bool) (value, error) {
	b := p.word[:0]
	take := func() {
		c, _ := p.s.peek()
		b = append(b, c)
		p.s.skip()
	}
	digits := func() int {
		n := 0
		for c, ok := p.s.peek(); ok && isDigit(c); c, ok = p.s.peek() {
			take()
			n++
		}
		return n
	}
	if c, _ := p.s.peek(); c == '+' || c == '-' {
		take()
	}
	if digits() == 0 {
		return value{}, p.errorf("expected digits in a number, found %s", p.found())
	}
	if c, ok := p.s.peek(); ok && c == '.' {
		take()
		digits()
	}
	if c, ok := p.s.peek(); ok && (c == 'E' || c == 'e') {
		take()
		if c, _ := p.s.peek(); c == '+' || c == '-' {
			take()
		}
		if digits() == 0 {
			return value{}, p.errorf("expected digits in the exponent of a number, found %s", p.found())
		}
	}
	p.word = b
	if !keep {
		return value{kind: vNumber}, nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return value{}, p.errorf("number %s out of range", b)
	}
	return value{kind: vNumber, num: f}, nil
}

// enum reads an enumeration value, .NAME.
func (p *parser) enum(keep bool) (value, error) {
	p.s.skip()
	b := p.word[:0]
	for c, ok := p.s.peek(); ok && (isUpper(c) || isLower(c) || isDigit(c)); c, ok = p.s.peek() {
		if isLower(c) {
			c -= 'a' - 'A'
		}
		b = append(b, c)
		p.s.skip()
	}
	p.word = b
	if len(b) == 0 || isDigit(b[0]) {
		return value{}, p.errorf("expected an enumeration value .NAME., found %s", p.found())
	}
	if c, ok := p.s.peek(); !ok || c != '.' {
		return value{}, p.errorf("expected '.' closing enumeration .%s, found %s", b, p.found())
	}
	p.s.skip()
	v := value{kind: vEnum}
	if keep {
		v.text = string(b)
	}
	return v, nil
}

// binary reads a binary value, "hex" with a first digit 0 to 3 (the unused
// bits of the first hex digit).
func (p *parser) binary(keep bool) (value, error) {
	p.s.skip()
	b := p.word[:0]
	for c, ok := p.s.peek(); ok && c != '"'; c, ok = p.s.peek() {
		if _, hex := unhex(c); !hex || len(b) == 0 && c > '3' {
			return value{}, p.errorf("bad digit %s in a binary value", p.found())
		}
		b = append(b, c)
		p.s.skip()
	}
	p.word = b
	if c, ok := p.s.peek(); !ok || c != '"' || len(b) == 0 {
		return value{}, p.errorf("expected hex digits and '\"' in a binary value, found %s", p.found())
	}
	p.s.skip()
	v := value{kind: vBinary}
	if keep {
		v.text = string(b)
	}
	return v, nil
}

// str reads a string literal and, when keep is set, returns its text.
func (p *parser) str(keep bool) (value, error) {
	start := p.s.line
	p.s.skip()
	raw := p.raw[:0]
	for {
		c, ok := p.s.peek()
		if !ok {
			p.raw = raw
			return value{}, p.errorAt(start, "unexpected end of file in a string opened on this line")
		}
		p.s.skip()
		switch {
		case c == '\'':
			if c2, ok := p.s.peek(); !ok || c2 != '\'' {
				p.raw = raw
				return p.decode(raw, keep, start)
			}
			p.s.skip()
			raw = append(raw, c)
		case c == '\n' || c == '\r':
			// line breaks are print control, not content
		case c < ' ' && c != '\t' || c == 0x7f:
			p.raw = raw
			return value{}, p.errorf("control character 0x%02X in a string", c)
		default:
			raw = append(raw, c)
		}
	}
}

// decode turns raw string content into a string value.
func (p *parser) decode(raw []byte, keep bool, line int) (value, error) {
	if plain(raw) {
		if keep {
			return value{kind: vString, text: string(raw)}, nil
		}
		return value{kind: vString}, nil
	}
	text, err := decodeText(p.text[:0], raw)
	p.text = text
	if err != nil {
		return value{}, p.errorAt(line, "string: %v", err)
	}
	if keep {
		return value{kind: vString, text: string(text)}, nil
	}
	return value{kind: vString}, nil
}
