package kicadlib

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// node is one element of an S-expression: an atom (a bare word or a quoted
// string) or a list. Line is the 1-based line where the element starts.
type node struct {
	atom   string
	quoted bool
	list   []node
	isList bool
	line   int
}

// head returns the first element of a list when it is a bare atom (the
// list's keyword, "symbol" in (symbol "R" ...)), else "".
func (n *node) head() string {
	if !n.isList || len(n.list) == 0 || n.list[0].isList || n.list[0].quoted {
		return ""
	}
	return n.list[0].atom
}

// arg returns the i-th element after the keyword when it is an atom.
func (n *node) arg(i int) (string, bool) {
	if !n.isList || i+1 >= len(n.list) || n.list[i+1].isList {
		return "", false
	}
	return n.list[i+1].atom, true
}

// maxDepth bounds the nesting of lists, so that hostile input cannot
// exhaust the stack; KiCad's own files nest about eight deep.
const maxDepth = 200

// syntaxError is an S-expression syntax error at a line.
type syntaxError struct {
	line int
	msg  string
}

func (e *syntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// parseSexpr reads one S-expression, the whole of data, strictly in
// KiCad's own syntax (the DSNLEXER rules, non-Specctra mode):
//   - lists are delimited by "(" and ")";
//   - a quoted string is delimited by '"' and must end on the line where
//     it starts; it may hold the escapes \" \\ \a \b \f \n \r \t \v, \xHH
//     (one or two hex digits) and \OOO (one to three octal digits); a
//     backslash before anything else stands for itself;
//   - a bare atom runs to the next white space or parenthesis and may not
//     hold a '"';
//   - a line whose first non-blank character is '#' is a comment;
//   - the text must be UTF-8 (after an optional byte-order mark), and
//     nothing but white space and comments may follow the expression.
func parseSexpr(data []byte) (node, error) {
	s := string(data)
	s = strings.TrimPrefix(s, "\uFEFF")
	if !utf8.ValidString(s) {
		line := 1 + strings.Count(s[:invalidUTF8At(s)], "\n")
		return node{}, &syntaxError{line, "the text is not valid UTF-8"}
	}
	p := &sexprParser{s: s, line: 1, lineStart: true}
	p.skip()
	if p.pos >= len(p.s) {
		return node{}, &syntaxError{p.line, "the file is empty"}
	}
	if p.s[p.pos] != '(' {
		return node{}, &syntaxError{p.line, "expected \"(\" at the start of the file"}
	}
	n, err := p.list(0)
	if err != nil {
		return node{}, err
	}
	p.skip()
	if p.pos < len(p.s) {
		return node{}, &syntaxError{p.line, "text after the end of the top-level list"}
	}
	return n, nil
}

func invalidUTF8At(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return len(s)
}

type sexprParser struct {
	s         string
	pos       int
	line      int
	lineStart bool // only blanks since the start of the line
}

// skip passes white space and comment lines.
func (p *sexprParser) skip() {
	for p.pos < len(p.s) {
		switch c := p.s[p.pos]; c {
		case '\n':
			p.line++
			p.pos++
			p.lineStart = true
		case ' ', '\t', '\r', '\f', '\v':
			p.pos++
		case '#':
			if !p.lineStart {
				return
			}
			for p.pos < len(p.s) && p.s[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

// list reads a list starting at the "(" under the cursor.
func (p *sexprParser) list(depth int) (node, error) {
	if depth >= maxDepth {
		return node{}, &syntaxError{p.line, fmt.Sprintf("lists nested deeper than %d", maxDepth)}
	}
	n := node{isList: true, line: p.line}
	p.pos++ // "("
	p.lineStart = false
	for {
		p.skip()
		if p.pos >= len(p.s) {
			return node{}, &syntaxError{n.line, "unbalanced parentheses: the list opened here is not closed"}
		}
		var (
			child node
			err   error
		)
		switch p.s[p.pos] {
		case ')':
			p.pos++
			p.lineStart = false
			return n, nil
		case '(':
			child, err = p.list(depth + 1)
		case '"':
			child, err = p.quoted()
		default:
			child, err = p.bare()
		}
		if err != nil {
			return node{}, err
		}
		n.list = append(n.list, child)
	}
}

// quoted reads a quoted string starting at the '"' under the cursor.
func (p *sexprParser) quoted() (node, error) {
	n := node{quoted: true, line: p.line}
	p.pos++
	p.lineStart = false
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch {
		case c == '"':
			p.pos++
			n.atom = b.String()
			if !utf8.ValidString(n.atom) {
				return node{}, &syntaxError{n.line, "a string escape makes invalid UTF-8"}
			}
			return n, nil
		case c == '\n':
			return node{}, &syntaxError{n.line, "unterminated string: no closing quote on its line"}
		case c == '\\':
			p.pos++
			p.escape(&b)
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return node{}, &syntaxError{n.line, "unterminated string: no closing quote on its line"}
}

// escape decodes the escape sequence after a backslash, as DSNLEXER does.
func (p *sexprParser) escape(b *strings.Builder) {
	if p.pos >= len(p.s) || p.s[p.pos] == '\n' {
		b.WriteByte('\\')
		return
	}
	c := p.s[p.pos]
	if r, ok := simpleEscapes[c]; ok {
		b.WriteByte(r)
		p.pos++
		return
	}
	base, width, start := 8, 3, p.pos
	if c == 'x' {
		base, width, start = 16, 2, p.pos+1
	}
	v, n := 0, 0
	for n < width && start+n < len(p.s) {
		d := digitValue(p.s[start+n], base)
		if d < 0 {
			break
		}
		v = v*base + d
		n++
	}
	switch {
	case n > 0:
		b.WriteByte(byte(v))
		p.pos = start + n
	case c == 'x':
		b.WriteByte('x')
		p.pos++
	default:
		b.WriteByte('\\')
	}
}

var simpleEscapes = map[byte]byte{
	'"': '"', '\\': '\\', 'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v',
}

func digitValue(c byte, base int) int {
	switch {
	case c >= '0' && c <= '7':
		return int(c - '0')
	case base == 8:
		return -1
	case c >= '8' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// bare reads a bare atom.
func (p *sexprParser) bare() (node, error) {
	n := node{line: p.line}
	start := p.pos
	p.lineStart = false
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\r', '\n', '\f', '\v', '(', ')':
			n.atom = p.s[start:p.pos]
			return n, nil
		case '"':
			return node{}, &syntaxError{p.line, fmt.Sprintf("a quote inside the bare word %q", p.s[start:p.pos])}
		}
		p.pos++
	}
	n.atom = p.s[start:p.pos]
	return n, nil
}
