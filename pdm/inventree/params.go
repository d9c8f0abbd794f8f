package inventree

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/layers/quantity"
)

// aliases map snake-cased InvenTree parameter names to the shared attribute
// names of package model where the two differ.
var aliases = map[string]string{
	"rated_voltage":      model.AttrVoltage,
	"voltage_rating":     model.AttrVoltage,
	"rated_current":      model.AttrCurrent,
	"current_rating":     model.AttrCurrent,
	"power_rating":       model.AttrPower,
	"rated_power":        model.AttrPower,
	"thread_size":        model.AttrThread,
	"od":                 model.AttrOuterDiameter,
	"footprint_package":  model.AttrPackage,
	"package_case":       model.AttrPackage,
	"dielectric_type":    model.AttrDielectric,
	"tolerance_percent":  model.AttrTolerance,
	"resistance_ohms":    model.AttrResistance,
	"capacitance_farads": model.AttrCapacitance,
}

// enumAttrs are the shared attributes whose values are names, not numbers.
var enumAttrs = map[string]bool{
	model.AttrPackage: true, model.AttrDielectric: true, model.AttrThread: true,
	model.AttrStandard: true, model.AttrHead: true, model.AttrFrameSize: true,
	model.AttrSeal: true, model.AttrDesignation: true, model.AttrMaterial: true,
	model.AttrProcurement: true, model.AttrProcess: true,
}

// fieldAttrs are the attributes made of part fields; a parameter of the
// same name is kept beside them as "<name>_parameter".
var fieldAttrs = map[string]bool{"ipn": true, model.AttrKeywords: true, model.AttrUnits: true}

// attrName returns the attribute name of a parameter template name: the
// snake case of the name, or the shared name it stands for.
func attrName(name, pk string) string {
	var b strings.Builder
	sep := false
	for _, c := range strings.ToLower(name) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(c)
			sep = false
			continue
		}
		sep = true
	}
	s := b.String()
	if a, ok := aliases[s]; ok {
		s = a
	}
	switch {
	case s == "":
		return "parameter_" + pk
	case fieldAttrs[s]:
		return s + "_parameter"
	}
	return s
}

// paramAttr makes the attribute of one parameter value: an enum for
// checkboxes, choices and named properties, an SI number when the value
// parses (or InvenTree's own numeric reading does), an enum for other
// unitless values and text for values with units that do not parse.
func (r *reader) paramAttr(t *paramTemplate, data string, numeric float64, hasNumeric bool) model.Attribute {
	name := attrName(t.name, t.pk)
	switch {
	case t.checkbox:
		return model.EnumAttr(name, boolText(data), data)
	case name == model.AttrThread:
		return model.EnumAttr(name, threadText(data, t.units), data)
	case enumAttrs[name] || t.choices != "":
		return model.EnumAttr(name, data, data)
	}
	if a, ok := r.number(name, data, t.units, numeric, hasNumeric); ok {
		return a
	}
	if t.units == "" {
		return model.EnumAttr(name, data, data)
	}
	return model.Attribute{Name: name, Kind: model.Text, Text: data, Raw: data}
}

// number parses a parameter value as a quantity in the template's units:
// the text itself, the text with a custom unit spelled out, and last the
// number InvenTree stored, which is in the template's units.
func (r *reader) number(name, data, units string, numeric float64, hasNumeric bool) (model.Attribute, bool) {
	hint := units
	if def, ok := r.units[units]; ok {
		hint = def
	}
	tries := []string{data}
	for _, u := range r.unitNames {
		if rest, ok := strings.CutSuffix(data, u); ok && rest != "" {
			tries = append(tries, rest+r.units[u])
		}
	}
	for _, text := range tries {
		if q, err := quantity.Parse(text, hint); err == nil {
			a := q.Attr(name)
			a.Raw = data
			return a, true
		}
	}
	if hasNumeric && hint != "" {
		if q, err := quantity.Parse(strconv.FormatFloat(numeric, 'g', -1, 64), hint); err == nil {
			a := q.Attr(name)
			a.Raw = data
			return a, true
		}
	}
	return model.Attribute{}, false
}

// boolText normalizes a checkbox value to "true" or "false".
func boolText(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "y", "on", "t":
		return "true"
	case "false", "0", "no", "n", "off", "f":
		return "false"
	}
	return strings.ToLower(s)
}

// threadText writes a bare metric thread size ("3", units mm) as the
// thread designation ("M3"); other values are kept.
func threadText(s, units string) string {
	if _, err := strconv.ParseFloat(s, 64); err == nil && (units == "" || units == "mm") {
		return "M" + s
	}
	return s
}

// designator matches one reference designator: letters then a number
// ("R1", "C12", "U3A").
var designator = regexp.MustCompile(`^[A-Za-z]+[0-9]+[A-Za-z0-9_-]*$`)

// splitRefs splits a BOM line's reference into designators: on commas and
// semicolons, and on spaces between designators ("R2 R3"), but keeping
// names of several words ("Large screw") whole.
func splitRefs(s string) []string {
	var out []string
	add := func(x string) {
		x = strings.TrimRight(strings.TrimSpace(x), ".")
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	for _, piece := range strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ';' }) {
		words := strings.Fields(piece)
		all := len(words) > 1
		for _, w := range words {
			all = all && designator.MatchString(strings.TrimRight(w, "."))
		}
		if !all {
			add(strings.Join(words, " "))
			continue
		}
		for _, w := range words {
			add(w)
		}
	}
	return out
}
