package gitplm

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/layers/quantity"
)

// fallback is an attribute set after a part's columns are read, and only
// when none of the part's columns gave an attribute of its name; alt, when
// not nil, is set instead when one did.
type fallback struct {
	want model.Attribute
	alt  *model.Attribute
}

// apply sets f's attribute on it (see fallback). An alt whose name is
// taken too is kept as "<name>_text".
func (f fallback) apply(it *model.Item) {
	if _, ok := it.Attr(f.want.Name); !ok {
		it.SetAttr(f.want)
		return
	}
	if f.alt == nil {
		return
	}
	a := *f.alt
	if _, ok := it.Attr(a.Name); ok {
		a.Name += "_text"
		if _, ok := it.Attr(a.Name); ok {
			return
		}
	}
	it.SetAttr(a)
}

// electrical are the shared quantities whose columns may hold a value in
// another electrical unit (a Zener's "0.2W" in a Current column, a
// ferrite bead's "90ohms" in an Inductance column).
var electrical = map[string]bool{
	model.AttrResistance: true, model.AttrCapacitance: true, model.AttrInductance: true,
	attrImpedance: true, model.AttrVoltage: true, model.AttrCurrent: true, model.AttrPower: true,
	model.AttrFrequency: true,
}

// unitAttrs maps the units a value in another unit than its column's is
// recorded in to the attribute it then fills.
var unitAttrs = map[string]string{
	"V": model.AttrVoltage, "A": model.AttrCurrent, "W": model.AttrPower, "Ω": attrImpedance,
}

// paramAttrs sets the attribute of a parameter cell on it, and returns
// the attributes to set only if no column gives them (see fallback).
func paramAttrs(it *model.Item, p param, v string) []fallback {
	switch p.kind {
	case kindEnum:
		it.SetAttr(model.EnumAttr(p.attr, v, v))
		if d := dielectricOf(v); d != "" && p.attr == model.AttrMaterial {
			return []fallback{{want: model.EnumAttr(model.AttrDielectric, d, v)}}
		}
	case kindCount:
		if f, ok := plainNumber(v); ok {
			it.SetAttr(model.NumberAttr(p.attr, f, "", v))
		} else {
			it.SetAttr(model.EnumAttr(p.attr, v, v))
		}
	case kindQuantity:
		if q, err := quantity.Parse(v, p.hint); err == nil {
			it.SetAttr(q.Attr(p.attr))
			return nil
		}
		raw := model.EnumAttr(p.attr, v, v)
		if q, err := quantity.Parse(v, ""); err == nil && electrical[p.attr] {
			if name := unitAttrs[q.Unit]; name != "" && name != p.attr {
				return []fallback{{want: q.Attr(name), alt: &raw}}
			}
		}
		it.SetAttr(raw)
	default:
		it.SetAttr(genericAttr(p.attr, v))
	}
	return nil
}

// valueAttr returns the attribute a Value cell fills when it parses in
// the category's unit ("10K" in RES is a resistance), unless a column of
// its own gives it.
func valueAttr(cat category, v string) []fallback {
	if cat.hint == "" {
		return nil
	}
	q, err := quantity.Parse(v, cat.hint)
	if err != nil {
		return nil
	}
	return []fallback{{want: q.Attr(cat.attr)}}
}

// genericAttr reads a cell of a column this package does not know: a
// number with a unit, a plain number (not a code with a leading zero
// such as "0603"), else text when long or wordy, else an enum.
func genericAttr(name, v string) model.Attribute {
	if q, err := quantity.Parse(v, ""); err == nil && q.Unit != "" {
		return q.Attr(name)
	}
	if f, ok := plainNumber(v); ok {
		return model.NumberAttr(name, f, "", v)
	}
	if len(v) > 32 || len(strings.Fields(v)) > 3 || strings.Contains(v, "://") {
		return model.TextAttr(name, v)
	}
	return model.EnumAttr(name, v, v)
}

// plainNumberPattern is a decimal number without a unit.
var plainNumberPattern = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// plainNumber parses a decimal number; codes with a leading zero ("0603",
// "007") are not numbers.
func plainNumber(v string) (float64, bool) {
	if !plainNumberPattern.MatchString(v) {
		return 0, false
	}
	d := strings.TrimLeft(v, "+-")
	if len(d) > 1 && d[0] == '0' && d[1] != '.' && d[1] != 'e' && d[1] != 'E' {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// dielectrics maps EIA ceramic dielectric codes, upper case, to their
// canonical spelling (as package normalize spells them: NP0 is C0G).
var dielectrics = map[string]string{
	"X5R": "X5R", "X7R": "X7R", "X6S": "X6S", "X7S": "X7S", "X7T": "X7T", "X8R": "X8R", "X5S": "X5S",
	"X6T": "X6T", "Y5V": "Y5V", "Z5U": "Z5U", "Y5U": "Y5U", "C0G": "C0G", "COG": "C0G", "NP0": "C0G",
	"NPO": "C0G", "U2J": "U2J",
}

// dielectricOf returns the ceramic dielectric a material cell names
// ("X7R", "C0G/NPO"), or "".
func dielectricOf(v string) string {
	for _, w := range strings.FieldsFunc(v, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if d, ok := dielectrics[strings.ToUpper(w)]; ok {
			return d
		}
	}
	return ""
}
