package dedup

import (
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// param is a key parameter of an item: a number or range (lo..hi, lo == hi
// for a number) in unit, or an enum's folded text.
type param struct {
	name   string
	index  int // in keyParamList
	enum   bool
	lo, hi float64
	unit   string
	text   string // folded enum value
	show   string // for reasons
}

// profile is what the comparison reads of an item, computed once.
type profile struct {
	id    model.ItemID
	class classInfo
	// params are the key parameters, in keyParamList order; has has bit i set for
	// keyParamList[i], fit the bits of the fit groups they state.
	params []param
	has    uint64
	fit    uint16
	// tokens are the normalized words of the texts, sorted and unique;
	// specs those with digits and letters, by shape (see specConflict).
	tokens []string
	specs  []spec
	// grams are hashed character trigrams of the tokens, sorted and unique.
	grams []uint32
	// codes are part-number-like words (letters and digits, 6 or more),
	// sorted and unique, lower case without punctuation.
	codes []code
	// parts are the normalized MPNs and SKUs, sorted; empty when ignored.
	parts []string
	// little is set when the item says too little to pair on anything but
	// a near-identical text: no key parameter, no code and at most one
	// word ("resistor", "button").
	little bool
	// words are all the words of its texts, stop words and single
	// letters included, sorted and unique: a pair resting on text alone
	// must have the same ("x_motor_bracket" is not "y_motor_bracket").
	words []string
}

// newProfile reads an item. With ignoreParts, manufacturer part numbers
// and SKUs are not read, nor a name that is one of them (readers name a
// part by its part number when they have nothing better).
func newProfile(it *model.Item, ignoreParts bool) profile {
	p := profile{id: it.ID, class: newClassInfo(it.Class)}
	for _, a := range it.Attributes {
		if pa, ok := newParam(a); ok {
			p.params = append(p.params, pa)
		}
	}
	slices.SortStableFunc(p.params, func(a, b param) int { return a.index - b.index })
	p.params = slices.CompactFunc(p.params, func(a, b param) bool { return a.index == b.index })

	parts := partNumbers(it)
	texts := []string{it.Description, textOf(it, model.AttrValue)}
	if !ignoreParts || !slices.Contains(parts, normalizePart(it.Name)) {
		texts = append(texts, it.Name)
	}
	if !ignoreParts {
		p.parts = parts
	}
	var seen, seq []string
	for _, t := range texts {
		t = strings.TrimSpace(t)
		if t == "" || slices.ContainsFunc(seen, func(s string) bool { return strings.EqualFold(s, t) }) {
			continue
		}
		seen = append(seen, t)
		w := readText(t)
		p.tokens = append(p.tokens, w.tokens...)
		p.codes = append(p.codes, w.codes...)
		seq = append(seq, w.seq...)
	}
	p.tokens = sortUnique(p.tokens)
	p.words = sortUnique(slices.Clone(seq))
	slices.SortFunc(p.codes, compareCodes)
	p.codes = slices.Compact(p.codes)
	p.derive(seq)
	for _, x := range p.params {
		p.has |= 1 << x.index
		p.fit |= fitBit[keyParamList[x.index].fit]
	}
	p.specs = specsOf(p.tokens)
	p.grams = trigrams(p.tokens)
	p.little = len(p.params) == 0 && len(p.codes) == 0 && len(p.tokens) <= 1
	return p
}

// hasParam reports whether the profile has the key parameter name.
func (p *profile) hasParam(name string) bool {
	i, ok := paramIndex[name]
	return ok && p.has&(1<<i) != 0
}

// newParam returns a's comparable form if it is a key parameter.
func newParam(a model.Attribute) (param, bool) {
	i, ok := paramIndex[a.Name]
	if !ok {
		return param{}, false
	}
	pa := param{name: a.Name, index: i, unit: a.Unit, show: human(a)}
	switch a.Kind {
	case model.Number:
		pa.lo, pa.hi = a.Value, a.Value
	case model.Range:
		pa.lo, pa.hi = a.Value, a.Max
	case model.Enum:
		pa.enum = true
		pa.text = model.FoldEnum(a.Text)
		if pa.text == "" {
			return param{}, false
		}
	default:
		return param{}, false
	}
	return pa, true
}

// partNumbers returns an item's MPNs and SKUs, normalized, sorted, unique.
func partNumbers(it *model.Item) []string {
	var out []string
	for _, m := range it.Manufacturers {
		if n := normalizePart(m.MPN); n != "" {
			out = append(out, n)
		}
	}
	for _, s := range it.Suppliers {
		if n := normalizePart(s.SKU); n != "" {
			out = append(out, n)
		}
	}
	return sortUnique(out)
}

// normalizePart upper-cases a part number and drops blanks; a "number"
// without a letter or digit ("-", "n/a" is kept) is no number.
func normalizePart(s string) string {
	n := strings.Join(strings.Fields(strings.ToUpper(s)), "")
	if strings.IndexFunc(n, isAlnum) < 0 {
		return ""
	}
	return n
}

// textOf returns the value of a text or enum attribute.
func textOf(it *model.Item, name string) string {
	for _, a := range it.Attributes {
		if a.Name == name && (a.Kind == model.Text || a.Kind == model.Enum) {
			return a.Text
		}
	}
	return ""
}

func sortUnique(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// trigrams hashes the character trigrams of each token, padded at both
// ends so that short tokens and word boundaries count.
func trigrams(tokens []string) []uint32 {
	var out []uint32
	var rs []rune
	for _, t := range tokens {
		rs = append(rs[:0], '\x02')
		rs = append(rs, []rune(t)...)
		rs = append(rs, '\x03')
		for i := 0; i+3 <= len(rs); i++ {
			out = append(out, hashRunes(rs[i:i+3]))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// hashRunes is 32-bit FNV-1a over the runes' code points.
func hashRunes(rs []rune) uint32 {
	h := uint32(2166136261)
	for _, r := range rs {
		for v := uint32(r); ; v >>= 8 {
			h ^= v & 0xff
			h *= 16777619
			if v < 0x100 {
				break
			}
		}
	}
	return h
}

// derive adds the parameters read from the words (derive.go) that the
// item does not have as attributes.
func (p *profile) derive(seq []string) {
	pkg := ""
	for _, x := range p.params {
		if x.name == model.AttrPackage {
			pkg = x.text
		}
	}
	for _, d := range []struct{ name, value string }{
		{attrColor, colorOf(seq)},
		{attrPolarity, polarityOf(seq)},
		{attrMount, mountOf(seq, pkg)},
		{attrTech, techOf(seq)},
	} {
		if d.value != "" && !slices.ContainsFunc(p.params, func(x param) bool { return x.name == d.name }) {
			p.params = append(p.params, param{name: d.name, index: paramIndex[d.name], enum: true, text: d.value, show: d.value})
		}
	}
	slices.SortStableFunc(p.params, func(a, b param) int { return a.index - b.index })
}
