package quantity

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// rkmLetters are the letters that stand for the decimal point in RKM codes
// ("4k7", "4R7", "2n2"); R means ohms.
const rkmLetters = "RKkMGmunpµμUNP"

// lexNumber splits s into a number and the unit suffix after it (spaces
// removed). It reports false when s does not start with a number.
func lexNumber(s string) (number, string, bool) {
	var n number
	s = lexSign(s, &n)
	ip, s := digits(s)
	if r, size := utf8.DecodeRuneInString(s); strings.ContainsRune(rkmLetters, r) && (ip != "" || r == 'R') {
		if fp, rest := digits(s[size:]); fp != "" {
			return lexRKM(n, ip, fp, s[:size], rest)
		}
	}
	if mixed, ok := lexMixed(ip, s, &n); ok {
		return n, squeeze(mixed), true
	}
	if strings.HasPrefix(s, "/") && ip != "" {
		den, rest := digits(s[1:])
		if den == "" {
			return n, "", false
		}
		n.frac, n.num, n.den = true, atof(ip), atof(den)
		return n, squeeze(rest), true
	}
	fp := ""
	if strings.HasPrefix(s, ".") || (strings.HasPrefix(s, ",") && ip != "") {
		var rest string
		fp, rest = digits(s[1:])
		if s[0] == ',' && len(fp) == 3 {
			ip, fp = ip+fp, "" // thousands separator: "1,000"
			for strings.HasPrefix(rest, ",") {
				g, r2 := digits(rest[1:])
				if len(g) != 3 {
					break
				}
				ip, rest = ip+g, r2
			}
		}
		s = rest
	}
	if ip == "" && fp == "" {
		return n, "", false
	}
	n.mant = nz(ip) + "." + nz(fp)
	s, ok := lexExponent(s, &n)
	if !ok {
		return n, "", false
	}
	return n, squeeze(s), true
}

// lexSign consumes a leading sign: "-" negates, "+", "±", "+/-" and "+-"
// are dropped (a tolerance is a magnitude).
func lexSign(s string, n *number) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"±", "+/-", "+-", "+"} {
		if strings.HasPrefix(s, p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	if strings.HasPrefix(s, "-") {
		n.neg = true
		return strings.TrimSpace(s[1:])
	}
	return s
}

// lexRKM reads an RKM code: ip letter fp rest.
func lexRKM(n number, ip, fp, letter, rest string) (number, string, bool) {
	n.mant = nz(ip) + "." + fp
	rest = squeeze(rest)
	if letter != "R" {
		return n, letter + rest, true
	}
	if rest == "" {
		return n, "R", true
	}
	n.rkmOhm = true
	return n, rest, true
}

// lexMixed reads a mixed fraction after its whole part: "1 1/2", "1-1/2".
func lexMixed(whole, s string, n *number) (string, bool) {
	if whole == "" || s == "" || (s[0] != ' ' && s[0] != '-') {
		return "", false
	}
	num, rest := digits(strings.TrimLeft(s[1:], " "))
	if num == "" || !strings.HasPrefix(rest, "/") {
		return "", false
	}
	den, rest := digits(rest[1:])
	if den == "" {
		return "", false
	}
	d := atof(den)
	n.frac, n.num, n.den = true, atof(whole)*d+atof(num), d
	return rest, true
}

// lexExponent consumes "e-6", "E3" when digits follow.
func lexExponent(s string, n *number) (string, bool) {
	if len(s) < 2 || (s[0] != 'e' && s[0] != 'E') {
		return s, true
	}
	t := s[1:]
	sign := ""
	if t[0] == '-' || t[0] == '+' {
		sign, t = t[:1], t[1:]
	}
	d, rest := digits(t)
	if d == "" {
		return s, true
	}
	if len(d) > 6 {
		return "", false
	}
	e, err := strconv.Atoi(sign + d)
	if err != nil {
		return "", false
	}
	n.exp = e
	return rest, true
}

// digits splits s after its leading ASCII digits.
func digits(s string) (string, string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], s[i:]
}

func nz(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

func atof(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}
