package design

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

// option is one way to meet a requirement item: configure or vary a
// candidate, or design anew. Each option is one variable of the
// satisfiability problem.
type option struct {
	// v is the option's variable in the problem (its place in the space,
	// from 1).
	v        int
	item     int
	decision Decision
	cand     *retrieval.Candidate // nil for a new design
	settings []Setting
	// attrs are the attributes the option brings: the candidate's, with
	// a variant's settings applied; a new design's spec.
	attrs []model.Attribute
	env   map[string]any
	class model.ClassPath
	why   string
}

func (o *option) name() string {
	if o.cand == nil {
		return ""
	}
	return o.cand.Name
}

func (o *option) score() float64 {
	if o.cand == nil {
		return 0
	}
	return o.cand.Score
}

// itemSpace is one requirement item with its options.
type itemSpace struct {
	req      model.RequirementItem
	ident    string
	options  []*option
	rejected []Alternative
	nearest  *retrieval.Candidate
	gap      *Gap
	spec     []model.Attribute
}

// space is every item's options, in a fixed order.
type space struct {
	req     model.Requirement
	opt     Options
	items   []*itemSpace
	options []*option
	idents  map[string]int
}

func newSpace(in Input, opt Options) (*space, error) {
	ids, byID := identifiers(in.Requirement)
	sp := &space{req: in.Requirement, opt: opt, idents: byID}
	results := resultsByName(in.Candidates)
	names := map[string]int{}
	for _, ri := range in.Requirement.Items {
		names[ri.Name]++
	}
	for name, rs := range results {
		if len(rs) > names[name] {
			return nil, errorf("retrieval result %q has candidates for item %q, which requirement %q does not ask for",
				in.Candidates.Requirement, name, in.Requirement.Name)
		}
	}
	for i, ri := range in.Requirement.Items {
		is := &itemSpace{req: ri, ident: ids[i], spec: specOf(ri)}
		var cands []retrieval.Candidate
		if q := results[ri.Name]; len(q) > 0 {
			cands = q[0].Candidates
			results[ri.Name] = q[1:]
		}
		if len(cands) > opt.MaxOptions {
			cands = cands[:opt.MaxOptions]
		}
		for k := range cands {
			c := &cands[k]
			if is.nearest == nil {
				is.nearest = c
			}
			o, reason := classify(ri, c, in.Variability, opt)
			if o == nil {
				is.rejected = append(is.rejected, Alternative{Candidate: refOf(c), Reason: reason})
				continue
			}
			o.item = i
			is.options = append(is.options, o)
		}
		is.gap = gapOf(ri, is.nearest, in.Variability)
		if !opt.ReuseOnly {
			is.options = append(is.options, &option{
				item: i, decision: New, attrs: is.spec, class: ri.Class,
				env: attrEnv(is.spec, map[string]string{"name": ri.Name, "class": string(ri.Class), "level": levelOf(ri)}),
				why: "new design to the item's spec",
			})
		}
		sp.items = append(sp.items, is)
		sp.options = append(sp.options, is.options...)
	}
	return sp, nil
}

func levelOf(ri model.RequirementItem) string {
	if ri.Level == model.LevelAny {
		return ""
	}
	return string(ri.Level)
}

// resultsByName files retrieval's item results under their names, in
// order, so repeated names pair up with the requirement's in turn.
func resultsByName(res retrieval.Result) map[string][]retrieval.ItemResult {
	m := map[string][]retrieval.ItemResult{}
	for _, ir := range res.Items {
		m[ir.Name] = append(m[ir.Name], ir)
	}
	return m
}

// classify makes a candidate an option: configure when it may be used as
// it is, else variant when its parameters can be set to meet the item;
// otherwise it says why it is neither.
func classify(ri model.RequirementItem, c *retrieval.Candidate, vary func(model.ItemID) (model.Variability, bool), opt Options) (*option, string) {
	// Meeting the musts is not enough when the candidate is another thing
	// altogether (a MOSFET for "current sense amplifier, 80 V").
	// A family's own attributes are what it will be set to, so its
	// similarity says little; its kind is still checked below.
	if c.Level != model.LevelFamily && c.Similarity < opt.MinSimilarity {
		return nil, fmt.Sprintf("similarity %.2f below %.2f: not the thing asked for", c.Similarity, opt.MinSimilarity)
	}
	if why := otherFunction(c); why != "" {
		return nil, why
	}
	whyNot := configurable(ri, c, opt.ConfigureThreshold)
	if whyNot == "" {
		return &option{
			decision: Configure, cand: c, attrs: c.Attributes, class: c.Class, env: candidateEnv(c, c.Attributes),
			why: configureWhy(ri, c),
		}, ""
	}
	if vary == nil {
		return nil, whyNot
	}
	vb, ok := vary(c.ID)
	if !ok || len(vb.Parameters) == 0 {
		return nil, whyNot
	}
	v, whyNotVariant := variant(ri, c, vb)
	if v == nil {
		return nil, whyNot + "; no variant: " + whyNotVariant
	}
	return &option{
		decision: Variant, cand: c, settings: v.settings, attrs: v.attrs, class: c.Class,
		env: candidateEnv(c, v.attrs),
		why: fmt.Sprintf("variant of %s %q: %s meets %s", c.Level, c.Name, joinSettings(v.settings), describeAll(targets(ri))),
	}, ""
}

func candidateEnv(c *retrieval.Candidate, attrs []model.Attribute) map[string]any {
	return attrEnv(attrs, map[string]string{
		"id": string(c.ID), "name": c.Name, "class": string(c.Class), "level": string(c.Level),
		"owner": string(c.Owner), "lifecycle": string(c.Lifecycle),
	})
}

func configureWhy(ri model.RequirementItem, c *retrieval.Candidate) string {
	musts := mustsOf(ri)
	if len(musts) == 0 {
		return fmt.Sprintf("%s %s %q, similarity %.2f", c.Lifecycle, c.Level, c.Name, c.Similarity)
	}
	return fmt.Sprintf("%s %s %q meets every must-constraint (%s)", c.Lifecycle, c.Level, c.Name, describeAll(musts))
}

// configurable says why the candidate cannot be configured as it is, or
// "" when it can: released or preferred, retrieval's must status met, no
// must-constraint in its explanation unmet, and every must-constraint
// re-checked on its attributes (a range attribute meets one only when
// the whole range does); an item without must-constraints needs the
// configure threshold's similarity.
func configurable(ri model.RequirementItem, c *retrieval.Candidate, threshold float64) string {
	if c.Lifecycle != model.Released && c.Lifecycle != model.Preferred {
		return fmt.Sprintf("lifecycle %s (only released and preferred items are configured)", orNone(string(c.Lifecycle)))
	}
	if c.Must != retrieval.MustMet {
		return fmt.Sprintf("must-constraints %s", orNone(string(c.Must)))
	}
	for _, e := range c.Explanation {
		if e.Must && e.Status != retrieval.Met {
			return fmt.Sprintf("must-constraint on %s %s (have %s, want %s)", e.Attribute, e.Status, orNone(e.Value), e.Required)
		}
	}
	musts := mustsOf(ri)
	for _, m := range musts {
		a, ok := attrOf(c.Attributes, m.Attribute)
		if st := meets(a, ok, m); st != met {
			return fmt.Sprintf("must-constraint on %s %s (have %s, want %s)", m.Attribute, st.words(), orNone(a.String()), describe(m))
		}
	}
	if len(musts) == 0 && c.Similarity < threshold {
		return fmt.Sprintf("similarity %.2f below the configure threshold %.2f", c.Similarity, threshold)
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func mustsOf(ri model.RequirementItem) []model.Constraint {
	var out []model.Constraint
	for _, c := range ri.Constraints {
		if c.Must {
			out = append(out, c)
		}
	}
	return out
}

// targets are the constraints a variant must meet and a gap is measured
// on: the must-constraints, or every stated constraint when none is a
// must.
func targets(ri model.RequirementItem) []model.Constraint {
	if m := mustsOf(ri); len(m) > 0 {
		return m
	}
	return ri.Constraints
}

func attrOf(attrs []model.Attribute, name string) (model.Attribute, bool) {
	for _, a := range attrs {
		if a.Name == name {
			return a, true
		}
	}
	return model.Attribute{}, false
}

// fit is how an attribute stands against one constraint.
type fit string

const (
	met     fit = "met"
	unmet   fit = "unmet"
	missing fit = "missing"
	// open: a range attribute that straddles the constraint: met only
	// for some setting inside the range.
	open fit = "open"
)

func (f fit) words() string {
	if f == open {
		return "met only in part of the item's range"
	}
	return string(f)
}

// meets checks an attribute (ok false: the item does not state it)
// against a constraint, with a relative hair of slack for numbers read
// from different texts.
func meets(a model.Attribute, ok bool, c model.Constraint) fit {
	if !ok {
		return missing
	}
	if c.Op == model.OneOf {
		if oneOf(a, c.Values) {
			return met
		}
		return unmet
	}
	if a.Kind != model.Number && a.Kind != model.Range {
		return unmet
	}
	if c.Unit != "" && a.Unit != "" && c.Unit != a.Unit {
		return unmet
	}
	lo, hi := a.Value, a.Value
	if a.Kind == model.Range {
		hi = a.Max
	}
	blo, bhi := band(c)
	switch {
	case lo >= blo && hi <= bhi:
		return met
	case hi >= blo && lo <= bhi:
		return open
	}
	return unmet
}

// band is the interval of values a numeric constraint accepts, widened
// by a relative hair: numbers read from different texts can differ in the
// last bits.
func band(c model.Constraint) (lo, hi float64) {
	lo, hi = exactBand(c)
	eps := 1e-9 * math.Abs(c.Value)
	return lo - eps, hi + eps
}

// exactBand is the interval a numeric constraint accepts, as stated: a
// variant is set inside it.
func exactBand(c model.Constraint) (lo, hi float64) {
	switch c.Op {
	case model.Target:
		return c.Value - c.Tolerance, c.Value + c.Tolerance
	case model.Min:
		return c.Value, math.Inf(1)
	case model.Max:
		return math.Inf(-1), c.Value
	}
	return math.Inf(1), math.Inf(-1)
}

func oneOf(a model.Attribute, values []string) bool {
	have := model.FoldEnum(a.Text)
	if have == "" {
		have = model.FoldEnum(a.Raw)
	}
	if have == "" && a.Kind == model.Number {
		have = model.FoldEnum(a.String())
	}
	for _, v := range values {
		w := model.FoldEnum(v)
		if w == "" {
			continue
		}
		if w == have || a.Kind == model.Text && slices.Contains(strings.Fields(strings.ToLower(a.Text)), strings.ToLower(strings.TrimSpace(v))) {
			return true
		}
	}
	return false
}

// describe formats what a constraint requires.
func describe(c model.Constraint) string {
	num := func(v float64) string { return model.NumberAttr("", v, c.Unit, "").String() }
	var s string
	switch c.Op {
	case model.Target:
		s = num(c.Value)
		if c.Tolerance > 0 {
			s += " ± " + num(c.Tolerance)
		}
	case model.Min:
		s = "≥ " + num(c.Value)
	case model.Max:
		s = "≤ " + num(c.Value)
	case model.OneOf:
		s = "one of " + strings.Join(c.Values, ", ")
	}
	return c.Attribute + " " + s
}

func describeAll(cs []model.Constraint) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = describe(c)
	}
	return strings.Join(parts, "; ")
}

func joinSettings(ss []Setting) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.String()
	}
	return strings.Join(parts, ", ")
}

// specOf is a new design's spec: each constrained attribute at its
// required value (a target's value, a bound, the first allowed value).
func specOf(ri model.RequirementItem) []model.Attribute {
	var it model.Item
	for _, c := range ri.Constraints {
		if _, ok := it.Attr(c.Attribute); ok && c.Op != model.Target {
			continue // a target wins over a bound on the same attribute
		}
		switch c.Op {
		case model.OneOf:
			if len(c.Values) > 0 {
				it.SetAttr(model.EnumAttr(c.Attribute, c.Values[0], describe(c)))
			}
		default:
			it.SetAttr(model.NumberAttr(c.Attribute, c.Value, c.Unit, describe(c)))
		}
	}
	return it.Attributes
}

// gapOf measures how far the nearest candidate is from the item's
// targets.
func gapOf(ri model.RequirementItem, c *retrieval.Candidate, vary func(model.ItemID) (model.Variability, bool)) *Gap {
	g := &Gap{Constraints: []GapEntry{}}
	if c == nil {
		for _, t := range targets(ri) {
			g.Constraints = append(g.Constraints, GapEntry{Attribute: t.Attribute, Required: describe(t), Status: string(missing)})
		}
		return g
	}
	r := refOf(c)
	g.Nearest = &r
	var vb model.Variability
	if vary != nil {
		vb, _ = vary(c.ID)
	}
	for _, t := range targets(ri) {
		a, ok := attrOf(c.Attributes, t.Attribute)
		st := meets(a, ok, t)
		if st == met {
			continue
		}
		e := GapEntry{Attribute: t.Attribute, Required: describe(t), Status: string(unmet)}
		if ok {
			e.Have = a.String()
			if d, ok := distance(a, t); ok {
				e.Distance = &d
			}
		} else {
			e.Status = string(missing)
		}
		for _, p := range vb.Parameters {
			if p.Name == t.Attribute {
				e.Have = strings.TrimSpace(e.Have + " (parameter " + describeParameter(p) + ")")
			}
		}
		g.Constraints = append(g.Constraints, e)
	}
	return g
}

// distance is how far a numeric attribute is from a constraint's band,
// relative to the required value (to the band when the value is 0).
func distance(a model.Attribute, c model.Constraint) (float64, bool) {
	if c.Op == model.OneOf || a.Kind != model.Number && a.Kind != model.Range {
		return 0, false
	}
	lo, hi := a.Value, a.Value
	if a.Kind == model.Range {
		hi = a.Max
	}
	blo, bhi := band(c)
	var d float64
	switch {
	case hi < blo:
		d = blo - hi
	case lo > bhi:
		d = lo - bhi
	}
	ref := math.Abs(c.Value)
	if ref == 0 {
		ref = 1
	}
	return math.Round(d/ref*1e4) / 1e4, true
}

func describeParameter(p model.Parameter) string {
	num := func(v float64) string { return model.NumberAttr("", v, p.Unit, "").String() }
	switch {
	case len(p.Steps) > 0:
		parts := make([]string, len(p.Steps))
		for i, s := range p.Steps {
			parts[i] = num(s)
		}
		return p.Name + " in {" + strings.Join(parts, ", ") + "}"
	case len(p.Values) > 0:
		return p.Name + " in {" + strings.Join(p.Values, ", ") + "}"
	}
	lo, hi := "-∞", "∞"
	if p.Min != nil {
		lo = num(*p.Min)
	}
	if p.Max != nil {
		hi = num(*p.Max)
	}
	return p.Name + " " + lo + ".." + hi
}

func refOf(c *retrieval.Candidate) Ref {
	return Ref{
		ID: c.ID, Name: c.Name, Level: c.Level, Owner: c.Owner, Lifecycle: c.Lifecycle,
		Source: c.Source, Score: c.Score, Similarity: c.Similarity,
	}
}

// Function floors: the requirement's words (or class) say what the thing
// is; a candidate that shares few of the words and is not of the class is
// something else, whatever its attributes. A class the requirement states
// (not one read from its text) must be matched.
const (
	minTextMatch  = 0.35
	minClassMatch = 0.8
	minStated     = 0.5
)

// otherFunction says why a candidate is not the kind of thing the item
// asks for, or "" when it is (or the item says nothing of its kind).
func otherFunction(c *retrieval.Candidate) string {
	text, class := -1.0, -1.0
	stated := false
	for _, e := range c.Explanation {
		switch e.Kind {
		case "text":
			text = e.Score
		case "class":
			class, stated = e.Score, !e.FromText
		}
	}
	switch {
	case stated && class < minStated:
		return fmt.Sprintf("another kind of thing: class %q, class match %.2f", c.Class, class)
	case text < 0 && class < 0, text >= minTextMatch, class >= minClassMatch:
		return ""
	}
	return fmt.Sprintf("another kind of thing: text match %.2f, class match %.2f", max(text, 0), max(class, 0))
}
