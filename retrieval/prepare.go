package retrieval

import (
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm/normalize"
)

// constraint is a requirement constraint, stated or read from the text.
type constraint struct {
	model.Constraint
	fromText bool
}

// prepared is a requirement item made ready for search and scoring: its
// text, the class and constraints stated in it, and those its text implies
// ("10k 0603 1% resistor" implies a resistor of 10 kΩ, package 0603,
// tolerance at most 1 %), read by the same normalizer as the items'
// descriptions so both meet in one vocabulary.
type prepared struct {
	item  model.RequirementItem
	text  string
	words []string
	class model.ClassPath
	// classFromText is true when the class was read from the text.
	classFromText bool
	constraints   []constraint
	levels        []model.Level
}

// ratings are the attributes a bare number in a requirement's text states
// as a bound rather than a target: "100nF 50V" accepts a 100 V part, "1%"
// accepts a 0.5 % one.
var ratings = map[string]model.ConstraintOp{
	model.AttrVoltage:   model.Min,
	model.AttrCurrent:   model.Min,
	model.AttrPower:     model.Min,
	model.AttrTolerance: model.Max,
}

func prepare(ri model.RequirementItem) *prepared {
	p := &prepared{item: ri, text: strings.TrimSpace(ri.Text), class: ri.Class}
	if p.text == "" && ri.Class == "" && len(ri.Constraints) == 0 {
		p.text = ri.Name
	}
	p.words = tokens(p.text)
	stated := map[string]bool{}
	for _, c := range ri.Constraints {
		p.constraints = append(p.constraints, constraint{Constraint: c})
		stated[c.Attribute] = true
	}
	if p.text != "" {
		attrs, class := normalize.Describe(p.text)
		if p.class == "" && class != "" {
			p.class, p.classFromText = class, true
		}
		read := map[string]bool{}
		for _, a := range attrs {
			for _, w := range tokens(a.Raw) {
				read[w] = true
			}
			if stated[a.Name] {
				continue
			}
			if c, ok := impliedConstraint(a); ok {
				p.constraints = append(p.constraints, constraint{Constraint: c, fromText: true})
			}
		}
		// Words read as attributes are scored as attributes; counting
		// them again as words would favour items that spell the value
		// the same way ("10k" against "10kΩ"). When every word was read,
		// the words stay, so the text still counts.
		var rest []string
		for _, w := range p.words {
			if !read[w] {
				rest = append(rest, w)
			}
		}
		if len(rest) > 0 {
			p.words = rest
		}
	}
	switch {
	case ri.Level == "" || ri.Level == model.LevelAny:
		p.levels = slices.Clone(model.Levels)
	default:
		p.levels = []model.Level{ri.Level}
	}
	return p
}

// impliedConstraint turns an attribute read from the requirement's text
// into a should-constraint.
func impliedConstraint(a model.Attribute) (model.Constraint, bool) {
	raw := a.Raw
	if raw == "" {
		raw = a.String()
	}
	c := model.Constraint{Attribute: a.Name, Unit: a.Unit, Raw: raw}
	switch a.Kind {
	case model.Number:
		c.Op, c.Value = model.Target, a.Value
		if op, ok := ratings[a.Name]; ok {
			c.Op = op
		}
	case model.Range:
		c.Op, c.Value, c.Tolerance = model.Target, (a.Value+a.Max)/2, (a.Max-a.Value)/2
	case model.Enum:
		c.Op, c.Values = model.OneOf, []string{a.Text}
	default:
		return c, false
	}
	return c, true
}

// seeks reports whether the item asks for level l.
func (p *prepared) seeks(l model.Level) bool { return slices.Contains(p.levels, l) }
