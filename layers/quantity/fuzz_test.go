package quantity

import (
	"math"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{"4.7k", "4k7", "4R7", "0R1", "100n", "0.1µF", "1/4W", "±5%", "16MHz", "3/8\"",
		"1 1/2 in", "10 ohms", "4.7 kΩ", "100K OHM", "12 N·m", "1,000", "4,7", "1e-6", "-40°C", "R47"} {
		f.Add(s, "")
		f.Add(s, "Ω")
		f.Add(s, "uF")
	}
	f.Fuzz(func(t *testing.T, text, hint string) {
		q, err := Parse(text, hint)
		if err != nil {
			return
		}
		if math.IsNaN(q.Value) || math.IsInf(q.Value, 0) {
			t.Fatalf("Parse(%q, %q) = %v without error", text, hint, q.Value)
		}
		if _, ok := dimensions[q.Unit]; !ok {
			t.Fatalf("Parse(%q, %q) unit %q is not a known symbol", text, hint, q.Unit)
		}
		if err := q.Attr("x").Validate(); err != nil {
			t.Fatal(err)
		}
	})
}
