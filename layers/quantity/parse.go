package quantity

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gonum.org/v1/gonum/unit"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Quantity is a parsed number with its unit.
type Quantity struct {
	// Value is in the SI base unit named by Unit.
	Value float64
	// Unit is the SI symbol: "Ω", "F", "H", "V", "A", "W", "Hz", "m",
	// "kg", "s", "K", "N", "Pa", "N·m", "%", or "" for a plain number.
	Unit string
	// Raw is the text the quantity was parsed from, trimmed.
	Raw string
}

// Attr returns q as a number attribute named name.
func (q Quantity) Attr(name string) model.Attribute {
	return model.NumberAttr(name, q.Value, q.Unit, q.Raw)
}

// String formats q for people, in its SI unit.
func (q Quantity) String() string { return q.Attr("").String() }

// Errors Parse wraps, for errors.Is.
var (
	ErrSyntax       = errors.New("not a number")
	ErrUnknownUnit  = errors.New("unknown unit")
	ErrIncompatible = errors.New("incompatible unit")
	ErrRange        = errors.New("value out of range")
)

// Dimension returns gonum's dimensions for a unit symbol or spelling ("Ω",
// "ohms", "kΩ", "mm", "N·m"); "" and "%" are dimensionless. Callers use it
// to check that two units are compatible.
func Dimension(symbol string) (unit.Dimensions, bool) {
	if strings.TrimSpace(symbol) == "" {
		return dimensions[""].dims, true
	}
	r, err := parseHint(symbol)
	if err != nil {
		return nil, false
	}
	return dimensions[r.symbol].dims, true
}

// Parse reads text as a number with an optional unit (see the package
// documentation for the rules) and returns it in SI base units. unitHint is
// the unit to assume when text has none, as a symbol or word ("Ω", "ohms",
// "R", "uF", "mm"); it also picks between readings of ambiguous text. Text
// with a unit incompatible with a non-empty hint is an error.
func Parse(text string, unitHint string) (Quantity, error) {
	raw := strings.TrimSpace(text)
	q := Quantity{Raw: raw}
	fail := func(err error, detail string) (Quantity, error) {
		if detail != "" {
			return q, fmt.Errorf("parse %q: %w %s", raw, err, detail)
		}
		return q, fmt.Errorf("parse %q: %w", raw, err)
	}
	var hint *reading
	if strings.TrimSpace(unitHint) != "" {
		h, err := parseHint(unitHint)
		if err != nil {
			return fail(ErrUnknownUnit, fmt.Sprintf("hint %q", unitHint))
		}
		hint = &h
	}
	n, suffix, ok := lexNumber(raw)
	if !ok {
		return fail(ErrSyntax, "")
	}
	r, err := pickReading(suffix, hint)
	if err == nil && n.rkmOhm && r.symbol != "Ω" {
		err = ErrIncompatible
	}
	if err != nil {
		return fail(err, fmt.Sprintf("%q", suffix))
	}
	v, err := n.value(r.exp + r.pexp)
	if err != nil {
		return fail(ErrRange, "")
	}
	if r.factor != 0 {
		v *= r.factor
	}
	v += r.offset
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return fail(ErrRange, "")
	}
	q.Value, q.Unit = v, r.symbol
	return q, nil
}

// A reading is one interpretation of a unit suffix.
type reading struct {
	symbol string
	exp    int // power of ten of the spelling
	pexp   int // power of ten of the prefix
	factor float64
	offset float64
	bare   bool // a prefix alone: the unit is the hint's
}

func fromSpelling(s spelling, pexp int) reading {
	return reading{symbol: s.symbol, exp: s.exp, pexp: pexp, factor: s.factor, offset: s.offset}
}

// pickReading returns the first reading of suffix compatible with hint.
func pickReading(suffix string, hint *reading) (reading, error) {
	if suffix == "" {
		if hint != nil {
			return *hint, nil
		}
		return reading{}, nil
	}
	rs := readings(suffix, false)
	if len(rs) == 0 {
		return reading{}, ErrUnknownUnit
	}
	for _, r := range rs {
		if r.bare {
			if hint == nil {
				return r, nil
			}
			h := *hint
			h.pexp = r.pexp
			return h, nil
		}
		if hint == nil || compatible(r.symbol, hint.symbol) {
			return r, nil
		}
	}
	return reading{}, ErrIncompatible
}

func compatible(a, b string) bool {
	return dimensions[a].dims.String() == dimensions[b].dims.String()
}

// parseHint reads a unit hint: the first reading of its text, where a bare
// prefix is not a unit and hint-only spellings count.
func parseHint(text string) (reading, error) {
	for _, r := range readings(squeeze(text), true) {
		if !r.bare {
			return r, nil
		}
	}
	return reading{}, ErrUnknownUnit
}

// readings lists the interpretations of a unit suffix, most likely first:
// exact spellings, then a prefix and a spelling, then a bare prefix, then
// the same ignoring case. A suffix of two or more upper-case letters
// ("MA", "UF", "MHZ") is read ignoring case only: it was written in
// capitals, so its case says nothing.
func readings(suffix string, hint bool) []reading {
	if allCaps(suffix) {
		return foldedReadings(suffix, hint)
	}
	var out []reading
	add := func(ss []spelling, pexp int, prefixed bool) {
		for _, s := range ss {
			if (s.hintOnly && !hint) || (prefixed && !s.prefixable) {
				continue
			}
			out = append(out, fromSpelling(s, pexp))
		}
	}
	add(bySpelling[suffix], 0, false)
	p, rest := splitPrefix(suffix)
	if e, ok := prefixExp[p]; ok {
		if rest == "" {
			out = append(out, reading{pexp: e, bare: true})
		} else {
			add(bySpelling[rest], e, true)
		}
	}
	return append(out, foldedReadings(suffix, hint)...)
}

// foldedReadings matches suffix ignoring case, for text written in one case.
func foldedReadings(suffix string, hint bool) []reading {
	var out []reading
	add := func(ss []spelling, pexp int, prefixed bool) {
		for _, s := range ss {
			if (s.hintOnly && !hint) || (prefixed && !s.prefixable) {
				continue
			}
			out = append(out, fromSpelling(s, pexp))
		}
	}
	add(byLowerSpelling[toLower(suffix)], 0, false)
	p, rest := splitPrefix(suffix)
	up := strings.ToUpper(p)
	if e, ok := ciPrefixExp[up]; ok {
		if rest == "" {
			out = append(out, reading{pexp: e, bare: true})
		} else {
			add(byLowerSpelling[toLower(rest)], e, true)
		}
	}
	if p == "M" && rest != "" {
		for _, s := range byLowerSpelling[toLower(rest)] {
			d := dimensions[s.symbol]
			switch {
			case !s.prefixable || (s.hintOnly && !hint) || d.ciRefuse:
			case d.ciMega:
				out = append(out, fromSpelling(s, 6))
			default:
				out = append(out, fromSpelling(s, -3))
			}
		}
	}
	return out
}

func allCaps(s string) bool {
	if len(s) < 2 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func splitPrefix(s string) (prefix, rest string) {
	_, size := utf8.DecodeRuneInString(s)
	return s[:size], s[size:]
}

// squeeze removes spaces inside a unit: "K OHM" -> "KOHM", "N m" -> "Nm".
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// number is a lexed number: a decimal mantissa and exponent, or a fraction.
type number struct {
	mant     string // decimal digits with an optional point: "4.7"
	exp      int
	frac     bool    // the number is num/den
	num, den float64 // the fraction, whole part folded in
	neg      bool
	rkmOhm   bool // an RKM code with R and a unit after it ("4R7Ω")
}

func (n number) value(exp int) (float64, error) {
	var v float64
	if n.frac {
		v = n.num / n.den * math.Pow10(exp)
	} else {
		var err error
		v, err = strconv.ParseFloat(n.mant+"e"+strconv.Itoa(n.exp+exp), 64)
		if err != nil {
			return 0, err
		}
	}
	if n.neg {
		v = -v
	}
	return v, nil
}
