package normalize

import (
	"regexp"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// contextCases are real texts whose numbers read differently in their
// context (most from /work/shared/data: gitplm-parts, digikey-kicad-lib,
// kitspace_results.json, nopscadlib-boms, kicost-test-boms, and requirement
// texts of retrieval/testdata/eval), with near misses that must still
// parse. absent names attributes that must not be derived.
var contextCases = []struct {
	text   string
	class  model.ClassPath
	want   map[string]string
	absent []string
}{
	// Capital MOHM: milliohms when written apart, or beside an inductor or
	// capacitor (DC resistance, ESR); megohms glued to a number on a
	// resistor ("10M OHM"), or written "Mohm".
	{"FIXED IND 6.5UH 6A 21.5 MOHM SMD", model.ClassInductors,
		map[string]string{"inductance": "6.5e-06 H", "current": "6 A", "resistance": "0.0215 Ω"}, nil},
	{"FIXED IND 6.8UH 8.5A 23.3MOHM SM", model.ClassInductors, map[string]string{"resistance": "0.0233 Ω"}, nil},
	{"FIXED IND 10UH 500MA 400 MOHM", model.ClassInductors, map[string]string{"resistance": "0.4 Ω", "current": "0.5 A"}, nil},
	{"21.5 MOHM", model.ClassResistors, map[string]string{"resistance": "0.0215 Ω"}, nil},
	{"CAP ALUM 100UF 20% 25V 30 MOHM", model.ClassCapacitors, map[string]string{"capacitance": "0.0001 F", "resistance": "0.03 Ω"}, nil},
	{"RES SMD 10M OHM 1% 1/10W 0603", model.ClassResistors, map[string]string{"resistance": "1e+07 Ω", "package": "0603"}, nil},
	{"1Mohm Resistor", model.ClassResistors, map[string]string{"resistance": "1e+06 Ω"}, nil},
	{"2M Ohm resistor (for inductive sensor)", model.ClassResistors, map[string]string{"resistance": "2e+06 Ω"}, nil},
	// A sub-ohm resistance beside an inductance is its DC resistance: the
	// class stays.
	{"47nH Unshielded Multilayer Inductor 300mA 720mOhm Max 0402 (1005 Metric)", model.ClassInductors,
		map[string]string{"inductance": "4.7e-08 H", "resistance": "0.72 Ω", "package": "0402"}, nil},
	// A ferrite bead's ohms are its impedance; below one ohm, its DC
	// resistance.
	{"ferrite bead 600 ohm 0603", "", map[string]string{"impedance": "600 Ω", "package": "0603"}, []string{"resistance"}},
	{"FERRITE BEAD 1.5 KOHM 0603 1LN", "", map[string]string{"impedance": "1500 Ω"}, []string{"resistance"}},
	{"Ferrite 50mOhm@DC / 220ohm@100MHz", "", map[string]string{"impedance": "220 Ω", "resistance": "0.05 Ω"}, []string{"frequency"}},
	{"100@100MHz 0805", "", map[string]string{"impedance": "100 Ω", "package": "0805"}, []string{"resistance", "frequency"}},
	// A connector's ohms are its characteristic impedance.
	{"CONN SMA JACK STR 50 OHM PCB", "", map[string]string{"impedance": "50 Ω"}, []string{"resistance"}},
	// Part numbers and codes are not values.
	{"1N751A", "", nil, nil},
	{"5.1V Zener Diode 1N751A", "", map[string]string{"voltage": "5.1 V"}, []string{"current"}},
	{"1N914", "", nil, nil},
	{"AZ1117IH-3.3", "", nil, nil},
	{"Schottky 5819W SOD-123", "", map[string]string{"package": "SOD-123"}, []string{"power"}},
	{"3362P-1-202LF", "", nil, nil},
	{"RES-ADJ-TH_3296W", "", nil, nil},
	{"CONN D-SUB RCPT 9POS R/A SOLDER A-DF 09 A/KG-T2S", "", nil, nil},
	{"0R010", model.ClassResistors, map[string]string{"resistance": "0.01 Ω"}, nil},
	{"Resistor R47", model.ClassResistors, map[string]string{"resistance": "0.47 Ω"}, nil},
	{"HCPL_R1 R_Small", model.ClassResistors, nil, nil},
	// A kilo or mega number followed by what it counts is not a value.
	{"3M Dual lock velcro 6mm long", "", nil, nil},
	{"3M VHB Tape 5952", "", nil, nil},
	{"3M 468MP Adhesive 12x12 in", "", nil, nil},
	{"GT2 Belt - 6mm x 2mm pitch 1.5M long", "", nil, nil},
	{"ATMEGA328P-PU PDIP28 Narrow, 16k Flash, 1kB SRAM, 512B EEPROM DIL28", "", map[string]string{"package": "DIP-28"}, []string{"resistance"}},
	{"ATSAMD21G18A-AUT: SAM D21 Microchip SMART ARM-based Flash MCU, 48Mhz, 256K Flash, 32K SRAM, TQFP-48", "",
		map[string]string{"frequency": "4.8e+07 Hz", "package": "TQFP-48"}, []string{"resistance"}},
	{"IC FLASH 32M SPI 133MHZ 8SOIC", "", map[string]string{"frequency": "1.33e+08 Hz"}, []string{"resistance"}},
	{"10k Axial", model.ClassResistors, map[string]string{"resistance": "10000 Ω"}, nil},
	{"4.7k lin", model.ClassResistors, map[string]string{"resistance": "4700 Ω"}, nil},
	{"1M 1/4W (any manufacturer)", model.ClassResistors, map[string]string{"resistance": "1e+06 Ω", "power": "0.25 W"}, nil},
	{"10M", model.ClassResistors, map[string]string{"resistance": "1e+07 Ω"}, nil},
	// A plain number is a resistance only before a chip package.
	{"CERVENA 1206 2", "", map[string]string{"package": "1206"}, []string{"resistance"}},
	{"330 1206", model.ClassResistors, map[string]string{"resistance": "330 Ω"}, nil},
	// A crystal's bare kilo or mega value is its frequency.
	{"Y 16M HC49", "", map[string]string{"frequency": "1.6e+07 Hz"}, []string{"resistance"}},
	{"24M crystal", "", map[string]string{"frequency": "2.4e+07 Hz"}, []string{"resistance"}},
	// A capital P alone counts positions or phases, except on a capacitor.
	{"TERM BLK 10P SIDE ENT 5.08MM PCB", "", nil, nil},
	{"BRIDGE RECT 1P 400V 1.5A 4DIP", "", map[string]string{"voltage": "400 V"}, []string{"capacitance"}},
	{"22P C0603", model.ClassCapacitors, map[string]string{"capacitance": "2.2e-11 F", "package": "0603"}, nil},
	// Multipliers no part has, and sizes no part is.
	{"GT2 20T Pulley (5mm ID 6mm W) 1PC remove end cap", "", nil, nil},
	{"6.1×3.7×2.5 mm SMD tactile switch, 250 gf actuation force", "", nil, nil},
	{"Capacitor 0805: .1uF", model.ClassCapacitors, map[string]string{"capacitance": "1e-07 F", "package": "0805"}, nil},
	// Function words name op amps.
	{"dual op amp SOIC-8", ClassOpAmps, map[string]string{"package": "SOIC-8"}, nil},
	{"IC OPAMP GP 2 CIRCUIT 8SOIC", ClassOpAmps, nil, nil},
}

func TestContext(t *testing.T) {
	for _, tc := range contextCases {
		attrs, class := Describe(tc.text)
		if class != tc.class {
			t.Errorf("Describe(%q) class = %q, want %q (attrs %s)", tc.text, class, tc.class, show(attrs))
		}
		got := map[string]model.Attribute{}
		for _, a := range attrs {
			got[a.Name] = a
		}
		for name, want := range tc.want {
			if a, ok := got[name]; !ok || a.String() != want {
				t.Errorf("Describe(%q) %s = %q, want %q (attrs %s)", tc.text, name, a.String(), want, show(attrs))
			}
		}
		for _, name := range tc.absent {
			if a, ok := got[name]; ok {
				t.Errorf("Describe(%q) %s = %q, want none", tc.text, name, a.String())
			}
		}
		if tc.want == nil && len(attrs) > 0 {
			t.Errorf("Describe(%q) = %s, want nothing", tc.text, show(attrs))
		}
	}
}

// Items as the readers give them to Enrich (gitplm 744314650, kitspace
// lines, a KiCad value with its footprint).
func TestEnrichContext(t *testing.T) {
	tests := []struct {
		name, desc, value, footprint string
		class                        model.ClassPath
		want                         map[string]string
		absent                       []string
	}{
		{"744314650", "FIXED IND 6.5UH 6A 21.5 MOHM SMD", "6.5uH", "g-ind:IND_7050-WE-HCI_WRE",
			model.ClassInductors, map[string]string{"inductance": "6.5e-06 H", "resistance": "0.0215 Ω"}, nil},
		{"ABLS-16.000MHZ-B4-T", "Y 16M HC49", "Y 16M HC49", "", "", map[string]string{"frequency": "1.6e+07 Hz"}, []string{"resistance"}},
		{"1N751A", "5.1V Zener Diode", "5.1V Zener Diode", "", "", map[string]string{"voltage": "5.1 V"}, []string{"current"}},
		{"C5", "", "22P", "Capacitor_SMD:C_0603_1608Metric", model.ClassCapacitors, map[string]string{"capacitance": "2.2e-11 F"}, nil},
	}
	for _, tt := range tests {
		it := model.Item{Name: tt.name, Description: tt.desc}
		if tt.value != "" {
			it.SetAttr(model.TextAttr(model.AttrValue, tt.value))
		}
		if tt.footprint != "" {
			it.SetAttr(model.TextAttr(model.AttrFootprint, tt.footprint))
		}
		Enrich(&it)
		if it.Class != tt.class {
			t.Errorf("%s: class = %q, want %q (attrs %s)", tt.name, it.Class, tt.class, show(it.Attributes))
		}
		for name, want := range tt.want {
			if a, ok := it.Attr(name); !ok || a.String() != want {
				t.Errorf("%s: %s = %q, want %q (attrs %s)", tt.name, name, a.String(), want, show(it.Attributes))
			}
		}
		for _, name := range tt.absent {
			if a, ok := it.Attr(name); ok {
				t.Errorf("%s: %s = %q, want none", tt.name, name, a.String())
			}
		}
	}
}

// icMPNs are series of integrated circuits, crystals and semiconductors in
// the kitspace scrape: none is a passive, whatever its description's
// numbers ("16k Flash", "Y 16M").
var icMPNs = regexp.MustCompile(`^(ATMEGA|ATSAMD|ATTINY|STM32|W25Q|ABLS|ABM[38]|1N\d|2N\d|LM\d|NE555|TL07|MCP\d|74HC|SN74)`)

// TestKitspaceNoPassiveICs runs Describe over the kitspace BOM lines whose
// MPN names an IC or semiconductor series: none may be classed a passive.
func TestKitspaceNoPassiveICs(t *testing.T) {
	checked := 0
	for _, l := range readKitspace(t) {
		if !icMPNs.MatchString(strings.ToUpper(l.MPN)) {
			continue
		}
		checked++
		if _, class := Describe(l.Description); strings.HasPrefix(string(class), "Electronics/Passives/") {
			t.Errorf("%q (MPN %s) classed %s", l.Description, l.MPN, class)
		}
	}
	if checked < 20 {
		t.Errorf("only %d IC lines checked", checked)
	}
	t.Logf("%d IC and semiconductor lines checked", checked)
}
