package normalize

import (
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// zhCases pair a Chinese description, written as the BOMs of Chinese
// members write them (testdata/zh holds two such BOMs), with an English
// one of the same part (from the NopSCADlib, Mendel90 and Digi-Key texts
// of describeCases): Describe must give both the same class and the same
// attributes. want, when set, also checks attributes of the Chinese text.
var zhCases = []struct {
	zh, en string
	want   map[string]string
}{
	// Passives.
	{"贴片电阻 10kΩ ±1% 0603", "10k 0603 1% resistor", map[string]string{"resistance": "10000 Ω", "tolerance": "1 %", "package": "0603"}},
	{"10k 0603 电阻", "10k 0603 resistor", nil},
	{"贴片电阻 10千欧 1% 0603 1/10W", "RES SMD 10K OHM 1% 1/10W 0603", map[string]string{"power": "0.1 W"}},
	{"贴片电阻 10K 欧姆 0603", "RES SMD 10K OHM 0603", nil},
	{"贴片电阻 4.7千欧 0805", "4.7K 0805 resistor", nil},
	{"贴片电阻 0Ω 跳线 0603", "0R 0603 resistor", nil},
	{"陶瓷电容 100nF 50V X7R 0603", "CAP CER 0.1UF 50V X7R 0603", map[string]string{"capacitance": "1e-07 F", "voltage": "50 V", "dielectric": "X7R"}},
	{"100nF 0603 电容", "100nF 0603 capacitor", nil},
	{"贴片电容 100纳法 50伏 X7R 0603", "100nF 50V X7R 0603 capacitor", nil},
	{"贴片电容 22μF 10V X5R 0603", "CAP CER 22UF 10V X5R 0603", nil},
	{"功率电感 10微亨 ±20%", "inductor 10uH 20%", map[string]string{"inductance": "1e-05 H"}},
	{"电解电容 220uF 25V", "electrolytic capacitor 220uF 25V", nil},
	{"热敏电阻 100K 1%", "thermistor 100K 1%", nil},
	{"晶振 32.768千赫", "crystal 32.768kHz", map[string]string{"frequency": "32768 Hz"}},
	// Fasteners.
	{"内六角圆柱头螺钉 M3×8", "Screw M3 cap x 8mm", map[string]string{"thread": "M3", "length": "0.008 m", "head": "socket head cap", "standard": "ISO 4762"}},
	{"M3×8 内六角螺钉", "M3 x 8 socket head cap screw", nil},
	{"M3 x 8 内六角螺钉", "M3 x 8 socket head cap screw", nil},
	{"M3螺钉 8mm", "Screw M3 x 8mm", map[string]string{"thread": "M3", "length": "0.008 m"}},
	{"M3*8内六角螺丝", "M3 x 8 socket head screw", nil},
	{"Ｍ３×８　内六角螺钉", "M3 x 8 socket head screw", nil},
	{"不锈钢内六角螺钉 M4×16", "M4 x 16 stainless socket head screw", map[string]string{"material": "stainless steel"}},
	{"内六角沉头螺钉 M3×10", "Screw M3 cs cap x 10mm", map[string]string{"standard": "ISO 10642"}},
	{"十字沉头螺钉 M3×10", "Screw M3 countersunk phillips x 10mm", map[string]string{"standard": "ISO 7046"}},
	{"十字盘头螺钉 M3×8", "M3 pan screw x 8mm", map[string]string{"head": "pan", "standard": "ISO 7045"}},
	{"内六角平圆头螺钉 M3×10", "Screw M3 dome x 10mm", map[string]string{"head": "button"}},
	{"紧定螺钉 M3×6", "Screw M3 grub x 6mm", nil},
	{"法兰螺钉 M4×10", "Screw M4 flanged x 10mm", nil},
	{"外六角螺栓 M8×60", "M8 hex screw x 60mm", map[string]string{"standard": "ISO 4017"}},
	{"尼龙锁紧螺母 M3", "Nut M3 nyloc", map[string]string{"standard": "ISO 10511"}},
	{"六角螺母 M8×6.5mm", "Nut M8 x 6.5mm", map[string]string{"standard": "ISO 4032"}},
	{"黄铜螺母 M6", "Brass nut M6", map[string]string{"material": "brass"}},
	{"滑块螺母 M4", "Nut M4 sliding T", map[string]string{"head": "sliding T"}},
	{"T型螺母 M5", "Nut M5 sliding T", nil},
	{"平垫圈 M3×7×0.5", "Washer M3 x 7mm x 0.5mm", map[string]string{"outer_diameter": "0.007 m", "thickness": "0.0005 m"}},
	{"齿形垫圈 M3×0.5mm", "Washer star M3 x 0.5mm", nil},
	{"加大垫圈 M8×30×1.5", "Washer penny M8 x 30mm x 1.5mm", nil},
	{"热熔铜螺母 M3×4", "Heatfit insert M3 x 4mm", map[string]string{"head": "heat-set"}},
	// Bearings, motors, motion and frame parts.
	{"深沟球轴承 608-2RS", "Ball bearing 608-2RS", map[string]string{"designation": "608", "seal": "2RS", "bore": "0.008 m"}},
	{"608 轴承", "608 bearing", nil},
	{"深沟球轴承 608-2RS 8×22×7mm", "Ball bearing 608-2RS 8mm x 22mm x 7mm", nil},
	{"直线轴承 LM8UU", "LM8UU linear bearing", nil},
	{"步进电机 NEMA17", "NEMA17 stepper motor", map[string]string{"frame_size": "NEMA17"}},
	{"42步进电机", "NEMA17 stepper motor", map[string]string{"frame_size": "NEMA17"}},
	{"57步进电机", "NEMA23 stepper motor", nil},
	{"步进电机 NEMA17×47mm（5×24轴）", "Stepper motor NEMA17 x 47mm (5x24 shaft)", map[string]string{"length": "0.047 m", "shaft_diameter": "0.005 m"}},
	{"同步带 GT2×6mm×2072mm", "Belt GT2 x 6mm x 2072mm", map[string]string{"length": "2.072 m"}},
	{"同步带轮 GT2 20齿", "Pulley GT2 20 teeth", nil},
	{"铝型材 E2020×300mm", "Extrusion E2020 x 300mm", nil},
	{"直线导轨 MGN12×800mm", "Linear rail MGN12 x 800mm", nil},
	{"直线导轨滑块 MGN12H", "Linear rail carriage MGN12H", nil},
	{"光轴 8mm×270mm", "Smooth rod 8mm x 270mm", nil},
	{"螺杆 M8×120mm", "Threaded rod M8 x 120mm", nil},
	{"碳纤维管 3mm×231mm", "CF rod 3mm x 231mm", nil},
	{"亚克力板 165mm×389mm×6mm", "Acrylic sheet 165mm x 389mm x 6mm", nil},
	{"铜柱 M3×20", "Hex male / female pillar M3 x 20mm", nil},
}

func TestDescribeChinese(t *testing.T) {
	for _, tc := range zhCases {
		t.Run(tc.zh, func(t *testing.T) {
			za, zc := Describe(tc.zh)
			ea, ec := Describe(tc.en)
			if zc != ec {
				t.Errorf("class %q, English %q gives %q", zc, tc.en, ec)
			}
			if got, want := attrStrings(za), attrStrings(ea); got != want {
				t.Errorf("attributes\n  %s\nEnglish %q gives\n  %s", got, tc.en, want)
			}
			for name, want := range tc.want {
				found := false
				for _, a := range za {
					if a.Name == name {
						found = true
						if a.String() != want {
							t.Errorf("%s = %s, want %s", name, a, want)
						}
					}
				}
				if !found {
					t.Errorf("no %s, want %s; attributes %s", name, want, attrStrings(za))
				}
			}
		})
	}
}

func attrStrings(as []model.Attribute) string {
	var ss []string
	for _, a := range as {
		ss = append(ss, a.Name+"="+a.String())
	}
	return strings.Join(ss, " ")
}

// TestReadCJK checks the reading itself where Describe would not show it:
// units only after numbers, unknown words kept apart, English untouched.
func TestReadCJK(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Screw M3 cap x 10mm", "Screw M3 cap x 10mm"},
		{"M3*8", "M3 x 8"},
		{"安装孔 M3", " 安装孔 M3"},
		{"10千欧", "10kΩ"},
		{"10K 欧姆", "10K Ω"},
		{"法兰螺母", " flange nut"},
		{"GT2同步带", "GT2 belt"},
		{"8×22×7mm 轴承", "8 x 22 x 7mm  bearing"},
		{"螺钉，螺母；垫圈", " screw , nut ; washer"},
	}
	for _, tt := range tests {
		if got := readCJK(tt.in); got != tt.want {
			t.Errorf("readCJK(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
