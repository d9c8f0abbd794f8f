package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// AttrKind is the type of an attribute's value.
type AttrKind string

// The attribute kinds.
const (
	// Number is a physical or plain quantity: Value in the SI base unit named
	// by Unit ("Ω", "F", "m"...), or a plain count when Unit is empty.
	Number AttrKind = "number"
	// Range is an interval [Value, Max] in Unit.
	Range AttrKind = "range"
	// Enum is one value out of a known set, in Text ("X7R", "0603", "M3").
	Enum AttrKind = "enum"
	// Text is free text.
	Text AttrKind = "text"
)

// Attribute is one typed property of an item. Numbers are normalized to SI
// base units so that "4k7", "4.7 kΩ" and "4700 ohms" compare equal; Raw keeps
// the text the value was read from.
type Attribute struct {
	Name string   `json:"name"`
	Kind AttrKind `json:"kind"`
	// Value is the number, or the lower bound of a range.
	Value float64 `json:"value,omitempty"`
	// Max is the upper bound of a range.
	Max float64 `json:"max,omitempty"`
	// Unit is the SI symbol Value and Max are expressed in.
	Unit string `json:"unit,omitempty"`
	// Text is the value of enum and text attributes.
	Text string `json:"text,omitempty"`
	// Raw is the original text, as written in the source.
	Raw string `json:"raw,omitempty"`
}

// NumberAttr returns a number attribute.
func NumberAttr(name string, value float64, unit, raw string) Attribute {
	return Attribute{Name: name, Kind: Number, Value: value, Unit: unit, Raw: raw}
}

// RangeAttr returns a range attribute.
func RangeAttr(name string, lo, hi float64, unit, raw string) Attribute {
	return Attribute{Name: name, Kind: Range, Value: lo, Max: hi, Unit: unit, Raw: raw}
}

// EnumAttr returns an enum attribute.
func EnumAttr(name, value, raw string) Attribute {
	return Attribute{Name: name, Kind: Enum, Text: value, Raw: raw}
}

// TextAttr returns a free-text attribute.
func TextAttr(name, value string) Attribute {
	return Attribute{Name: name, Kind: Text, Text: value}
}

// Validate checks the attribute is well formed.
func (a Attribute) Validate() error {
	if a.Name == "" {
		return fmt.Errorf("attribute without a name")
	}
	switch a.Kind {
	case Number:
		if math.IsNaN(a.Value) || math.IsInf(a.Value, 0) {
			return fmt.Errorf("attribute %s: value %v is not a finite number", a.Name, a.Value)
		}
	case Range:
		if math.IsNaN(a.Value) || math.IsNaN(a.Max) || a.Value > a.Max {
			return fmt.Errorf("attribute %s: bad range [%v, %v]", a.Name, a.Value, a.Max)
		}
	case Enum, Text:
	default:
		return fmt.Errorf("attribute %s: unknown kind %q", a.Name, a.Kind)
	}
	return nil
}

// String formats the value for people: numbers in their SI unit, text as is.
func (a Attribute) String() string {
	switch a.Kind {
	case Number:
		return formatNumber(a.Value, a.Unit)
	case Range:
		return formatNumber(a.Value, "") + ".." + formatNumber(a.Max, a.Unit)
	default:
		return a.Text
	}
}

func formatNumber(v float64, unit string) string {
	s := strconv.FormatFloat(v, 'g', 6, 64)
	if unit == "" {
		return s
	}
	return s + " " + unit
}

// FoldEnum folds an enum value for comparison: case, blanks, dashes and
// underscores do not count ("SOT-23" is "sot23"). Every layer that
// compares enum values compares them folded so.
func FoldEnum(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '\t':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}
