package gitplm

import (
	"path"
	"regexp"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// category is what an IPN's category code (its CCC) says about a part.
type category struct {
	class model.ClassPath
	level model.Level
	// hint is the unit of the category's value: what a Value column
	// holds and which attribute it fills ("Ω" and resistance for RES).
	hint, attr string
	// main is the category's value column when the table has no Value
	// column ("Resistance" for RES), normalized as in columnKey.
	main string
}

// categories maps the category codes of partnumbers.md in git-plm/parts to
// class paths: the shared classes of package model where they exist, else
// "Electronics/", "Mechanical/" or "Made/" and the code's description, as
// partnumbers.md groups them (electrical parts, other parts, things you
// produce). Assemblies (ASY, PCA: the categories gitplm gives a BOM) are
// modules; everything else is a part.
var categories = map[string]category{
	// Electrical parts.
	"ANA": {class: "Electronics/Analog ICs"},
	"ART": {class: "Electronics/Artwork"},
	"CAP": {class: model.ClassCapacitors, hint: "F", attr: model.AttrCapacitance, main: "capacitance"},
	"CON": {class: "Electronics/Connectors"},
	"CPD": {class: "Electronics/Circuit protection"},
	"DIO": {class: "Electronics/Diodes"},
	"FAN": {class: "Electromechanical/Fans"},
	"IND": {class: model.ClassInductors, hint: "H", attr: model.AttrInductance, main: "inductance"},
	"ICS": {class: "Electronics/Integrated circuits"},
	"MEM": {class: "Electronics/Memory"},
	"MPU": {class: "Electronics/Processor modules"},
	"MCU": {class: "Electronics/Microcontrollers"},
	"OPT": {class: "Electronics/Optoelectronics"},
	"OSC": {class: "Electronics/Oscillators and crystals", hint: "Hz", attr: model.AttrFrequency, main: "frequency"},
	"PWR": {class: "Electronics/Power switches and relays"},
	"RFM": {class: "Electronics/RF modules"},
	"REG": {class: "Electronics/Regulators"},
	"RES": {class: model.ClassResistors, hint: "Ω", attr: model.AttrResistance, main: "resistance"},
	"SEN": {class: "Electronics/Sensors"},
	"SWI": {class: "Electronics/Switches"},
	"XTR": {class: "Electronics/Transistors"},
	// Other parts.
	"FST": {class: "Mechanical/Fasteners"},
	"CBL": {class: "Mechanical/Cables"},
	"ENC": {class: "Mechanical/Enclosures"},
	"PKG": {class: "Mechanical/Packaging"},
	"FLD": {class: "Mechanical/Fluids"},
	"MRK": {class: "Mechanical/Markings"},
	"DRV": {class: "Mechanical/Drive"},
	"STC": {class: "Mechanical/Structural"},
	"TMP": {class: "Mechanical/Thermal"},
	// Things you produce.
	"PCS": {class: "Made/Schematics"},
	"PCA": {class: "Made/PCB assemblies", level: model.LevelModule},
	"PCB": {class: "Made/PCBs"},
	"ASY": {class: "Made/Assemblies", level: model.LevelModule},
	"DOC": {class: "Made/Documents"},
	"DFW": {class: "Made/Firmware"},
	"DSW": {class: "Made/Software"},
	"DCL": {class: "Made/Calibration data"},
	"FIX": {class: "Made/Fixtures"},
}

// ipnPattern is the IPN scheme CCC-NNN-VVVV: a category of one to three
// capitals or digits, a number of three or four digits and a variation of
// four letters or digits. The variation's case matters: gitplm codes
// values in it ("RES-0002-010m" is 10 mΩ).
var ipnPattern = regexp.MustCompile(`^([A-Z0-9]{1,3})-([0-9]{3,4})-([A-Za-z0-9]{4})$`)

// splitIPN returns the category code and the base ("CCC-NNN") of an IPN in
// the scheme; ok is false for other IPNs.
func splitIPN(ipn string) (code, base string, ok bool) {
	m := ipnPattern.FindStringSubmatch(ipn)
	if m == nil {
		return "", "", false
	}
	return m[1], m[1] + "-" + m[2], true
}

// fileCategory returns the category code a file name gives: "g-cap.csv"
// and "cap.csv" give "CAP". It is the category of IPNs outside the scheme.
func fileCategory(name string) string {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	base = strings.TrimSuffix(base, path.Ext(base))
	base = strings.TrimPrefix(strings.ToLower(base), "g-")
	if len(base) < 1 || len(base) > 3 {
		return ""
	}
	for _, c := range base {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return ""
		}
	}
	return strings.ToUpper(base)
}

// categoryOf returns the category code of a part: its IPN's, else the
// file's.
func categoryOf(ipn, file string) string {
	if code, _, ok := splitIPN(ipn); ok {
		return code
	}
	return fileCategory(file)
}

// levelOf returns the level of a part of the category.
func levelOf(code string) model.Level {
	if l := categories[code].level; l != "" {
		return l
	}
	return model.LevelPart
}
