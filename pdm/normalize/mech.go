package normalize

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/layers/quantity"
)

// Attribute names for what the shared vocabulary does not name.
const (
	attrShaftDiameter = "shaft_diameter" // number, m
	attrShaftLength   = "shaft_length"   // number, m
)

var nemaRe = regexp.MustCompile(`^(?i)NEMA(\d+)$`)

// stepper recognizes stepper motors: "NEMA17 x 47mm stepper motor",
// "Stepper motor NEMA17 x 47mm (5x24 shaft)". The length after the frame
// size is the body length; "a x b shaft" is the shaft's diameter and length.
func stepper(d *description, out *derived) bool {
	i, m := d.match(nemaRe)
	if i < 0 && d.find("nema") >= 0 {
		if j := d.find("nema"); j+1 < len(d.toks) {
			if _, err := strconv.Atoi(d.toks[j+1].text); err == nil {
				i, m = j+1, []string{"", d.toks[j+1].text}
			}
		}
	}
	if i < 0 || !d.has("stepper", "motor") {
		return false
	}
	if d.has("stepper") {
		out.class = model.ClassStepper
	}
	out.set(model.EnumAttr(model.AttrFrameSize, "NEMA"+m[1], d.toks[i].text))
	if x := i + 1; x < len(d.toks) && d.toks[x].text == "x" {
		if dims := d.lengths(x+1, false); len(dims) > 0 {
			out.set(dims[0].Attr(model.AttrLength))
		}
	}
	if s := d.find("shaft"); s >= 3 && d.toks[s-2].text == "x" {
		if dims := d.lengths(s-3, true); len(dims) == 2 {
			out.set(dims[0].Attr(attrShaftDiameter))
			out.set(dims[1].Attr(attrShaftLength))
		}
	}
	return true
}

// bearingRe matches bearing designations: deep groove ball bearings with an
// optional flange (F) or miniature (MR) prefix and seal suffix ("608-2RS",
// "F623-2RS", "MR63ZZ", "686ZZ"), linear bearings ("LM8UU"); group 1 is the
// designation, group 2 the seal.
var bearingRe = regexp.MustCompile(`^((?:F|MR)?\d{3,5}|MF?R\d{2,4}|LM\d+(?:L?UU)?|B[FK]\d+)(?:-?(2RS1?|2RSH|RS|ZZ|2Z|Z|DDU|VV))?$`)

var linearBearingRe = regexp.MustCompile(`^LM(\d+)L?UU$`)

// bearing recognizes bearings: "Ball bearing 608-2RS 8mm x 22mm x 7mm",
// "LM8UU linear bearing", or a designation alone that BOLTS's radial ball
// bearing table lists ("608", "608ZZ"). Dimensions written in the text win;
// otherwise they come from that table (a flanged F623 has 623's sizes), or
// for a linear bearing LMnUU from its name (bore n mm).
func bearing(d *description, out *derived) bool {
	reg := loadStandards()
	i, m := d.match(bearingRe)
	if i < 0 {
		return false
	}
	base := strings.TrimPrefix(m[1], "F")
	size, known := reg.bearings[base]
	alone := len(d.toks) == 1
	if !d.has("bearing", "bearings") && !(alone && known) {
		return false
	}
	out.class = model.ClassBearings
	out.set(model.EnumAttr(model.AttrDesignation, m[1], d.toks[i].text))
	if m[2] != "" {
		seal := m[2]
		if seal == "2Z" {
			seal = "ZZ" // two shields: 2Z (SKF) is ZZ
		}
		out.set(model.EnumAttr(model.AttrSeal, seal, m[2]))
	}
	dims := d.lengths(i+1, false)
	if len(dims) == 3 {
		out.set(dims[0].Attr(model.AttrBore))
		out.set(dims[1].Attr(model.AttrOuterDiameter))
		out.set(dims[2].Attr(model.AttrWidth))
		return true
	}
	if known {
		out.set(model.NumberAttr(model.AttrBore, size.bore, "m", m[1]))
		out.set(model.NumberAttr(model.AttrOuterDiameter, size.outer, "m", m[1]))
		out.set(model.NumberAttr(model.AttrWidth, size.width, "m", m[1]))
	} else if lm := linearBearingRe.FindStringSubmatch(m[1]); lm != nil {
		if v, err := strconv.ParseFloat(lm[1], 64); err == nil {
			out.set(model.NumberAttr(model.AttrBore, v/1000, "m", m[1]))
		}
	}
	return true
}

// designated recognizes "<keyword> <designation> x <dims...>" parts and
// names the dimensions in order.
func designated(d *description, out *derived, keyword string, re *regexp.Regexp, dimNames ...string) bool {
	k := d.find(keyword)
	if k < 0 {
		return false
	}
	for i := k + 1; i < len(d.toks) && d.toks[i].text != boundary; i++ {
		if !re.MatchString(d.toks[i].text) {
			continue
		}
		out.set(model.EnumAttr(model.AttrDesignation, strings.ToUpper(d.toks[i].text), d.toks[i].text))
		if i+2 < len(d.toks) && d.toks[i+1].text == "x" {
			setDims(out, d.lengths(i+2, false), dimNames)
		}
		return true
	}
	return false
}

func setDims(out *derived, dims []quantity.Quantity, names []string) {
	for j, q := range dims {
		if j < len(names) {
			out.set(q.Attr(names[j]))
		}
	}
}

var (
	beltRe      = regexp.MustCompile(`^(?i)(GT\d|T\d(?:\.\d)?|HTD\d+M|MXL|XL)$`)
	extrusionRe = regexp.MustCompile(`^(?i)E?\d{4}$`)
	railRe      = regexp.MustCompile(`^(?i)(MGN|MGW|HGH|HGW|HGR|EGH)\d+[A-Z]*$`)
)

// belt recognizes timing belts: "Belt GT2 x 6mm x 1524mm" → profile,
// width, length.
func belt(d *description, out *derived) bool {
	return designated(d, out, "belt", beltRe, model.AttrWidth, model.AttrLength)
}

// extrusion recognizes aluminium profiles: "Extrusion E2020 x 450mm".
func extrusion(d *description, out *derived) bool {
	if d.has("bracket") {
		return false
	}
	return designated(d, out, "extrusion", extrusionRe, model.AttrLength)
}

// linearRail recognizes linear guides and their carriages: "Linear rail
// MGN12 x 400mm", "Linear rail carriage MGN12H".
func linearRail(d *description, out *derived) bool {
	return designated(d, out, "rail", railRe, model.AttrLength)
}

// sheetWords name flat stock; sheetMaterials the materials written first
// ("Aluminium tooling plate", "MDF sheet").
var (
	sheetWords     = []string{"sheet", "plate", "strip", "flat bar"}
	sheetMaterials = map[string]string{"aluminium": "aluminium", "aluminum": "aluminium", "acrylic": "acrylic",
		"mdf": "MDF", "dibond": "Dibond", "polypropylene": "polypropylene", "glass": "glass", "steel": "steel",
		"plywood": "plywood", "polycarbonate": "polycarbonate", "petg": "PETG", "cardboard": "cardboard"}
)

// sheet recognizes flat stock: "Acrylic sheet 165mm x 389mm x 6mm",
// "Aluminium tooling plate 200mm x 160mm x 8mm", "aluminium flat bar 20mm
// x 260mm x 5mm": length, width and thickness, and the material.
func sheet(d *description, out *derived) bool {
	if !d.has(sheetWords...) {
		return false
	}
	for i := range d.toks {
		if dims := d.lengths(i, false); len(dims) == 3 {
			setDims(out, dims, []string{model.AttrLength, model.AttrWidth, model.AttrThickness})
			for _, t := range d.toks {
				if m, ok := sheetMaterials[t.low]; ok {
					out.set(model.EnumAttr(model.AttrMaterial, m, t.text))
					break
				}
			}
			return true
		}
	}
	return false
}

// leadscrew recognizes lead screws: "Leadscrew 8 x 250mm, 8mm lead, 4
// starts": diameter (bare millimetres) and length.
func leadscrew(d *description, out *derived) bool {
	k := d.find("leadscrew")
	if k < 0 || d.has("nut") {
		return false
	}
	if dims := d.lengths(k+1, true); len(dims) == 2 {
		setDims(out, dims, []string{model.AttrDiameter, model.AttrLength})
		return true
	}
	return false
}

// rod recognizes rods: "Smooth rod 8mm x 381mm" (diameter, length),
// "Threaded rod M6 x 296mm" (thread, diameter, length), "CF rod 3mm x
// 231mm".
func rod(d *description, out *derived) bool {
	k := d.find("rod")
	if k < 0 || d.has("rod end", "rod clamp", "rod holder") {
		return false
	}
	ti, thread := d.thread()
	if ti > k {
		setThread(d, ti, thread, out)
		if ti+2 < len(d.toks) && d.toks[ti+1].text == "x" {
			setDims(out, d.lengths(ti+2, false), []string{model.AttrLength})
		}
		return true
	}
	for i := k + 1; i < len(d.toks) && d.toks[i].text != boundary; i++ {
		if dims := d.lengths(i, false); len(dims) == 2 {
			setDims(out, dims, []string{model.AttrDiameter, model.AttrLength})
			return true
		}
	}
	return false
}
