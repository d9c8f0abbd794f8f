package gitplm

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/model"
)

// role is what a column holds.
type role int

// The roles. Parameter columns become attributes; the others are fields
// of the part.
const (
	roleParam role = iota
	roleIPN
	roleMPN
	roleManufacturer
	roleDescription
	roleSymbol
	roleFootprint
	roleDatasheet
	rolePriority
	roleValue
	roleUnnamed
)

// roles maps column keys (see columnKey) to the part fields they hold.
var roles = map[string]role{
	"ipn":                    roleIPN,
	"mpn":                    roleMPN,
	"manufacturerpartnumber": roleMPN,
	"mfrpartnumber":          roleMPN,
	"manufacturer":           roleManufacturer,
	"manufacturername":       roleManufacturer,
	"mfr":                    roleManufacturer,
	"description":            roleDescription,
	"symbol":                 roleSymbol,
	"footprint":              roleFootprint,
	"footprints":             roleFootprint,
	"datasheet":              roleDatasheet,
	"priority":               rolePriority,
	"value":                  roleValue,
}

// perSource reports whether a column describes one source of a part
// rather than the part: the rows of one IPN may differ in these.
func (r role) perSource() bool {
	return r == roleMPN || r == roleManufacturer || r == roleDatasheet || r == rolePriority
}

// bomColumns are the column keys of a gitplm BOM (quantities and
// designators), which no parts table has.
var bomColumns = map[string]bool{
	"qty": true, "qnty": true, "quantity": true, "ref": true, "refs": true, "reference": true,
	"references": true, "refdes": true, "designator": true, "designators": true,
}

// paramKind says how a parameter column's cells are read.
type paramKind int

// The parameter kinds.
const (
	kindGeneric  paramKind = iota // a number with or without a unit, else enum or text
	kindQuantity                  // a number in the hint's unit, else enum
	kindCount                     // a plain number, else enum
	kindEnum                      // a name
)

// param is how a parameter column becomes an attribute.
type param struct {
	attr string
	hint string
	kind paramKind
}

// params maps the column keys of known parameters to attributes: the
// shared names of package model and the unit to assume.
var params = map[string]param{
	"resistance":      {model.AttrResistance, "Ω", kindQuantity},
	"capacitance":     {model.AttrCapacitance, "F", kindQuantity},
	"inductance":      {model.AttrInductance, "H", kindQuantity},
	"impedance":       {attrImpedance, "Ω", kindQuantity},
	"voltage":         {model.AttrVoltage, "V", kindQuantity},
	"ratedvoltage":    {model.AttrVoltage, "V", kindQuantity},
	"voltagerating":   {model.AttrVoltage, "V", kindQuantity},
	"current":         {model.AttrCurrent, "A", kindQuantity},
	"ratedcurrent":    {model.AttrCurrent, "A", kindQuantity},
	"currentrating":   {model.AttrCurrent, "A", kindQuantity},
	"power":           {model.AttrPower, "W", kindQuantity},
	"ratedpower":      {model.AttrPower, "W", kindQuantity},
	"powerrating":     {model.AttrPower, "W", kindQuantity},
	"tolerance":       {model.AttrTolerance, "%", kindQuantity},
	"frequency":       {model.AttrFrequency, "Hz", kindQuantity},
	"load":            {attrLoadCapacitance, "F", kindQuantity},
	"loadcapacitance": {attrLoadCapacitance, "F", kindQuantity},
	"pins":            {"pins", "", kindCount},
	"pincount":        {"pins", "", kindCount},
	"positions":       {"pins", "", kindCount},
	"material":        {model.AttrMaterial, "", kindEnum},
	"dielectric":      {model.AttrDielectric, "", kindEnum},
	"package":         {model.AttrPackage, "", kindEnum},
}

// Attribute names of this package beyond the shared ones.
const (
	attrIPN             = "ipn"              // text: the IPN, or a family's CCC-NNN
	attrDatasheet       = "datasheet"        // text: the datasheet's address
	attrFootprints      = "footprints"       // text: all footprints, when the cell lists several
	attrManufacturer    = "manufacturer"     // text: a manufacturer named without an MPN
	attrImpedance       = "impedance"        // number, Ω: a ferrite bead's impedance
	attrLoadCapacitance = "load_capacitance" // number, F: a crystal's load capacitance
)

// reserved are the attribute names part fields fill; a parameter column
// named like one gets a numbered name.
var reserved = map[string]bool{
	attrIPN: true, attrDatasheet: true, attrFootprints: true, attrManufacturer: true,
	model.AttrLibPart: true, model.AttrFootprint: true, model.AttrValue: true,
}

// column is one column of the table.
type column struct {
	header string // as written
	index  int
	role   role
	param  param // for roleParam
}

// label names the column in errors.
func (c column) label() string {
	if c.header == "" {
		return fmt.Sprintf("column %d", c.index+1)
	}
	return c.header
}

// newColumns reads the header row: IPN first, no column twice, no BOM
// column; parameter columns get their attribute names, unique within the
// table.
func newColumns(file string, line int, header []string) ([]column, error) {
	cols := make([]column, len(header))
	seen := map[string]int{}
	roleAt := map[role]int{}
	names := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		c := column{header: h, index: i}
		k := columnKey(h)
		switch {
		case k == "" && h == "":
			c.role = roleUnnamed
		case bomColumns[k]:
			return nil, model.ParseError(file, line, h, "a gitplm BOM, not a parts table: it has a quantity or designator column")
		case seen[k] > 0:
			return nil, model.ParseError(file, line, h, "column repeats column %d (%q)", seen[k], header[seen[k]-1])
		case roleAt[roles[k]] > 0:
			return nil, model.ParseError(file, line, h, "column holds what column %d (%q) holds", roleAt[roles[k]], header[roleAt[roles[k]]-1])
		default:
			c.role = roles[k]
			if c.role == roleParam {
				c.param = paramOf(h, k, names)
			} else {
				roleAt[c.role] = i + 1
			}
		}
		if k != "" {
			seen[k] = i + 1
		}
		cols[i] = c
	}
	if len(cols) == 0 || cols[0].role != roleIPN {
		return nil, model.ParseError(file, line, cols[0].label(), "not a gitplm parts table: the first column is not IPN")
	}
	return cols, nil
}

// paramOf returns the attribute a parameter column fills: the known
// parameter's, or the column's name in snake case; names are made unique
// with a number.
func paramOf(header, key string, names map[string]bool) param {
	p, ok := params[key]
	if !ok {
		p = param{attr: snakeCase(header), kind: kindGeneric}
		if p.attr == "" {
			p.attr = "column"
		}
	}
	name := p.attr
	for n := 2; names[name] || reserved[name]; n++ {
		name = fmt.Sprintf("%s_%d", p.attr, n)
	}
	names[name] = true
	p.attr = name
	return p
}

// columnKey is a header compared without case, spaces or punctuation:
// "Sim_Pins" and "sim pins" are "simpins".
func columnKey(h string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(h) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// snakeCase returns a header as an attribute name: lower case, runs of
// other characters than letters and digits as one underscore
// ("I-forward-max" is "i_forward_max").
func snakeCase(h string) string {
	var b strings.Builder
	sep := false
	for _, c := range strings.ToLower(h) {
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
	return b.String()
}
