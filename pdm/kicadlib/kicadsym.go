package kicadlib

import (
	"errors"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// sexprSymbol is a top-level (symbol ...) of a .kicad_sym file before its
// base, if any, is applied.
type sexprSymbol struct {
	sym        symbol
	base       string // the name in (extends "Base"), or ""
	baseLine   int
	resolved   bool
	resolving  bool
	resolvedAs *symbol
}

// parseKicadSym reads a KiCad 6+ symbol library: (kicad_symbol_lib
// (version N) (generator G) (symbol "Name" ...)...). Each top-level symbol
// is one entry, in file order, with the properties of the symbol it
// extends where it has none of its own.
func parseKicadSym(file string, data []byte) ([]*symbol, error) {
	root, err := parseSexpr(data)
	if err != nil {
		var se *syntaxError
		if errors.As(err, &se) {
			return nil, model.ParseError(file, se.line, "", "%s", se.msg)
		}
		return nil, model.ParseError(file, 0, "", "%v", err)
	}
	if root.head() != "kicad_symbol_lib" {
		return nil, model.ParseError(file, root.line, "", "not a KiCad symbol library: the top-level list is not (kicad_symbol_lib ...)")
	}
	var order []*sexprSymbol
	byName := map[string]*sexprSymbol{}
	for i := range root.list[1:] {
		n := &root.list[i+1]
		if !n.isList {
			return nil, model.ParseError(file, n.line, "", "unexpected %q in kicad_symbol_lib", short(n.atom))
		}
		switch n.head() {
		case "version":
			if v, ok := n.arg(0); !ok || !isNumber(v) {
				return nil, model.ParseError(file, n.line, "version", "expected a version number such as 20211014")
			}
		case "symbol":
			s, err := readSymbol(file, n)
			if err != nil {
				return nil, err
			}
			if prev, dup := byName[s.sym.name]; dup {
				return nil, model.ParseError(file, n.line, "symbol", "symbol %q is defined twice (first at line %d)", s.sym.name, prev.sym.line)
			}
			byName[s.sym.name] = s
			order = append(order, s)
		}
	}
	out := make([]*symbol, 0, len(order))
	for _, s := range order {
		r, err := resolve(file, s, byName)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func isNumber(s string) bool {
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// readSymbol reads one (symbol "Name" ...): its properties, (extends
// "Base") and (power). Units (nested symbols), pins and graphics are
// passed over.
func readSymbol(file string, n *node) (*sexprSymbol, error) {
	name, ok := n.arg(0)
	if !ok || strings.TrimSpace(name) == "" {
		return nil, model.ParseError(file, n.line, "symbol", "the symbol has no name")
	}
	s := &sexprSymbol{sym: symbol{name: name, line: n.line}}
	for i := range n.list[2:] {
		c := &n.list[i+2]
		switch c.head() {
		case "extends":
			base, ok := c.arg(0)
			if !ok || base == "" {
				return nil, model.ParseError(file, c.line, "extends", "symbol %q: extends names no symbol", name)
			}
			s.base, s.baseLine = base, c.line
		case "power":
			s.sym.power = true
		case "property":
			if err := readProperty(file, &s.sym, c); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// readProperty reads (property "Key" "Value" ...): ki_keywords and
// ki_description are the symbol's documentation, ki_fp_filters is passed
// over, the others are fields.
func readProperty(file string, s *symbol, c *node) error {
	key, ok1 := c.arg(0)
	value, ok2 := c.arg(1)
	if !ok1 || !ok2 {
		return model.ParseError(file, c.line, "property", "symbol %q: a property needs a name and a value", s.name)
	}
	if key == "" {
		return model.ParseError(file, c.line, "property", "symbol %q: a property has an empty name", s.name)
	}
	switch key {
	case "ki_keywords":
		s.keywords = value
	case "ki_description":
		s.description = value
	case "ki_fp_filters", "ki_locked":
	default:
		s.set(key, value)
	}
	return nil
}

// resolve applies a derived symbol's base, as KiCad flattens derived
// symbols: the derived symbol's own properties win, the base's others are
// inherited, and empty keywords and description are the base's.
func resolve(file string, s *sexprSymbol, byName map[string]*sexprSymbol) (*symbol, error) {
	if s.resolved {
		return s.resolvedAs, nil
	}
	if s.base == "" {
		s.resolved, s.resolvedAs = true, &s.sym
		return s.resolvedAs, nil
	}
	if s.resolving {
		return nil, model.ParseError(file, s.baseLine, "extends", "symbol %q extends itself through %q", s.sym.name, s.base)
	}
	base, ok := byName[s.base]
	if !ok {
		return nil, model.ParseError(file, s.baseLine, "extends", "symbol %q extends %q, which the library does not define", s.sym.name, s.base)
	}
	s.resolving = true
	b, err := resolve(file, base, byName)
	s.resolving = false
	if err != nil {
		return nil, err
	}
	r := &symbol{
		name:        s.sym.name,
		line:        s.sym.line,
		fields:      append([]field(nil), b.fields...),
		description: firstOf(s.sym.description, b.description),
		keywords:    firstOf(s.sym.keywords, b.keywords),
		power:       s.sym.power || b.power,
	}
	for _, f := range s.sym.fields {
		r.set(f.name, f.value)
	}
	s.resolved, s.resolvedAs = true, r
	return r, nil
}
