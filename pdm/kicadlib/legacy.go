package kicadlib

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/cbb-alliance/cbb/layers/model"
)

// textLine is one line of a legacy file, decoded, with its 1-based number.
type textLine struct {
	no   int
	text string
}

// splitLines splits a legacy file into lines without their line ends. A
// line that is not valid UTF-8 is decoded as Windows-1252: KiCad writes
// UTF-8, but Digi-Key's .dcm files carry "®" and "™" in that code page.
func splitLines(data []byte) []textLine {
	s := strings.TrimPrefix(string(data), "\uFEFF")
	raw := strings.Split(s, "\n")
	if len(raw) > 0 && raw[len(raw)-1] == "" {
		raw = raw[:len(raw)-1]
	}
	lines := make([]textLine, len(raw))
	for i, l := range raw {
		l = strings.TrimSuffix(l, "\r")
		if !utf8.ValidString(l) {
			if d, err := charmap.Windows1252.NewDecoder().String(l); err == nil {
				l = d
			} else {
				l = strings.ToValidUTF8(l, "\uFFFD")
			}
		}
		lines[i] = textLine{i + 1, l}
	}
	return lines
}

// keyword reports whether the line starts with the keyword kw followed by
// white space or the line's end, compared case-insensitively as KiCad does.
func keyword(line, kw string) bool {
	if len(line) < len(kw) || !strings.EqualFold(line[:len(kw)], kw) {
		return false
	}
	return len(line) == len(kw) || line[len(kw)] == ' ' || line[len(kw)] == '\t'
}

// legacyParser reads an EESchema-LIBRARY file.
type legacyParser struct {
	file    string
	lines   []textLine
	i       int
	symbols []*symbol
	// aliasOf maps an alias's symbol to the DEF it names.
	aliasOf map[*symbol]*symbol
	// names maps the names defined so far to their DEF lines.
	names map[string]int
}

// errorf returns a located error in the library file.
func (p *legacyParser) errorf(line int, field, format string, args ...any) error {
	return model.ParseError(p.file, line, field, format, args...)
}

// parseLegacy reads a legacy library: its DEF blocks and their aliases, in
// file order, each alias right after its DEF.
func parseLegacy(file string, data []byte) ([]*symbol, map[*symbol]*symbol, error) {
	p := &legacyParser{file: file, lines: splitLines(data), aliasOf: map[*symbol]*symbol{}, names: map[string]int{}}
	if err := p.header(); err != nil {
		return nil, nil, err
	}
	for p.i = 1; p.i < len(p.lines); p.i++ {
		l := p.lines[p.i]
		t := strings.TrimSpace(l.text)
		switch {
		case t == "" || t[0] == '#':
		case keyword(t, "$HEADER"):
			if err := p.skipHeader(); err != nil {
				return nil, nil, err
			}
		case keyword(t, "DEF"):
			if err := p.def(); err != nil {
				return nil, nil, err
			}
		default:
			return nil, nil, p.errorf(l.no, "", "expected DEF, found %q outside a symbol", short(t))
		}
	}
	return p.symbols, p.aliasOf, nil
}

// header checks the first line, "EESchema-LIBRARY Version 2.4".
func (p *legacyParser) header() error {
	if len(p.lines) == 0 {
		return p.errorf(1, "", "the file is empty")
	}
	t := strings.TrimSpace(p.lines[0].text)
	const magic = "EESchema-LIBRARY Version "
	if len(t) < len(magic) || !strings.EqualFold(t[:len(magic)], magic) {
		return p.errorf(1, "", "not a KiCad symbol library: expected \"EESchema-LIBRARY Version\", found %q", short(t))
	}
	version, _, _ := strings.Cut(strings.TrimSpace(t[len(magic):]), " ")
	major, minor, ok := strings.Cut(version, ".")
	if _, err := strconv.Atoi(major); err != nil || !ok {
		return p.errorf(1, "version", "bad library version %q", short(version))
	}
	if _, err := strconv.Atoi(minor); err != nil {
		return p.errorf(1, "version", "bad library version %q", short(version))
	}
	return nil
}

// skipHeader passes over a $HEADER ... $ENDHEADER section of old
// libraries.
func (p *legacyParser) skipHeader() error {
	start := p.lines[p.i].no
	for p.i++; p.i < len(p.lines); p.i++ {
		if keyword(strings.TrimSpace(p.lines[p.i].text), "$ENDHEADER") {
			return nil
		}
	}
	return p.errorf(start, "$HEADER", "$HEADER without $ENDHEADER")
}

// def reads a DEF ... ENDDEF block starting at the current line.
func (p *legacyParser) def() error {
	start := p.lines[p.i]
	s, err := p.defLine(start)
	if err != nil {
		return err
	}
	var aliases []string
	for p.i++; p.i < len(p.lines); p.i++ {
		l := p.lines[p.i]
		t := strings.TrimSpace(l.text)
		switch {
		case t == "" || t[0] == '#' || keyword(t, "Ti"):
		case keyword(t, "ENDDEF"):
			return p.add(s, aliases)
		case keyword(t, "DEF"):
			return p.errorf(start.no, "DEF", "symbol %q has no ENDDEF before the next DEF at line %d", s.name, l.no)
		case keyword(t, "ALIAS"):
			aliases = append(aliases, strings.Fields(t)[1:]...)
		case keyword(t, "DRAW"):
			if err := p.block(s, "DRAW", "ENDDRAW", drawLine); err != nil {
				return err
			}
		case keyword(t, "$FPLIST"):
			if err := p.block(s, "$FPLIST", "$ENDFPLIST", nil); err != nil {
				return err
			}
		case t[0] == 'F':
			if err := p.field(s, l.no, t); err != nil {
				return err
			}
		}
	}
	return p.errorf(start.no, "DEF", "symbol %q has no ENDDEF: the file ends inside it", s.name)
}

// defLine reads "DEF name prefix pins offset Y|N Y|N units L|F [P|N]".
func (p *legacyParser) defLine(l textLine) (*symbol, error) {
	tok := strings.Fields(l.text)
	if len(tok) < 9 {
		return nil, p.errorf(l.no, "DEF", "expected 8 or 9 values after DEF, found %d", len(tok)-1)
	}
	for _, i := range []int{3, 4, 7} {
		if _, err := strconv.Atoi(tok[i]); err != nil {
			return nil, p.errorf(l.no, "DEF", "expected a number, found %q", short(tok[i]))
		}
	}
	for _, i := range []int{5, 6} {
		if tok[i] != "Y" && tok[i] != "N" {
			return nil, p.errorf(l.no, "DEF", "expected Y or N, found %q", short(tok[i]))
		}
	}
	if len(tok) > 9 && tok[9] != "P" && tok[9] != "N" {
		return nil, p.errorf(l.no, "DEF", "expected P or N, found %q", short(tok[9]))
	}
	name := symbolName(tok[1])
	s := &symbol{name: name, line: l.no}
	if tok[2] != "~" {
		s.set(fieldReference, tok[2])
	}
	s.set(fieldValue, name)
	s.power = len(tok) > 9 && tok[9] == "P"
	return s, nil
}

// symbolName undoes KiCad's legacy name conventions: a leading "~" hides
// the value, "{slash}" is "/".
func symbolName(tok string) string {
	name := strings.TrimPrefix(tok, "~")
	name = strings.ReplaceAll(name, "{slash}", "/")
	if name == "" {
		return "~"
	}
	return name
}

// drawLine checks a line of a DRAW block starts with a drawing command.
func drawLine(t string) bool { return strings.ContainsRune("ACTSXPB", rune(t[0])) }

// block passes over the lines of a DRAW or $FPLIST section up to its end
// keyword, checking each with valid when it is not nil.
func (p *legacyParser) block(s *symbol, begin, end string, valid func(string) bool) error {
	start := p.lines[p.i].no
	for p.i++; p.i < len(p.lines); p.i++ {
		l := p.lines[p.i]
		t := strings.TrimSpace(l.text)
		switch {
		case keyword(t, end):
			return nil
		case keyword(t, "ENDDEF"):
			return p.errorf(start, begin, "symbol %q: %s has no %s before ENDDEF at line %d", s.name, begin, end, l.no)
		case t == "" || t[0] == '#' || valid == nil:
		case !valid(t):
			return p.errorf(l.no, begin, "symbol %q: unknown drawing command %q", s.name, short(t))
		}
	}
	return p.errorf(start, begin, "symbol %q: %s has no %s: the file ends inside it", s.name, begin, end)
}

// add records a DEF and its aliases.
func (p *legacyParser) add(s *symbol, aliases []string) error {
	if prev, dup := p.names[s.name]; dup {
		return p.errorf(s.line, "DEF", "symbol %q is defined twice (first at line %d)", s.name, prev)
	}
	p.names[s.name] = s.line
	p.symbols = append(p.symbols, s)
	for _, a := range aliases {
		al := &symbol{name: symbolName(a), line: s.line, power: s.power}
		if prev, dup := p.names[al.name]; dup {
			return p.errorf(s.line, "ALIAS", "symbol %q: alias %q is already defined at line %d", s.name, al.name, prev)
		}
		p.names[al.name] = s.line
		p.symbols = append(p.symbols, al)
		p.aliasOf[al] = s
	}
	return nil
}

// short cuts a quoted piece of input for messages.
func short(s string) string {
	if len(s) <= 40 {
		return s
	}
	for i := 40; i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i] + "..."
		}
	}
	return s[:40] + "..."
}

// field reads a field line of a DEF: F<n> "text" x y size H|V V|I
// [hjust vjust-italic-bold] ["name"]. F0 to F3 are the reference, value,
// footprint and datasheet; F4 and up are named, "Field<n>" when not.
func (p *legacyParser) field(s *symbol, line int, t string) error {
	idText, rest := t[1:], ""
	if i := strings.IndexAny(idText, " \t"); i >= 0 {
		idText, rest = idText[:i], idText[i:]
	}
	label := "F" + idText
	id, err := strconv.Atoi(idText)
	if err != nil || id < 0 {
		return p.errorf(line, short(label), "bad field number %q", short(idText))
	}
	rest = strings.TrimLeft(rest, " \t")
	text, rest, err := quotedString(rest)
	if err != nil {
		return p.errorf(line, label, "%v", err)
	}
	params, after, named := strings.Cut(rest, "\"")
	if named {
		// The optional name is quoted and may hold spaces.
		name, tail, err := quotedString("\"" + after)
		if err != nil {
			return p.errorf(line, label, "field name: %v", err)
		}
		if strings.TrimSpace(tail) != "" {
			return p.errorf(line, label, "text after the field name: %q", short(strings.TrimSpace(tail)))
		}
		if id >= 4 && name != "" {
			label = name
		}
	} else if id >= 4 {
		label = "Field" + strconv.Itoa(id)
	}
	tok := strings.Fields(params)
	if err := checkFieldParams(tok); err != nil {
		return p.errorf(line, label, "%v", err)
	}
	switch id {
	case 0:
		s.set(fieldReference, text)
	case 1:
		s.set(fieldValue, text)
	case 2:
		s.set(fieldFootprint, text)
	case 3:
		s.set(fieldDatasheet, text)
	default:
		s.set(label, text)
	}
	return nil
}

// checkFieldParams checks a field's position, size, orientation,
// visibility and optional justification.
func checkFieldParams(tok []string) error {
	if len(tok) < 5 {
		return fmt.Errorf("expected position, size, orientation and visibility after the text, found %d values", len(tok))
	}
	for _, v := range tok[:3] {
		if _, err := strconv.Atoi(v); err != nil {
			return fmt.Errorf("expected a number, found %q", short(v))
		}
	}
	if tok[3] != "H" && tok[3] != "V" {
		return fmt.Errorf("expected orientation H or V, found %q", short(tok[3]))
	}
	if tok[4] != "V" && tok[4] != "I" {
		return fmt.Errorf("expected visibility V or I, found %q", short(tok[4]))
	}
	if len(tok) > 5 && tok[5] != "L" && tok[5] != "R" && tok[5] != "C" {
		return fmt.Errorf("expected justification L, R or C, found %q", short(tok[5]))
	}
	return nil
}

// quotedString reads a string in double quotes at the start of s, where a
// backslash escapes a quote or a backslash (and stands for itself before
// anything else), and returns it with the rest of s.
func quotedString(s string) (text, rest string, err error) {
	if !strings.HasPrefix(s, "\"") {
		return "", "", fmt.Errorf("expected a quoted string, found %q", short(s))
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), s[i+1:], nil
		case '\\':
			if i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
				i++
				b.WriteByte(s[i])
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", "", fmt.Errorf("unterminated quoted string: no closing quote on the line")
}
