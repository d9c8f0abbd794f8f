package normalize

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/layers/quantity"
)

// fastenerKinds are the fastener type words, lower case. The kind whose
// word comes first in the text wins ("Nut M3 x 2.4mm nyloc" is a nut).
var fastenerKinds = []struct {
	words []string
	class model.ClassPath
}{
	{[]string{"screw", "screws", "bolt", "bolts", "shcs", "bhcs", "fhcs", "grub", "setscrew"}, model.ClassScrews},
	{[]string{"nut", "nuts", "nyloc", "nylock", "locknut", "wingnut"}, model.ClassNuts},
	{[]string{"washer", "washers"}, model.ClassWashers},
	{[]string{"insert", "inserts", "heatfit"}, model.ClassInserts},
}

// notFasteners are words of parts that name a thread but are no fastener
// of ours ("Hex male / female pillar M3 x 20mm", "Leadscrew nut").
var notFasteners = []string{"leadscrew", "pillar", "standoff", "spacer", "pulley", "anti-backlash", "t-nut"}

// A headRule maps head or type words to the head attribute and, where the
// convention is firm, the standard such a part is made to:
//
//   - "cap", "SHCS", "socket head": hexagon socket head cap screw, ISO 4762;
//   - "cs cap", "countersunk", "CSK", "FHCS": hexagon socket countersunk,
//     ISO 10642 (with "Phillips"/"Pozi": ISO 7046);
//   - "button", "BHCS", and NopSCADlib's "dome": ISO 7380 button head;
//   - "pan": Phillips pan head machine screw, ISO 7045 (not for wood or
//     self-tapping screws, which have their own standards);
//   - "hex": hexagon head screw, fully threaded, ISO 4017 (a partly
//     threaded ISO 4014 bolt is not told apart by such descriptions);
//   - nuts: "nyloc" ISO 10511 (thin nylon-insert nut, the DIN 985 kind sold
//     as nyloc), "thin"/"jam" ISO 4035, plain hex nut ISO 4032;
//   - washers: plain washer ISO 7089 (DIN 125 A).
//
// Rules are tried in order; the first whose word occurs wins.
type headRule struct {
	words []string
	head  string
	std   string
}

var screwHeads = []headRule{
	{[]string{"countersunk phillips", "phillips countersunk", "countersunk pozi", "pozi countersunk"}, "countersunk", "ISO 7046"},
	{[]string{"cs cap", "countersunk", "csk", "fhcs", "flat head", "cs"}, "countersunk", "ISO 10642"},
	{[]string{"button", "bhcs", "dome"}, "button", "ISO 7380"},
	{[]string{"cap", "shcs", "socket head", "socket cap"}, "socket head cap", "ISO 4762"},
	{[]string{"low profile"}, "low profile", ""},
	{[]string{"pan"}, "pan", "ISO 7045"},
	{[]string{"hex", "hexagon"}, "hex", "ISO 4017"},
	{[]string{"grub", "set screw", "setscrew"}, "grub", ""},
	{[]string{"flanged", "flange"}, "flanged", ""},
}

var nutHeads = []headRule{
	{[]string{"nyloc", "nylock", "nylon insert", "locknut", "lock nut"}, "nyloc", "ISO 10511"},
	{[]string{"sliding t"}, "sliding T", ""},
	{[]string{"hammer"}, "hammer", ""},
	{[]string{"square"}, "square", ""},
	{[]string{"thin", "jam"}, "thin", "ISO 4035"},
	{[]string{"flanged", "flange"}, "flanged", ""},
	{[]string{"dome", "acorn"}, "dome", ""},
	{[]string{"wingnut", "wing"}, "wing", ""},
	{[]string{"nut"}, "hex", "ISO 4032"},
}

var washerHeads = []headRule{
	{[]string{"star"}, "star", ""},
	{[]string{"spring"}, "spring", ""},
	{[]string{"penny", "fender"}, "penny", ""},
	{[]string{"washer"}, "plain", "ISO 7089"},
}

var insertHeads = []headRule{
	{[]string{"heatfit", "heat set", "heat-set", "heatset"}, "heat-set", ""},
	{[]string{"rivet"}, "rivet nut", ""},
}

var headsByClass = map[model.ClassPath][]headRule{
	model.ClassScrews: screwHeads, model.ClassNuts: nutHeads, model.ClassWashers: washerHeads, model.ClassInserts: insertHeads,
}

// noStandardWords make a convention's standard not apply: wood and
// self-tapping screws are not ISO 7045 machine screws.
var noStandardWords = []string{"wood", "self tap", "tapping", "self-tapping"}

// materials are material words, lower case, and their canonical spelling.
var materials = map[string]string{
	"brass": "brass", "stainless": "stainless steel", "steel": "steel", "nylon": "nylon",
	"aluminium": "aluminium", "aluminum": "aluminium", "titanium": "titanium", "a2": "stainless steel A2",
	"a4": "stainless steel A4", "zinc": "zinc plated steel",
}

// threadRe matches a metric thread: "M3", "M2.5", NopSCADlib's square nut
// "M3nS"; woodGaugeRe a wood screw gauge: "No6"; unifiedRe a unified
// (UNC/UNF) thread: "6-32", "#6-32".
var (
	threadRe    = regexp.MustCompile(`^M(\d+(?:\.\d+)?)(nS)?$`)
	woodGaugeRe = regexp.MustCompile(`^No(\d+)$`)
	unifiedRe   = regexp.MustCompile(`^#?(\d{1,2}-\d{2})$`)
)

// fastener recognizes screws, nuts, washers and inserts: a type word and a
// thread or a standard.
func fastener(d *description, out *derived) bool {
	for _, w := range notFasteners {
		if d.has(w) {
			return false
		}
	}
	class, std, stdRaw := fastenerClass(d)
	ti, thread := d.thread()
	if class == "" || (ti < 0 && std == "") {
		return false
	}
	out.class = class
	if ti >= 0 {
		setThread(d, ti, thread, out)
		fastenerDims(d, ti, thread, class, out)
	}
	head, conv, word := d.head(headsByClass[class])
	if strings.HasSuffix(tokText(d, ti), "nS") {
		head, conv, word = "square", "", tokText(d, ti) // NopSCADlib's square nuts: "M3nS"
	}
	if std == "" && conv != "" && !d.has(noStandardWords...) {
		std, stdRaw = conv, word
	}
	if head == "" {
		head, word = standardHead(std)
	}
	if head != "" {
		out.set(model.EnumAttr(model.AttrHead, head, word))
	}
	if std != "" {
		out.set(model.EnumAttr(model.AttrStandard, CanonicalStandard(std), stdRaw))
	}
	for _, t := range d.toks {
		if m, ok := materials[t.low]; ok {
			out.set(model.EnumAttr(model.AttrMaterial, m, t.text))
			break
		}
	}
	return true
}

// setThread sets the thread designation and its nominal diameter.
func setThread(d *description, ti int, thread string, out *derived) {
	out.set(model.EnumAttr(model.AttrThread, thread, d.toks[ti].text))
	if m := threadRe.FindStringSubmatch(d.toks[ti].text); m != nil {
		if v, err := strconv.ParseFloat(m[1], 64); err == nil {
			out.set(model.NumberAttr(model.AttrDiameter, v/1000, "m", thread))
		}
	}
}

// fastenerClass returns the class the first type word gives, or else the
// one an explicit standard gives ("DIN 912 M3x10"), and that standard.
func fastenerClass(d *description) (class model.ClassPath, std, stdRaw string) {
	std, stdRaw = d.standard()
	first := len(d.toks)
	for _, k := range fastenerKinds {
		for _, w := range k.words {
			if i := d.find(w); i >= 0 && i < first {
				first, class = i, k.class
			}
		}
	}
	if class == "" && std != "" {
		class = standardClass(std)
	}
	return class, std, stdRaw
}

// thread returns the index and designation of the first thread word, with
// its pitch when written as "M8x1" (a number after x smaller than half the
// diameter is a pitch, not a length).
func (d *description) thread() (int, string) {
	for i, t := range d.toks {
		if m := threadRe.FindStringSubmatch(t.text); m != nil {
			th := "M" + m[1]
			if i+2 < len(d.toks) && d.toks[i+1].text == "x" && isPitch(d.toks[i+2].text, m[1]) {
				th += "x" + d.toks[i+2].text
			}
			return i, th
		}
		if m := woodGaugeRe.FindStringSubmatch(t.text); m != nil {
			return i, "No" + m[1]
		}
		if m := unifiedRe.FindStringSubmatch(t.text); m != nil {
			return i, "#" + m[1]
		}
	}
	return -1, ""
}

func isPitch(w, dia string) bool {
	p, err := strconv.ParseFloat(w, 64)
	dv, err2 := strconv.ParseFloat(dia, 64)
	return err == nil && err2 == nil && p > 0 && p < dv/2 && p <= 3
}

// fastenerDims reads the dimensions after the thread: a screw's or an
// insert's length; a washer's outer diameter and thickness (or thickness
// alone); a nut's thickness (or width and thickness for a square nut).
// Bare numbers are millimetres.
func fastenerDims(d *description, ti int, thread string, class model.ClassPath, out *derived) {
	j := ti + 1
	if j < len(d.toks) && d.toks[j].text == "x" {
		j++
		if strings.Contains(thread, "x") {
			j += 2 // "M8 x 1 x 20": skip the pitch
		}
	} else if _, ok := parseLength(tokText(d, j), true); !ok {
		j = d.nextX(ti) + 1
	}
	if j <= 0 {
		if class == model.ClassScrews || class == model.ClassInserts {
			// No "x": "M3螺钉 8mm", "Screw M3 cap 10mm", "M3 L=8mm".
			if q, ok := d.unitLengthAfter(ti); ok {
				out.set(q.Attr(model.AttrLength))
			}
		}
		return
	}
	dims := d.lengths(j, true)
	switch {
	case len(dims) == 0:
	case class == model.ClassWashers && len(dims) >= 2:
		out.set(dims[0].Attr(model.AttrOuterDiameter))
		out.set(dims[1].Attr(model.AttrThickness))
	case class == model.ClassWashers, class == model.ClassNuts && len(dims) == 1:
		out.set(dims[0].Attr(model.AttrThickness))
	case class == model.ClassNuts:
		out.set(dims[0].Attr(model.AttrWidth))
		out.set(dims[1].Attr(model.AttrThickness))
	default:
		out.set(dims[0].Attr(model.AttrLength))
	}
}

func tokText(d *description, i int) string {
	if i < 0 || i >= len(d.toks) {
		return ""
	}
	return d.toks[i].text
}

// unitLengthAfter returns the first length written with its unit after
// index i in the same phrase: a screw's length when no "x" says which
// number it is. Bare numbers are not taken ("M3 screw 4 pcs").
func (d *description) unitLengthAfter(i int) (quantity.Quantity, bool) {
	for j := i + 1; j < len(d.toks) && d.toks[j].text != boundary; j++ {
		if q, ok := parseLength(d.toks[j].text, false); ok {
			return q, true
		}
	}
	return quantity.Quantity{}, false
}

// nextX returns the index of the first "x" after i in the same phrase, or -1.
func (d *description) nextX(i int) int {
	for j := i + 1; j < len(d.toks) && d.toks[j].text != boundary; j++ {
		if d.toks[j].text == "x" {
			return j
		}
	}
	return -1
}

// head returns the first rule's head and standard whose word occurs, and
// the word as written.
func (d *description) head(rules []headRule) (head, std, word string) {
	for _, r := range rules {
		for _, w := range r.words {
			if i := d.find(w); i >= 0 {
				n := len(strings.Fields(w))
				var ws []string
				for _, t := range d.toks[i : i+n] {
					ws = append(ws, t.text)
				}
				return r.head, r.std, strings.Join(ws, " ")
			}
		}
	}
	return "", "", ""
}

// standardHead returns the head a standard implies, from the conventions
// read backwards: ISO 4762 (and so DIN 912) is a socket head cap screw.
func standardHead(std string) (head, raw string) {
	if std == "" {
		return "", ""
	}
	c := CanonicalStandard(std)
	for _, rules := range [][]headRule{screwHeads, nutHeads, washerHeads} {
		for _, r := range rules {
			if r.std != "" && r.std == c {
				return r.head, std
			}
		}
	}
	return "", ""
}

// standardClass returns the class of a standard's BOLTS class name ("Hexagon
// socket head cap screw" → screws), or of a head convention.
func standardClass(std string) model.ClassPath {
	reg := loadStandards()
	key, _, ok := parseStandard(std)
	if !ok {
		return ""
	}
	root := reg.find(reg.resolve(key))
	for _, m := range reg.groups[root] {
		name := strings.ToLower(reg.kinds[m])
		switch {
		case strings.Contains(name, "washer"):
			return model.ClassWashers
		case strings.Contains(name, "nut"):
			return model.ClassNuts
		case strings.Contains(name, "screw"), strings.Contains(name, "bolt"):
			return model.ClassScrews
		}
	}
	c := CanonicalStandard(std)
	for class, rules := range headsByClass {
		for _, r := range rules {
			if r.std == c {
				return class
			}
		}
	}
	return ""
}

// standardBodyWords are the words a written standard designation starts
// with; stdNumberRe the number that follows.
var (
	standardBodyWords = map[string]bool{"din": true, "en": true, "iso": true, "asme": true, "ansi": true, "gost": true, "dineniso": true, "diniso": true, "dinen": true, "eniso": true}
	stdNumberRe       = regexp.MustCompile(`^(?:B?\d+(?:[.-]\d+)*)[AB]?$`) // "125A": "125 A" read as amperes
	stdFormRe         = regexp.MustCompile(`^[A-B]$`)
)

// standard returns the first standard designation written in the text, as
// a designation parseStandard accepts and as written.
func (d *description) standard() (std, raw string) {
	for i := 0; i < len(d.toks); i++ {
		j := i
		for j < len(d.toks) && standardBodyWords[d.toks[j].low] {
			j++
		}
		var words []string
		for _, t := range d.toks[i:min(j+1, len(d.toks))] {
			words = append(words, t.text)
		}
		switch {
		case j > i && j < len(d.toks) && stdNumberRe.MatchString(d.toks[j].text):
			if j+1 < len(d.toks) && stdFormRe.MatchString(d.toks[j+1].text) {
				words = append(words, d.toks[j+1].text)
			}
		case j == i:
			if _, _, ok := parseStandard(d.toks[i].text); !ok || !strings.ContainsAny(d.toks[i].text, "0123456789") || threadRe.MatchString(d.toks[i].text) {
				continue
			}
			words = []string{d.toks[i].text}
		default:
			continue
		}
		s := strings.Join(words, " ")
		if _, _, ok := parseStandard(s); ok {
			return s, s
		}
	}
	return "", ""
}
