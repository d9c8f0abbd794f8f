package kicad

import (
	"strconv"
	"strings"
)

// Canonical field names, after KiCost's translations.
const (
	fieldMPN     = "manf#"
	fieldManf    = "manf"
	fieldDesc    = "desc"
	fieldDNP     = "dnp"
	fieldVariant = "variant"
)

// mpnFields are the names KiCost accepts for a manufacturer part number,
// plus a few spelled-out ones seen in real netlists.
var mpnFields = set(
	"manf#", "mpn", "pn", "p#", "part#", "part_num", "part-num",
	"manf_num", "manf-num", "mfg_num", "mfg-num", "mfg#", "mfg part#",
	"man_num", "man-num", "man#", "mnf_num", "mnf-num", "mnf#",
	"mfr_num", "mfr-num", "mfr#",
	"manufacturer pn", "manufacturer part number", "manufacturer_part_number",
	"mfr pn", "mfr part number", "mfg pn", "mfg part number",
)

// manfFields are the names KiCost accepts for the manufacturer's name.
var manfFields = set("manf", "manufacturer", "mnf", "man", "mfg", "mfr")

// distributors maps the distributor names KiCost knows (as they start a
// "<dist>#" field name) to the supplier names this package records. The
// names match the retailer names Kitspace uses, so both readers agree.
var distributors = map[string]string{
	"digikey":   "Digikey",
	"mouser":    "Mouser",
	"rs":        "RS",
	"newark":    "Newark",
	"farnell":   "Farnell",
	"element14": "Element14",
	"lcsc":      "LCSC",
	"tme":       "TME",
	"arrow":     "Arrow",
}

// distStubs end a distributor's catalogue-number field name, after an
// optional "_", "-" or " ": "digikey#", "mouser_pn", "rs-part#".
var distStubs = []string{"part#", "#", "p#", "pn", "vendor#", "vp#", "vpn", "num", "part number"}

// dnpFields (translated to "dnp") and excludeFields say, when true, that a
// component is not fitted; fitFields say, when false, that it is not.
var (
	dnpFields     = set("dnp", "nopop", "do not populate", "do_not_populate")
	excludeFields = set("exclude from bom", "exclude_from_bom")
	fitFields     = set("install", "fitted", "populate")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// canonical translates a lower-cased, trimmed field name to KiCost's
// canonical name: "manf#", "manf", "<dist>#", "desc", "dnp", "variant", or
// the name itself.
func canonical(name string) string {
	switch {
	case mpnFields[name]:
		return fieldMPN
	case manfFields[name]:
		return fieldManf
	case name == "description" || name == "desc":
		return fieldDesc
	case name == "variant" || name == "version":
		return fieldVariant
	case dnpFields[name]:
		return fieldDNP
	}
	if d, ok := distField(name); ok {
		return d + "#"
	}
	return name
}

// distField reports the distributor whose catalogue-number field name is
// the given one.
func distField(name string) (string, bool) {
	for d := range distributors {
		rest, ok := strings.CutPrefix(name, d)
		if !ok {
			continue
		}
		if len(rest) > 0 && strings.ContainsRune("_- ", rune(rest[0])) {
			rest = rest[1:]
		}
		for _, s := range distStubs {
			if rest == s {
				return d, true
			}
		}
	}
	return "", false
}

// rawField is a field as written in the source.
type rawField struct{ Name, Value string }

// resolve applies KiCost's field rules to a list of fields and returns the
// fields by canonical name:
//   - names are compared case-insensitively and trimmed, then translated
//     (see canonical);
//   - a plain field with an empty value (or KiCad's "~") is ignored, and a
//     later non-empty field of the same canonical name replaces an earlier
//     one;
//   - "kicost:NAME" fields take precedence over plain ones, and an empty
//     one clears the field;
//   - "kicost.VARIANT:NAME" fields apply only when VARIANT is "default"
//     (the default variant is the one read, see fitted);
//   - "kicost:DIST:..." fields (local distributors, pricing, links) are
//     ignored;
//   - a field named after a distributor alone ("Digikey") is taken for its
//     catalogue number when its value has no white space.
func resolve(fields []rawField) map[string]string {
	plain := make(map[string]string, len(fields))
	ns := map[string]string{}
	for _, f := range fields {
		name := strings.ToLower(strings.TrimSpace(f.Name))
		val := cleanValue(f.Value)
		if after, ok := kicostName(name); ok {
			if after != "" && !strings.Contains(after, ":") {
				ns[canonical(after)] = val
			}
			continue
		}
		if val == "" {
			continue
		}
		if _, ok := distributors[name]; ok {
			if strings.ContainsAny(val, " \t") {
				continue
			}
			name += "#"
		}
		plain[canonical(name)] = val
	}
	for k, v := range ns {
		plain[k] = v
	}
	for k, v := range plain {
		if v == "" {
			delete(plain, k)
		}
	}
	return plain
}

// kicostName strips the "kicost:" or "kicost.VARIANT:" prefix of a field
// name. It reports false for names without the prefix, and returns "" for
// variant fields of variants other than the default one.
func kicostName(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, "kicost")
	if !ok || rest == "" {
		return "", false
	}
	switch rest[0] {
	case ':':
		return rest[1:], true
	case '.':
		variant, after, ok := strings.Cut(rest[1:], ":")
		if !ok {
			return "", false
		}
		if !isDefaultVariant(variant) {
			return "", true
		}
		return after, true
	}
	return "", false
}

// cleanValue trims a field value and maps KiCad's "~" (no value) to "".
func cleanValue(s string) string {
	s = strings.TrimSpace(s)
	if s == "~" {
		return ""
	}
	return s
}

// isDefaultVariant reports whether a variant name names the default
// variant, the one this reader builds.
func isDefaultVariant(v string) bool {
	return strings.EqualFold(strings.TrimSpace(v), "default")
}

// fitted reports whether a component with these resolved fields is fitted
// in the default variant. It is not when:
//   - a DNP field ("dnp", "nopop", "do not populate", "exclude from bom", or
//     their "kicost:" forms) is true: a non-zero number or any text other
//     than "0", "n", "no", "false";
//   - a fit field ("install", "fitted", "populate") is false: "0", "n",
//     "no", "false", "dnp";
//   - a "variant" (or "version") field names variants, separated by ",",
//     ";", "/" or spaces, and "default" is not among them: KiCost fits such
//     a component only in the variants it names.
func fitted(f map[string]string) bool {
	if isTrue(f[fieldDNP]) {
		return false
	}
	for name := range excludeFields {
		if isTrue(f[name]) {
			return false
		}
	}
	for name := range fitFields {
		if v, ok := f[name]; ok && isFalse(v) {
			return false
		}
	}
	if v := f[fieldVariant]; v != "" {
		for _, name := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(",;/ \t", r) }) {
			if isDefaultVariant(name) {
				return true
			}
		}
		return false
	}
	return true
}

func isFalse(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "0", "n", "no", "false", "dnp":
		return true
	}
	if x, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
		return x == 0
	}
	return false
}

func isTrue(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return false
	}
	if x, err := strconv.ParseFloat(v, 64); err == nil {
		return x != 0
	}
	switch strings.ToLower(v) {
	case "n", "no", "false":
		return false
	}
	return true
}
