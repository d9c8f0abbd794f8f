package normalize

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/quantity"
)

// longDigitsRe matches a run of six or more digits not after a decimal
// point: part numbers ("5973301507F", "CONN24_1240214_AMP"), not values.
var longDigitsRe = regexp.MustCompile(`(?:^|[^\d.,])\d{6,}`)

// rkmPartRe matches words shaped like an RKM code but with more digits
// after the letter than a value has: semiconductor part numbers ("1N4148",
// "2N3904", "1N751A"). A value has at most two digits after its letter
// ("4k7", "1K82"), except a sub-ohm R code ("0R010", "2R025").
var rkmPartRe = regexp.MustCompile(`^\d+(?:[A-QS-Za-qs-z]\d{3,}|[Rr]\d{4,})`)

// catalogueRe matches four or more digits and one letter: "5819W" (a
// 1N5819W), "3296W" and "3362P" (Bourns trimmers). Values that long are
// round ("1000V", "2200P", "4700W"): see partNumberLike.
var catalogueRe = regexp.MustCompile(`^(\d{4,})[A-Za-z]$`)

// leadingZeroRe matches a number written with a leading zero ("09" in a
// D-sub's "A-DF 09 A"): codes, not quantities; "0.1", "0R1" and "0" are
// values.
var leadingZeroRe = regexp.MustCompile(`^0\d`)

// partNumberLike reports whether a word that quantity.Parse reads as a
// number is more likely a part number or a code: a long digit run; digits,
// a letter and more digits than a value has; four or more digits that are
// not a round number with a letter; or a leading zero.
func partNumberLike(w string) bool {
	if m := catalogueRe.FindStringSubmatch(w); m != nil && !strings.HasSuffix(m[1], "00") {
		return true
	}
	return longDigitsRe.MatchString(w) || rkmPartRe.MatchString(w) || leadingZeroRe.MatchString(w)
}

// unitSuffix returns what follows the number in a word: "H" in "5.2H",
// "uH" in "10uH".
func unitSuffix(w string) string {
	return strings.TrimLeftFunc(w, func(r rune) bool { return unicode.IsDigit(r) || r == '.' || r == ',' })
}

// bareUnit reports whether a word's unit is the bare letter u, without a
// multiplier: "5.2H" (a height in mm as often as henries), "16F".
func bareUnit(w, u string) bool {
	return strings.EqualFold(unitSuffix(w), u)
}

// inductorContext reports whether the description says inductor, so that
// a bare "H" is henries: an inductor word or designator.
func (d *description) inductorContext(designator string) bool {
	return designator == "L" || d.has("inductor", "inductors", "l small", "device l", "choke", "ind", "ferrite", "bead", "coil")
}

// capacitorContext reports whether the description says capacitor, so that
// a bare "F" is farads: a capacitor word or designator.
func (d *description) capacitorContext(designator string) bool {
	return designator == "C" || designator == "CP" ||
		d.has("capacitor", "capacitors", "c small", "device c", "cap", "supercap", "supercapacitor", "ultracapacitor", "edlc")
}

// impedanceAt reports whether the word after index i is "@" followed by a
// frequency, or "@" glued to one ("12ohm @ 100MHz", "120R @100MHz"), and
// returns the index of the frequency's word.
func (d *description) impedanceAt(i int) (int, bool) {
	next := tokText(d, i+1)
	switch {
	case next == "@":
		return i + 2, isFrequency(tokText(d, i+2))
	case strings.HasPrefix(next, "@"):
		return i + 1, isFrequency(next[1:])
	}
	return 0, false
}

// isFrequency reports whether w is a frequency with its unit ("100MHz").
func isFrequency(w string) bool {
	q, err := quantity.Parse(w, "")
	return err == nil && q.Unit == "Hz"
}
