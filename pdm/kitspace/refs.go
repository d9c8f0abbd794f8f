package kitspace

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// designator is a reference designator: letters, then a number, then
// perhaps more ("R1", "RN11", "U3A", "J2_1").
var designator = regexp.MustCompile(`^[A-Za-z][A-Za-z_]*[0-9]+[A-Za-z0-9_.]*$`)

// SplitRefs splits a BOM line's reference field into designators. Entries
// are separated by "," or ";"; an entry made of designators separated by
// spaces ("C1 C2") is split further, while any other entry ("LED Power
// (red)", "(opt) C5") is kept whole as the line's own name for the usage.
// Entries without a letter or digit ("-") are dropped, and repeats removed.
func SplitRefs(s string) []string {
	var out []string
	add := func(r string) {
		if strings.IndexFunc(r, func(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }) >= 0 &&
			!slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	for _, entry := range strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ';' }) {
		words := strings.Fields(entry)
		all := len(words) > 1
		for _, w := range words {
			all = all && designator.MatchString(w)
		}
		if all {
			for _, w := range words {
				add(w)
			}
			continue
		}
		add(strings.Join(words, " "))
	}
	return out
}
