package synth

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/model"
)

// e24 and e96 are the IEC 60063 preferred-number series; E12 is every
// other E24 value.
var (
	e24 = []float64{1.0, 1.1, 1.2, 1.3, 1.5, 1.6, 1.8, 2.0, 2.2, 2.4, 2.7, 3.0, 3.3, 3.6, 3.9, 4.3, 4.7, 5.1, 5.6, 6.2, 6.8, 7.5, 8.2, 9.1}
	e12 = func() []float64 {
		var s []float64
		for i := 0; i < len(e24); i += 2 {
			s = append(s, e24[i])
		}
		return s
	}()
	e96 = []float64{
		1.00, 1.02, 1.05, 1.07, 1.10, 1.13, 1.15, 1.18, 1.21, 1.24, 1.27, 1.30, 1.33, 1.37, 1.40, 1.43,
		1.47, 1.50, 1.54, 1.58, 1.62, 1.65, 1.69, 1.74, 1.78, 1.82, 1.87, 1.91, 1.96, 2.00, 2.05, 2.10,
		2.15, 2.21, 2.26, 2.32, 2.37, 2.43, 2.49, 2.55, 2.61, 2.67, 2.74, 2.80, 2.87, 2.94, 3.01, 3.09,
		3.16, 3.24, 3.32, 3.40, 3.48, 3.57, 3.65, 3.74, 3.83, 3.92, 4.02, 4.12, 4.22, 4.32, 4.42, 4.53,
		4.64, 4.75, 4.87, 4.99, 5.11, 5.23, 5.36, 5.49, 5.62, 5.76, 5.90, 6.04, 6.19, 6.34, 6.49, 6.65,
		6.81, 6.98, 7.15, 7.32, 7.50, 7.68, 7.87, 8.06, 8.25, 8.45, 8.66, 8.87, 9.09, 9.31, 9.53, 9.76,
	}
)

// jitter moves half of the electrical values it is given (resistance,
// capacitance, inductance) up or down their E-series by up to two steps,
// so a catalogue holds real preferred values beyond those in the source
// parts; other values are returned as they are.
func jitter(r *rand.Rand, attr string, v float64) float64 {
	var series []float64
	switch attr {
	case model.AttrResistance:
		series = e24
		if onSeries(v, e96) && !onSeries(v, e24) {
			series = e96
		}
	case model.AttrCapacitance, model.AttrInductance:
		series = e12
	default:
		return v
	}
	if v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) || r.IntN(2) == 0 {
		return v
	}
	d := math.Floor(math.Log10(v))
	m := v / math.Pow(10, d)
	i := nearest(series, m) + r.IntN(5) - 2
	d += math.Floor(float64(i) / float64(len(series)))
	i = (i%len(series) + len(series)) % len(series)
	return round3(series[i] * math.Pow(10, d))
}

func onSeries(v float64, series []float64) bool {
	if v <= 0 {
		return false
	}
	m := v / math.Pow(10, math.Floor(math.Log10(v)))
	return math.Abs(series[nearest(series, m)]-m) < 1e-6
}

func nearest(series []float64, m float64) int {
	best := 0
	for i, s := range series {
		if math.Abs(s-m) < math.Abs(series[best]-m) {
			best = i
		}
	}
	return best
}

// round3 rounds to three significant digits.
func round3(x float64) float64 {
	y, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	return y
}

// style is how a source wrote a quantity, so generated text is written
// the same way: "4k7", "4.7K", "100nF", "10 UF", "8mm", "1%".
type style struct {
	rkm    bool   // the prefix letter stands for the decimal point ("4k7")
	space  bool   // a blank between number and unit
	suffix string // the unit as written, after any prefix ("F", "OHM"); "" when none
	upper  bool   // written in capitals
	upperK bool   // kilo written "K"
	micro  bool   // micro written "µ"
}

func styleOf(raw string) style {
	st := style{
		space: strings.Contains(raw, " "),
		upper: letters(raw) >= 2 && raw == strings.ToUpper(raw),
	}
	st.upperK = strings.Contains(raw, "K")
	st.micro = strings.ContainsAny(raw, "µμ")
	rest := strings.TrimSpace(strings.TrimLeft(raw, "0123456789.,+-±/ "))
	if rest != "" && len(rest) < len(raw) && strings.ContainsAny(rest[len(rest)-1:], "0123456789") {
		st.rkm = true // "4k7": digits after the letter
		return st
	}
	if r, size := firstRune(rest); size > 0 && len(rest) > size && strings.ContainsRune("pnuµμmkKMGPNU", r) {
		rest = rest[size:]
	} else if size > 0 && len(rest) == size && strings.ContainsRune("pnuµμmkKMGPNU", r) {
		rest = ""
	}
	st.suffix = strings.TrimSpace(rest)
	return st
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// defaultStyle writes a quantity the way a query would: "10k", "100nF",
// "50V", "1%", lengths in bare millimetres.
func defaultStyle(unit string) style {
	switch unit {
	case "Ω", "m", "":
		return style{}
	}
	return style{suffix: unit}
}

var prefixes = []struct {
	exp    float64
	letter string
}{{-12, "p"}, {-9, "n"}, {-6, "u"}, {-3, "m"}, {0, ""}, {3, "k"}, {6, "M"}, {9, "G"}}

// formatQuantity writes v (in the SI unit) in style st: with an SI prefix,
// or in millimetres for lengths, or as a bare number for plain counts.
func formatQuantity(v float64, unit string, st style) string {
	sp := ""
	if st.space {
		sp = " "
	}
	switch unit {
	case "m":
		s := number(v * 1000)
		if st.suffix != "" {
			s += sp + "mm"
		}
		return s
	case "%":
		return number(v) + "%"
	case "":
		return number(v)
	}
	p := 4 // no prefix
	if v != 0 {
		for i, x := range prefixes {
			if math.Abs(v) >= math.Pow(10, x.exp)*0.9995 {
				p = i
			}
		}
	}
	mant := round3(v / math.Pow(10, prefixes[p].exp))
	letter := prefixes[p].letter
	switch {
	case letter == "k" && st.upperK:
		letter = "K"
	case letter == "u" && st.micro:
		letter = "µ"
	}
	if st.upper && !(letter == "m" && (unit == "Ω" || unit == "Hz")) {
		letter = strings.ToUpper(letter)
	}
	if st.rkm {
		if letter == "" {
			letter = "R"
			if unit != "Ω" {
				letter = "."
			}
		}
		s := number(mant)
		if strings.Contains(s, ".") {
			return strings.Replace(s, ".", letter, 1)
		}
		return s + letter
	}
	if st.suffix == "" {
		return number(mant) + letter
	}
	return number(mant) + sp + letter + st.suffix
}

func number(x float64) string {
	return strconv.FormatFloat(round3(x), 'f', -1, 64)
}

// glossaryTerms name classes in Chinese, most specific first; a class
// takes the first term whose English key begins one of its path's words.
var glossaryTerms = []struct{ en, zh string }{
	{"resistor", "电阻"}, {"trimmer", "微调电位器"}, {"potentiometer", "电位器"},
	{"capacitor", "电容"}, {"inductor", "电感"}, {"ferrite", "磁珠"},
	{"screw", "螺钉"}, {"nut", "螺母"}, {"washer", "垫圈"}, {"insert", "螺纹嵌件"},
	{"bearing", "轴承"}, {"stepper", "步进电机"}, {"motor", "电机"},
	{"led", "发光二极管"}, {"diode", "二极管"}, {"rectifier", "整流桥"},
	{"transistor", "晶体管"}, {"mosfet", "场效应管"}, {"regulator", "稳压器"},
	{"microcontroller", "单片机"}, {"amplifier", "放大器"}, {"op", "运算放大器"},
	{"crystal", "晶振"}, {"oscillator", "振荡器"}, {"relay", "继电器"},
	{"switch", "开关"}, {"sensor", "传感器"}, {"fuse", "保险丝"},
	{"connector", "连接器"}, {"header", "排针"}, {"cable", "电缆"}, {"wire", "导线"},
	{"printed", "打印件"}, {"routed", "铣削件"}, {"fastener", "紧固件"},
	{"transceiver", "收发器"}, {"integrated", "集成电路"}, {"ics", "集成电路"},
	{"enclosure", "外壳"},
}

// glossary returns the Chinese name of a class, or "".
func glossary(c model.ClassPath) string {
	words := strings.FieldsFunc(strings.ToLower(string(c)), func(r rune) bool { return !unicode.IsLetter(r) })
	for _, g := range glossaryTerms {
		if slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, g.en) }) {
			return g.zh
		}
	}
	return ""
}

// zhText is a Chinese description as the alliance's members write them:
// qualifiers and the class name in Chinese, then the key values,
// "贴片电阻 10k 0603 1%", "不锈钢内六角圆柱头螺钉 M3x8".
func zhText(c *classModel, it *model.Item) string {
	var b strings.Builder
	if a, ok := it.Attr(model.AttrMaterial); ok && strings.Contains(strings.ToLower(a.Text), "stainless") {
		b.WriteString("不锈钢")
	}
	if a, ok := it.Attr(model.AttrHead); ok {
		h := strings.ToLower(a.Text)
		switch {
		case strings.Contains(h, "socket"):
			b.WriteString("内六角圆柱头")
		case strings.Contains(h, "button"):
			b.WriteString("内六角圆头")
		case strings.Contains(h, "countersunk"):
			b.WriteString("沉头")
		case strings.Contains(h, "hex"):
			b.WriteString("外六角")
		}
	}
	if a, ok := it.Attr(model.AttrPackage); ok && len(a.Text) == 4 && strings.Trim(a.Text, "0123456789") == "" {
		b.WriteString("贴片") // a chip size code: 0402, 0603, 1206...
	}
	b.WriteString(c.zh)
	for _, w := range keyWords(it, 3) {
		b.WriteByte(' ')
		b.WriteString(w)
	}
	return b.String()
}

// keyAttrs are the attributes a person names a part by, in the order they
// would: value, package, tolerance, ratings; thread and length; sizes.
var keyAttrs = []string{
	model.AttrResistance, model.AttrCapacitance, model.AttrInductance, model.AttrPackage,
	model.AttrTolerance, model.AttrDielectric, model.AttrVoltage, model.AttrCurrent, model.AttrPower,
	model.AttrFrequency, model.AttrThread, model.AttrLength, model.AttrFrameSize, model.AttrDesignation,
	model.AttrBore, model.AttrDiameter, model.AttrSeal,
}

// keyWords returns up to n words naming the item's key values ("10k",
// "0603", "1%"; "M3x8" for a thread and a length).
func keyWords(it *model.Item, n int) []string {
	var out []string
	_, threaded := it.Attr(model.AttrThread)
	for _, name := range keyAttrs {
		if len(out) == n {
			break
		}
		a, ok := it.Attr(name)
		if !ok {
			continue
		}
		switch {
		case name == model.AttrThread:
			w := threadLength(it)
			if w == "" {
				w = a.Text
			}
			out = append(out, w)
		case name == model.AttrLength && threaded, name == model.AttrDiameter && threaded:
			// written with the thread
		case a.Kind == model.Enum || a.Kind == model.Text:
			out = append(out, a.Text)
		case a.Kind == model.Number:
			out = append(out, formatQuantity(a.Value, a.Unit, defaultStyle(a.Unit)))
		}
	}
	return out
}
