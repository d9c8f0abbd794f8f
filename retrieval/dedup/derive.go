package dedup

import (
	"slices"
	"strings"
)

// Parameters read from the words of the texts, which normalization does
// not set (yet) but which tell parts apart as surely as a value: a red LED
// is no duplicate of a green one, an N-channel MOSFET none of a
// P-channel one, a through-hole resistor none of a chip resistor, a
// tantalum capacitor none of a ceramic one.
const (
	attrColor    = "color"
	attrPolarity = "polarity"
	attrMount    = "mount"
	attrTech     = "technology"
)

// techWords name a capacitor's technology: a tantalum is no duplicate of
// a ceramic of the same value and size.
var techWords = map[string]string{
	"mlcc": "ceramic", "ceramic": "ceramic", "cer": "ceramic",
	"tantalum": "tantalum", "tant": "tantalum", "electrolytic": "electrolytic", "elko": "electrolytic",
	"aluminum": "electrolytic", "aluminium": "electrolytic", "film": "film", "mkt": "film", "mks": "film",
	"mkp": "film", "polyester": "film", "polypropylene": "film", "x2": "film", "y2": "film",
}

// techOf returns the capacitor technology the words name, or "" when
// they name none or several.
func techOf(seq []string) string {
	var ts []string
	for _, t := range seq {
		if v, ok := techWords[t]; ok {
			ts = append(ts, v)
		}
	}
	if v := joinSet(ts); !strings.Contains(v, "+") {
		return v
	}
	return ""
}

// colorWords map colour words and their usual abbreviations in part
// descriptions to one spelling.
var colorWords = map[string]string{
	"red": "red", "green": "green", "grn": "green", "blue": "blue", "blu": "blue",
	"yellow": "yellow", "ylw": "yellow", "yel": "yellow", "white": "white", "wht": "white",
	"orange": "orange", "ora": "orange", "amber": "amber", "pink": "pink", "pnk": "pink", "purple": "purple",
	"violet": "violet", "black": "black", "blk": "black", "grey": "grey", "gray": "grey",
	"brown": "brown", "cyan": "cyan", "magenta": "magenta", "rgb": "rgb", "uv": "uv",
	"红": "red", "绿": "green", "蓝": "blue", "黄": "yellow", "白": "white", "黑": "black",
}

// colorOf returns the colours the words name, sorted and joined with "+"
// ("green+red" for a bicolour LED), or "".
func colorOf(seq []string) string {
	var cs []string
	for _, t := range seq {
		if c, ok := colorWords[t]; ok {
			cs = append(cs, c)
			continue
		}
		for _, r := range t { // CJK bigrams: "红色" is red
			if c, ok := colorWords[string(r)]; ok && r > 0x2e80 {
				cs = append(cs, c)
			}
		}
	}
	return joinSet(cs)
}

// polarityWords name a transistor's polarity in one word; polarityNouns
// follow "n" or "p" ("N-channel", "P-MOSFET").
var (
	polarityWords = map[string]string{"nmos": "n", "pmos": "p", "nfet": "n", "pfet": "p", "nch": "n", "pch": "p", "npn": "npn", "pnp": "pnp"}
	polarityNouns = map[string]bool{"channel": true, "ch": true, "mosfet": true, "mos": true, "fet": true, "jfet": true}
)

// polarityOf returns the transistor polarity the words name, or "".
func polarityOf(seq []string) string {
	var ps []string
	for i, t := range seq {
		if p, ok := polarityWords[t]; ok {
			ps = append(ps, p)
		}
		if (t == "n" || t == "p") && i+1 < len(seq) && polarityNouns[seq[i+1]] {
			ps = append(ps, t)
		}
	}
	return joinSet(ps)
}

// mountOf returns "smd" or "tht" when the words or the package say how the
// part is mounted, and "" when they do not or say both.
func mountOf(seq []string, pkg string) string {
	var ms []string
	for i, t := range seq {
		next := ""
		if i+1 < len(seq) {
			next = seq[i+1]
		}
		switch {
		case t == "smd" || t == "smt" || t == "surface" && next == "mount":
			ms = append(ms, "smd")
		case t == "tht" || t == "pth" || t == "axial" || t == "radial" || t == "throughhole" ||
			(t == "through" || t == "thru") && next == "hole":
			ms = append(ms, "tht")
		}
	}
	switch {
	case pkg == "":
	case strings.Trim(pkg, "0123456789") == "": // chip code: "0603"
		ms = append(ms, "smd")
	case hasAnyPrefix(pkg, "sot", "sod", "soic", "ssop", "tssop", "msop", "qfn", "dfn", "tqfp", "lqfp", "bga", "sc"):
		ms = append(ms, "smd")
	case hasAnyPrefix(pkg, "dip", "pdip", "sip"):
		ms = append(ms, "tht")
	}
	if m := joinSet(ms); m == "smd" || m == "tht" {
		return m
	}
	return ""
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) })
}

// joinSet sorts, deduplicates and joins values with "+".
func joinSet(vs []string) string {
	slices.Sort(vs)
	return strings.Join(slices.Compact(vs), "+")
}
