package normalize

import (
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// misreadCases are real strings that were misread as values (most from
// /work/shared/data/gitplm-parts/database/*.csv, whose Name is the MPN), and
// near misses that must still parse. absent names attributes that must not
// be derived.
var misreadCases = []struct {
	text   string
	class  model.ClassPath
	want   map[string]string
	absent []string
}{
	// Part numbers are not values (g-opt.csv, g-mcu.csv, g-dio.csv, g-con.csv).
	{"5973301507F", "", nil, nil},
	{"6201113317F", "", nil, nil},
	{"Green 573nm LED Indication - Discrete 2.2V 1208 (3020 Metric)", "", map[string]string{"voltage": "2.2 V"}, []string{"capacitance"}},
	{"PIC16F18444T-I/GZ", "", nil, nil},
	{"PIC PIC® XLP™ 16F Microcontroller IC 8-Bit 32MHz 7KB (4K x 14) FLASH 20-UQFN (4x4)", "",
		map[string]string{"frequency": "3.2e+07 Hz"}, []string{"capacitance"}},
	{"1N4148W", "", nil, nil},
	{"2N3904", "", nil, nil},
	{"g-con:CONN24_1240214_AMP", "", nil, nil},
	// A bare H is henries only beside an inductor word or designator.
	{"DIMM Connectors DDR4 SODIMM 260P 5.2H STD", "", nil, nil},
	{"Inductor 1H", model.ClassInductors, map[string]string{"inductance": "1 H"}, nil},
	{"10uH", model.ClassInductors, map[string]string{"inductance": "1e-05 H"}, nil},
	{"2.2uH 3A", model.ClassInductors, map[string]string{"inductance": "2.2e-06 H", "current": "3 A"}, nil},
	{"4.7mH", model.ClassInductors, map[string]string{"inductance": "0.0047 H"}, nil},
	// A bare F is farads only beside a capacitor word or designator.
	{"CAP 10F 2.7V supercapacitor", model.ClassCapacitors, map[string]string{"capacitance": "10 F", "voltage": "2.7 V"}, nil},
	{"100nF 0603", model.ClassCapacitors, map[string]string{"capacitance": "1e-07 F", "package": "0603"}, nil},
	// An impedance at a frequency is not a resistance (g-ind.csv).
	{"Common mode choke, 12ohm @ 100MHz", model.ClassInductors, map[string]string{"impedance": "12 Ω"}, []string{"resistance", "frequency"}},
	{"Inductor/Filter: Ferrite Bead, 120 Ohm @ 100MHz, 2A, 0603", "",
		map[string]string{"impedance": "120 Ω", "current": "2 A", "package": "0603"}, []string{"resistance", "frequency"}},
	{"600 Ohms @ 100 MHz 1 Ferrite Bead 0603 (1608 Metric) 500mA 380mOhm", "",
		map[string]string{"impedance": "600 Ω", "resistance": "0.38 Ω", "current": "0.5 A"}, nil},
	{"Ferrite bead 120R @100MHz", "", map[string]string{"impedance": "120 Ω"}, []string{"resistance"}},
	// Near misses.
	{"4.7K 1206", model.ClassResistors, map[string]string{"resistance": "4700 Ω", "package": "1206"}, nil},
	{"RES SMD 100K OHM 1% 1/10W 0603", model.ClassResistors, map[string]string{"resistance": "100000 Ω", "power": "0.1 W"}, nil},
	{"1.5 kHz", "", map[string]string{"frequency": "1500 Hz"}, nil},
	{"M3x8 SHCS", model.ClassScrews, map[string]string{"thread": "M3", "length": "0.008 m"}, nil},
}

func TestMisreads(t *testing.T) {
	for _, tc := range misreadCases {
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

// gitplm parts, as a reader gives them to Enrich: Name is the MPN.
func TestEnrichGitplm(t *testing.T) {
	tests := []struct {
		name, mpn, desc, symbol, footprint string
		class                              model.ClassPath
		want                               map[string]string
		absent                             []string
	}{
		{"OPT-0002-0001", "5973301507F", "Green 573nm LED Indication - Discrete 2.2V 1208 (3020 Metric)", "Device:LED", "g-dio:DIALIGHT_597-3XXX",
			"", map[string]string{"voltage": "2.2 V"}, []string{"capacitance"}},
		{"MCU-0000-0001", "PIC16F18444T-I/GZ", "PIC PIC® XLP™ 16F Microcontroller IC 8-Bit 32MHz 7KB (4K x 14) FLASH 20-UQFN (4x4)",
			"g-mcu:PIC16F18444", "Package_DFN_QFN:UQFN-20-1EP_4x4mm_P0.5mm_EP2.8x2.8mm", "", nil, []string{"capacitance"}},
		{"CON-0000-0260", "2309409-2", "DIMM Connectors DDR4 SODIMM 260P 5.2H STD", "g-con:sodimm-2309409-2", "g-con:sodimm-23094092",
			"", nil, []string{"inductance", "capacitance"}},
		// The footprint's "1240214_AMP" (Amphenol) was joined into 1240214 A.
		{"CON-0030-0024", "12402143E512A", "USB-C (USB TYPE-C) USB 4.0 Gen 3 Receptacle Connector 24 Position Surface Mount, Right Angle; Through Hole",
			"g-con:USB_C_Receptacle", "g-con:CONN24_1240214_AMP", "", nil, []string{"current"}},
		{"IND-0001-0001", "EXC-14CH120U", "Common mode choke, 12ohm @ 100MHz", "Device:L_Ferrite_Coupled_Small_1423", "g-ind:FIL_EXC-14CH120U",
			"", map[string]string{"impedance": "12 Ω"}, []string{"resistance"}}, // the symbol says ferrite: no class
		{"IND-0003-0121", "BLM18PG121SN1D", "Inductor/Filter: Ferrite Bead, 120 Ohm @ 100MHz, 2A, 0603", "Device:FerriteBead_Small",
			"Inductor_SMD:L_0603_1608Metric;L_0603_1608Metric_Pad1.05x0.95mm_HandSolder",
			"", map[string]string{"impedance": "120 Ω", "current": "2 A", "package": "0603"}, []string{"resistance"}},
	}
	for _, tt := range tests {
		it := model.Item{Name: tt.mpn, Description: tt.desc}
		it.SetAttr(model.TextAttr(model.AttrLibPart, tt.symbol))
		it.SetAttr(model.TextAttr(model.AttrFootprint, tt.footprint))
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
