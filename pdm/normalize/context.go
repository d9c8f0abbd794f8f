package normalize

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/layers/quantity"
)

// readContext is what a description says about the part around its
// numbers, so that one number is read differently beside different words:
// "21.5 MOHM" is milliohms on an inductor, "600 ohm" an impedance on a
// ferrite bead, "16M" a frequency on a crystal.
type readContext struct {
	inductor, capacitor bool
	// bead: a ferrite bead, whose ohms of one and more are its impedance
	// ("FERRITE BEAD 600 OHM 0603"); less is its DC resistance.
	bead bool
	// rf: a connector or cable, whose ohms are its characteristic
	// impedance ("CONN SMA JACK 50 OHM").
	rf bool
	// crystal: a crystal or resonator, whose bare kilo or mega value is a
	// frequency ("Y 16M HC49").
	crystal bool
	// chipAt is the word index of a chip package, or -1.
	chipAt int
}

var (
	beadWords    = []string{"bead", "beads", "ferritebead", "ferrite"}
	rfWords      = []string{"conn", "connector", "connectors", "jack", "receptacle", "plug", "cable", "coax", "coaxial", "sma", "bnc", "u.fl", "ufl", "mmcx", "antenna"}
	crystalWords = []string{"crystal", "crystals", "xtal", "resonator", "oscillator", "oscillators"}
	// hc49Re matches the HC-49 crystal can ("HC49", "HC-49", "HC49US").
	hc49Re = regexp.MustCompile(`^(?i)hc-?49`)
)

// context reads the description's context once for all its numbers.
func (d *description) context(designator, pkgRaw string) *readContext {
	c := &readContext{
		inductor:  d.inductorContext(designator),
		capacitor: d.capacitorContext(designator),
		bead:      designator == "FB" || d.has(beadWords...),
		rf:        d.has(rfWords...),
		crystal:   d.has(crystalWords...),
		chipAt:    -1,
	}
	if i, _ := d.match(hc49Re); i >= 0 {
		c.crystal = true
	}
	if _, _, chip := chipPackage(pkgRaw); chip {
		for i, t := range d.toks {
			if t.text == pkgRaw {
				c.chipAt = i
				break
			}
		}
	}
	return c
}

// read parses a word as a quantity when the context allows the reading:
// part numbers are not values (rule 6); a bare H is henries and a bare F
// farads only beside an inductor or capacitor; a capital P with no unit
// ("10P", "1P") is pico only beside a capacitor, as it more often counts
// positions or phases ("TERM BLK 10P", "BRIDGE RECT 1P"); and the result
// must be a plausible size for a part.
func (c *readContext) read(t token) (quantity.Quantity, bool) {
	q, err := quantity.Parse(t.text, "")
	if err != nil || t.text[0] == '+' || t.text[0] == '-' && q.Unit != "%" || partNumberLike(t.text) {
		return q, false
	}
	if q.Unit == "H" && bareUnit(t.text, "H") && !c.inductor ||
		q.Unit == "F" && bareUnit(t.text, "F") && !c.capacitor ||
		q.Unit == "" && unitSuffix(t.text) == "P" && !c.capacitor {
		return q, false // "5.2H" is a connector's height, "16F" a PIC family
	}
	if q.Unit == "Ω" && c.milliohm(t) {
		s := unitSuffix(t.text)
		m, err := quantity.Parse(strings.TrimSuffix(t.text, s)+"mΩ", "")
		if err != nil {
			return q, false
		}
		q = quantity.Quantity{Value: m.Value, Unit: m.Unit, Raw: q.Raw}
	}
	return q, plausible(q)
}

// milliohm reports whether a capital "MOHM" is milliohms. Capitals lose
// the case that tells mega from milli. Distributors write megohms "10M
// OHM" and milliohms "400 MOHM", so "MOHM" written apart from its number
// is milliohms; glued ("23.3MOHM"), it is milliohms beside an inductor,
// bead or capacitor, whose DC resistance or ESR is never megohms.
func (c *readContext) milliohm(t token) bool {
	if t.unit == "MOHM" || t.unit == "MOHMS" {
		return true
	}
	s := unitSuffix(t.text)
	return (s == "MOHM" || s == "MOHMS") && (c.inductor || c.capacitor || c.bead)
}

// maxValue bounds what a part's value can be: "250gf" (grams-force, read
// as gigafarads) is not a capacitance.
var maxValue = map[string]float64{"F": 1e4, "H": 1e3, "Ω": 1e12}

func plausible(q quantity.Quantity) bool {
	m, ok := maxValue[q.Unit]
	return !ok || q.Value <= m
}

// impedance sets an ohm value as an impedance when the context says it is
// one (a connector's, or a ferrite bead's of one ohm or more), and reports
// whether it did.
func (c *readContext) impedance(q quantity.Quantity, out *derived) bool {
	if c.rf || c.bead && q.Value >= 1 {
		out.set(q.Attr(model.AttrImpedance))
		return true
	}
	return false
}

// frequency sets a crystal's bare kilo or mega value as its frequency.
func (c *readContext) frequency(w string, out *derived) {
	if l := multiplier(w); l == "" || !strings.Contains("kKMG", l) {
		return
	}
	if q, err := quantity.Parse(w, "Hz"); err == nil {
		out.set(q.Attr(model.AttrFrequency))
	}
}

// valueWords may follow a part's value without making it something else's
// count: mounting, taper and construction words ("10k Axial", "4.7k lin").
var valueWords = map[string]bool{
	"axial": true, "radial": true, "smd": true, "smt": true, "tht": true, "lin": true, "log": true, "linear": true,
	"carbon": true, "film": true, "metal": true, "thick": true, "thin": true, "precision": true, "r": true,
}

// wordAfter reports whether the word after index i, in the same phrase,
// is a word or code the number counts or names ("Flash", "468MP"): it has
// letters and is neither a quantity, a package nor one of valueWords.
func (d *description) wordAfter(i int) bool {
	w := tokText(d, i+1)
	if w == "" || w == boundary || w == "x" || valueWords[strings.ToLower(w)] || !strings.ContainsFunc(w, unicode.IsLetter) {
		return false
	}
	if _, err := quantity.Parse(w, ""); err == nil {
		return false
	}
	if _, _, ok := chipPackage(w); ok {
		return false
	}
	_, ok := icPackage(w)
	return !ok
}

// subOhm reports whether every resistance among the values is below one
// ohm: beside an inductance or capacitance, a DC resistance or ESR.
func subOhm(qs []quantity.Quantity) bool {
	for _, q := range qs {
		if q.Unit == "Ω" && q.Value >= 1 {
			return false
		}
	}
	return true
}
