package quantity

import (
	"math"

	"gonum.org/v1/gonum/unit"
)

// A dimension is one of the units quantities are normalized to: its SI
// symbol (the Quantity.Unit values) and gonum's dimensions for it.
type dimension struct {
	symbol string
	dims   unit.Dimensions
	// ciMega: an upper-case "M" before this unit, in text written in one
	// case, is mega ("1MOHM", "16MHZ"); before other units it is milli.
	ciMega bool
	// ciRefuse: an upper-case "M" before this unit is ambiguous ("10MF" was
	// microfarads in old catalogues, millifarads in SI).
	ciRefuse bool
}

// dimensions are the units Parse normalizes to, keyed by SI symbol.
var dimensions = map[string]dimension{}

func init() {
	for _, d := range []dimension{
		{symbol: "Ω", dims: unit.Ohm.Unit().Dimensions(), ciMega: true},
		{symbol: "F", dims: unit.Farad.Unit().Dimensions(), ciRefuse: true},
		{symbol: "H", dims: unit.Henry.Unit().Dimensions()},
		{symbol: "V", dims: unit.Volt.Unit().Dimensions()},
		{symbol: "A", dims: unit.Ampere.Unit().Dimensions()},
		{symbol: "W", dims: unit.Watt.Unit().Dimensions()},
		{symbol: "Hz", dims: unit.Hertz.Unit().Dimensions(), ciMega: true},
		{symbol: "m", dims: unit.Metre.Unit().Dimensions()},
		{symbol: "kg", dims: unit.Kilogram.Unit().Dimensions()},
		{symbol: "s", dims: unit.Second.Unit().Dimensions()},
		{symbol: "K", dims: unit.Kelvin.Unit().Dimensions()},
		{symbol: "N", dims: unit.Newton.Unit().Dimensions()},
		{symbol: "Pa", dims: unit.Pascal.Unit().Dimensions(), ciMega: true},
		{symbol: "N·m", dims: unit.Newtonmetre.Unit().Dimensions()},
		{symbol: "%", dims: unit.Dimless(1).Unit().Dimensions()},
		{symbol: "", dims: unit.Dimless(1).Unit().Dimensions()},
	} {
		dimensions[d.symbol] = d
	}
	for _, s := range spellings {
		if _, ok := dimensions[s.symbol]; !ok {
			panic("quantity: spelling " + s.text + " of unknown unit " + s.symbol)
		}
		bySpelling[s.text] = append(bySpelling[s.text], s)
		lower := toLower(s.text)
		byLowerSpelling[lower] = append(byLowerSpelling[lower], s)
	}
	for _, p := range prefixes {
		prefixExp[p.text] = int(math.Round(math.Log10(p.value)))
	}
}

// A spelling is one way of writing a unit: "Ω", "ohms", "R", "\"".
// A value written in it is, in the SI unit, v × 10^exp × factor + offset.
type spelling struct {
	text   string
	symbol string
	exp    int     // power of ten to the SI unit ("g" is 10^-3 kg)
	factor float64 // other factor to the SI unit (inch: 0.0254), 0 = 1
	offset float64 // added after scaling (°C: 273.15)
	// prefixable: may follow an SI prefix ("kΩ", "mm", "µF").
	prefixable bool
	// hintOnly: only recognized in a unit hint ("K" is kilo in text).
	hintOnly bool
}

// spellings maps text to units. Keep it readable: one line per spelling.
var spellings = []spelling{
	{text: "Ω", symbol: "Ω", prefixable: true},      // U+03A9 Greek capital omega
	{text: "\u2126", symbol: "Ω", prefixable: true}, // U+2126 ohm sign
	{text: "ohm", symbol: "Ω", prefixable: true},
	{text: "ohms", symbol: "Ω", prefixable: true},
	{text: "Ohm", symbol: "Ω", prefixable: true},
	{text: "Ohms", symbol: "Ω", prefixable: true},
	{text: "R", symbol: "Ω"}, // EDA: "10R", "4R7"
	{text: "F", symbol: "F", prefixable: true},
	{text: "farad", symbol: "F", prefixable: true},
	{text: "farads", symbol: "F", prefixable: true},
	{text: "H", symbol: "H", prefixable: true},
	{text: "henry", symbol: "H", prefixable: true},
	{text: "henries", symbol: "H", prefixable: true},
	{text: "henrys", symbol: "H", prefixable: true},
	{text: "V", symbol: "V", prefixable: true},
	{text: "volt", symbol: "V", prefixable: true},
	{text: "volts", symbol: "V", prefixable: true},
	{text: "VDC", symbol: "V", prefixable: true},
	{text: "Vdc", symbol: "V", prefixable: true},
	{text: "VAC", symbol: "V", prefixable: true},
	{text: "Vac", symbol: "V", prefixable: true},
	{text: "A", symbol: "A", prefixable: true},
	{text: "amp", symbol: "A", prefixable: true},
	{text: "amps", symbol: "A", prefixable: true},
	{text: "ampere", symbol: "A", prefixable: true},
	{text: "amperes", symbol: "A", prefixable: true},
	{text: "W", symbol: "W", prefixable: true},
	{text: "watt", symbol: "W", prefixable: true},
	{text: "watts", symbol: "W", prefixable: true},
	{text: "Hz", symbol: "Hz", prefixable: true},
	{text: "hertz", symbol: "Hz", prefixable: true},
	{text: "m", symbol: "m", prefixable: true},
	{text: "metre", symbol: "m", prefixable: true},
	{text: "metres", symbol: "m", prefixable: true},
	{text: "meter", symbol: "m", prefixable: true},
	{text: "meters", symbol: "m", prefixable: true},
	{text: "in", symbol: "m", factor: 0.0254},
	{text: "inch", symbol: "m", factor: 0.0254},
	{text: "inches", symbol: "m", factor: 0.0254},
	{text: "\"", symbol: "m", factor: 0.0254},
	{text: "″", symbol: "m", factor: 0.0254},
	{text: "ft", symbol: "m", factor: 0.3048},
	{text: "foot", symbol: "m", factor: 0.3048},
	{text: "feet", symbol: "m", factor: 0.3048},
	{text: "mil", symbol: "m", factor: 25.4e-6},
	{text: "mils", symbol: "m", factor: 25.4e-6},
	{text: "thou", symbol: "m", factor: 25.4e-6},
	{text: "g", symbol: "kg", exp: -3, prefixable: true},
	{text: "gram", symbol: "kg", exp: -3, prefixable: true},
	{text: "grams", symbol: "kg", exp: -3, prefixable: true},
	{text: "lb", symbol: "kg", factor: 0.45359237},
	{text: "lbs", symbol: "kg", factor: 0.45359237},
	{text: "oz", symbol: "kg", factor: 0.028349523125},
	{text: "s", symbol: "s", prefixable: true},
	{text: "sec", symbol: "s", prefixable: true},
	{text: "second", symbol: "s", prefixable: true},
	{text: "seconds", symbol: "s", prefixable: true},
	{text: "K", symbol: "K", hintOnly: true},
	{text: "kelvin", symbol: "K"},
	{text: "°C", symbol: "K", offset: 273.15},
	{text: "℃", symbol: "K", offset: 273.15},
	{text: "degC", symbol: "K", offset: 273.15},
	{text: "N", symbol: "N", prefixable: true},
	{text: "newton", symbol: "N", prefixable: true},
	{text: "newtons", symbol: "N", prefixable: true},
	{text: "Pa", symbol: "Pa", prefixable: true},
	{text: "bar", symbol: "Pa", exp: 5, prefixable: true},
	{text: "psi", symbol: "Pa", factor: 6894.757293168361},
	{text: "N·m", symbol: "N·m", prefixable: true},
	{text: "N⋅m", symbol: "N·m", prefixable: true},
	{text: "N.m", symbol: "N·m", prefixable: true},
	{text: "N*m", symbol: "N·m", prefixable: true},
	{text: "N-m", symbol: "N·m", prefixable: true},
	{text: "Nm", symbol: "N·m", prefixable: true},
	{text: "%", symbol: "%"},
	{text: "percent", symbol: "%"},
}

var (
	bySpelling      = map[string][]spelling{}
	byLowerSpelling = map[string][]spelling{}
)

// prefixes are the SI prefixes Parse knows, with gonum's values. "K" for
// kilo is not SI but universal in EDA values ("4.7K").
var prefixes = []struct {
	text  string
	value float64
}{
	{"T", unit.Tera}, {"G", unit.Giga}, {"M", unit.Mega}, {"k", unit.Kilo}, {"K", unit.Kilo},
	{"c", unit.Centi}, {"m", unit.Milli},
	{"u", unit.Micro}, {"µ", unit.Micro}, {"μ", unit.Micro},
	{"n", unit.Nano}, {"p", unit.Pico}, {"f", unit.Femto},
}

// prefixExp maps a prefix to its power of ten.
var prefixExp = map[string]int{}

// ciPrefixExp are the prefixes recognized when matching ignores case, keyed
// by the upper-case letter; "M" is handled apart (see dimension.ciMega).
var ciPrefixExp = map[string]int{"T": 12, "G": 9, "K": 3, "U": -6, "N": -9, "P": -12}

func toLower(s string) string {
	b := []rune(s)
	for i, r := range b {
		if r >= 'A' && r <= 'Z' {
			b[i] = r + 'a' - 'A'
		}
	}
	return string(b)
}
