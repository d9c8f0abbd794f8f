package normalize

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/quantity"
)

// A token is one word of a description.
type token struct {
	text string // as written
	low  string // lower case, for keyword matching
	// unit is the unit word a number was joined with ("MOHM" in "21.5
	// MOHM"), so that rules can tell how the unit was written.
	unit string
}

// boundary separates phrases (",", ";", "/" between words, and the parts an
// item's texts are joined from): patterns never span it.
const boundary = ";"

// tokenize splits a description into words. Punctuation that only groups
// words becomes space; "x" between dimensions becomes its own word
// ("M3x8" → "M3 x 8", "5x24" → "5 x 24"); a number and a unit written apart
// are joined ("4.7 kΩ" → "4.7kΩ", "100K OHM" → "100KOHM").
func tokenize(s string) []token {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		prevDigit := i > 0 && unicode.IsDigit(rs[i-1])
		nextDigit := i+1 < len(rs) && unicode.IsDigit(rs[i+1])
		switch {
		case r == ',' && prevDigit && nextDigit:
			b.WriteRune(r) // decimal comma or thousands separator
		case r == '/' && prevDigit && nextDigit && numeratorBefore(rs[:i]):
			b.WriteRune(r) // fraction: "1/4W", "16/0.2"
		case r == ',' || r == ';' || r == '/':
			b.WriteString(" " + boundary + " ")
		case strings.ContainsRune("()[]{}|_:=\t\n\r", r):
			b.WriteRune(' ')
		case r == '@':
			b.WriteString(" @ ") // "220ohm@100MHz": the value, "@", the frequency
		default:
			b.WriteRune(r)
		}
	}
	var out []token
	for _, w := range strings.Fields(b.String()) {
		for _, p := range splitTimes(w) {
			out = append(out, token{text: p, low: strings.ToLower(p)})
		}
	}
	return joinUnits(out)
}

// numeratorBefore reports whether the word before a "/" is a plain number,
// so that "1/4W" stays one word and "4n7/1kV" becomes two.
func numeratorBefore(rs []rune) bool {
	for i := len(rs) - 1; i >= 0 && !unicode.IsSpace(rs[i]); i-- {
		if !unicode.IsDigit(rs[i]) && rs[i] != '.' {
			return false
		}
	}
	return true
}

// timesRe matches dimension products: "5x24", "M3x8", "15mmx2mm", "3.9×4.9mm".
var timesRe = regexp.MustCompile(`^((?:M|m)?\d+(?:\.\d+)?(?:mm)?)[x×X]((?:\d+(?:\.\d+)?)(?:mm)?)$`)

func splitTimes(w string) []string {
	if w == "×" || w == "X" {
		return []string{"x"}
	}
	m := timesRe.FindStringSubmatch(w)
	if m == nil {
		return []string{w}
	}
	return []string{m[1], "x", m[2]}
}

// joinUnits joins a plain number and the unit written after it.
func joinUnits(ts []token) []token {
	out := ts[:0]
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if i+1 < len(ts) && isPlainNumber(t.text) && isUnitWord(ts[i+1].text) {
			t.unit = ts[i+1].text
			t.text += ts[i+1].text
			t.low = strings.ToLower(t.text)
			i++
		}
		out = append(out, t)
	}
	return out
}

// isPlainNumber reports whether w parses as a number without a unit
// ("4.7", "100K", "4k7").
func isPlainNumber(w string) bool {
	q, err := quantity.Parse(w, "")
	return err == nil && q.Unit == "" && w[0] >= '0' && w[0] <= '9'
}

// isUnitWord reports whether w is a unit alone ("pF", "ohms", "kΩ", "OHM").
func isUnitWord(w string) bool {
	if w == "" || w == "x" || w[0] >= '0' && w[0] <= '9' || w[0] == '.' {
		return false
	}
	q, err := quantity.Parse("1"+w, "")
	return err == nil && q.Unit != ""
}

// A description is a tokenized text with matching helpers.
type description struct {
	toks []token
}

func newDescription(s string) *description { return &description{toks: tokenize(readCJK(s))} }

// find returns the index of the first occurrence of the phrase (lower-case
// words separated by spaces), or -1.
func (d *description) find(phrase string) int {
	words := strings.Fields(phrase)
	for i := 0; i+len(words) <= len(d.toks); i++ {
		ok := true
		for j, w := range words {
			if d.toks[i+j].low != w {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// has reports whether any of the phrases occurs.
func (d *description) has(phrases ...string) bool {
	for _, p := range phrases {
		if d.find(p) >= 0 {
			return true
		}
	}
	return false
}

// match returns the index and submatches of the first token matching re.
func (d *description) match(re *regexp.Regexp) (int, []string) {
	for i, t := range d.toks {
		if m := re.FindStringSubmatch(t.text); m != nil {
			return i, m
		}
	}
	return -1, nil
}

// lengths reads the dimensions written from index i on, separated by "x":
// "8mm x 22mm x 7mm". Bare numbers are millimetres when bareMM is set
// ("M3 x 10" on a fastener). It stops at the first word that is not one.
func (d *description) lengths(i int, bareMM bool) []quantity.Quantity {
	var out []quantity.Quantity
	for i < len(d.toks) {
		q, ok := parseLength(d.toks[i].text, bareMM)
		if !ok {
			break
		}
		out = append(out, q)
		if i+1 >= len(d.toks) || d.toks[i+1].text != "x" {
			break
		}
		i += 2
	}
	return out
}

// parseLength reads a length; bare numbers are millimetres when bareMM.
func parseLength(w string, bareMM bool) (quantity.Quantity, bool) {
	hint := ""
	if bareMM {
		hint = "mm"
	}
	q, err := quantity.Parse(w, hint)
	if err != nil || q.Unit != "m" || q.Value <= 0 {
		return quantity.Quantity{}, false
	}
	return q, true
}
