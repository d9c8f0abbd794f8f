package normalize

import (
	"regexp"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/layers/quantity"
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
//     six or more digits ("5973301507F", "1240214 AMP"), shaped like
//     "1N4148" or "1N751A", four digits and a letter that are not a round
//     value ("5819W", "3362P"), or a leading zero ("09") is skipped; so is
//     "R1" (a reference designator; "R47" is 0.47 Ω). A unit letter without a multiplier is read only
//     in context: a bare "H" ("5.2H", a connector's height) is henries
//     only beside an inductor word or designator, a bare "F" ("16F", a PIC
//     family) farads only beside a capacitor word or designator.
//  7. A resistance "@" a frequency ("120 Ohm @ 100MHz", a ferrite bead's
//     or choke's rating) is an impedance, not a resistance, and its
//     frequency is not the part's; so is a bare number there ("100@100MHz").
//  8. Context decides what a number is (context.go): a ferrite bead's ohms
//     of one and more are its impedance, a connector's its characteristic
//     impedance; a capital "MOHM" is milliohms written apart from its
//     number ("400 MOHM") or beside an inductor or capacitor, and a
//     sub-ohm resistance beside an inductance or capacitance is its DC
//     resistance or ESR, not a conflict; a crystal's bare "16M" is 16 MHz;
//     a bare capital P ("10P", "1P") is picofarads only beside a
//     capacitor; sizes no part has ("250gf" read as gigafarads) are dropped.
//  9. A guess of rule 3 needs the value to be the part's: a kilo or mega
//     number followed by what it counts or names ("16k Flash", "3M Dual
//     lock", "1.5M long") is not a resistance, nor is a plain number after
//     the package ("CERVENA 1206 2"); IC words (IC, MCU, Flash, SRAM, op
//     amp...) block the passive classes, and op-amp words give ClassOpAmps
//     (functions.go).

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
	// Integrated circuits and what names them: "16k Flash" is memory,
	// not a resistance.
	{[]string{"ic", "ics", "mcu", "microcontrollers", "flash", "sram", "eeprom", "fpga", "cpu", "processor",
		"amplifier", "amplifiers", "op amp", "op amps", "opamp", "opamps", "op-amp", "comparator", "comparators", "xtal", "crystals"}, ""},
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
	// at is the value's word index; followed: a word comes right after it
	// in its phrase ("16k Flash", "3M Dual lock", "1.5M long"), so it
	// counts or names something rather than being a part's value.
	at       int
	followed bool
}

// passive applies the rules above. It reports whether it found anything.
func passive(d *description, out *derived) bool {
	pkg, pkgRaw, designator := d.findPackage()
	ctx := d.context(designator, pkgRaw)
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
		q, ok := ctx.read(t)
		if !ok {
			continue
		}
		if q.Unit == "Ω" || q.Unit == "" && multiplier(t.text) != "R" {
			if j, ok := d.impedanceAt(i); ok {
				if z, err := quantity.Parse(t.text, "Ω"); err == nil { // "100@100MHz": a bead's value
					out.set(z.Attr(model.AttrImpedance))
				}
				skip = j
				continue
			}
		}
		if q.Unit == "Ω" && ctx.impedance(q, out) {
			continue
		}
		switch {
		case t.text[0] == 'R' || t.text[0] == 'r':
			if len(t.text) >= 3 { // "R1" is a reference designator, "R47" 0.47 Ω
				bare = append(bare, bareValue{text: t.text, letter: "R", leading: true, at: i})
			}
		case kindByUnit[q.Unit] != nil:
			explicit = append(explicit, q)
		case electricalAttrs[q.Unit] != "":
			out.set(q.Attr(electricalAttrs[q.Unit]))
		case q.Unit == "" && ctx.crystal:
			ctx.frequency(t.text, out)
		case q.Unit == "" && fitsSomeKind(t.text):
			bare = append(bare, bareValue{text: t.text, letter: multiplier(t.text), at: i, followed: d.wordAfter(i)})
		}
	}
	kind, blocked, blockUnit := passiveClass(d, designator, explicit, len(bare) > 0 || pkg != "")
	guessed := false
	if kind == nil && !blocked && !ctx.crystal {
		kind, guessed = guessFromBare(bare, ctx.chipAt), true
	}
	if kind == nil && blocked && blockUnit != "" {
		kind = kindByUnit[blockUnit]
	}
	setValue(out, kind, explicit, bare, kind != nil && !guessed)
	if kind != nil && !blocked && !ctx.crystal {
		out.class = kind.class
	}
	if out.class == "" {
		out.class = d.functionClass()
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
	if units["Ω"] && (units["H"] || units["F"]) && len(units) == 2 && subOhm(explicit) {
		delete(units, "Ω") // an inductor's DC resistance, a capacitor's ESR
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

// guessFromBare applies rule 3 to the first bare value. chipAt is the word
// index of a chip package, or -1: a plain number is a resistance only
// when written before it ("330 1206", not "CERVENA 1206 2"). A kilo or
// mega value followed by a word ("16k Flash", "3M Dual lock") is not
// guessed to be a resistance.
func guessFromBare(bare []bareValue, chipAt int) *passiveKind {
	for len(bare) > 0 && bare[0].leading {
		bare = bare[1:]
	}
	if len(bare) == 0 {
		return nil
	}
	switch b := bare[0]; {
	case b.letter == "":
		if chipAt > b.at {
			return resistor
		}
	case strings.Contains("pnuµμUNP", b.letter):
		return capacitor
	case strings.Contains("RrkKM", b.letter) && !b.followed:
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
		if q.Unit == "Ω" && kind != resistor {
			out.set(q.Attr(model.AttrResistance)) // DC resistance, ESR
		}
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

// fitsSomeKind reports whether a bare value is a plain number or has a
// multiplier that fits a passive kind: "20T" (a pulley's teeth) is no
// part's value.
func fitsSomeKind(w string) bool {
	if unitSuffix(w) == "" {
		return true
	}
	l := multiplier(w)
	return l != "" && strings.Contains(resistor.letters+capacitor.letters+inductor.letters, l)
}

// multiplier returns the multiplier or RKM letter of a bare value.
func multiplier(w string) string {
	if m := rkmOrPrefixRe.FindStringSubmatch(w); m != nil {
		return m[1]
	}
	return ""
}
