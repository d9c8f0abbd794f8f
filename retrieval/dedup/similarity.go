package dedup

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// Tuning constants; doc.go explains the method they belong to.
const (
	// relTol is how far two numbers may differ, relative to the larger, and
	// still be one value: below the 1 % step of the finest E series, above
	// rounding in conversions ("0.1 µF" = "100 nF").
	relTol = 0.005
	// codeWeight is the support of a shared part-number-like code, and
	// codePrefixWeight how much of it a code that only starts another
	// ("pam8301" and "pam8301aaf") loses in proportion to the missing tail.
	codeWeight       = 0.8
	codePrefixWeight = 0.3
	// textFloor is the text similarity that supports nothing: two texts of
	// one domain share that much by chance ("resistor 0603").
	textFloor = 0.3
	// nearIdentical is the text similarity that lets an item with too
	// little information pair on its text alone.
	nearIdentical = 0.9
)

// compare scores a pair of items: ok is false when they cannot be
// near-duplicates (a conflict vetoes the pair, or nothing supports it).
// Reasons are written only when explain is set, as most comparisons are
// of pairs that do not make it.
func compare(a, b *profile, explain bool) (score float64, reasons []string, ok bool) {
	if p, shared := sharedPart(a.parts, b.parts); shared {
		return 1, []string{"part number " + p}, true
	}
	ev := evidence{doubt: 1, explain: explain}
	if !ev.classes(a, b) || !ev.params(a, b) || !ev.codes(a, b) || specConflict(a.specs, b.specs) {
		return 0, nil, false
	}
	t := (jaccard(a.tokens, b.tokens) + jaccard(a.grams, b.grams)) / 2
	if (a.little || b.little) && t < nearIdentical {
		return 0, nil, false
	}
	if ev.support == 0 && !slices.Equal(a.words, b.words) {
		// Nothing but the text supports the pair: one word apart, even a
		// letter, names another part ("x_motor_bracket.stl",
		// "y_motor_bracket.stl"; "bracket", "bracket lid").
		return 0, nil, false
	}
	ev.add((t - textFloor) / (1 - textFloor))
	if explain {
		ev.reason("text %.2f", t)
	}
	if ev.support == 0 {
		return 0, nil, false
	}
	return (1 - ev.doubt) * ev.unstated(a, b), ev.reasons, true
}

// evidence accumulates independent support: the score is 1 - Π(1 - w).
type evidence struct {
	doubt   float64 // Π(1 - w), starting at 1
	support int
	explain bool
	reasons []string
}

// add counts support w (nothing when w <= 0). Callers write its reason
// when explaining; checking e.explain first spares the formatting.
func (e *evidence) add(w float64) {
	if w > 0 {
		e.doubt *= 1 - math.Min(w, 1)
		e.support++
	}
}

func (e *evidence) reason(format string, args ...any) {
	if e.explain {
		e.reasons = append(e.reasons, fmt.Sprintf(format, args...))
	}
}

// classes checks the two items do the same thing: classes on one path
// (one equal to or below the other), the defining parameter of the more
// specific class stated by both or neither, and, when only one has a
// class, not by the other (see definingParams).
func (e *evidence) classes(a, b *profile) bool {
	ca, cb := &a.class, &b.class
	if cb.depth > ca.depth {
		ca, cb = cb, ca // ca is the more specific
	}
	switch {
	case cb.depth > 0:
		if !within(ca.path, cb.path) {
			return false
		}
		if e.explain {
			e.reason("class %s", cb.path)
		}
	case ca.depth > 0:
		// One has no class: it must not have the other's defining
		// parameter on its own (a potentiometer's resistance).
		other := b
		if &b.class == ca {
			other = a
		}
		if other.hasParam(ca.defining) {
			return false
		}
	}
	return ca.defining == "" || a.hasParam(ca.defining) == b.hasParam(ca.defining)
}

// params checks that the key parameters both items have agree, and counts
// each agreement as support. Params are sorted by their index in
// keyParamList.
func (e *evidence) params(a, b *profile) bool {
	if a.has&b.has == 0 {
		return true
	}
	i, j := 0, 0
	for i < len(a.params) && j < len(b.params) {
		x, y := &a.params[i], &b.params[j]
		switch {
		case x.index < y.index:
			i++
		case x.index > y.index:
			j++
		default:
			agree, comparable := sameParam(x, y)
			if comparable && !agree {
				return false
			}
			if w := keyParamList[x.index].weight; agree && w > 0 {
				e.add(w)
				if e.explain {
					e.reason("%s %s = %s", x.name, x.show, y.show)
				}
			}
			i++
			j++
		}
	}
	return true
}

// sameParam reports whether two values of a parameter agree; comparable is
// false when their kinds or units differ (a number and an enum).
func sameParam(x, y *param) (agree, comparable bool) {
	if x.enum != y.enum || x.unit != y.unit {
		return false, false
	}
	if x.enum {
		return x.text == y.text, true
	}
	return near(x.lo, y.lo) && near(x.hi, y.hi), true
}

func near(x, y float64) bool {
	return math.Abs(x-y) <= relTol*math.Max(math.Abs(x), math.Abs(y))
}

// unstated returns the factor that fit groups stated by one item only,
// or by neither where their class expects them, apply to the score (see
// fitGroups).
func (e *evidence) unstated(a, b *profile) float64 {
	missing := (a.fit ^ b.fit) | ((a.class.expect | b.class.expect) &^ (a.fit | b.fit))
	if missing == 0 {
		return 1
	}
	if e.explain {
		for i, g := range fitGroups {
			switch {
			case missing&(1<<i) == 0:
			case (a.fit|b.fit)&(1<<i) == 0:
				e.reason("%s unstated", g)
			default:
				e.reason("%s vs unstated", statedIn(a, b, g))
			}
		}
	}
	return math.Pow(1-unstatedPenalty, float64(bits.OnesCount16(missing)))
}

// statedIn shows what the item that states fit group g says of it.
func statedIn(a, b *profile, g string) string {
	for _, p := range []*profile{a, b} {
		for _, x := range p.params {
			if keyParamList[x.index].fit == g && (x.name == g || !p.hasParam(g)) {
				return x.name + " " + x.show
			}
		}
	}
	return g
}

// codes checks part-number-like codes: when both items have some, one of
// each must be the same code or the start of the other ("tsc2007ipw",
// "tsc2007ipwr"; a base part number "mcp73831" and "mcp73831t"), which is
// strong support. Codes that all differ ("atmega328p", "atmega32u4") name
// different parts, and so do two variants of one base with different
// suffixes ("atmega328p-pu" and "atmega328p-au": DIP and TQFP).
func (e *evidence) codes(a, b *profile) bool {
	if len(a.codes) == 0 || len(b.codes) == 0 {
		return true
	}
	best, bx, by := 0.0, "", ""
	try := func(x, y string) {
		if !prefixed(x, y) {
			return
		}
		short, long := min(len(x), len(y)), max(len(x), len(y))
		if w := codeWeight - codePrefixWeight*float64(long-short)/float64(long); w > best {
			best, bx, by = w, x, y
		}
	}
	for _, x := range a.codes {
		for _, y := range b.codes {
			try(x.full, y.full)
			switch {
			// A base matches the other's code if that has no variant
			// suffix of its own, or the same suffix: "MCP1700T-3302E/TT"
			// is "MCP1700-3302E" on tape and reel.
			case x.base != "" && y.base == "":
				try(x.base, y.full)
			case y.base != "" && x.base == "":
				try(x.full, y.base)
			case x.base != "" && prefixed(x.full[len(x.base):], y.full[len(y.base):]):
				try(x.base, y.base)
			}
		}
	}
	if best == 0 {
		return false
	}
	e.add(best)
	switch {
	case !e.explain:
	case bx == by:
		e.reason("code %s", bx)
	default:
		e.reason("code %s ~ %s", bx, by)
	}
	return true
}

// prefixed reports whether one string starts the other.
func prefixed(x, y string) bool {
	return strings.HasPrefix(x, y) || strings.HasPrefix(y, x)
}

// spec is a token with digits and letters, and its shape: the token with
// its digits and decimal points removed ("2pos" → "pos", "#3.3V" → "#V").
type spec struct{ shape, tok string }

// specsOf returns the specs among tokens, sorted by shape then token.
// Pure digit words are not specs: they are package codes and series as
// often as specifications.
func specsOf(tokens []string) []spec {
	var out []spec
	for _, t := range tokens {
		if s, ok := shape(t); ok {
			out = append(out, spec{s, t})
		}
	}
	slices.SortFunc(out, func(x, y spec) int { return cmp.Or(strings.Compare(x.shape, y.shape), strings.Compare(x.tok, y.tok)) })
	return out
}

// shape returns a token's shape; ok is false for tokens without digits or
// without letters.
func shape(t string) (string, bool) {
	if strings.IndexFunc(t, func(r rune) bool { return r >= '0' && r <= '9' }) < 0 {
		return "", false
	}
	if t[0] == '#' {
		// "#1e-07" and "#2.5e+07Hz": the exponent is part of the number.
		i := strings.LastIndexAny(t, "0123456789")
		return "#" + t[i+1:], true
	}
	s := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '.' {
			return -1
		}
		return r
	}, t)
	return s, s != ""
}

// specConflict reports whether the texts state different specifications
// of one kind: specs of the same shape that never agree, as "2pos" and
// "4pos", "1x4" and "1x14", "#3.3V" and "#5V".
func specConflict(a, b []spec) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch c := strings.Compare(a[i].shape, b[j].shape); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			s := a[i].shape
			ei, ej := i, j
			for ei < len(a) && a[ei].shape == s {
				ei++
			}
			for ej < len(b) && b[ej].shape == s {
				ej++
			}
			if !shareToken(a[i:ei], b[j:ej]) {
				return true
			}
			i, j = ei, ej
		}
	}
	return false
}

// shareToken reports whether two runs of specs, sorted by token, share one.
func shareToken(a, b []spec) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch c := strings.Compare(a[i].tok, b[j].tok); {
		case c == 0:
			return true
		case c < 0:
			i++
		default:
			j++
		}
	}
	return false
}

// sharedPart returns a part number both sorted lists hold.
func sharedPart(a, b []string) (string, bool) {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch c := strings.Compare(a[i], b[j]); {
		case c == 0:
			return a[i], true
		case c < 0:
			i++
		default:
			j++
		}
	}
	return "", false
}

// jaccard is |a ∩ b| / |a ∪ b| of two sorted sets.
func jaccard[T string | uint32](a, b []T) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	inter, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
