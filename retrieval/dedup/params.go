package dedup

import (
	"math"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// keyParam describes a parameter that says what a part is: when two items
// both have it, they must agree. Other attributes (stock counts, URLs,
// free text) neither support nor veto a pair.
type keyParam struct {
	name string
	// weight is how much an agreement supports the pair (see evidence).
	weight float64
	// fit is the fit group of the parameter, if it has one (see fitGroups).
	fit string
}

// keyParamList lists the key parameters. Values weigh most, then what
// fixes the footprint; ratings (voltage, power, tolerance) weigh little,
// as a better-rated part replaces a lesser one.
var keyParamList = []keyParam{
	{model.AttrResistance, 0.55, ""},
	{model.AttrCapacitance, 0.55, ""},
	{model.AttrInductance, 0.55, ""},
	{model.AttrImpedance, 0.55, ""},
	{model.AttrDesignation, 0.55, model.AttrDesignation},
	{model.AttrFrequency, 0.45, ""},
	{model.AttrThread, 0.45, model.AttrThread},
	{model.AttrFrameSize, 0.45, model.AttrFrameSize},
	{model.AttrBore, 0.35, ""},
	{model.AttrStandard, 0.35, ""},
	{model.AttrPackage, 0.35, fitPackage},
	{model.AttrLength, 0.30, model.AttrLength},
	{model.AttrDiameter, 0.25, model.AttrDiameter},
	{model.AttrOuterDiameter, 0.25, ""},
	{model.AttrVoltage, 0.25, ""},
	{model.AttrWidth, 0.20, ""},
	{model.AttrHeight, 0.20, ""},
	{model.AttrThickness, 0.20, ""},
	{model.AttrCurrent, 0.20, ""},
	{model.AttrPower, 0.20, ""},
	{model.AttrTolerance, 0.20, ""},
	{model.AttrDielectric, 0.20, ""},
	{model.AttrHead, 0.20, ""},
	{model.AttrSeal, 0.20, ""},
	{model.AttrMaterial, 0.15, ""},
	{attrColor, 0.20, attrColor},
	{attrPolarity, 0.20, attrPolarity},
	{attrMount, 0, fitPackage}, // vetoes, supports nothing: most parts are SMD
	{attrTech, 0, ""},          // vetoes, supports nothing: most capacitors are ceramic
}

// fitPackage is the fit group of the footprint: a package or a mounting
// style.
const fitPackage = "package"

// fitGroups are the groups of parameters that decide whether one part can
// take the other's place at all: the footprint, a colour, a polarity, a
// thread, a length, a motor frame, a catalogue designation. When one item
// states a group and the other does not, or neither does where their class
// expects it (expectedFit), the pair is uncertain ("1k resistor" may be
// through-hole, "1k 0603" is not; "22u" and "22uF" read the same but may be
// a 1206 and an 0603), and its score is lowered by unstatedPenalty per
// group.
var fitGroups = []string{fitPackage, attrColor, attrPolarity, model.AttrThread, model.AttrLength,
	model.AttrDiameter, model.AttrFrameSize, model.AttrDesignation}

// unstatedPenalty is how much each fit group stated by one item only, or
// by neither where the class expects it, lowers a pair's score.
const unstatedPenalty = 0.25

// expectedFit are the fit groups that items of a class (and below) always
// have.
var expectedFit = map[string][]string{
	"electronics":                  {fitPackage},
	"mechanical/fasteners/screws":  {model.AttrThread, model.AttrLength},
	"mechanical/fasteners/nuts":    {model.AttrThread},
	"mechanical/fasteners/washers": {model.AttrDiameter},
	"mechanical/fasteners/inserts": {model.AttrThread},
	"electromechanical/motors":     {model.AttrFrameSize},
}

// definingParams are the parameters that make a part what its class
// says: a resistor is its resistance, a screw its thread. Between two items
// of such a class, one that states it and one that does not are not
// near-duplicates: "0603 resistor" is any 0603 resistor. And an item
// without a class that has the parameter is a part of another function
// normalization declined to class (a potentiometer has a resistance), not
// an unclassified resistor.
var definingParams = map[string]string{
	strings.ToLower(string(model.ClassResistors)):  model.AttrResistance,
	strings.ToLower(string(model.ClassCapacitors)): model.AttrCapacitance,
	strings.ToLower(string(model.ClassInductors)):  model.AttrInductance,
	strings.ToLower(string(model.ClassScrews)):     model.AttrThread,
	strings.ToLower(string(model.ClassNuts)):       model.AttrThread,
	strings.ToLower(string(model.ClassInserts)):    model.AttrThread,
	strings.ToLower(string(model.ClassStepper)):    model.AttrFrameSize,
}

// Lookup tables built from the lists above: a parameter's position in
// keyParamList (its bit in profile.has) and a fit group's bit.
var (
	paramIndex = map[string]int{}
	fitBit     = map[string]uint16{}
)

func init() {
	if len(keyParamList) > 64 || len(fitGroups) > 16 {
		panic("dedup: too many key parameters or fit groups for the bit sets")
	}
	for i, k := range keyParamList {
		paramIndex[k.name] = i
	}
	for i, g := range fitGroups {
		fitBit[g] = 1 << i
	}
}

// classInfo is what an item's class path implies for the comparison.
type classInfo struct {
	path  string // lower case, "/"-joined
	depth int
	// defining is the defining parameter of the most specific class on the
	// path that has one, or "".
	defining string
	// expect are the fit groups the path expects.
	expect uint16
}

func newClassInfo(c model.ClassPath) classInfo {
	var segs []string
	for _, s := range c.Segments() {
		segs = append(segs, strings.ToLower(strings.TrimSpace(s)))
	}
	ci := classInfo{path: strings.Join(segs, "/"), depth: len(segs)}
	for n := 1; n <= len(segs); n++ {
		p := strings.Join(segs[:n], "/")
		if d, ok := definingParams[p]; ok {
			ci.defining = d
		}
		for _, g := range expectedFit[p] {
			ci.expect |= fitBit[g]
		}
	}
	return ci
}

// within reports whether path x is y or below it.
func within(x, y string) bool {
	return x == y || strings.HasPrefix(x, y+"/")
}

// siUnits are the units values are shown in with an SI prefix.
var siUnits = map[string]bool{"Ω": true, "F": true, "H": true, "V": true, "A": true, "W": true, "Hz": true, "m": true}

var siPrefixes = map[int]string{-12: "p", -9: "n", -6: "µ", -3: "m", 0: "", 3: "k", 6: "M", 9: "G"}

// human formats an attribute's value for reasons: "10 kΩ", "100 nF",
// "0603".
func human(a model.Attribute) string {
	switch a.Kind {
	case model.Number:
		return withPrefix(a.Value, a.Unit)
	case model.Range:
		return withPrefix(a.Value, a.Unit) + ".." + withPrefix(a.Max, a.Unit)
	}
	return a.Text
}

func withPrefix(v float64, unit string) string {
	e := 0
	if siUnits[unit] && v != 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
		e = int(math.Floor(math.Log10(math.Abs(v))/3)) * 3
		e = min(max(e, -12), 9)
	}
	s := strconv.FormatFloat(v/math.Pow10(e), 'g', 4, 64)
	if unit == "" {
		return s
	}
	return s + " " + siPrefixes[e] + unit
}
