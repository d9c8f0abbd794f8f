package normalize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chinese descriptions ("贴片电阻 10kΩ ±1% 0603", "内六角圆柱头螺钉 M3×8",
// "42步进电机") are read by putting them into the words the recognizers
// already know, before tokenizing: the same rules then apply to both
// languages, so a Chinese and an English description of one part give the
// same attributes and class. Chinese is written without blanks and mixes
// freely with Latin designations ("M3螺钉"), so the words are found by
// longest match against the vocabulary below and set apart by blanks;
// unknown Chinese words stay as they are, apart, and match nothing.

// zhTerm is a Chinese word and what it reads as.
type zhTerm struct {
	en string
	// unit: the word is a unit and is read only right after a number
	// ("10千欧", "8毫米"), and then joined to it; "安" is also the first
	// character of "安装" (to mount), "法" of "法兰" (flange).
	unit bool
}

// zhVocabulary maps Chinese part words to English ones. Longer words win
// ("热敏电阻" is a thermistor, not a resistor), so compound words need no
// order here. Head and type words follow the conventions of fasteners.go:
// "内六角圆柱头" (hexagon socket cylinder head) is the socket head cap
// screw of ISO 4762, "杯头" (cup head) its shop name; "内六角" alone is
// read the same way, as Chinese BOMs use it.
var zhVocabulary = map[string]zhTerm{}

func init() {
	words := func(en string, zh ...string) {
		for _, w := range zh {
			zhVocabulary[w] = zhTerm{en: en}
		}
	}
	unit := func(en string, zh ...string) {
		for _, w := range zh {
			zhVocabulary[w] = zhTerm{en: en, unit: true}
		}
	}
	// Passive and other electronic parts (the words of passives.go).
	words("SMD resistor", "贴片电阻")
	words("resistor", "电阻", "电阻器", "金属膜电阻", "碳膜电阻", "绕线电阻", "精密电阻", "固定电阻")
	words("aluminium clad resistor", "铝壳电阻")
	words("resistor array", "排阻", "电阻排")
	words("thermistor", "热敏电阻")
	words("varistor", "压敏电阻")
	words("potentiometer", "电位器", "可调电阻", "微调电阻")
	words("SMD capacitor", "贴片电容")
	words("capacitor", "电容", "电容器", "薄膜电容", "安规电容")
	words("ceramic capacitor", "陶瓷电容", "瓷片电容", "贴片陶瓷电容")
	words("MLCC", "多层陶瓷电容", "独石电容", "多层片式陶瓷电容")
	words("electrolytic capacitor", "电解电容", "铝电解电容", "贴片电解电容")
	words("tantalum capacitor", "钽电容", "贴片钽电容")
	words("inductor", "电感", "电感器", "功率电感", "贴片电感", "色环电感")
	words("choke", "共模电感", "扼流圈")
	words("ferrite bead", "磁珠", "贴片磁珠")
	words("LED", "发光二极管", "指示灯")
	words("diode", "二极管", "整流二极管", "开关二极管")
	words("zener diode", "稳压二极管", "齐纳二极管")
	words("schottky diode", "肖特基二极管", "肖特基")
	words("TVS diode", "瞬态抑制二极管")
	words("crystal", "晶振", "晶体", "无源晶振")
	words("oscillator", "有源晶振", "晶体振荡器", "振荡器")
	words("fuse", "保险丝", "熔断器")
	words("polyfuse", "自恢复保险丝")
	words("connector", "连接器", "接插件")
	words("pin header", "排针")
	words("socket header", "排母")
	words("socket", "插座")
	words("terminal", "端子", "接线端子")
	words("switch", "开关", "拨码开关")
	words("button", "按键", "轻触开关")
	words("microswitch", "微动开关")
	words("transistor", "三极管", "晶体管")
	words("mosfet", "场效应管")
	words("regulator", "稳压器", "稳压芯片", "稳压管")
	words("relay", "继电器")
	words("battery", "电池")
	words("battery holder", "电池座", "电池盒")
	words("buzzer", "蜂鸣器")
	words("transformer", "变压器")
	words("module", "模块", "模组")
	words("IC", "芯片", "集成电路")
	words("SMD", "贴片")
	words("THT", "直插", "插件")
	words("ceramic", "陶瓷")

	// Fasteners (the words of fasteners.go).
	words("screw", "螺钉", "螺丝", "螺丝钉", "机丝", "机螺钉")
	words("bolt", "螺栓")
	words("socket head cap", "内六角圆柱头", "内六角杯头", "杯头", "内六角")
	words("countersunk", "沉头", "内六角沉头", "平头")
	words("countersunk phillips", "十字沉头", "十字槽沉头")
	words("button", "内六角平圆头", "内六角半圆头", "内六角圆头", "半圆头", "平圆头", "圆头", "蘑菇头")
	words("pan", "十字盘头", "十字槽盘头", "盘头")
	words("phillips", "十字", "十字槽")
	words("hex", "外六角", "六角头", "六角")
	words("grub screw", "紧定螺钉", "紧定螺丝", "机米螺丝", "无头螺丝", "顶丝")
	words("self tapping screw", "自攻螺钉", "自攻螺丝")
	words("self tapping", "自攻")
	words("wood screw", "木螺钉", "木螺丝")
	words("flanged", "法兰", "带垫")
	words("nut", "螺母", "螺帽")
	words("hex nut", "六角螺母")
	words("nyloc nut", "尼龙锁紧螺母", "尼龙防松螺母", "尼龙螺母", "防松螺母", "锁紧螺母", "自锁螺母")
	words("thin nut", "薄螺母", "薄型螺母")
	words("square nut", "方螺母", "四方螺母")
	words("sliding T nut", "T型螺母", "T形螺母", "滑块螺母")
	words("hammer nut", "锤头螺母")
	words("wingnut", "翼形螺母", "蝶形螺母")
	words("acorn nut", "盖形螺母")
	words("flange nut", "法兰螺母")
	words("heatfit insert", "热熔螺母", "热熔铜螺母", "热压螺母", "热熔嵌件", "热熔铜嵌件", "热熔铜螺柱", "预埋螺母")
	words("insert", "嵌件", "镶件")
	words("rivet insert", "铆螺母", "拉铆螺母")
	words("washer", "垫圈", "垫片", "平垫", "平垫圈", "平垫片", "华司")
	words("spring washer", "弹簧垫圈", "弹垫")
	words("star washer", "齿形垫圈", "锯齿垫圈", "外齿垫圈", "内齿垫圈")
	words("penny washer", "大垫圈", "加大垫圈", "加大垫片", "大垫片")
	words("rubber washer", "橡胶垫圈", "橡胶垫片", "橡胶垫")
	words("standoff", "铜柱", "六角铜柱", "隔离柱", "螺柱")
	words("spacer", "隔套", "间隔柱")
	words("pillar", "支撑柱")

	// Bearings, motion and frame parts (the words of mech.go).
	words("bearing", "轴承", "微型轴承")
	words("ball bearing", "深沟球轴承", "球轴承", "滚珠轴承")
	words("flanged bearing", "法兰轴承")
	words("linear bearing", "直线轴承")
	words("stepper motor", "步进电机", "步进马达")
	words("motor", "电机", "马达")
	words("DC motor", "直流电机")
	words("servo", "舵机")
	words("belt", "同步带", "皮带")
	words("open belt", "开口同步带")
	words("pulley", "同步带轮", "同步轮", "带轮")
	words("idler pulley", "惰轮", "同步惰轮")
	words("teeth", "齿")
	words("extrusion", "铝型材", "型材", "欧标铝型材", "工业铝型材")
	words("linear rail", "直线导轨", "线性导轨", "微型导轨")
	words("rail", "导轨")
	words("carriage", "滑块")
	words("smooth rod", "光轴", "光杆", "直线光轴")
	words("leadscrew", "丝杆", "丝杠", "梯形丝杆", "梯形丝杠")
	words("leadscrew nut", "丝杆螺母", "丝杠螺母")
	words("threaded rod", "螺杆", "牙条", "螺纹杆", "全牙螺杆", "丝杆牙条")
	words("CF rod", "碳纤维管", "碳纤管", "碳纤维杆", "碳纤杆")
	words("shaft", "轴")
	words("fan", "风扇", "散热风扇")
	words("blower fan", "离心风扇", "鼓风机", "涡轮风扇")
	words("hot end", "热端", "喷头")
	words("extruder", "挤出机")
	words("nozzle", "喷嘴")
	words("sheet", "板材")
	words("aluminium plate", "铝板")
	words("acrylic sheet", "亚克力板", "有机玻璃板")
	words("steel plate", "钢板")
	words("glass", "玻璃")

	// Materials (fasteners.go's and sheet's).
	words("stainless", "不锈钢")
	words("brass", "黄铜", "铜") // in fastener vocabulary 铜 (copper) is brass: 铜螺母
	words("steel", "钢", "碳钢", "合金钢")
	words("aluminium", "铝", "铝合金")
	words("nylon", "尼龙")
	words("titanium", "钛", "钛合金")
	words("zinc", "镀锌")

	// Units, read only right after a number.
	unit("mm", "毫米")
	unit("cm", "厘米")
	unit("m", "米")
	unit("Ω", "欧", "欧姆")
	unit("kΩ", "千欧", "千欧姆")
	unit("MΩ", "兆欧", "兆欧姆")
	unit("F", "法", "法拉")
	unit("uF", "微法")
	unit("nF", "纳法")
	unit("pF", "皮法")
	unit("H", "亨", "亨利")
	unit("mH", "毫亨")
	unit("uH", "微亨")
	unit("nH", "纳亨")
	unit("V", "伏", "伏特")
	unit("kV", "千伏")
	unit("mV", "毫伏")
	unit("A", "安", "安培")
	unit("mA", "毫安")
	unit("W", "瓦", "瓦特")
	unit("mW", "毫瓦")
	unit("Hz", "赫", "赫兹")
	unit("kHz", "千赫", "千赫兹")
	unit("MHz", "兆赫", "兆赫兹")

	for w := range zhVocabulary {
		zhLongest = max(zhLongest, utf8.RuneCountInString(w))
	}
}

// zhLongest is the length in runes of the longest Chinese word.
var zhLongest int

// zhPunct maps Chinese punctuation that full-width folding misses.
var zhPunct = map[rune]rune{'、': ',', '。': ' ', '【': '[', '】': ']', '《': ' ', '》': ' ', '「': ' ', '」': ' ', '\u3000': ' ', 'Ω': 'Ω'}

// frameBySize maps the flange size in millimetres, as Chinese catalogues
// name stepper motors ("42步进电机"), to the NEMA frame size.
var frameBySize = map[string]string{"20": "8", "28": "11", "35": "14", "39": "16", "42": "17", "57": "23", "86": "34"}

var zhFrameRe = regexp.MustCompile(`(^|[^0-9A-Za-z.])(20|28|35|39|42|57|86)\s*(步进电机|步进马达)`)

// readCJK returns s in the words the recognizers know: full-width forms
// folded to ASCII, Chinese punctuation to ASCII, "*" between numbers read
// as "×" ("M3*8"), Chinese words replaced by English ones and set apart
// from their neighbours. Text without any of these is returned as is.
func readCJK(s string) string {
	if !needsReading(s) {
		return s
	}
	s = zhFrameRe.ReplaceAllStringFunc(s, func(m string) string {
		sm := zhFrameRe.FindStringSubmatch(m)
		return sm[1] + "NEMA" + frameBySize[sm[2]] + " " + sm[3]
	})
	rs := []rune(s)
	var b strings.Builder
	// han: the last thing written is a Chinese word, so what follows
	// needs a blank before it.
	han := false
	for i := 0; i < len(rs); {
		r := foldRune(rs[i])
		if !unicode.Is(unicode.Han, r) && !startsTerm(rs, i) {
			if han && !unicode.IsSpace(r) {
				b.WriteByte(' ')
			}
			han = false
			if r == '*' && i > 0 && i+1 < len(rs) && isAlnum(foldRune(rs[i-1])) && unicode.IsDigit(foldRune(rs[i+1])) {
				r = '×'
			}
			if r == '×' && unicode.IsDigit(foldRune(rs[min(i+1, len(rs)-1)])) {
				// "8×22×7": each product its own word, as tokenize
				// splits only one.
				b.WriteString(" x ")
			} else {
				b.WriteRune(r)
			}
			i++
			continue
		}
		if t, n, ok := matchTerm(rs, i, b.String()); ok {
			switch {
			case t.unit:
				b.WriteString(t.en)
			default:
				b.WriteString(" " + t.en)
			}
			han = true
			i += n
			continue
		}
		if !han {
			b.WriteByte(' ')
		}
		b.WriteRune(r) // an unknown Chinese word, kept apart
		han = true
		i++
	}
	return b.String()
}

// needsReading reports whether s has anything readCJK changes.
func needsReading(s string) bool {
	for _, r := range s {
		if r >= 0x2000 || r == '*' {
			return true
		}
	}
	return false
}

// foldRune folds a full-width form to ASCII and Chinese punctuation to
// its ASCII counterpart.
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case zhPunct[r] != 0:
		return zhPunct[r]
	}
	return r
}

// startsTerm reports whether a vocabulary word that starts with a Latin
// letter ("T型螺母") starts at rs[i], at the start of a word.
func startsTerm(rs []rune, i int) bool {
	if rs[i] != 'T' || i+1 >= len(rs) || !unicode.Is(unicode.Han, rs[i+1]) || i > 0 && isAlnum(foldRune(rs[i-1])) {
		return false
	}
	_, _, ok := matchTerm(rs, i, "")
	return ok
}

// matchTerm returns the longest vocabulary word at rs[i] and its length.
// A unit is taken only right after a number (written is the text so far).
func matchTerm(rs []rune, i int, written string) (zhTerm, int, bool) {
	for n := min(zhLongest, len(rs)-i); n > 0; n-- {
		t, ok := zhVocabulary[string(rs[i:i+n])]
		if !ok || t.unit && !afterNumber(written) {
			continue
		}
		return t, n, true
	}
	return zhTerm{}, 0, false
}

// afterNumber reports whether written ends in a number, perhaps with a
// multiplier letter and blanks ("10", "4.7", "10k ").
func afterNumber(written string) bool {
	written = strings.TrimRight(written, " ")
	r, n := utf8.DecodeLastRuneInString(written)
	if unicode.IsDigit(r) {
		return true
	}
	if !strings.ContainsRune("kKMmunpµμ", r) {
		return false
	}
	r, _ = utf8.DecodeLastRuneInString(written[:len(written)-n])
	return unicode.IsDigit(r)
}

func isAlnum(r rune) bool { return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
