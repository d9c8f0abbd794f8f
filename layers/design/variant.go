package design

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

// Bounds of the search for a variant's settings: values tried per
// parameter and settings evaluated against the relations.
const (
	maxChoices = 12
	maxTries   = 20000
)

// varied is a variant's outcome: the settings and the attributes they
// give the item.
type varied struct {
	settings []Setting
	attrs    []model.Attribute
}

// choice is a value a parameter may take: a number or an allowed value.
type choice struct {
	num  float64
	text string
	enum bool
}

// paramPlan is one parameter taking part in the search: the values to
// try, best first, and whether the requirement needs it set (a constraint
// the item's own value does not meet).
type paramPlan struct {
	p       model.Parameter
	choices []choice
	needed  bool
	// current is the item's own value, if it states a single one.
	current *choice
}

// variant sets the family's or parametric item's parameters so that
// every target constraint is met and every relation holds: each
// constrained parameter within its range (or steps, or allowed values)
// and the constraints' bands, the should-constraints honoured where they
// fit; parameters only the relations read are tried at the item's own
// value, the bounds and the middle. It says why not when no setting does.
func variant(ri model.RequirementItem, c *retrieval.Candidate, vb model.Variability) (*varied, string) {
	if c.Lifecycle == model.Deprecated || c.Lifecycle == model.Obsolete {
		return nil, fmt.Sprintf("lifecycle %s", c.Lifecycle)
	}
	want := targets(ri)
	if len(want) == 0 {
		return nil, "the item states no constraint to vary for"
	}
	params := map[string]model.Parameter{}
	for _, p := range vb.Parameters {
		params[p.Name] = p
	}
	byParam := map[string][]model.Constraint{}
	var order []string
	for _, t := range want {
		a, ok := attrOf(c.Attributes, t.Attribute)
		st := meets(a, ok, t)
		if _, isParam := params[t.Attribute]; !isParam {
			if st != met {
				return nil, fmt.Sprintf("%s is no parameter and the item's value (%s) does not meet %s", t.Attribute, orNone(a.String()), describe(t))
			}
			continue
		}
		if _, seen := byParam[t.Attribute]; !seen {
			order = append(order, t.Attribute)
		}
		byParam[t.Attribute] = append(byParam[t.Attribute], t)
	}
	var plans []*paramPlan
	needed := false
	for _, name := range order {
		p := params[name]
		pl := &paramPlan{p: p, current: currentOf(c.Attributes, name)}
		pl.choices = constrainedChoices(p, byParam[name], shouldsOn(ri, name), pl.current)
		if len(pl.choices) == 0 {
			return nil, fmt.Sprintf("parameter %s cannot meet %s", describeParameter(p), describeAll(byParam[name]))
		}
		a, ok := attrOf(c.Attributes, name)
		for _, t := range byParam[name] {
			if meets(a, ok, t) != met {
				pl.needed, needed = true, true
			}
		}
		plans = append(plans, pl)
	}
	if !needed {
		return nil, "it meets the constraints without being varied"
	}
	rels, fixed, err := relationPlans(vb, params, order, c.Attributes)
	if err != "" {
		return nil, err
	}
	plans = append(plans, fixed...)
	values, ok := search(plans, rels, attrEnv(c.Attributes, nil))
	if !ok {
		return nil, fmt.Sprintf("no setting within the ranges satisfies the relations (%s)", joinRelations(rels))
	}
	return settle(c.Attributes, plans, values), ""
}

func shouldsOn(ri model.RequirementItem, attr string) []model.Constraint {
	var out []model.Constraint
	for _, c := range ri.Constraints {
		if !c.Must && c.Attribute == attr {
			out = append(out, c)
		}
	}
	return out
}

func currentOf(attrs []model.Attribute, name string) *choice {
	a, ok := attrOf(attrs, name)
	switch {
	case !ok:
		return nil
	case a.Kind == model.Number:
		return &choice{num: a.Value}
	case a.Kind == model.Enum || a.Kind == model.Text:
		return &choice{text: a.Text, enum: true}
	}
	return nil
}

// relationPlans compiles the relations and plans the parameters they
// read that no constraint sets.
func relationPlans(vb model.Variability, params map[string]model.Parameter, constrained []string, attrs []model.Attribute) ([]*compiled, []*paramPlan, string) {
	var rels []*compiled
	var plans []*paramPlan
	planned := map[string]bool{}
	for _, name := range constrained {
		planned[name] = true
	}
	env := attrEnv(attrs, nil)
	for _, src := range vb.Relations {
		rel, err := compileExpr(src, nil)
		if err != nil {
			return nil, nil, fmt.Sprintf("relation %q does not compile: %v", src, err)
		}
		rels = append(rels, rel)
		for _, r := range rel.refs {
			if planned[r.attr] {
				continue
			}
			p, isParam := params[r.attr]
			if !isParam {
				if _, ok := env[r.attr]; !ok {
					return nil, nil, fmt.Sprintf("relation %q reads %s, which is neither a parameter nor an attribute", src, r.attr)
				}
				continue
			}
			planned[r.attr] = true
			pl := &paramPlan{p: p, current: currentOf(attrs, r.attr)}
			pl.choices = constrainedChoices(p, nil, nil, pl.current)
			if len(pl.choices) == 0 {
				return nil, nil, fmt.Sprintf("parameter %s has no value to try", describeParameter(p))
			}
			plans = append(plans, pl)
		}
	}
	return rels, plans, ""
}

// constrainedChoices lists the values parameter p may take under the
// must-constraints cs, best first: the should-constraints narrow the
// band where they fit; the preferred value is a target's, else the bound
// nearest the constraints (the least excess), else the item's own value.
func constrainedChoices(p model.Parameter, cs, shoulds []model.Constraint, current *choice) []choice {
	unitOK := func(c model.Constraint) bool { return c.Unit == "" || p.Unit == "" || c.Unit == p.Unit }
	for _, c := range cs {
		if !unitOK(c) {
			return nil
		}
	}
	shoulds = slices.DeleteFunc(slices.Clone(shoulds), func(c model.Constraint) bool { return !unitOK(c) })
	if len(p.Values) > 0 && len(p.Steps) == 0 {
		if steps, ok := numericValues(p.Values); ok && !anyOneOf(cs) {
			p.Steps = steps
		} else {
			return enumChoices(p, cs, shoulds, current)
		}
	}
	if anyOneOf(cs) {
		return nil
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	if p.Min != nil {
		lo = *p.Min
	}
	if p.Max != nil {
		hi = *p.Max
	}
	lo, hi = narrow(lo, hi, cs)
	if lo > hi {
		return nil
	}
	for _, s := range shoulds {
		if s.Op == model.OneOf {
			continue
		}
		if l, h := narrow(lo, hi, []model.Constraint{s}); l <= h {
			lo, hi = l, h
		}
	}
	pref, ok := preferred(lo, hi, append(slices.Clone(cs), shoulds...), current)
	if !ok {
		return nil
	}
	var vals []float64
	if len(p.Steps) > 0 {
		for _, s := range p.Steps {
			if s >= lo && s <= hi {
				vals = append(vals, s)
			}
		}
		slices.SortStableFunc(vals, func(a, b float64) int {
			da, db := math.Abs(a-pref), math.Abs(b-pref)
			switch {
			case da < db:
				return -1
			case da > db:
				return 1
			}
			return 0
		})
	} else {
		vals = []float64{pref, lo, hi, (lo + hi) / 2}
	}
	var out []choice
	for _, v := range vals {
		if math.IsInf(v, 0) || math.IsNaN(v) || v < lo || v > hi {
			continue
		}
		if !slices.ContainsFunc(out, func(c choice) bool { return c.num == v }) {
			out = append(out, choice{num: v})
		}
		if len(out) == maxChoices {
			break
		}
	}
	return out
}

// narrow intersects [lo, hi] with the bands of the numeric constraints.
func narrow(lo, hi float64, cs []model.Constraint) (float64, float64) {
	for _, c := range cs {
		if c.Op == model.OneOf {
			continue
		}
		blo, bhi := exactBand(c)
		lo, hi = math.Max(lo, blo), math.Min(hi, bhi)
	}
	return lo, hi
}

// preferred is the value a constrained parameter is set to by choice.
func preferred(lo, hi float64, cs []model.Constraint, current *choice) (float64, bool) {
	clamp := func(v float64) float64 { return math.Min(hi, math.Max(lo, v)) }
	if current != nil && !current.enum && current.num >= lo && current.num <= hi {
		return current.num, true // the item's own value does: keep it
	}
	for _, c := range cs {
		if c.Op == model.Target {
			return clamp(c.Value), true
		}
	}
	for _, c := range cs {
		switch c.Op {
		case model.Min:
			return clamp(c.Value), true
		case model.Max:
			return clamp(c.Value), true
		}
	}
	switch {
	case current != nil && !current.enum:
		v := clamp(current.num)
		return v, !math.IsInf(v, 0)
	case !math.IsInf(lo, 0) && !math.IsInf(hi, 0):
		return (lo + hi) / 2, true
	case !math.IsInf(lo, 0):
		return lo, true
	case !math.IsInf(hi, 0):
		return hi, true
	}
	return 0, false
}

func anyOneOf(cs []model.Constraint) bool {
	return slices.ContainsFunc(cs, func(c model.Constraint) bool { return c.Op == model.OneOf })
}

func numericValues(vs []string) ([]float64, bool) {
	out := make([]float64, 0, len(vs))
	for _, v := range vs {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, false
		}
		out = append(out, f)
	}
	return out, true
}

// enumChoices lists the allowed values of p that every one-of constraint
// accepts, in the order the requirement prefers them.
func enumChoices(p model.Parameter, cs, shoulds []model.Constraint, current *choice) []choice {
	allowed := slices.Clone(p.Values)
	if current != nil && current.enum {
		// The item's own value first, when nothing says otherwise.
		if i := slices.IndexFunc(allowed, func(v string) bool { return model.FoldEnum(v) == model.FoldEnum(current.text) }); i > 0 {
			allowed = append([]string{allowed[i]}, slices.Delete(allowed, i, i+1)...)
		}
	}
	filter := func(vs []string, c model.Constraint) []string {
		var out []string
		for _, want := range c.Values {
			for _, v := range vs {
				if model.FoldEnum(v) == model.FoldEnum(want) && !slices.Contains(out, v) {
					out = append(out, v)
				}
			}
		}
		return out
	}
	for _, c := range cs {
		if c.Op != model.OneOf {
			return nil
		}
		allowed = filter(allowed, c)
	}
	for _, s := range shoulds {
		if s.Op == model.OneOf {
			if f := filter(allowed, s); len(f) > 0 {
				allowed = f
			}
		}
	}
	out := make([]choice, 0, len(allowed))
	for _, v := range allowed {
		out = append(out, choice{text: v, enum: true})
		if len(out) == maxChoices {
			break
		}
	}
	return out
}

// search tries the plans' values in order, the first parameter varying
// slowest, and returns the first assignment under which every relation
// holds.
func search(plans []*paramPlan, rels []*compiled, base map[string]any) ([]choice, bool) {
	idx := make([]int, len(plans))
	cur := make([]choice, len(plans))
	for tries := 0; tries < maxTries; tries++ {
		env := make(map[string]any, len(base)+len(plans))
		for k, v := range base {
			env[k] = v
		}
		for i, pl := range plans {
			cur[i] = pl.choices[idx[i]]
			if cur[i].enum {
				env[pl.p.Name] = cur[i].text
			} else {
				env[pl.p.Name] = cur[i].num
			}
		}
		ok := true
		for _, r := range rels {
			if v, _ := r.eval(env); v != holds {
				ok = false
				break
			}
		}
		if ok {
			return cur, true
		}
		// Next assignment: the last parameter varies fastest.
		i := len(plans) - 1
		for ; i >= 0; i-- {
			idx[i]++
			if idx[i] < len(plans[i].choices) {
				break
			}
			idx[i] = 0
		}
		if i < 0 {
			return nil, false
		}
	}
	return nil, false
}

// settle applies the values to the item's attributes and lists the
// settings worth reporting: every parameter a constraint set, and the
// others where they differ from the item's own value.
func settle(attrs []model.Attribute, plans []*paramPlan, values []choice) *varied {
	it := model.Item{Attributes: slices.Clone(attrs)}
	slices.SortFunc(it.Attributes, func(a, b model.Attribute) int { return strings.Compare(a.Name, b.Name) })
	v := &varied{}
	for i, pl := range plans {
		val := values[i]
		old, had := it.Attr(pl.p.Name)
		unit := pl.p.Unit
		if unit == "" {
			unit = old.Unit
		}
		s := Setting{Parameter: pl.p.Name, Unit: unit}
		if had {
			s.From = old.String()
		}
		if val.enum {
			s.Text, s.Unit = val.text, ""
			it.SetAttr(model.EnumAttr(pl.p.Name, val.text, val.text))
		} else {
			s.Value = val.num
			it.SetAttr(model.NumberAttr(pl.p.Name, val.num, unit, ""))
		}
		unchanged := pl.current != nil && *pl.current == val
		if pl.needed || !unchanged {
			v.settings = append(v.settings, s)
		}
	}
	v.attrs = it.Attributes
	return v
}

func joinRelations(rels []*compiled) string {
	s := ""
	for i, r := range rels {
		if i > 0 {
			s += "; "
		}
		s += r.src
	}
	return s
}
