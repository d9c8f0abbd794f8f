package retrieval

import (
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/model"
)

// stopWords carry no meaning in a part requirement ("M3 x 8 screw for the
// frame").
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "for": true, "in": true, "of": true, "on": true,
	"or": true, "the": true, "to": true, "with": true, "x": true, "pcs": true,
}

// tokens splits text into comparable words: lower case, split at anything
// that is not a letter or digit, plural "s" dropped, stop words and lone
// ASCII characters left out. Chinese, which has no blanks, becomes
// overlapping character bigrams, as the index's CJK analyser does.
func tokens(text string) []string {
	var out []string
	var word, han []rune
	flushWord := func() {
		if len(word) > 0 {
			w := stem(string(word))
			if !stopWords[w] && (len(word) > 1 || word[0] > unicode.MaxASCII) {
				out = append(out, w)
			}
			word = word[:0]
		}
	}
	flushHan := func() {
		switch {
		case len(han) == 1:
			out = append(out, string(han))
		case len(han) > 1:
			for i := 0; i+1 < len(han); i++ {
				out = append(out, string(han[i:i+2]))
			}
		}
		han = han[:0]
	}
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' && len(word) > 0:
			flushHan()
			word = append(word, r)
		default:
			flushWord()
			flushHan()
		}
	}
	flushWord()
	flushHan()
	return out
}

// stem folds the plural of a word ("screws", "resistors", "boxes") and a
// trailing dot ("no.") to the singular.
func stem(w string) string {
	w = strings.TrimRight(w, ".")
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "xes"):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !isDigit(w[len(w)-2]):
		return w[:len(w)-1]
	}
	return w
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// tokenSet is the set of an item's words.
type tokenSet map[string]struct{}

func newTokenSet(text string) tokenSet {
	s := tokenSet{}
	for _, t := range tokens(text) {
		s[t] = struct{}{}
	}
	return s
}

// coverage is the share of the query's words found in the item's words.
func coverage(query []string, item tokenSet) float64 {
	if len(query) == 0 {
		return 0
	}
	n := 0
	for _, q := range query {
		if _, ok := item[q]; ok {
			n++
		} else if isPartNumberStem(q) && item.hasPrefix(q) {
			n++
		}
	}
	return float64(n) / float64(len(query))
}

// isPartNumberStem reports whether a word may be the base of a part
// number ("stm32f103" of "stm32f103rct6"): letters and digits, at least
// four characters.
func isPartNumberStem(w string) bool {
	if len(w) < 4 {
		return false
	}
	letters, digits := false, false
	for _, r := range w {
		letters = letters || unicode.IsLetter(r)
		digits = digits || unicode.IsDigit(r)
	}
	return letters && digits
}

func (s tokenSet) hasPrefix(p string) bool {
	for t := range s {
		if len(t) > len(p) && strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// classSim is the taxonomy similarity of an item's class to the required
// one. Within one taxonomy it is Wu and Palmer's measure on the class tree
// (twice the depth of the deepest common ancestor over the sum of the
// depths), squared: siblings under "Passives" are different functions, and
// plain Wu-Palmer would still rate them 0.67. Members classify with different trees ("Electronics/Passives/
// Resistors", "Electronics/Resistors/Chip Resistor - Surface Mount",
// "Resistors"), so the required class's leaf named anywhere in the item's
// path, in the singular or the plural, also counts as a near match.
func classSim(want, have model.ClassPath) float64 {
	w, h := foldSegments(want), foldSegments(have)
	if len(w) == 0 || len(h) == 0 {
		return 0
	}
	common := 0
	for common < len(w) && common < len(h) && w[common] == h[common] {
		common++
	}
	wp := 2 * float64(common) / float64(len(w)+len(h))
	wp *= wp
	leaf := tokens(w[len(w)-1])
	if len(leaf) == 0 {
		return wp
	}
	words := newTokenSet(strings.Join(h, " "))
	if coverage(leaf, words) == 1 {
		if coverage(leaf, newTokenSet(h[len(h)-1])) == 1 {
			return max(wp, 1)
		}
		return max(wp, 0.9)
	}
	return wp
}

func foldSegments(c model.ClassPath) []string {
	var out []string
	for _, s := range c.Segments() {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}
