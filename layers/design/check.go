package design

import (
	"fmt"
	"slices"

	"github.com/cbb-alliance/cbb/layers/model"
)

// audit re-checks every accepted rule on a configuration (one option per
// item) straight from the rules' meaning, without the clauses the solver
// saw, and collects the obligations left to new designs: the rules they
// could not be checked against.
func audit(sp *space, rules []*rule, chosen []*option) (violations []Violation, obligations map[int][]string) {
	violations = []Violation{}
	obligations = map[int][]string{}
	name := func(os ...*option) []string {
		var out []string
		for _, o := range os {
			out = append(out, sp.items[o.item].req.Name)
		}
		return out
	}
	oblige := func(r *rule, os ...*option) {
		for _, o := range os {
			if o.decision == New && !slices.Contains(obligations[o.item], r.ID) {
				obligations[o.item] = append(obligations[o.item], r.ID)
			}
		}
	}
	for _, r := range rules {
		switch r.Kind {
		case model.Requires:
			for _, o := range chosen {
				if !matchesAny(r.If, o) || matchesAny(r.Then, o) {
					continue
				}
				if !slices.ContainsFunc(chosen, func(p *option) bool { return p.item != o.item && matchesAny(r.Then, p) }) {
					violations = append(violations, Violation{Rule: r.ID, Name: r.Name, Items: name(o),
						Detail: fmt.Sprintf("%s chosen without any of %v", label(o), r.Then)})
				}
			}
		case model.Excludes:
			for _, o := range chosen {
				for _, p := range chosen {
					if p.item != o.item && matchesAny(r.If, o) && matchesAny(r.Then, p) {
						violations = append(violations, Violation{Rule: r.ID, Name: r.Name, Items: name(o, p),
							Detail: fmt.Sprintf("%s chosen with %s", label(o), label(p))})
					}
				}
			}
		case model.RuleConstraint:
			if !r.cross() {
				for _, o := range chosen {
					if in, _ := r.inScope(o); !in {
						continue
					}
					ok, obl, err := r.judge(sp, []*option{o})
					if !ok {
						violations = append(violations, Violation{Rule: r.ID, Name: r.Name, Items: name(o), Detail: failure(r, o, err)})
					} else if obl {
						oblige(r, o)
					}
				}
				continue
			}
			if r.items == nil {
				continue
			}
			combo := make([]*option, len(r.items))
			for k, i := range r.items {
				combo[k] = chosen[i]
			}
			ok, obl, err := r.judge(sp, combo)
			if !ok {
				violations = append(violations, Violation{Rule: r.ID, Name: r.Name, Items: name(combo...), Detail: failure(r, nil, err)})
			} else if obl {
				oblige(r, combo...)
			}
		}
	}
	return violations, obligations
}

func failure(r *rule, o *option, err error) string {
	s := r.Expr + " does not hold"
	if o != nil {
		s += " for " + label(o)
	}
	if err != nil {
		s += ": " + err.Error()
	}
	return s
}

// label names an option for people.
func label(o *option) string {
	if o.cand == nil {
		return "a new design"
	}
	return fmt.Sprintf("%s %q (%s)", o.decision, o.cand.Name, o.cand.ID)
}
