package nopscadlib

import "strings"

// SplitKey splits a NopSCADlib vitamin key, "constructor: description" as
// bom.py writes it (`screw(M3_cap_screw, 10): Screw M3 cap x 10mm`), at the
// first ": " that stands outside brackets and double-quoted strings, so
// that a constructor whose arguments hold ": " stays whole. A key without
// such a separator (old or hand-written vitamins: "laser module",
// "motor130():motor 130, 6 volts") is all description. Both halves are
// returned trimmed of surrounding white space.
func SplitKey(key string) (constructor, description string) {
	depth, quoted, escaped := 0, false, false
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		case depth == 0 && c == ':' && i+1 < len(key) && key[i+1] == ' ':
			return strings.TrimSpace(key[:i]), strings.TrimSpace(key[i+2:])
		}
	}
	return "", strings.TrimSpace(key)
}

// collapse trims s and folds each run of white space into one space, so
// that "Washer  M3 x 7mm x 0.5mm " reads "Washer M3 x 7mm x 0.5mm".
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
