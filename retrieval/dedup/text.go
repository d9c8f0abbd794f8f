package dedup

import (
	"cmp"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/quantity"
)

// words is what readText finds in one text.
type words struct {
	tokens []string
	codes  []code
	// seq are the lower-case words and number tokens in text order, for
	// phrases ("n channel").
	seq []string
}

// designatorRe matches a reference designator ("R12", "IC8", "C5A"): a text
// made only of them names board positions, not a part (BOM exports that
// put the designators in the description column), and says nothing about
// what the part is.
var designatorRe = regexp.MustCompile(`^(?i)[a-z]{1,3}\d{1,3}[a-z]?$`)

// sizeRe matches words that are sizes rather than part numbers:
// "2012metric", "l9.9mm", "p2.54mm".
var sizeRe = regexp.MustCompile(`^(?i)[a-z]{0,4}\d+(?:[.,]\d+)?(?:mm|mil|metric|deg|in)$`)

// isDimension reports whether a lower-case word is a size: sizeRe, or a
// product with "x" between digits ("1x04", "pad1.15x1.40mm", "512kx8").
func isDimension(low string) bool {
	for i := 1; i+1 < len(low); i++ {
		if low[i] != 'x' || low[i+1] < '0' || low[i+1] > '9' {
			continue
		}
		d := low[i-1]
		if d >= 'a' && d <= 'z' && i >= 2 {
			d = low[i-2] // "512kx8"
		}
		if d >= '0' && d <= '9' {
			return true
		}
	}
	return sizeRe.MatchString(low)
}

// longDigitsRe and rkmPartRe mark numbers that are part numbers, as in
// package normalize: a run of six or more digits, or "1N4148".
var (
	longDigitsRe = regexp.MustCompile(`\d{6,}`)
	rkmPartRe    = regexp.MustCompile(`^\d+[A-Za-z]\d{4,}`)
)

// stopWords carry no meaning about a part. "and" and "or" are not among
// them (they name logic gates), nor "a" (type A, amperes).
var stopWords = map[string]bool{
	"an": true, "the": true, "of": true, "for": true, "with": true,
	"in": true, "on": true, "to": true, "by": true, "at": true, "x": true, "pcs": true, "pc": true,
}

// designatorLetters written alone before a value are the EDA symbol's
// reference letter ("R 10k", "C 100nF"), not a word of the description.
var designatorLetters = map[string]bool{"r": true, "c": true, "l": true}

// readText splits a text into normalized tokens and part-number-like
// codes. Numbers with or without units become one canonical token
// ("4.7k", "4k7", "4.7 kΩ" and "4700" are all "#4700"), so that wording
// differences in values do not count as text differences; runs of CJK
// characters become character bigrams.
func readText(s string) words {
	ws := splitWords(s, false)
	if len(ws) > 0 && allDesignators(ws) {
		return words{}
	}
	var out words
	for _, w := range joinUnits(ws) {
		if n, ok := numberToken(w); ok {
			out.tokens = append(out.tokens, n)
			out.seq = append(out.seq, n)
			continue
		}
		low := strings.ToLower(w)
		for _, sub := range subTokens(low) {
			out.seq = append(out.seq, sub)
			if stopWords[sub] || sub == low && designatorLetters[sub] {
				continue
			}
			out.tokens = append(out.tokens, trimZeros(sub))
		}
	}
	// Codes are read from words split at blanks only, so that
	// "WP934MD/2LID" stays one part number and does not match "WP934MD/LYLID".
	for _, w := range splitWords(s, true) {
		out.codes = append(out.codes, codesOf(strings.ToLower(w))...)
	}
	return out
}

// splitWords splits at blanks and punctuation that separates words; "/"
// stays inside a fraction ("1/4W"), or everywhere with keepSlash, and ","
// and "." inside a number ("4,7"). A word's trailing dots are dropped
// ("tant.", "0805.").
func splitWords(s string, keepSlash bool) []string {
	rs := []rune(s)
	var out []string
	start := 0
	flush := func(i int) {
		if w := strings.TrimRight(string(rs[start:i]), "."); w != "" {
			out = append(out, w)
		}
		start = i + 1
	}
	for i, r := range rs {
		digitBefore := i > 0 && unicode.IsDigit(rs[i-1])
		digitAfter := i+1 < len(rs) && unicode.IsDigit(rs[i+1])
		switch {
		case unicode.IsSpace(r):
			flush(i)
		case r == '/':
			if !keepSlash && (!digitBefore || !digitAfter || !plainNumber(rs[start:i])) {
				flush(i)
			}
		case r == ',' && digitBefore && digitAfter:
		case strings.ContainsRune(",;()[]{}|:=\"'`_*!?<>~#&\u00a0", r):
			flush(i)
		}
	}
	flush(len(rs))
	return out
}

func plainNumber(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsDigit(r) && r != '.' {
			return false
		}
	}
	return len(rs) > 0
}

func allDesignators(ws []string) bool {
	for _, w := range ws {
		if !designatorRe.MatchString(w) {
			return false
		}
	}
	return true
}

// joinUnits joins a number and the unit written apart after it ("10 kΩ",
// "25 MHz").
func joinUnits(ws []string) []string {
	out := make([]string, 0, len(ws))
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if i+1 < len(ws) && startsNumber(w) && isUnitWord(ws[i+1]) {
			if q, err := quantity.Parse(w, ""); err == nil && q.Unit == "" {
				w += ws[i+1]
				i++
			}
		}
		out = append(out, w)
	}
	return out
}

func startsNumber(w string) bool {
	return w != "" && (w[0] >= '0' && w[0] <= '9' || w[0] == '.' && len(w) > 1)
}

func isUnitWord(w string) bool {
	// "R" alone is a designator prefix more often than ohms ("1M R_0805").
	// Units are short and have no digits: the rest is not worth parsing.
	if w == "" || len(w) > 8 || strings.ContainsAny(w, "0123456789") || strings.EqualFold(w, "x") || strings.EqualFold(w, "r") {
		return false
	}
	q, err := quantity.Parse("1"+w, "")
	return err == nil && q.Unit != ""
}

// valueUnits are the units a value is written in without its unit as
// often as with it ("4k7" for 4.7 kΩ, "100n" for 100 nF): their tokens drop
// the unit so both spellings meet. Other units (V, A, W, Hz, %) stay, as
// "6V" and "6" say different things.
var valueUnits = map[string]bool{"": true, "Ω": true, "F": true, "H": true}

// numberToken returns the canonical token of a word that is a number,
// with or without a unit. Four- and five-digit plain numbers are kept as
// words: they are package codes ("0603") and series numbers more often
// than values.
func numberToken(w string) (string, bool) {
	if !startsNumber(w) || longDigitsRe.MatchString(w) || rkmPartRe.MatchString(w) {
		return "", false
	}
	if len(w) >= 4 && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
		return "", false
	}
	q, err := quantity.Parse(w, "")
	if err != nil {
		return "", false
	}
	unit := q.Unit
	if valueUnits[unit] {
		unit = ""
	}
	return "#" + strconv.FormatFloat(q.Value, 'g', 4, 64) + unit, true
}

// subTokens splits a lower-case word at punctuation ("non-invert" →
// "non", "invert"; "sot-23" → "sot", "23") and CJK runs into bigrams.
func subTokens(low string) []string {
	var out []string
	var cur []rune
	var cjk []rune
	flushCJK := func() {
		switch {
		case len(cjk) == 1:
			out = append(out, string(cjk))
		case len(cjk) > 1:
			for i := 0; i+2 <= len(cjk); i++ {
				out = append(out, string(cjk[i:i+2]))
			}
		}
		cjk = cjk[:0]
	}
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(low)
	for i, r := range rs {
		switch {
		case isCJK(r):
			flush()
			cjk = append(cjk, r)
		case isAlnum(r) || r == '.' && i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]):
			flushCJK()
			cur = append(cur, foldRune(r))
		default:
			flush()
			flushCJK()
		}
	}
	flush()
	flushCJK()
	return out
}

// code is a part-number-like word: full is the word without punctuation;
// base, when the word has a hyphen, is its part before the first one, the
// base part number before a variant suffix ("mcp73831-2-ot" →
// "mcp738312ot", "mcp73831").
type code struct{ full, base string }

func compareCodes(x, y code) int {
	return cmp.Or(strings.Compare(x.full, y.full), strings.Compare(x.base, y.base))
}

// codesOf returns the code of a lower-case word, if it has one. A code has
// six or more characters, two letters and two digits, and is neither a
// size ("2012metric", "l2.9-w1.3-p1.90"), nor values ("4u7/6.3v"), nor a
// package ("sot23-5").
func codesOf(low string) []code {
	if len(low) < 6 || !strings.ContainsAny(low, "0123456789") ||
		isDimension(low) || dimensionStartRe.MatchString(low) || allNumbers(low) {
		return nil
	}
	c := code{full: alnumOnly(low)}
	if i := strings.IndexByte(low, '-'); i > 0 {
		if b := alnumOnly(low[:i]); isCode(b) && b != c.full {
			c.base = b
		}
	}
	switch {
	case isCode(c.full):
		return []code{c}
	case c.base != "":
		return []code{{full: c.base}}
	}
	return nil
}

// dimensionStartRe matches footprint size strings: "l2.9-w1.3-p1.90",
// "l4.0-w4.0".
var dimensionStartRe = regexp.MustCompile(`^[a-z]{1,2}\d+\.\d+`)

// allNumbers reports whether every "/"-separated part of a word is a
// number ("4u7/6.3v", "330r/2w").
func allNumbers(low string) bool {
	for _, part := range strings.Split(low, "/") {
		if _, err := quantity.Parse(part, ""); err != nil {
			return false
		}
	}
	return true
}

// packageCodeRe matches package and footprint names, which look like part
// numbers but are shared by unrelated parts: "sot235", "sod323", "to220",
// "din0207" (axial body), "led0603", "smd1206", "16soic", "20ssop".
var packageCodeRe = regexp.MustCompile(`^\d*(?:sot|sod|soic|so|sop|ssop|tssop|msop|qfn|dfn|vqfn|wqfn|udfn|tqfp|lqfp|qfp|bga|lga|dip|dil|pdip|sip|to|do|sc|sma|smb|smc|smd|dpak|din|led)\d*[a-z]{0,2}$`)

func alnumOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if isAlnum(r) {
			return foldRune(r)
		}
		return -1
	}, s)
}

func isCode(c string) bool {
	if len(c) < 6 {
		return false
	}
	letters, digits := 0, 0
	for _, r := range c {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'a' && r <= 'z':
			letters++
		default:
			return false
		}
	}
	return letters >= 2 && digits >= 2 && !packageCodeRe.MatchString(c)
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// foldRune folds the micro sign and Greek mu to "u", as in "µF".
func foldRune(r rune) rune {
	switch r {
	case 'µ', 'μ':
		return 'u'
	case 'ω', 'Ω':
		return 'Ω'
	}
	return r
}

// leadingZerosRe matches zeros that start a run of digits inside a word
// with letters: "2x03" and "2x3", "01x04" and "1x4" are one size.
var leadingZerosRe = regexp.MustCompile(`(^|[^0-9.])0+([0-9])`)

// trimZeros drops the leading zeros of digit runs in a word that has
// letters; pure numbers ("0603") are kept as written.
func trimZeros(t string) string {
	if strings.IndexFunc(t, unicode.IsLetter) < 0 {
		return t
	}
	return leadingZerosRe.ReplaceAllString(t, "$1$2")
}
