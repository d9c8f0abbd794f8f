package normalize

import (
	"regexp"
	"strings"
)

// chipCodes are the imperial (EIA) chip package codes, keyed by themselves,
// and the metric (IEC) codes that only mean one size, keyed to their
// imperial code. "0603" is taken as imperial: a metric 0603 (imperial 0201)
// is recognized only when written "0603Metric".
var chipCodes = map[string]string{
	"01005": "01005", "0201": "0201", "0402": "0402", "0603": "0603", "0805": "0805", "1008": "1008",
	"1206": "1206", "1210": "1210", "1806": "1806", "1812": "1812", "2010": "2010", "2220": "2220", "2512": "2512",
	// metric → imperial
	"1005": "0402", "1608": "0603", "2012": "0805", "2520": "1008", "3216": "1206", "3225": "1210",
	"4516": "1806", "4532": "1812", "5025": "2010", "5750": "2220", "6332": "2512", "6432": "2512",
}

// metricOnly maps every metric code, including those that collide with an
// imperial one, for the explicit "<code>Metric" form of KiCad footprints.
var metricOnly = map[string]string{"0402": "01005", "0603": "0201", "1005": "0402", "1608": "0603", "2012": "0805",
	"2520": "1008", "3216": "1206", "3225": "1210", "4516": "1806", "4532": "1812", "5025": "2010", "5750": "2220",
	"6332": "2512", "6432": "2512"}

// chipPrefixRe matches chip codes written with a designator letter, as in
// EDA footprint names: "R0603", "C0805", "L1206", "LED0603".
var chipPrefixRe = regexp.MustCompile(`^(?i)(R|C|L|CP|LED|D|FB)(\d{4,5})(?:-.*)?$`)

var metricRe = regexp.MustCompile(`^(?i)(\d{4})Metric$`)

// icPackageRe matches semiconductor and other package names; group 1 is the
// family, group 2 the number, group 3 a pin count ("SOT-23-5").
var icPackageRe = regexp.MustCompile(`^(?i)(TSSOP|MSOP|SSOP|SOIC|TSOT|SOT|SOD|SOP|SO|VQFN|WQFN|UDFN|QFN|DFN|TQFP|LQFP|QFP|BGA|PDIP|DIP|DIL|SIP|TO|DO|SC|MULTIWATT)-?(\d+[A-Z]{0,2})(?:-(\d+))?(?:-\d*EP)?$`)

// packageFamilies folds family spellings: "DIL" is "DIP", "SO" is "SOIC".
var packageFamilies = map[string]string{"DIL": "DIP", "PDIP": "DIP", "SO": "SOIC"}

// chipPackage returns the imperial chip code a word names, and the
// designator letter written before it ("R0603" → "0603", "R").
func chipPackage(w string) (code, designator string, ok bool) {
	if c, ok := chipCodes[w]; ok {
		return c, "", true
	}
	if m := metricRe.FindStringSubmatch(w); m != nil {
		if c, ok := metricOnly[m[1]]; ok {
			return c, "", true
		}
	}
	if m := chipPrefixRe.FindStringSubmatch(w); m != nil {
		if c, ok := chipCodes[m[2]]; ok {
			return c, strings.ToUpper(m[1]), true
		}
	}
	return "", "", false
}

// icPackage normalizes a package name: "SOT23" → "SOT-23", "SOT-23-3" →
// "SOT-23" (three pins is the plain package), "SO8" → "SOIC-8",
// "QFN-32-1EP" → "QFN-32".
func icPackage(w string) (string, bool) {
	m := icPackageRe.FindStringSubmatch(w)
	if m == nil {
		return "", false
	}
	fam := strings.ToUpper(m[1])
	if f, ok := packageFamilies[fam]; ok {
		fam = f
	}
	num, pins := strings.ToUpper(m[2]), m[3]
	if fam == "SOT" && num == "23" && pins == "3" {
		pins = ""
	}
	if fam == "MULTIWATT" {
		return fam + num, true
	}
	p := fam + "-" + num
	if pins != "" {
		p += "-" + pins
	}
	return p, true
}

// findPackage returns the first package the description names, as an
// attribute value and the word it was read from, and the designator letter
// of a chip footprint ("R" in "R_0603").
func (d *description) findPackage() (pkg, raw, designator string) {
	for i, t := range d.toks {
		if c, des, ok := chipPackage(t.text); ok {
			if des == "" && i > 0 {
				des = designatorOf(d.toks[i-1].text)
			}
			return c, t.text, des
		}
		if p, ok := icPackage(t.text); ok {
			return p, t.text, ""
		}
	}
	return "", "", ""
}

// designatorOf returns a reference designator letter written alone before a
// chip code, as KiCad footprints do ("R_0603_1608Metric").
func designatorOf(w string) string {
	switch w {
	case "R", "C", "L", "CP":
		return w
	}
	return ""
}
