package normalize

import (
	"regexp"
	"strings"

	"cbb/layers/model"
	"cbb/layers/quantity"
)

// The rules for electronic parts (see the package documentation for why):
//
//  1. A value with an explicit unit is what it says: Ω resistance, F
//     capacitance, H inductance, V voltage, A current, W power, Hz
//     frequency, % tolerance. An RKM code with R ("4R7", "10R") is in ohms;
//     one starting with R ("R47") only beside a resistor word, as it looks
//     like a reference designator ("R1").
//  2. A type word ("RES", "Resistor", "CAP", "capacitor", "IND", "inductor",
//     KiCad's "R_Small"/"Device:R", footprint designators "R_0603",
//     "C0805", "L_1206", "CP_Radial") gives the class, and bare values are
//     read in its unit when their multiplier fits it.
//  3. Without a type word, a bare value with a pico, nano or micro
//     multiplier ("100n", "22p", "2u2") is a capacitance; with a kilo or
//     mega multiplier ("4k7", "4.7K", "1M") a resistance. A plain number
//     ("330") is a resistance only beside a chip package ("330 1206").
//  4. A word naming another kind of part (LED, diode, potentiometer,
//     connector, crystal, fuse, ferrite bead...) blocks the class; a
//     potentiometer's or trimmer's bare value is still its resistance.
//  5. Conflicting explicit units (Ω and F) give no class.
//  6. Part numbers are not values (partnumbers.go): a word with a run of
//     six or more digits ("5973301507F", "1240214 AMP") or shaped like
//     "1N4148" is skipped. A unit letter without a multiplier is read only
//     in context: a bare "H" ("5.2H", a connector's height) is henries
//     only beside an inductor word or designator, a bare "F" ("16F", a PIC
//     family) farads only beside a capacitor word or designator.
//  7. A resistance "@" a frequency ("120 Ohm @ 100MHz", a ferrite bead's
//     or choke's rating) is an impedance, not a resistance, and its
//     frequency is not the part's.

// passiveKind is a passive part class and the unit its value is in.
type passiveKind struct {
	class model.ClassPath
	unit  string // "Ω", "F", "H"
	attr  string
	// letters are the bare-value multipliers that fit this kind.
	letters string
}

var (
	resistor  = &passiveKind{model.ClassResistors, "Ω", model.AttrResistance, "RrkKMmG"}
	capacitor = &passiveKind{model.ClassCapacitors, "F", model.AttrCapacitance, "pnuµμUNPm"}
	inductor  = &passiveKind{model.ClassInductors, "H", model.AttrInductance, "pnuµμUNm"}
)

var kindByUnit = map[string]*passiveKind{"Ω": resistor, "F": capacitor, "H": inductor}

// passiveWords are the type words of rule 2, lower case.
var passiveWords = []struct {
	words []string
	kind  *passiveKind
}{
	{[]string{"resistor", "resistors", "r small", "device r"}, resistor},
	{[]string{"capacitor", "capacitors", "c small", "device c", "mlcc", "electrolytic", "tantalum", "cp radial"}, capacitor},
	{[]string{"inductor", "inductors", "l small", "device l", "choke"}, inductor},
}

// weakPassiveWords are abbreviations that name a passive only beside a
// value or a package ("RES SMD 1K", "CAP CER 0.1UF"), not alone ("End cap").
var weakPassiveWords = []struct {
	words []string
	kind  *passiveKind
}{
	{[]string{"res"}, resistor},
	{[]string{"cap"}, capacitor},
	{[]string{"ind"}, inductor},
}

// otherParts are the words of rule 4; unit is the unit a bare value of
// such a part is in, if any.
var otherParts = []struct {
	words []string
	unit  string
}{
	{[]string{"potentiometer", "pot", "trimmer", "trimpot", "rheostat"}, "Ω"},
	{[]string{"led", "diode", "zener", "schottky", "tvs", "crystal", "oscillator", "resonator", "fuse", "polyfuse",
		"ptc", "ntc", "thermistor", "varistor", "ferrite", "bead", "connector", "connectors", "conn", "header", "jack", "socket",
		"switch", "button", "jumper", "transistor", "mosfet", "regulator", "relay", "array", "network", "module",
		"logo", "microcontroller", "battery", "buzzer", "speaker", "microphone", "antenna", "transformer", "terminal", "plug"}, ""},
}

// dielectrics maps EIA dielectric codes, upper case, to their canonical
// spelling: NP0 and C0G are one class-1 dielectric.
var dielectrics = map[string]string{
	"X5R": "X5R", "X7R": "X7R", "X6S": "X6S", "X7S": "X7S", "X7T": "X7T", "X8R": "X8R", "X5S": "X5S", "X6T": "X6T",
	"Y5V": "Y5V", "Z5U": "Z5U", "Y5U": "Y5U", "C0G": "C0G", "COG": "C0G", "NP0": "C0G", "NPO": "C0G", "U2J": "U2J",
}

// electricalAttrs maps the units of rule 1 other than the value's to
// attribute names.
var electricalAttrs = map[string]string{
	"V": model.AttrVoltage, "A": model.AttrCurrent, "W": model.AttrPower, "Hz": model.AttrFrequency, "%": model.AttrTolerance,
}

var rkmOrPrefixRe = regexp.MustCompile(`^\d*[.,]?\d*([RrkKMGmunpµμUNP])\d*$`)

// bareValue is a number written without a unit, with its multiplier letter
// ("" for a plain number).
type bareValue struct {
	text, letter string
	// leading: an RKM code starting with R ("R47"), which is also how
	// reference designators look ("R1"): read only beside a resistor word.
	leading bool
}

// passive applies the rules above. It reports whether it found anything.
func passive(d *description, out *derived) bool {
	pkg, pkgRaw, designator := d.findPackage()
	var explicit []quantity.Quantity
	var bare []bareValue
	skip := -1 // the frequency an impedance is given at
	for i, t := range d.toks {
		if i == skip || t.text == pkgRaw || tokText(d, i-1) == "x" || tokText(d, i+1) == "x" {
			continue // a package, or a dimension: "1x1mm"
		}
		if v, ok := dielectrics[strings.ToUpper(t.text)]; ok {
			out.set(model.EnumAttr(model.AttrDielectric, v, t.text))
			continue
		}
		q, err := quantity.Parse(t.text, "")
		if err != nil || t.text[0] == '+' || t.text[0] == '-' && q.Unit != "%" || partNumberLike(t.text) {
			continue
		}
		if q.Unit == "H" && bareUnit(t.text, "H") && !d.inductorContext(designator) ||
			q.Unit == "F" && bareUnit(t.text, "F") && !d.capacitorContext(designator) {
			continue // "5.2H" is a connector's height, "16F" a PIC family
		}
		if j, ok := d.impedanceAt(i); ok && q.Unit == "Ω" {
			out.set(q.Attr(model.AttrImpedance))
			skip = j
			continue
		}
		switch {
		case t.text[0] == 'R' || t.text[0] == 'r':
			bare = append(bare, bareValue{t.text, "R", true})
		case kindByUnit[q.Unit] != nil:
			explicit = append(explicit, q)
		case electricalAttrs[q.Unit] != "":
			out.set(q.Attr(electricalAttrs[q.Unit]))
		case q.Unit == "":
			bare = append(bare, bareValue{t.text, multiplier(t.text), false})
		}
	}
	_, _, chip := chipPackage(pkgRaw)
	kind, blocked, blockUnit := passiveClass(d, designator, explicit, len(bare) > 0 || pkg != "")
	guessed := false
	if kind == nil && !blocked {
		kind, guessed = guessFromBare(bare, chip), true
	}
	if kind == nil && blocked && blockUnit != "" {
		kind = kindByUnit[blockUnit]
	}
	setValue(out, kind, explicit, bare, kind != nil && !guessed)
	if kind != nil && !blocked {
		out.class = kind.class
	}
	if pkg != "" {
		out.set(model.EnumAttr(model.AttrPackage, pkg, pkgRaw))
	}
	return len(out.attrs) > 0 || out.class != ""
}

// passiveClass applies rules 1, 2, 4 and 5: the kind the words and explicit
// units say, and whether another kind of part blocks the class.
func passiveClass(d *description, designator string, explicit []quantity.Quantity, hasValue bool) (kind *passiveKind, blocked bool, blockUnit string) {
	for _, o := range otherParts {
		if d.has(o.words...) {
			return nil, true, o.unit
		}
	}
	units := map[string]bool{}
	for _, q := range explicit {
		units[q.Unit] = true
	}
	if len(units) > 1 {
		return nil, true, ""
	}
	for u := range units {
		return kindByUnit[u], false, ""
	}
	if k := kindByDesignator[designator]; k != nil {
		return k, false, ""
	}
	for _, w := range passiveWords {
		if d.has(w.words...) {
			return w.kind, false, ""
		}
	}
	if hasValue {
		for _, w := range weakPassiveWords {
			if d.has(w.words...) {
				return w.kind, false, ""
			}
		}
	}
	return nil, false, ""
}

var kindByDesignator = map[string]*passiveKind{"R": resistor, "C": capacitor, "CP": capacitor, "L": inductor}

// guessFromBare applies rule 3 to the first bare value.
func guessFromBare(bare []bareValue, chip bool) *passiveKind {
	for len(bare) > 0 && bare[0].leading {
		bare = bare[1:]
	}
	if len(bare) == 0 {
		return nil
	}
	switch l := bare[0].letter; {
	case l == "":
		if chip {
			return resistor
		}
	case strings.Contains("pnuµμUNP", l):
		return capacitor
	case strings.Contains("RrkKM", l):
		return resistor
	}
	return nil
}

// setValue sets the kind's value attribute from the first explicit value in
// its unit, or else the first bare value that fits it.
func setValue(out *derived, kind *passiveKind, explicit []quantity.Quantity, bare []bareValue, byWord bool) {
	if kind == nil {
		for _, q := range explicit {
			out.set(q.Attr(kindByUnit[q.Unit].attr))
		}
		return
	}
	for _, q := range explicit {
		if q.Unit == kind.unit {
			out.set(q.Attr(kind.attr))
			return
		}
	}
	for _, b := range bare {
		if b.letter != "" && !strings.Contains(kind.letters, b.letter) || b.letter == "" && kind != resistor || b.leading && !byWord {
			continue
		}
		if q, err := quantity.Parse(b.text, kind.unit); err == nil && q.Value >= 0 {
			out.set(q.Attr(kind.attr))
			return
		}
	}
}

// multiplier returns the multiplier or RKM letter of a bare value.
func multiplier(w string) string {
	if m := rkmOrPrefixRe.FindStringSubmatch(w); m != nil {
		return m[1]
	}
	return ""
}
