package design

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/crillab/gophersat/solver"

	"github.com/cbb-alliance/cbb/layers/model"
)

// maxCombinations bounds the option combinations a cross-item rule is
// evaluated on.
const maxCombinations = 200000

// group is the clauses one rule adds. Clauses are lists of literals: +v
// chooses option v, -v does not.
type group struct {
	rule    *rule
	clauses [][]int
}

// problem is the pseudo-boolean encoding of a decision: one variable per
// option, exactly one option per item, each accepted rule a group of
// clauses, and the costs to minimise.
type problem struct {
	sp       *space
	perItem  [][]int
	groups   []*group
	tier     []Decision // per variable - 1
	scorePen []int
	prefPen  []int
	// noOption lists the items that have no option at all.
	noOption []int
}

// scoreResolution is how finely candidate scores are told apart in the
// objective (scores are rounded to 1/scoreResolution): closer scores are a
// tie, which a preferred-part rule breaks, and then retrieval's order.
const scoreResolution = 100

func encode(sp *space, rules []*rule) (*problem, error) {
	pr := &problem{sp: sp, perItem: make([][]int, len(sp.items))}
	for k, o := range sp.options {
		o.v = k + 1
		pr.perItem[o.item] = append(pr.perItem[o.item], o.v)
		pr.tier = append(pr.tier, o.decision)
		pen := int(math.Round((1 - math.Min(1, math.Max(0, o.score()))) * scoreResolution))
		pr.scorePen = append(pr.scorePen, pen)
	}
	pr.prefPen = make([]int, len(sp.options))
	for i, vs := range pr.perItem {
		if len(vs) == 0 {
			pr.noOption = append(pr.noOption, i)
		}
	}
	for _, r := range rules {
		g := &group{rule: r}
		var err error
		switch r.Kind {
		case model.Requires:
			g.clauses = requiresClauses(sp, r)
		case model.Excludes:
			g.clauses = excludesClauses(sp, r)
		case model.RuleConstraint:
			g.clauses, err = constraintClauses(sp, r)
		case model.Prefer:
			pr.prefer(r)
		}
		if err != nil {
			return nil, err
		}
		if len(g.clauses) > 0 {
			pr.groups = append(pr.groups, g)
		}
	}
	return pr, nil
}

// requiresClauses: an option matching If is chosen only with an option
// matching Then (on another item, or itself); with none anywhere, it is
// never chosen.
func requiresClauses(sp *space, r *rule) [][]int {
	var out [][]int
	for _, o := range sp.options {
		if !matchesAny(r.If, o) || matchesAny(r.Then, o) {
			continue
		}
		c := []int{-o.v}
		for _, p := range sp.options {
			if p.item != o.item && matchesAny(r.Then, p) {
				c = append(c, p.v)
			}
		}
		out = append(out, c)
	}
	return out
}

// excludesClauses: no option matching If with one matching Then on
// another item.
func excludesClauses(sp *space, r *rule) [][]int {
	var out [][]int
	seen := map[[2]int]bool{}
	for _, o := range sp.options {
		if !matchesAny(r.If, o) {
			continue
		}
		for _, p := range sp.options {
			if p.item == o.item || !matchesAny(r.Then, p) {
				continue
			}
			key := [2]int{min(o.v, p.v), max(o.v, p.v)}
			if !seen[key] {
				seen[key] = true
				out = append(out, []int{-o.v, -p.v})
			}
		}
	}
	return out
}

// constraintClauses: a scoped constraint rules out every option in scope
// it does not allow; a cross-item one every combination of its items'
// options it does not allow.
func constraintClauses(sp *space, r *rule) ([][]int, error) {
	var out [][]int
	if !r.cross() {
		for _, o := range sp.options {
			in, _ := r.inScope(o)
			if !in {
				continue
			}
			if ok, _, _ := r.judge(sp, []*option{o}); !ok {
				out = append(out, []int{-o.v})
			}
		}
		return out, nil
	}
	if r.items == nil {
		return nil, nil
	}
	n := 1
	for _, i := range r.items {
		n *= max(1, len(sp.items[i].options))
		if n > maxCombinations {
			return nil, errorf("rule %s (%s) reads %d items with more than %d combinations of options", r.ID, r.Name, len(r.items), maxCombinations)
		}
	}
	eachCombination(sp, r.items, func(combo []*option) {
		if ok, _, _ := r.judge(sp, combo); !ok {
			c := make([]int, len(combo))
			for i, o := range combo {
				c[i] = -o.v
			}
			out = append(out, c)
		}
	})
	return out, nil
}

// eachCombination calls f with every choice of one option per item.
func eachCombination(sp *space, items []int, f func([]*option)) {
	combo := make([]*option, len(items))
	var rec func(k int)
	rec = func(k int) {
		if k == len(items) {
			f(combo)
			return
		}
		for _, o := range sp.items[items[k]].options {
			combo[k] = o
			rec(k + 1)
		}
	}
	rec(0)
}

// prefer charges one unit to the options of an item that do not match
// Then (within Scope, if set) when some option of the item does.
func (pr *problem) prefer(r *rule) {
	for _, is := range pr.sp.items {
		inScope := func(o *option) bool { return r.Scope == "" || classIn(o.class, r.Scope) }
		if !slices.ContainsFunc(is.options, func(o *option) bool { return inScope(o) && matchesAny(r.Then, o) }) {
			continue
		}
		for _, o := range is.options {
			if inScope(o) && !matchesAny(r.Then, o) {
				pr.prefPen[o.v-1]++
			}
		}
	}
}

// objectives are minimised in turn, each optimum kept as a constraint
// while the next is minimised: fewest new designs, then fewest variants,
// then the lowest score penalty with the preferred items as tie-break,
// then retrieval's order.
func (pr *problem) objectives() [][2][]int {
	var newLits, newW, varLits, varW, fineLits, fineW []int
	prefScale := 1
	for _, vs := range pr.perItem {
		most := 0
		for _, v := range vs {
			most = max(most, pr.prefPen[v-1])
		}
		prefScale += most
	}
	for k, d := range pr.tier {
		v := k + 1
		switch d {
		case New:
			newLits, newW = append(newLits, v), append(newW, 1)
		case Variant:
			varLits, varW = append(varLits, v), append(varW, 1)
		}
		if w := pr.scorePen[k]*prefScale + pr.prefPen[k]; w > 0 {
			fineLits, fineW = append(fineLits, v), append(fineW, w)
		}
	}
	// Last, retrieval's order among the options of an item, so that a tie
	// goes to the better-ranked candidate, not to the solver's whim.
	var ordLits, ordW []int
	for _, vs := range pr.perItem {
		for pos, v := range vs {
			if pos > 0 {
				ordLits, ordW = append(ordLits, v), append(ordW, pos)
			}
		}
	}
	return [][2][]int{{newLits, newW}, {varLits, varW}, {fineLits, fineW}, {ordLits, ordW}}
}

// solve finds a configuration under the groups in use (all when use is
// nil), optimal when optimize is set; it returns the chosen option of
// each item, or false when there is none.
func (pr *problem) solve(use []bool, optimize bool) ([]*option, bool, error) {
	if len(pr.noOption) > 0 {
		return nil, false, nil
	}
	var cs []solver.PBConstr
	for _, vs := range pr.perItem {
		cs = append(cs, solver.PropClause(slices.Clone(vs)...), solver.AtMost(slices.Clone(vs), 1))
	}
	for k, g := range pr.groups {
		if use != nil && !use[k] {
			continue
		}
		for _, c := range g.clauses {
			cs = append(cs, solver.PropClause(slices.Clone(c)...))
		}
	}
	model, ok, err := solveModel(cs)
	if !ok || err != nil {
		return nil, false, err
	}
	if optimize {
		for _, obj := range pr.objectives() {
			if len(obj[0]) == 0 {
				continue
			}
			var cost int
			model, cost, err = minimize(cs, model, obj[0], obj[1])
			if err != nil {
				return nil, false, err
			}
			cs = append(cs, solver.LtEq(slices.Clone(obj[0]), slices.Clone(obj[1]), cost))
		}
	}
	chosen := make([]*option, len(pr.perItem))
	for i, vs := range pr.perItem {
		for _, v := range vs {
			if model[v-1] {
				chosen[i] = pr.sp.options[v-1]
				break
			}
		}
	}
	return chosen, true, nil
}

// minimize lowers the bound on sum(weights · lits) from the cost of a
// first model by bisection, each probe a fresh gophersat solve of the
// constraints with the bound added. gophersat's own Minimize is not used:
// v1.4.0 returned, on an eight-variable instance of this encoding, a model
// breaking an at-least-one clause with a cost below the optimum.
func minimize(cs []solver.PBConstr, model []bool, lits, weights []int) ([]bool, int, error) {
	costOf := func(m []bool) int {
		c := 0
		for i, l := range lits {
			if m[l-1] {
				c += weights[i]
			}
		}
		return c
	}
	best, lo := costOf(model), 0
	for lo < best {
		mid := lo + (best-lo-1)/2
		bound := append(slices.Clip(cs), solver.LtEq(slices.Clone(lits), slices.Clone(weights), mid))
		m, ok, err := solveModel(bound)
		if err != nil {
			return nil, 0, err
		}
		if ok {
			model, best = m, costOf(m)
		} else {
			lo = mid + 1
		}
	}
	return model, best, nil
}

// solveModel solves the constraints with a fresh solver (on copies: the
// solver may rewrite them) and checks the model against them.
func solveModel(cs []solver.PBConstr) ([]bool, bool, error) {
	fresh := make([]solver.PBConstr, len(cs))
	for i, c := range cs {
		fresh[i] = solver.PBConstr{Lits: slices.Clone(c.Lits), Weights: slices.Clone(c.Weights), AtLeast: c.AtLeast}
	}
	s := solver.New(solver.ParsePBConstrs(fresh))
	if s.Solve() != solver.Sat {
		return nil, false, nil
	}
	m := s.Model()
	for _, c := range cs {
		sum := 0
		for i, l := range c.Lits {
			if abs(l) > len(m) {
				return nil, false, model.Errorf(model.Internal, "design: the solver's model lacks variable %d", abs(l))
			}
			if m[abs(l)-1] == (l > 0) {
				if c.Weights == nil {
					sum++
				} else {
					sum += c.Weights[i]
				}
			}
		}
		if sum < c.AtLeast {
			return nil, false, model.Errorf(model.Internal, "design: the solver's model breaks a constraint")
		}
	}
	return m, true, nil
}

// conflicts names a minimal set of reasons the problem has no solution:
// the items without any option, or else a minimal unsatisfiable subset of
// the rules' clause groups, found by deletion (drop a group for good when
// the rest stays unsatisfiable).
func (pr *problem) conflicts(ctx context.Context) ([]Conflict, error) {
	var out []Conflict
	if len(pr.noOption) > 0 {
		for _, i := range pr.noOption {
			is := pr.sp.items[i]
			detail := "retrieval found no candidate and new designs are not allowed"
			if n := len(is.rejected); n > 0 {
				detail = fmt.Sprintf("no candidate (of %d) can be configured or varied, and new designs are not allowed", n)
			}
			out = append(out, Conflict{Items: []string{is.req.Name}, Detail: detail})
		}
		return out, nil
	}
	use := make([]bool, len(pr.groups))
	for k := range use {
		use[k] = true
	}
	for k := range pr.groups {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		use[k] = false
		_, ok, err := pr.solve(use, false)
		if err != nil {
			return nil, err
		}
		if ok {
			use[k] = true
		}
	}
	for k, g := range pr.groups {
		if !use[k] {
			continue
		}
		out = append(out, Conflict{
			Rule: g.rule.ID, Name: g.rule.Name, Kind: g.rule.Kind,
			Items: pr.itemsOf(g), Detail: g.rule.describe(),
		})
	}
	return out, nil
}

// itemsOf names the items a group's clauses touch.
func (pr *problem) itemsOf(g *group) []string {
	seen := map[int]bool{}
	for _, c := range g.clauses {
		for _, l := range c {
			seen[pr.sp.options[abs(l)-1].item] = true
		}
	}
	var out []string
	for i, is := range pr.sp.items {
		if seen[i] {
			out = append(out, is.req.Name)
		}
	}
	return out
}

// forbidding lists the rules whose clauses rule out option o outright or
// in the company the chosen configuration gives it.
func (pr *problem) forbidding(o *option, chosen []*option) []*rule {
	picked := map[int]bool{}
	for _, c := range chosen {
		picked[c.v] = true
	}
	var out []*rule
	for _, g := range pr.groups {
		for _, c := range g.clauses {
			if !slices.Contains(c, -o.v) {
				continue
			}
			// The clause bites when every other literal is false given
			// the rest of the chosen configuration with o in place of
			// its item's choice.
			bites := true
			for _, l := range c {
				if l == -o.v {
					continue
				}
				p := pr.sp.options[abs(l)-1]
				isTrue := p.item != o.item && picked[p.v]
				if (l > 0) == isTrue {
					bites = false
					break
				}
			}
			if bites {
				out = append(out, g.rule)
				break
			}
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
