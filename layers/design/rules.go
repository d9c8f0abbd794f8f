package design

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// rule is an accepted rule made ready: its expressions compiled.
type rule struct {
	model.Rule
	cond, expr *compiled
	// items are the requirement items a cross-item constraint reads, in
	// order; nil when the rule names an item the requirement lacks, so
	// does not apply.
	items []int
}

// cross reports whether the rule is a constraint between requirement
// items (one without a scope).
func (r *rule) cross() bool { return r.Kind == model.RuleConstraint && r.Scope == "" }

// prepareRules keeps the accepted rules and compiles their expressions.
func prepareRules(rules []model.Rule, req model.Requirement) ([]*rule, error) {
	_, idents := identifiers(req)
	var out []*rule
	for _, mr := range rules {
		if mr.Status != model.RuleAccepted {
			continue
		}
		if err := mr.Validate(); err != nil {
			return nil, err
		}
		r := &rule{Rule: mr}
		if mr.Kind == model.RuleConstraint {
			var err error
			if r.Scope != "" {
				r.expr, err = compileExpr(mr.Expr, nil)
				if err == nil && mr.Condition != "" {
					r.cond, err = compileExpr(mr.Condition, nil)
				}
			} else {
				r.expr, err = compileExpr(mr.Expr, idents)
			}
			if err != nil {
				return nil, errorf("rule %s (%s): %v", mr.ID, mr.Name, err)
			}
			if r.cross() && len(r.expr.free) == 0 {
				for _, ref := range r.expr.refs {
					if i := idents[ref.item]; !slices.Contains(r.items, i) {
						r.items = append(r.items, i)
					}
				}
				slices.Sort(r.items)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// matches reports whether a selector picks the option: an item id, a
// "class:" prefix of its class (whole segments), or "name:" text its name
// contains. A new design has no id or name yet: only class selectors pick
// it, by the requirement item's class.
func matches(sel string, o *option) bool {
	switch {
	case strings.HasPrefix(sel, "class:"):
		return classIn(o.class, model.ClassPath(strings.TrimSpace(strings.TrimPrefix(sel, "class:"))))
	case strings.HasPrefix(sel, "name:"):
		text := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(sel, "name:")))
		return o.cand != nil && text != "" && strings.Contains(strings.ToLower(o.name()), text)
	}
	return o.cand != nil && string(o.cand.ID) == sel
}

func matchesAny(sels []string, o *option) bool {
	return slices.ContainsFunc(sels, func(s string) bool { return matches(s, o) })
}

// classIn reports whether class c lies in scope s or below it.
func classIn(c, s model.ClassPath) bool {
	cs, ss := c.Segments(), s.Segments()
	if len(ss) == 0 || len(cs) < len(ss) {
		return false
	}
	for i := range ss {
		if !strings.EqualFold(strings.TrimSpace(cs[i]), strings.TrimSpace(ss[i])) {
			return false
		}
	}
	return true
}

// inScope says whether a scoped constraint applies to the option: its
// class in the scope and its condition, if any, holding (a condition that
// reads an attribute the option lacks does not hold).
func (r *rule) inScope(o *option) (bool, error) {
	if !classIn(o.class, r.Scope) {
		return false, nil
	}
	if r.cond == nil {
		return true, nil
	}
	v, err := r.cond.eval(o.env)
	return v == holds, err
}

// judge says whether a constraint's expression allows the option (a
// scoped rule) or the combination (a cross-item rule, one option per
// item of r.items). Unknown counts against existing items and is an
// obligation when a new design is among them.
func (r *rule) judge(sp *space, combo []*option) (ok, obligation bool, err error) {
	var env map[string]any
	if !r.cross() {
		env = combo[0].env
	} else {
		env = make(map[string]any, len(combo))
		for _, o := range combo {
			env[sp.items[o.item].ident] = o.env
		}
	}
	v, err := r.expr.eval(env)
	switch v {
	case holds:
		return true, false, err
	case unknown:
		if slices.ContainsFunc(combo, func(o *option) bool { return o.decision == New }) {
			return true, true, nil
		}
	}
	return false, false, err
}

func (r *rule) describe() string {
	switch r.Kind {
	case model.Requires:
		return fmt.Sprintf("%s requires %s", strings.Join(r.If, ", "), strings.Join(r.Then, " or "))
	case model.Excludes:
		return fmt.Sprintf("%s excludes %s", strings.Join(r.If, ", "), strings.Join(r.Then, ", "))
	case model.RuleConstraint:
		s := r.Expr
		if r.Scope != "" {
			s = "in " + string(r.Scope) + ": " + s
			if r.Condition != "" {
				s += " when " + r.Condition
			}
		}
		return s
	}
	return fmt.Sprintf("prefer %s", strings.Join(r.Then, ", "))
}
