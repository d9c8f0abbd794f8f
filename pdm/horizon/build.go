package horizon

import (
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/layers/quantity"
)

// AttrDatasheet is the text attribute holding a part's datasheet URL.
const AttrDatasheet = "datasheet"

// ParamPrefix starts the names of the text attributes that keep parametric
// columns this package does not know ("param_diameter").
const ParamPrefix = "param_"

// item builds the item of part p with its inherited attributes resolved.
func (pl *pool) item(p *part) (model.Item, error) {
	mpn, value, mfr := pl.attr(p, attrMPN), pl.attr(p, attrValue), pl.attr(p, attrManufacturer)
	it := model.Item{
		ID:          itemID(p.uuid),
		Level:       model.LevelPart,
		Name:        firstOf(mpn, value, strings.TrimSuffix(path.Base(p.rel), path.Ext(p.rel)), p.uuid),
		Description: strings.TrimSpace(pl.attr(p, attrDescription)),
		Source:      model.SourceRef{System: System, ExternalID: p.uuid},
	}
	if pl.isBase(p) {
		it.Level = model.LevelFamily
	}
	// Generic parts (pin headers, base parts) leave the manufacturer
	// empty; their "MPN" is then a name, not a part number.
	if strings.TrimSpace(mfr) != "" {
		it.AddMPN(model.ManufacturerPart{Manufacturer: strings.TrimSpace(mfr), MPN: strings.TrimSpace(mpn)})
		for _, o := range p.orderable {
			it.AddMPN(model.ManufacturerPart{Manufacturer: strings.TrimSpace(mfr), MPN: strings.TrimSpace(o.value)})
		}
	}
	if v := strings.TrimSpace(value); v != "" {
		it.SetAttr(model.TextAttr(model.AttrValue, v))
	}
	if ds := strings.TrimSpace(pl.attr(p, attrDatasheet)); ds != "" {
		it.SetAttr(model.TextAttr(AttrDatasheet, ds))
	}
	if tags := pl.tags(p); len(tags) > 0 {
		slices.Sort(tags)
		it.SetAttr(model.TextAttr(model.AttrKeywords, strings.Join(tags, " ")))
	}
	table, err := p.parametricAttrs(&it)
	if err != nil {
		return model.Item{}, err
	}
	it.Class = classOf(table, p.rel)
	return it, nil
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			return x
		}
	}
	return ""
}

// column says what a parametric column becomes: a number attribute in the
// unit given, or an enum when unit is "".
type column struct {
	attr, unit string
}

// tables are the columns of the parametric tables of the Horizon pool
// (its tables.json), by table and column name.
var tables = map[string]map[string]column{
	"resistors": {
		"value":     {model.AttrResistance, "Ω"},
		"tolerance": {model.AttrTolerance, "%"},
		"pmax":      {model.AttrPower, "W"},
	},
	"capacitors": {
		"value": {model.AttrCapacitance, "F"},
		"wvdc":  {model.AttrVoltage, "V"},
		"type":  {model.AttrDielectric, ""},
	},
	"polarizedcapacitors": {
		"value":         {model.AttrCapacitance, "F"},
		"wvdc":          {model.AttrVoltage, "V"},
		"tolerance":     {model.AttrTolerance, "%"},
		"esr":           {"esr", "Ω"},
		"ripplecurrent": {"ripple_current", "A"},
		"type":          {"capacitor_type", ""},
		"mountingtype":  {"mounting_type", ""},
	},
	"inductors": {
		"value": {model.AttrInductance, "H"},
		"idc":   {model.AttrCurrent, "A"},
		"dcr":   {"dc_resistance", "Ω"},
	},
}

// tableClasses are the classes of the parts of the parametric tables.
var tableClasses = map[string]model.ClassPath{
	"resistors":           model.ClassResistors,
	"capacitors":          model.ClassCapacitors,
	"polarizedcapacitors": model.ClassCapacitors,
	"inductors":           model.ClassInductors,
}

// parametricAttrs sets the attributes of the part's parametric columns and
// returns its table's name. Numbers are SI numbers written as text; one
// that does not parse is an error.
func (p *part) parametricAttrs(it *model.Item) (string, error) {
	table := ""
	for _, e := range p.parametric {
		if e.key == "table" {
			table = e.value
		}
	}
	for _, e := range p.parametric {
		raw := strings.TrimSpace(e.value)
		col, known := tables[table][e.key]
		switch {
		case e.key == "table" || raw == "":
		case e.key == "package":
			it.SetAttr(model.EnumAttr(model.AttrPackage, raw, raw))
		case !known:
			it.SetAttr(model.TextAttr(ParamPrefix+e.key, raw))
		case col.unit == "":
			it.SetAttr(model.EnumAttr(col.attr, enumValue(col.attr, raw), raw))
		default:
			q, err := quantity.Parse(raw, col.unit)
			if err != nil {
				return "", p.errorf("parametric", "parametric."+e.key, "the %s %q is not a number: %v", table, raw, err)
			}
			it.SetAttr(q.Attr(col.attr))
		}
	}
	return table, nil
}

// enumValue returns the canonical spelling of an enum: Horizon writes the
// class-1 ceramic dielectric "C0G/NP0", which is "C0G" in the shared
// vocabulary; its other items ("X7R", "Electrolytic") are kept as written.
func enumValue(attr, raw string) string {
	if attr == model.AttrDielectric {
		switch strings.ToUpper(raw) {
		case "C0G/NP0", "NP0/C0G", "NP0", "NPO", "COG", "C0G":
			return "C0G"
		}
	}
	return raw
}

// classOf returns the class of a part: the class of its parametric table,
// else the one its folder under parts/ gives (see folderClasses).
func classOf(table, rel string) model.ClassPath {
	if c, ok := tableClasses[table]; ok {
		return c
	}
	dir := path.Dir(rel)
	if dir == "." || dir == "/" || dir == "" {
		return ""
	}
	for d := dir; d != "."; d = path.Dir(d) {
		if c, ok := folderClasses[d]; ok {
			return c
		}
	}
	top, _, _ := strings.Cut(dir, "/")
	return model.ClassPath("Electronics/" + titleCase(top))
}

// titleCase writes a folder name as a class name: "fuse_holder" is "Fuse
// holder".
func titleCase(s string) string {
	s = strings.TrimSpace(strings.NewReplacer("_", " ", "-", " ").Replace(s))
	r, n := utf8.DecodeRuneInString(s)
	if s == "" || r == utf8.RuneError {
		return "Other"
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// folderClasses map the category folders of the Horizon pool's parts tree
// to classes. The deepest listed folder holding a part gives its class.
// Folders below these name manufacturers and series ("ic/regulator/ti"),
// which are not classes.
var folderClasses = map[string]model.ClassPath{
	"passive":                        "Electronics/Passives",
	"passive/resistor":               model.ClassResistors,
	"passive/capacitor":              model.ClassCapacitors,
	"passive/magnetic":               model.ClassInductors,
	"passive/magnetics":              model.ClassInductors,
	"passive/magnetic/ferrite_beads": "Electronics/Passives/Ferrite beads",
	"passive/magnetic/balun":         "Electronics/Passives/Baluns",
	"passive/trimmer":                "Electronics/Passives/Trimmers",
	"passive/crystal":                "Electronics/Passives/Crystals",
	"passive/diode":                  "Electronics/Diodes",
	"passive/diode/bridge_rectifier": "Electronics/Diodes/Bridge rectifiers",

	"diode":            "Electronics/Diodes",
	"diode/schottky":   "Electronics/Diodes/Schottky",
	"diode/tvs":        "Electronics/Diodes/TVS",
	"diode/zener":      "Electronics/Diodes/Zener",
	"diode/darlington": "Electronics/Transistors/Darlington arrays",
	"transistor":       "Electronics/Transistors",
	"transistor/nmos":  "Electronics/Transistors/N-channel MOSFETs",
	"transistor/pmos":  "Electronics/Transistors/P-channel MOSFETs",

	"ic":                    "Electronics/ICs",
	"ic/adc":                "Electronics/ICs/ADCs",
	"ic/battery_protection": "Electronics/ICs/Battery protection",
	"ic/buffer":             "Electronics/ICs/Buffers",
	"ic/charger":            "Electronics/ICs/Battery chargers",
	"ic/dac":                "Electronics/ICs/DACs",
	"ic/driver":             "Electronics/ICs/Drivers",
	"ic/fpga":               "Electronics/ICs/FPGAs",
	"ic/gpio":               "Electronics/ICs/GPIO expanders",
	"ic/interface":          "Electronics/ICs/Interface",
	"ic/isolator":           "Electronics/ICs/Isolators",
	"ic/logic":              "Electronics/ICs/Logic",
	"ic/mcu":                "Electronics/ICs/Microcontrollers",
	"ic/memory":             "Electronics/ICs/Memory",
	"ic/opamp":              "Electronics/ICs/Op amps",
	"ic/pll":                "Electronics/ICs/PLLs",
	"ic/regulator":          "Electronics/ICs/Regulators",
	"ic/rf":                 "Electronics/ICs/RF",
	"ic/sensor":             "Electronics/ICs/Sensors",
	"ic/switch":             "Electronics/ICs/Switches",
	"ic/timer":              "Electronics/ICs/Timers",
	"ic/transceiver":        "Electronics/ICs/Transceivers",

	"connector":             "Electronics/Connectors",
	"connector/audio":       "Electronics/Connectors/Audio",
	"connector/battery":     "Electronics/Connectors/Battery",
	"connector/coaxial":     "Electronics/Connectors/Coaxial",
	"connector/fpc-ffc":     "Electronics/Connectors/FPC-FFC",
	"connector/header":      "Electronics/Connectors/Headers",
	"connector/iec":         "Electronics/Connectors/IEC",
	"connector/jst":         "Electronics/Connectors/JST",
	"connector/modular":     "Electronics/Connectors/Modular",
	"connector/rj45":        "Electronics/Connectors/Modular",
	"connector/sfp":         "Electronics/Connectors/SFP",
	"connector/socket":      "Electronics/Connectors/Sockets",
	"connector/tag-connect": "Electronics/Connectors/Tag-Connect",
	"connector/tp":          "Electronics/Connectors/Test points",
	"connector/usb":         "Electronics/Connectors/USB",

	"opto":                  "Electronics/Optoelectronics",
	"opto/display":          "Electronics/Optoelectronics/Displays",
	"opto/led":              "Electronics/Optoelectronics/LEDs",
	"opto/opto-isolator":    "Electronics/Optoelectronics/Optoisolators",
	"oscillator":            "Electronics/Oscillators",
	"relay":                 "Electronics/Relays",
	"switch":                "Electronics/Switches",
	"mechanical/switch":     "Electronics/Switches",
	"fuse_holder":           "Electronics/Fuse holders",
	"psu":                   "Electronics/Power supplies",
	"mechanical":            "Mechanical",
	"mechanical/lens":       "Mechanical/Lenses",
	"mechanical/light-pipe": "Mechanical/Light pipes",
}
