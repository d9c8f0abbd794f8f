package design

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/expr-lang/expr"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

// instance is a random decision problem: items with one constraint on x,
// a few candidates each (some of them lying about their must status),
// some varying x, and random rules of every kind.
type instance struct {
	in   Input
	vars map[model.ItemID]model.Variability
	byID map[model.ItemID]retrieval.Candidate
}

func randomInstance(rng *rand.Rand) instance { return sizedInstance(rng, 4, 5, 5) }

// sizedInstance draws up to maxItems items, fewer than maxCands
// candidates per item and fewer than maxRules rules.
func sizedInstance(rng *rand.Rand, maxItems, maxCands, maxRules int) instance {
	inst := instance{vars: map[model.ItemID]model.Variability{}, byID: map[model.ItemID]retrieval.Candidate{}}
	n := 1 + rng.IntN(maxItems)
	req := model.Requirement{Name: "random", Member: "m0"}
	ops := []model.ConstraintOp{model.Target, model.Min, model.Max}
	for i := range n {
		c := model.Constraint{Attribute: "x", Op: ops[rng.IntN(3)], Value: float64(2 + rng.IntN(7)), Must: rng.IntN(4) != 0}
		if c.Op == model.Target {
			c.Tolerance = 1
		}
		req.Items = append(req.Items, model.RequirementItem{Name: fmt.Sprintf("i%d", i), Class: model.ClassPath(fmt.Sprintf("C/k%d", rng.IntN(2))),
			Constraints: []model.Constraint{c}})
	}
	lcs := []model.Lifecycle{model.Released, model.Preferred, model.InWork, model.Deprecated}
	var ids []string
	res := retrieval.Result{Requirement: req.Name}
	for i, ri := range req.Items {
		ir := retrieval.ItemResult{Name: ri.Name}
		for j := range rng.IntN(maxCands) {
			id := fmt.Sprintf("c%d_%d", i, j)
			class := ri.Class
			if rng.IntN(4) == 0 {
				class = model.ClassPath(fmt.Sprintf("C/k%d", rng.IntN(2)))
			}
			score := float64(30+rng.IntN(71)) / 100
			c := cand(ri, id, fmt.Sprintf("cand %d %d", i, j), model.LevelPart, class, lcs[rng.IntN(len(lcs))],
				fmt.Sprintf("m%d", rng.IntN(3)), score, num("x", float64(rng.IntN(11)), ""))
			if rng.IntN(7) == 0 { // retrieval's word is wrong
				c.Must = retrieval.MustMet
				for k := range c.Explanation {
					c.Explanation[k].Status = retrieval.Met
				}
			}
			if rng.IntN(3) == 0 {
				lo := float64(rng.IntN(6))
				p := model.Parameter{Name: "x", Min: ptr(lo), Max: ptr(lo + float64(rng.IntN(7)))}
				if rng.IntN(2) == 0 {
					p = model.Parameter{Name: "x", Steps: []float64{lo, lo + 2, lo + 5}}
				}
				v := model.Variability{Item: c.ID, Parameters: []model.Parameter{p}}
				if rng.IntN(2) == 0 {
					v.Relations = []string{fmt.Sprintf("x <= %d", 3+rng.IntN(7))}
				}
				inst.vars[c.ID] = v
			}
			inst.byID[c.ID] = c
			ids = append(ids, id)
			ir.Candidates = append(ir.Candidates, c)
		}
		res.Items = append(res.Items, ir)
	}
	rules := randomRules(rng, n, ids, maxRules)
	inst.in = Input{Requirement: req, Candidates: res, Rules: rules, Options: Options{ReuseOnly: rng.IntN(5) == 0},
		Variability: func(id model.ItemID) (model.Variability, bool) { v, ok := inst.vars[id]; return v, ok }}
	return inst
}

// randomRules draws fewer than maxRules rules of every kind over n items
// and the candidates ids.
func randomRules(rng *rand.Rand, n int, ids []string, maxRules int) []model.Rule {
	sel := func() string {
		switch k := rng.IntN(4); {
		case k < 2 && len(ids) > 0:
			return ids[rng.IntN(len(ids))]
		case k == 2:
			return fmt.Sprintf("name:cand %d", rng.IntN(n))
		}
		return fmt.Sprintf("class:C/k%d", rng.IntN(2))
	}
	var rules []model.Rule
	for k := range rng.IntN(maxRules) {
		r := model.Rule{ID: fmt.Sprintf("r%d", k), Name: fmt.Sprintf("rule %d", k), Status: model.RuleAccepted}
		if rng.IntN(7) == 0 {
			r.Status = model.RuleProposed
		}
		switch kind := rng.IntN(5); {
		case kind == 0:
			r.Kind, r.If, r.Then = model.Requires, []string{sel()}, []string{sel()}
		case kind == 1:
			r.Kind, r.If, r.Then = model.Excludes, []string{sel()}, []string{sel()}
		case kind == 2:
			r.Kind, r.Scope = model.RuleConstraint, model.ClassPath(fmt.Sprintf("C/k%d", rng.IntN(2)))
			r.Expr = fmt.Sprintf("x %s %d", []string{"<=", ">="}[rng.IntN(2)], 2+rng.IntN(7))
			if rng.IntN(2) == 0 {
				r.Condition = "x > 1"
			}
		case kind == 3 && n > 1:
			a := rng.IntN(n)
			b := (a + 1 + rng.IntN(n-1)) % n
			r.Kind, r.Expr = model.RuleConstraint, fmt.Sprintf("i%d.x + i%d.x <= %d", a, b, 4+rng.IntN(13))
		default:
			r.Kind, r.Then = model.Prefer, []string{sel()}
		}
		rules = append(rules, r)
	}
	return rules
}

// view is a chosen item as the tests' own checker sees it.
type view struct {
	item  int
	id    string
	name  string
	class string
	x     float64
	isNew bool
}

func (v view) matches(sel string) bool {
	switch {
	case strings.HasPrefix(sel, "class:"):
		s := strings.TrimPrefix(sel, "class:")
		return v.class == s || strings.HasPrefix(v.class, s+"/")
	case strings.HasPrefix(sel, "name:"):
		return !v.isNew && strings.Contains(v.name, strings.TrimPrefix(sel, "name:"))
	}
	return !v.isNew && v.id == sel
}

// obeys is the tests' own reading of the accepted rules on a
// configuration: each rule straight from its definition, expressions
// evaluated by expr.Eval.
func obeys(t *testing.T, rules []model.Rule, vs []view) error {
	anyOf := func(sels []string, v view) bool { return slices.ContainsFunc(sels, v.matches) }
	eval := func(src string, env map[string]any) bool {
		out, err := expr.Eval(src, env)
		if err != nil {
			t.Fatalf("eval %s: %v", src, err)
		}
		return out.(bool)
	}
	for _, r := range rules {
		if r.Status != model.RuleAccepted {
			continue
		}
		for _, v := range vs {
			switch r.Kind {
			case model.Requires:
				if anyOf(r.If, v) && !anyOf(r.Then, v) &&
					!slices.ContainsFunc(vs, func(w view) bool { return w.item != v.item && anyOf(r.Then, w) }) {
					return fmt.Errorf("%s: %+v without %v", r.ID, v, r.Then)
				}
			case model.Excludes:
				for _, w := range vs {
					if w.item != v.item && anyOf(r.If, v) && anyOf(r.Then, w) {
						return fmt.Errorf("%s: %+v with %+v", r.ID, v, w)
					}
				}
			case model.RuleConstraint:
				if r.Scope == "" {
					continue
				}
				env := map[string]any{"x": v.x}
				in := v.class == string(r.Scope) || strings.HasPrefix(v.class, string(r.Scope)+"/")
				if in && (r.Condition == "" || eval(r.Condition, env)) && !eval(r.Expr, env) {
					return fmt.Errorf("%s: %s fails for %+v", r.ID, r.Expr, v)
				}
			}
		}
		if r.Kind == model.RuleConstraint && r.Scope == "" {
			env := map[string]any{}
			for _, v := range vs {
				env[fmt.Sprintf("i%d", v.item)] = map[string]any{"x": v.x}
			}
			if !eval(r.Expr, env) {
				return fmt.Errorf("%s: %s fails on %v", r.ID, r.Expr, env)
			}
		}
	}
	return nil
}

// views reads the configuration of a feasible report, checking on the way
// that a configured item meets every must and a variant's settings lie
// within its parameter and meet every must.
func (inst instance) views(t *testing.T, rep Report) []view {
	var vs []view
	for i, d := range rep.Items {
		ri := inst.in.Requirement.Items[i]
		v := view{item: i, class: string(ri.Class)}
		switch d.Decision {
		case New:
			v.isNew, v.x = true, ri.Constraints[0].Value
		case Configure, Variant:
			c := inst.byID[d.Candidate.ID]
			v.id, v.name, v.class = string(c.ID), c.Name, string(c.Class)
			a, _ := (&model.Item{Attributes: c.Attributes}).Attr("x")
			v.x = a.Value
			if d.Decision == Configure {
				if c.Lifecycle != model.Released && c.Lifecycle != model.Preferred {
					t.Fatalf("configure %s in lifecycle %s", c.ID, c.Lifecycle)
				}
				if k := ri.Constraints[0]; !k.Must && c.Similarity < 0.75 {
					t.Fatalf("configure %s at similarity %v without musts", c.ID, c.Similarity)
				}
			} else {
				p := inst.vars[c.ID].Parameters[0]
				if len(d.Settings) != 1 || d.Settings[0].Parameter != "x" {
					t.Fatalf("variant %s settings %+v", c.ID, d.Settings)
				}
				v.x = d.Settings[0].Value
				if p.Min != nil && (v.x < *p.Min || v.x > *p.Max) || p.Steps != nil && !slices.Contains(p.Steps, v.x) {
					t.Fatalf("variant %s: x = %v outside %+v", c.ID, v.x, p)
				}
				for _, rel := range inst.vars[c.ID].Relations {
					if out, _ := expr.Eval(rel, map[string]any{"x": v.x}); out != true {
						t.Fatalf("variant %s: x = %v breaks %s", c.ID, v.x, rel)
					}
				}
			}
			for _, k := range ri.Constraints {
				if (k.Must || d.Decision == Variant) && !testMeets(num("x", v.x, ""), k) {
					t.Fatalf("%s %s with x = %v fails %+v", d.Decision, c.ID, v.x, k)
				}
			}
		default:
			t.Fatalf("item %s: no decision in a feasible report", d.Item)
		}
		vs = append(vs, v)
	}
	return vs
}

// TestProperties runs many random instances: every proposed configuration
// satisfies every accepted rule (by the tests' own reading), configure is
// never proposed for an item failing a must, the solver's configuration is
// as good as the best found by enumerating every configuration, it finds
// one whenever one exists, and the conflicts it names are a minimal
// unsatisfiable set.
func TestProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var feasible, infeasible, withRules, ruleConflicts int
	for k := range 1500 {
		inst := randomInstance(rng)
		rep, err := Decide(context.Background(), inst.in)
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		best, exists := inst.bruteForce(t)
		if rep.Feasible != exists {
			t.Fatalf("instance %d: feasible %v, enumeration says %v\n%+v", k, rep.Feasible, exists, inst.in.Rules)
		}
		if !rep.Feasible {
			if len(rep.Conflicts) == 0 {
				t.Fatalf("instance %d: infeasible without conflicts", k)
			}
			infeasible++
			if rep.Conflicts[0].Rule != "" {
				ruleConflicts++
			}
			inst.checkConflicts(t, k, rep)
			continue
		}
		feasible++
		if len(inst.in.Rules) > 0 {
			withRules++
		}
		if len(rep.Violations) > 0 {
			t.Fatalf("instance %d: violations %+v", k, rep.Violations)
		}
		if err := obeys(t, inst.in.Rules, inst.views(t, rep)); err != nil {
			t.Fatalf("instance %d: %v\nrules %+v", k, err, inst.in.Rules)
		}
		if got := inst.objective(t, rep); slices.Compare(got, best) != 0 {
			t.Fatalf("instance %d: objective %v, best by enumeration %v", k, got, best)
		}
	}
	t.Logf("%d feasible (%d with rules), %d infeasible (%d for conflicting rules)", feasible, withRules, infeasible, ruleConflicts)
	if ruleConflicts < 20 || feasible < 500 {
		t.Errorf("the generator gives too few of a kind: %d feasible, %d infeasible", feasible, infeasible)
	}
}

// space builds the package's options for the instance.
func (inst instance) space(t *testing.T) (*space, *problem) {
	opt := inst.in.Options.withDefaults()
	rules, err := prepareRules(inst.in.Rules, inst.in.Requirement)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := newSpace(inst.in, opt)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := encode(sp, rules)
	if err != nil {
		t.Fatal(err)
	}
	return sp, pr
}

// bruteForce enumerates every configuration of the options, keeps those
// the tests' checker accepts, and returns the best objective.
func (inst instance) bruteForce(t *testing.T) ([]int, bool) {
	sp, pr := inst.space(t)
	var best []int
	items := make([]int, len(sp.items))
	for i := range items {
		items[i] = i
	}
	if slices.ContainsFunc(sp.items, func(is *itemSpace) bool { return len(is.options) == 0 }) {
		return nil, false
	}
	eachCombination(sp, items, func(combo []*option) {
		vs := make([]view, len(combo))
		for i, o := range combo {
			vs[i] = optionView(sp, o)
		}
		if obeys(t, inst.in.Rules, vs) != nil {
			return
		}
		if obj := pr.objectiveOf(combo); best == nil || slices.Compare(obj, best) < 0 {
			best = obj
		}
	})
	return best, best != nil
}

func optionView(sp *space, o *option) view {
	v := view{item: o.item, class: string(o.class), isNew: o.cand == nil}
	if o.cand != nil {
		v.id, v.name = string(o.cand.ID), o.cand.Name
	}
	a, _ := attrOf(o.attrs, "x")
	v.x = a.Value
	return v
}

// objectiveOf is the lexicographic objective of a configuration: new
// designs, variants, score penalty, prefer penalty.
func (pr *problem) objectiveOf(combo []*option) []int {
	obj := make([]int, 4)
	for _, o := range combo {
		switch o.decision {
		case New:
			obj[0]++
		case Variant:
			obj[1]++
		}
		obj[2] += pr.scorePen[o.v-1]
		obj[3] += pr.prefPen[o.v-1]
	}
	return obj
}

func (inst instance) objective(t *testing.T, rep Report) []int {
	sp, pr := inst.space(t)
	combo := make([]*option, len(rep.Items))
	for i, d := range rep.Items {
		for _, o := range sp.items[i].options {
			if o.decision == d.Decision && (d.Candidate == nil) == (o.cand == nil) && (o.cand == nil || o.cand.ID == d.Candidate.ID) {
				combo[i] = o
			}
		}
		if combo[i] == nil {
			t.Fatalf("item %s: decision %s is no option", d.Item, d.Decision)
		}
	}
	return pr.objectiveOf(combo)
}

// checkConflicts: the conflicting rules alone leave no configuration, and
// without any one of them there is one.
func (inst instance) checkConflicts(t *testing.T, k int, rep Report) {

	if rep.Conflicts[0].Rule == "" {
		sp, _ := inst.space(t)
		for _, c := range rep.Conflicts {
			i := slices.IndexFunc(sp.items, func(is *itemSpace) bool { return is.req.Name == c.Items[0] })
			if len(sp.items[i].options) != 0 {
				t.Fatalf("instance %d: item %s named, but it has options", k, c.Items[0])
			}
		}
		return
	}
	only := func(skip string) []model.Rule {
		var out []model.Rule
		for _, r := range inst.in.Rules {
			if r.Status == model.RuleAccepted && r.ID != skip && slices.ContainsFunc(rep.Conflicts, func(c Conflict) bool { return c.Rule == r.ID }) {
				out = append(out, r)
			}
		}
		return out
	}
	in := inst.in
	in.Rules = only("")
	if r, _ := Decide(context.Background(), in); r.Feasible {
		t.Fatalf("instance %d: the conflicting rules %v alone are satisfiable", k, rep.Conflicts)
	}
	for _, c := range rep.Conflicts {
		in.Rules = only(c.Rule)
		if r, _ := Decide(context.Background(), in); !r.Feasible {
			t.Fatalf("instance %d: conflicts %v not minimal: still unsatisfiable without %s", k, rep.Conflicts, c.Rule)
		}
	}
}
