package retrieval

import (
	"fmt"
	"math"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Status says how a candidate fares on one constraint.
type Status string

// The statuses of a local similarity.
const (
	Met     Status = "met"     // the value satisfies the constraint
	Partial Status = "partial" // near, but outside the constraint
	Unmet   Status = "unmet"   // far off, or another value altogether
	Missing Status = "missing" // the candidate does not state the attribute
)

// Explain is one term of a candidate's score: what was required, what the
// candidate has, and the local similarity in [0, 1] with its weight.
type Explain struct {
	// Kind is "constraint", "text" or "class".
	Kind      string  `json:"kind"`
	Attribute string  `json:"attribute,omitempty"`
	Required  string  `json:"required"`
	Value     string  `json:"value"`
	Score     float64 `json:"score"`
	Weight    float64 `json:"weight"`
	Status    Status  `json:"status"`
	Must      bool    `json:"must,omitempty"`
	// FromText marks a constraint read from the requirement's free text
	// rather than stated in it.
	FromText bool `json:"from_text,omitempty"`
}

// Scale of the local similarities. A numeric value off its target by a
// factor e^numScale (about 22%) scores 1/e; being short of a minimum (or
// over a maximum) costs twice as fast; exceeding a minimum by a decade
// costs overSpec.
const (
	numScale       = 0.2
	overSpec       = 0.1
	missingScore   = 0.3 // a should-constraint the candidate does not state
	partialAbove   = 0.5 // local scores from here up, when not met, are partial
	mustUnknownCap = 0.9 // most a candidate with an unconfirmed must can score
)

// numericSim is the local similarity of attribute a to a numeric
// constraint c (same unit): 1 inside the constraint, decaying with the
// logarithmic distance outside it (with the linear one when a sign
// differs). A range attribute (a parametric item) is scored by its best
// point.
func numericSim(c model.Constraint, a model.Attribute) (float64, Status) {
	lo, hi := a.Value, a.Value
	if a.Kind == model.Range {
		hi = a.Max
	}
	switch c.Op {
	case model.Target:
		tlo, thi := c.Value-c.Tolerance, c.Value+c.Tolerance
		if hi >= tlo && lo <= thi {
			return 1, Met
		}
		// Distance from the nearest point of the attribute to the band.
		x, edge := lo, thi
		if hi < tlo {
			x, edge = hi, tlo
		}
		return decay(ratioDistance(x, edge, c.Value), numScale)
	case model.Min:
		if hi >= c.Value {
			// Meeting a minimum with the least excess is best: a 50 V
			// requirement prefers a 50 V part to a 500 V one, a little.
			best := math.Max(lo, c.Value)
			return 1 - overSpec*math.Min(1, ratioDistance(best, c.Value, c.Value)/math.Ln10), Met
		}
		return decay(ratioDistance(hi, c.Value, c.Value), numScale/2)
	case model.Max:
		if lo <= c.Value {
			best := math.Min(hi, c.Value)
			return 1 - overSpec*math.Min(1, ratioDistance(best, c.Value, c.Value)/math.Ln10), Met
		}
		return decay(ratioDistance(lo, c.Value, c.Value), numScale/2)
	}
	return 0, Unmet
}

// ratioDistance is |ln(x/y)| when both are positive, else the distance
// relative to the reference magnitude.
func ratioDistance(x, y, ref float64) float64 {
	if x > 0 && y > 0 {
		return math.Abs(math.Log(x / y))
	}
	m := math.Max(math.Abs(ref), math.Max(math.Abs(x), math.Abs(y)))
	if m == 0 {
		return 0
	}
	return math.Abs(x-y) / m
}

func decay(d, scale float64) (float64, Status) {
	s := math.Exp(-d / scale)
	if s >= partialAbove {
		return s, Partial
	}
	return s, Unmet
}

// enumSim is the similarity of attribute a to a one-of constraint: 1 when
// its text is one of the values (ignoring case, blanks and dashes, so
// "SOT-23" is "sot23"); for a free-text attribute, when it contains one of
// them as a word.
func enumSim(c model.Constraint, a model.Attribute) (float64, Status) {
	v := a.Text
	if v == "" {
		v = a.Raw
	}
	have := model.FoldEnum(v)
	for _, want := range c.Values {
		w := model.FoldEnum(want)
		if w == "" {
			continue
		}
		if have == w {
			return 1, Met
		}
		if a.Kind == model.Text && containsWord(strings.ToLower(v), strings.ToLower(strings.TrimSpace(want))) {
			return 1, Met
		}
	}
	return 0, Unmet
}

func containsWord(text, word string) bool {
	for i := 0; word != ""; {
		j := strings.Index(text[i:], word)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(word)
		if (start == 0 || !isWordByte(text[start-1])) && (end == len(text) || !isWordByte(text[end])) {
			return true
		}
		i = start + 1
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}

// constraintSim scores an item against one constraint.
func constraintSim(c model.Constraint, it *model.Item) (score float64, st Status, value string) {
	a, ok := it.Attr(c.Attribute)
	if !ok {
		return 0, Missing, ""
	}
	value = a.String()
	if a.Raw != "" && a.Kind != model.Enum && a.Kind != model.Text {
		value = fmt.Sprintf("%s (%s)", a.String(), a.Raw)
	}
	switch c.Op {
	case model.OneOf:
		score, st = enumSim(c, a)
		return score, st, value
	default:
		if a.Kind != model.Number && a.Kind != model.Range {
			return 0, Unmet, value
		}
		if c.Unit != "" && a.Unit != "" && c.Unit != a.Unit {
			return 0, Unmet, value + " (unit " + a.Unit + ", not " + c.Unit + ")"
		}
		score, st = numericSim(c, a)
		return score, st, value
	}
}

// describeConstraint formats what a constraint requires, for explanations.
func describeConstraint(c model.Constraint) string {
	num := func(v float64) string { return model.NumberAttr("", v, c.Unit, "").String() }
	switch c.Op {
	case model.Target:
		if c.Tolerance > 0 {
			return fmt.Sprintf("%s ± %s", num(c.Value), num(c.Tolerance))
		}
		return num(c.Value)
	case model.Min:
		return "≥ " + num(c.Value)
	case model.Max:
		return "≤ " + num(c.Value)
	case model.OneOf:
		return strings.Join(c.Values, " | ")
	}
	return c.Raw
}
