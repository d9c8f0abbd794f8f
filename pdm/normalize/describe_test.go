package normalize

import (
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// describeCase is a real description (from /work/shared/data: kitspace BOMs,
// Digi-Key descriptions in the KiCost and KiCad data, NopSCADlib and
// Mendel90 vitamins) and what Describe must derive: each attribute as
// Attribute.String() formats it.
type describeCase struct {
	text  string
	class model.ClassPath
	attrs map[string]string
}

var describeCases = []describeCase{
	// Passives, kitspace descriptions.
	{"4.7K 1206", model.ClassResistors, map[string]string{"resistance": "4700 Ω", "package": "1206"}},
	{"22K 1206", model.ClassResistors, map[string]string{"resistance": "22000 Ω", "package": "1206"}},
	{"330 1206", model.ClassResistors, map[string]string{"resistance": "330 Ω", "package": "1206"}},
	{"100nF 1206", model.ClassCapacitors, map[string]string{"capacitance": "1e-07 F", "package": "1206"}},
	{"100n", model.ClassCapacitors, map[string]string{"capacitance": "1e-07 F"}},
	{"100n 50V", model.ClassCapacitors, map[string]string{"capacitance": "1e-07 F", "voltage": "50 V"}},
	{"2u2", model.ClassCapacitors, map[string]string{"capacitance": "2.2e-06 F"}},
	{"18p", model.ClassCapacitors, map[string]string{"capacitance": "1.8e-11 F"}},
	{"10k", model.ClassResistors, map[string]string{"resistance": "10000 Ω"}},
	{"4K7", model.ClassResistors, map[string]string{"resistance": "4700 Ω"}},
	{"10R", model.ClassResistors, map[string]string{"resistance": "10 Ω"}},
	{"470R", model.ClassResistors, map[string]string{"resistance": "470 Ω"}},
	{"22pF", model.ClassCapacitors, map[string]string{"capacitance": "2.2e-11 F"}},
	{"0.1 µF 0603 capacitor", model.ClassCapacitors, map[string]string{"capacitance": "1e-07 F", "package": "0603"}},
	{"10 kΩ 0603 resistor", model.ClassResistors, map[string]string{"resistance": "10000 Ω", "package": "0603"}},
	{"Resistor 47 ohm 250mW through-hole", model.ClassResistors, map[string]string{"resistance": "47 Ω", "power": "0.25 W"}},
	{"Resistor 1k 250mW through-hole", model.ClassResistors, map[string]string{"resistance": "1000 Ω", "power": "0.25 W"}},
	{"resistor 1k 0201", model.ClassResistors, map[string]string{"resistance": "1000 Ω", "package": "0201"}},
	{"5% Chip Resistor 0805", model.ClassResistors, map[string]string{"tolerance": "5 %", "package": "0805"}},
	{"Resistor 20W TO-220", model.ClassResistors, map[string]string{"power": "20 W", "package": "TO-220"}},
	{"22uF CP_Radial_D5.0mm_P2.00mm", model.ClassCapacitors, map[string]string{"capacitance": "2.2e-05 F"}},
	{"CAP ALUM 220UF 20% 25V RADIAL", model.ClassCapacitors, map[string]string{"capacitance": "0.00022 F", "tolerance": "20 %", "voltage": "25 V"}},
	{"2.2uH", model.ClassInductors, map[string]string{"inductance": "2.2e-06 H"}},
	{"INDUCTOR 33µH Neosid MA-Bs75", model.ClassInductors, map[string]string{"inductance": "3.3e-05 H"}},
	{"32.768kHz", "", map[string]string{"frequency": "32768 Hz"}},
	{"4n7/1kV", model.ClassCapacitors, map[string]string{"capacitance": "4.7e-09 F", "voltage": "1000 V"}},
	{"R0603", model.ClassResistors, map[string]string{"package": "0603"}},
	{"C0603", model.ClassCapacitors, map[string]string{"package": "0603"}},
	{"Unpolarized capacitor", model.ClassCapacitors, nil},
	{"R_Small: Resistor, small symbol", model.ClassResistors, nil},
	{"10k lin Potentiometer, 16mm (6mm shaft dia, 15mm shaft length)", "", map[string]string{"resistance": "10000 Ω"}},
	{"Potentiometer 25Ohms 5W", "", map[string]string{"resistance": "25 Ω", "power": "5 W"}},
	{"Diode Schottky 5A DO-201AD", "", map[string]string{"current": "5 A", "package": "DO-201AD"}},
	{"MOSFET N-CHANNEL 60V 115mA", "", map[string]string{"voltage": "60 V", "current": "0.115 A"}},
	{"SOT-23-3_L2.9-W1.3-P1.90-LS2.4-BR", "", map[string]string{"package": "SOT-23"}},
	{"NC7WZ17 UDFN-6 1x1mm P0.35mm", "", map[string]string{"package": "UDFN-6"}},
	{"LED", "", nil},
	{"DNP", "", nil},
	// Digi-Key style descriptions (KiCost, KiCad libraries).
	{"RES SMD 100K OHM 0.5% 1/16W 0402", model.ClassResistors, map[string]string{"resistance": "100000 Ω", "tolerance": "0.5 %", "power": "0.0625 W", "package": "0402"}},
	{"RES SMD 0.0005 OHM 1% 3W 2512", model.ClassResistors, map[string]string{"resistance": "0.0005 Ω", "power": "3 W", "package": "2512"}},
	{"CAP CER 10UF 25V X5R 0805", model.ClassCapacitors, map[string]string{"capacitance": "1e-05 F", "voltage": "25 V", "dielectric": "X5R", "package": "0805"}},
	{"CAP CER 0.1UF 50V X7R 0603", model.ClassCapacitors, map[string]string{"capacitance": "1e-07 F", "voltage": "50 V", "dielectric": "X7R", "package": "0603"}},
	{"CAP CER 82PF 100V NP0 0603", model.ClassCapacitors, map[string]string{"capacitance": "8.2e-11 F", "dielectric": "C0G"}},
	{"0.1uF 50V X7R 0603", model.ClassCapacitors, map[string]string{"capacitance": "1e-07 F", "voltage": "50 V", "dielectric": "X7R", "package": "0603"}},
	{"10k 1%", model.ClassResistors, map[string]string{"resistance": "10000 Ω", "tolerance": "1 %"}},
	// KiCad footprints.
	{"Resistor_SMD:R_0603_1608Metric", model.ClassResistors, map[string]string{"package": "0603"}},
	{"Capacitor_SMD:C_0805_2012Metric", model.ClassCapacitors, map[string]string{"package": "0805"}},
	{"C_0402_1005Metric", model.ClassCapacitors, map[string]string{"package": "0402"}},
	{"R_0805", model.ClassResistors, map[string]string{"package": "0805"}},
	{"Package_SO:SOIC-8_3.9x4.9mm_P1.27mm", "", map[string]string{"package": "SOIC-8"}},
	{"Package_DFN_QFN:QFN-32-1EP_5x5mm_P0.5mm", "", map[string]string{"package": "QFN-32"}},
	// NopSCADlib vitamins.
	{"SMD resistor 0805 2K2 0.125W", model.ClassResistors, map[string]string{"resistance": "2200 Ω", "power": "0.125 W", "package": "0805"}},
	{"SMD capacitor 0805 100n", model.ClassCapacitors, map[string]string{"capacitance": "1e-07 F", "package": "0805"}},
	{"THS15 Aluminium clad resistor 10R", model.ClassResistors, map[string]string{"resistance": "10 Ω"}},
	{"Screw M3 cap x 10mm", model.ClassScrews, map[string]string{"thread": "M3", "diameter": "0.003 m", "length": "0.01 m", "head": "socket head cap", "standard": "ISO 4762"}},
	{"Screw M3 cap x  5mm", model.ClassScrews, map[string]string{"length": "0.005 m"}},
	{"Screw M3 cs cap x 10mm", model.ClassScrews, map[string]string{"head": "countersunk", "standard": "ISO 10642"}},
	{"Screw M3 dome x 8mm", model.ClassScrews, map[string]string{"head": "button", "standard": "ISO 7380"}},
	{"Screw M3 pan x  6mm", model.ClassScrews, map[string]string{"head": "pan", "standard": "ISO 7045"}},
	{"Screw M3 grub x  5mm", model.ClassScrews, map[string]string{"head": "grub", "length": "0.005 m"}},
	{"Screw M2 pan self tap x  6mm", model.ClassScrews, map[string]string{"head": "pan", "thread": "M2"}},
	{"Screw M5 low profile x 12mm", model.ClassScrews, map[string]string{"head": "low profile", "length": "0.012 m"}},
	{"Screw M4 flanged x 16mm", model.ClassScrews, map[string]string{"head": "flanged"}},
	{"Screw No6 pan wood x 20mm", model.ClassScrews, map[string]string{"thread": "No6", "length": "0.02 m"}},
	{"Nut M3 x 2.4mm nyloc", model.ClassNuts, map[string]string{"thread": "M3", "thickness": "0.0024 m", "head": "nyloc", "standard": "ISO 10511"}},
	{"Nut M8 x 6.5mm brass", model.ClassNuts, map[string]string{"material": "brass", "standard": "ISO 4032"}},
	{"Nut M3 sliding T", model.ClassNuts, map[string]string{"head": "sliding T"}},
	{"Nut M4 hammer", model.ClassNuts, map[string]string{"head": "hammer"}},
	{"Nut M3nS 5.5 x 1.8mm", model.ClassNuts, map[string]string{"head": "square", "width": "0.0055 m", "thickness": "0.0018 m"}},
	{"Washer  M2 x 5mm x 0.3mm", model.ClassWashers, map[string]string{"thread": "M2", "outer_diameter": "0.005 m", "thickness": "0.0003 m", "standard": "ISO 7089"}},
	{"Washer star M2 x 0.3mm", model.ClassWashers, map[string]string{"head": "star", "thickness": "0.0003 m"}},
	{"Washer penny  M8 x 30mm x 1.5mm", model.ClassWashers, map[string]string{"head": "penny", "outer_diameter": "0.03 m"}},
	{"Heatfit insert M3 x 4mm", model.ClassInserts, map[string]string{"thread": "M3", "length": "0.004 m", "head": "heat-set"}},
	{"Heatfit insert M3", model.ClassInserts, map[string]string{"thread": "M3"}},
	{"Ball bearing 608-2RS 8mm x 22mm x 7mm", model.ClassBearings, map[string]string{"designation": "608", "seal": "2RS", "bore": "0.008 m", "outer_diameter": "0.022 m", "width": "0.007 m"}},
	{"Ball bearing F623-2RS 3mm x 10mm x 4mm", model.ClassBearings, map[string]string{"designation": "F623", "seal": "2RS", "bore": "0.003 m", "outer_diameter": "0.01 m", "width": "0.004 m"}},
	{"Ball bearing MR63ZZ 5mm x 8mm x 2.5mm", model.ClassBearings, map[string]string{"designation": "MR63", "seal": "ZZ", "bore": "0.005 m"}},
	{"608", model.ClassBearings, map[string]string{"designation": "608", "bore": "0.008 m", "outer_diameter": "0.022 m", "width": "0.007 m"}},
	{"Linear bearing LM8UU", model.ClassBearings, map[string]string{"designation": "LM8UU", "bore": "0.008 m"}},
	{"Stepper motor NEMA17 x 47mm (5x24 shaft)", model.ClassStepper, map[string]string{"frame_size": "NEMA17", "length": "0.047 m", "shaft_diameter": "0.005 m", "shaft_length": "0.024 m"}},
	{"Stepper motor NEMA8 x 30mm", model.ClassStepper, map[string]string{"frame_size": "NEMA8", "length": "0.03 m"}},
	{"Belt GT2 x 6mm x 1524mm", "", map[string]string{"designation": "GT2", "width": "0.006 m", "length": "1.524 m"}},
	{"Extrusion E2020 x 450mm", "", map[string]string{"designation": "E2020", "length": "0.45 m"}},
	{"Linear rail carriage MGN12H", "", map[string]string{"designation": "MGN12H"}},
	{"Linear rail MGN12 x 400mm", "", map[string]string{"designation": "MGN12", "length": "0.4 m"}},
	{"Smooth rod 8mm x 270mm", "", map[string]string{"diameter": "0.008 m", "length": "0.27 m"}},
	{"Threaded rod M6 x 300mm", "", map[string]string{"thread": "M6", "diameter": "0.006 m", "length": "0.3 m"}},
	{"Leadscrew 8 x 250mm, 8mm lead, 4 starts", "", map[string]string{"diameter": "0.008 m", "length": "0.25 m"}},
	{"Acrylic sheet 165mm x 389mm x 6mm", "", map[string]string{"material": "acrylic", "thickness": "0.006 m"}},
	{"Hex male / female pillar M3 x 20mm", "", nil},
	{"Ooznest ACME anti-backlash nut", "", nil},
	// Mendel90 vitamins.
	{"M3 cap screw x 16mm", model.ClassScrews, map[string]string{"thread": "M3", "length": "0.016 m", "standard": "ISO 4762"}},
	{"M4 hex screw x 20mm", model.ClassScrews, map[string]string{"head": "hex", "standard": "ISO 4017", "length": "0.02 m"}},
	{"M3 pan screw x 8mm", model.ClassScrews, map[string]string{"head": "pan", "standard": "ISO 7045"}},
	{"M8 hex screw x 60mm, hobbed at 25", model.ClassScrews, map[string]string{"length": "0.06 m"}},
	{"No2 pan wood screw x 13mm", model.ClassScrews, map[string]string{"thread": "No2", "length": "0.013 m"}},
	{"6-32 pan screw x 9.5mm", model.ClassScrews, map[string]string{"thread": "#6-32", "length": "0.0095 m"}},
	{"Nut M3", model.ClassNuts, map[string]string{"thread": "M3", "head": "hex", "standard": "ISO 4032"}},
	{"Nyloc nut M3", model.ClassNuts, map[string]string{"head": "nyloc", "standard": "ISO 10511"}},
	{"Washer M3 x 7mm x 0.5mm", model.ClassWashers, map[string]string{"outer_diameter": "0.007 m", "thickness": "0.0005 m", "standard": "ISO 7089"}},
	{"Star washer M3 x 0.5mm", model.ClassWashers, map[string]string{"head": "star"}},
	{"Wingnut M4", model.ClassNuts, map[string]string{"head": "wing"}},
	{"NEMA17 x 47mm stepper motor", model.ClassStepper, map[string]string{"frame_size": "NEMA17", "length": "0.047 m"}},
	{"LM10UU linear bearing", model.ClassBearings, map[string]string{"bore": "0.01 m"}},
	{"Ball bearing 624 4mm x 13mm x 5mm", model.ClassBearings, map[string]string{"designation": "624", "width": "0.005 m"}},
	// Written standards.
	{"DIN 912 M3x10", model.ClassScrews, map[string]string{"thread": "M3", "length": "0.01 m", "standard": "ISO 4762", "head": "socket head cap"}},
	{"ISO 4762 M5 x 20", model.ClassScrews, map[string]string{"thread": "M5", "length": "0.02 m", "standard": "ISO 4762"}},
	{"M3x8 SHCS", model.ClassScrews, map[string]string{"thread": "M3", "length": "0.008 m", "standard": "ISO 4762"}},
	{"DIN 933 M8x30", model.ClassScrews, map[string]string{"standard": "ISO 4017", "length": "0.03 m"}},
	{"DIN 934 M8", model.ClassNuts, map[string]string{"standard": "ISO 4032"}},
	{"DIN 125 A M6", model.ClassWashers, map[string]string{"standard": "ISO 7089"}},
	{"Nut M8x1", model.ClassNuts, map[string]string{"thread": "M8x1", "diameter": "0.008 m"}},
}

func TestDescribe(t *testing.T) {
	for _, tc := range describeCases {
		attrs, class := Describe(tc.text)
		if class != tc.class {
			t.Errorf("Describe(%q) class = %q, want %q (attrs %s)", tc.text, class, tc.class, show(attrs))
		}
		got := map[string]model.Attribute{}
		for _, a := range attrs {
			got[a.Name] = a
			if err := a.Validate(); err != nil {
				t.Errorf("Describe(%q): %v", tc.text, err)
			}
		}
		for name, want := range tc.attrs {
			if a, ok := got[name]; !ok || a.String() != want {
				t.Errorf("Describe(%q) %s = %q, want %q (attrs %s)", tc.text, name, a.String(), want, show(attrs))
			}
		}
		if tc.attrs == nil && len(attrs) > 0 {
			t.Errorf("Describe(%q) = %s, want nothing", tc.text, show(attrs))
		}
	}
}

func show(attrs []model.Attribute) string {
	var b strings.Builder
	for _, a := range attrs {
		b.WriteString(a.Name + "=" + a.String() + " ")
	}
	return b.String()
}

// Attributes keep the text they were read from.
func TestDescribeRaw(t *testing.T) {
	attrs, _ := Describe("DIN 912 M3x10")
	for _, a := range attrs {
		if a.Name == model.AttrStandard && a.Raw != "DIN 912" {
			t.Errorf("standard raw = %q, want %q", a.Raw, "DIN 912")
		}
	}
	attrs, _ = Describe("RES SMD 100K OHM 0.5% 1/16W 0402")
	for _, a := range attrs {
		if a.Name == model.AttrResistance && a.Raw != "100KOHM" {
			t.Errorf("resistance raw = %q", a.Raw)
		}
	}
}

func TestChipPackages(t *testing.T) {
	for in, want := range map[string]string{"0603": "0603", "1608": "0603", "1608Metric": "0603", "0603Metric": "0201",
		"R0805": "0805", "C1206": "1206", "3216": "1206", "6332": "2512"} {
		if got, _, ok := chipPackage(in); !ok || got != want {
			t.Errorf("chipPackage(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for in, want := range map[string]string{"SOT23": "SOT-23", "SOT-23-3": "SOT-23", "SOT-23-5": "SOT-23-5", "SO8": "SOIC-8",
		"soic-8": "SOIC-8", "TO-220AB": "TO-220AB", "DIL8": "DIP-8", "SOT223": "SOT-223", "MULTIWATT11": "MULTIWATT11"} {
		if got, ok := icPackage(in); !ok || got != want {
			t.Errorf("icPackage(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// Reference designators are not values.
func TestDescribeRefDes(t *testing.T) {
	for _, s := range []string{"R1", "R10", "C3, C4, C6, C7"} {
		if attrs, class := Describe(s); len(attrs) > 0 || class != "" {
			t.Errorf("Describe(%q) = %s %s, want nothing", s, class, show(attrs))
		}
	}
	if attrs, _ := Describe("Resistor R47"); len(attrs) != 1 || attrs[0].String() != "0.47 Ω" {
		t.Errorf("Describe(Resistor R47) = %s", show(attrs))
	}
}
