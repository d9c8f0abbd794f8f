package quantity

import (
	"errors"
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		text, hint string
		want       float64
		unit       string
	}{
		{"4.7k", "", 4700, ""},
		{"4.7k", "Ω", 4700, "Ω"},
		{"4k7", "", 4700, ""},
		{"4K7", "ohms", 4700, "Ω"},
		{"4R7", "", 4.7, "Ω"},
		{"0R1", "", 0.1, "Ω"},
		{"R47", "", 0.47, "Ω"},
		{"4R7Ω", "", 4.7, "Ω"},
		{"1M5", "Ω", 1.5e6, "Ω"},
		{"2n2", "F", 2.2e-9, "F"},
		{"100n", "F", 100e-9, "F"},
		{"100n", "uF", 100e-9, "F"},
		{"100", "uF", 100e-6, "F"},
		{"0.1uF", "", 0.1e-6, "F"},
		{"0.1µF", "", 0.1e-6, "F"},
		{"0.1μF", "", 0.1e-6, "F"},
		{"100nF", "", 100e-9, "F"},
		{"10 pF", "", 10e-12, "F"},
		{"10UF", "", 10e-6, "F"},
		{"50V", "", 50, "V"},
		{"25VDC", "", 25, "V"},
		{"1/4W", "", 0.25, "W"},
		{"0.25 W", "", 0.25, "W"},
		{"1/16W", "W", 0.0625, "W"},
		{"1%", "", 1, "%"},
		{"±5%", "", 5, "%"},
		{"+/-0.5%", "", 0.5, "%"},
		{"16MHz", "", 16e6, "Hz"},
		{"16MHZ", "", 16e6, "Hz"},
		{"32.768kHz", "", 32768, "Hz"},
		{"2.2uH", "", 2.2e-6, "H"},
		{"10UH", "", 10e-6, "H"},
		{"10mm", "", 0.01, "m"},
		{"10MM", "", 0.01, "m"},
		{"0.5 mm", "", 0.0005, "m"},
		{"1.5 in", "", 0.0381, "m"},
		{"3/8\"", "", 0.009525, "m"},
		{"1 1/2 in", "", 0.0381, "m"},
		{"10 ohms", "", 10, "Ω"},
		{"10 Ω", "", 10, "Ω"},
		{"10 \u2126", "", 10, "Ω"},
		{"4.7 kΩ", "", 4700, "Ω"},
		{"100K OHM", "", 100e3, "Ω"},
		{"1MOHM", "", 1e6, "Ω"},
		{"10R", "", 10, "Ω"},
		{"10R", "R", 10, "Ω"},
		{"1M", "Ω", 1e6, "Ω"},
		{"1M", "", 1e6, ""},
		{"10m", "", 10, "m"},
		{"10m", "Ω", 0.01, "Ω"},
		{"500mA", "", 0.5, "A"},
		{"500MA", "", 0.5, "A"},
		{"100N", "F", 100e-9, "F"},
		{"100N", "", 100, "N"},
		{"20 g", "", 0.02, "kg"},
		{"1.2kg", "", 1.2, "kg"},
		{"12 N·m", "", 12, "N·m"},
		{"0.5Nm", "", 0.5, "N·m"},
		{"2 bar", "", 2e5, "Pa"},
		{"25°C", "", 298.15, "K"},
		{"300", "K", 300, "K"},
		{"4,7k", "Ω", 4700, "Ω"},
		{"1,000", "", 1000, ""},
		{"1e-6", "F", 1e-6, "F"},
		{".1uF", "", 0.1e-6, "F"},
		{"-40", "°C", 233.15, "K"},
		{"  22pF ", "", 22e-12, "F"},
		{"8", "mm", 0.008, "m"},
		{"47", "", 47, ""},
	}
	for _, tt := range tests {
		q, err := Parse(tt.text, tt.hint)
		if err != nil {
			t.Errorf("Parse(%q, %q): %v", tt.text, tt.hint, err)
			continue
		}
		if !near(q.Value, tt.want) || q.Unit != tt.unit {
			t.Errorf("Parse(%q, %q) = %v %q, want %v %q", tt.text, tt.hint, q.Value, q.Unit, tt.want, tt.unit)
		}
	}
}

func near(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

// Values with power-of-ten prefixes are exact: "4.7k" is the float64
// nearest 4700, not 4.7 × 1000.
func TestParseExact(t *testing.T) {
	for text, want := range map[string]float64{"4.7k": 4700, "4k7": 4700, "0.1u": 1e-7, "2.2n": 2.2e-9, "33p": 33e-12} {
		q, err := Parse(text, "")
		if err != nil || q.Value != want {
			t.Errorf("Parse(%q) = %v, %v; want exactly %v", text, q.Value, err, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		text, hint string
		err        error
		msg        string
	}{
		{"4.7q", "", ErrUnknownUnit, `parse "4.7q": unknown unit "q"`},
		{"", "", ErrSyntax, `parse "": not a number`},
		{"abc", "", ErrSyntax, `parse "abc": not a number`},
		{"10V", "Ω", ErrIncompatible, `parse "10V": incompatible unit "V"`},
		{"5%", "F", ErrIncompatible, `parse "5%": incompatible unit "%"`},
		{"10F", "Ω", ErrIncompatible, ""},
		{"4R7F", "", ErrIncompatible, ""},
		{"10", "furlongs", ErrUnknownUnit, `parse "10": unknown unit hint "furlongs"`},
		{"10MF", "", ErrUnknownUnit, ""},
		{"5x24", "", ErrUnknownUnit, ""},
		{"1e999", "", ErrRange, ""},
		{"1/0", "", ErrRange, ""},
		{"4.7K", "K", nil, ""},
	}
	for _, tt := range tests {
		_, err := Parse(tt.text, tt.hint)
		if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("Parse(%q, %q) error = %v, want %v", tt.text, tt.hint, err, tt.err)
			continue
		}
		if tt.msg != "" && err.Error() != tt.msg {
			t.Errorf("Parse(%q, %q) error = %q, want %q", tt.text, tt.hint, err, tt.msg)
		}
	}
}

func TestDimension(t *testing.T) {
	ohm, ok := Dimension("Ω")
	if !ok {
		t.Fatal("Dimension(Ω) unknown")
	}
	for _, s := range []string{"ohms", "kΩ", "R"} {
		d, ok := Dimension(s)
		if !ok || d.String() != ohm.String() {
			t.Errorf("Dimension(%q) = %v, %v; want %v", s, d, ok, ohm)
		}
	}
	pct, _ := Dimension("%")
	none, _ := Dimension("")
	if pct.String() != none.String() {
		t.Errorf("%% and plain numbers should be both dimensionless: %v vs %v", pct, none)
	}
	if _, ok := Dimension("q"); ok {
		t.Error("Dimension(q) should be unknown")
	}
	for sym := range dimensions {
		if _, ok := Dimension(sym); !ok && sym != "" {
			t.Errorf("Dimension(%q) unknown for a unit Parse returns", sym)
		}
	}
}

func TestAttr(t *testing.T) {
	q, err := Parse("4k7", "Ω")
	if err != nil {
		t.Fatal(err)
	}
	a := q.Attr("resistance")
	if a.Name != "resistance" || a.Value != 4700 || a.Unit != "Ω" || a.Raw != "4k7" || a.Validate() != nil {
		t.Errorf("Attr = %+v", a)
	}
	if q.String() != "4700 Ω" {
		t.Errorf("String = %q", q.String())
	}
}
