package families

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// siPrefixes are the engineering prefixes formatSI uses, from 1e-12 up.
var siPrefixes = []string{"p", "n", "µ", "m", "", "k", "M", "G", "T"}

// formatSI writes a value in its SI unit with an engineering prefix, the
// way engineers write parts ("4.7 kΩ", "100 nF", "6 mm"); percentages and
// plain counts are written as they are.
func formatSI(v float64, unit string) string {
	if unit == "" || unit == "%" || v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return joinUnit(strconv.FormatFloat(v, 'g', 4, 64), unit)
	}
	exp := int(math.Floor(math.Log10(math.Abs(v))/3)) * 3
	exp = min(max(exp, -12), 12)
	scaled := v / math.Pow(10, float64(exp))
	// Round before formatting so 0.0999999 prints as 100 m, not 99.99 m.
	scaled, _ = strconv.ParseFloat(strconv.FormatFloat(scaled, 'g', 4, 64), 64)
	return strconv.FormatFloat(scaled, 'f', -1, 64) + " " + siPrefixes[exp/3+4] + unit
}

func joinUnit(num, unit string) string {
	if unit == "" {
		return num
	}
	if unit == "%" {
		return num + "%"
	}
	return num + " " + unit
}

// naturalLess orders strings with their digit runs compared as numbers, so
// M3 < M10 and 0603 < 1206.
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitPrefix(a), digitPrefix(b)
		if da != "" && db != "" {
			na, _ := strconv.ParseFloat(da, 64)
			nb, _ := strconv.ParseFloat(db, 64)
			if na != nb {
				return na < nb
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		ra, rb := []rune(a)[0], []rune(b)[0]
		if ra != rb {
			return ra < rb
		}
		a, b = a[len(string(ra)):], b[len(string(rb)):]
	}
	return len(a) < len(b)
}

func digitPrefix(s string) string {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return ""
	}
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) && r != '.' })
	if i < 0 {
		return s
	}
	return s[:i]
}

// truncate shortens s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if n <= 0 || len(r) <= n {
		return s
	}
	if n == 1 {
		return "…"
	}
	return string(r[:n-1]) + "…"
}
