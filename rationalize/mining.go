package rationalize

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize/commonality"
	"github.com/cbb-alliance/cbb/rationalize/families"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
	"github.com/cbb-alliance/cbb/rationalize/rules"
)

// FamiliesParams are the parameters of the "families" analysis.
type FamiliesParams struct {
	Scope matrix.Scope `json:"scope"`
	// AllParts clusters every part of the store instead of the scope's
	// products' parts (for part libraries, which have no products).
	AllParts bool                   `json:"all_parts,omitempty"`
	Options  families.FamilyOptions `json:"options"`
}

// FamiliesResult is the part families found among the parts.
type FamiliesResult struct {
	Scope    string            `json:"scope"`
	Parts    int               `json:"parts"`
	Families []families.Family `json:"families"`
	// Classes says per class how many parts it had and why it was
	// skipped, if it was.
	Classes []ClassSummary `json:"classes"`
	Groups  []families.Group
}

// ClassSummary is one class's line of a families result.
type ClassSummary struct {
	Class      model.ClassPath `json:"class"`
	Parts      int             `json:"parts"`
	Families   int             `json:"families"`
	Cophenetic float64         `json:"cophenetic"`
	Skipped    string          `json:"skipped,omitempty"`
}

// RulesParams are the parameters of the "rules" analysis.
type RulesParams struct {
	Scope   matrix.Scope  `json:"scope"`
	Options rules.Options `json:"options"`
}

// RulesResult is the design rules mined from the scope: requires rules
// between modules and parts across products, never-together pairs, and
// parameter relations among the parts; proposals for the middle layer.
type RulesResult struct {
	Scope         string       `json:"scope"`
	Products      int          `json:"products"`
	Requires      []rules.Rule `json:"requires"`
	NeverTogether []rules.Rule `json:"never_together"`
	Relations     []rules.Rule `json:"relations"`
	// Names maps the item ids in the rules to names.
	Names map[string]string `json:"names"`
}

func init() {
	register("families", PartFamilies, func(r *FamiliesResult) string {
		return fmt.Sprintf("%d parts: %d families", r.Parts, len(r.Families))
	}, func(env Env, p FamiliesParams) string {
		if p.AllParts {
			return "every part @ " + env.State
		}
		return scopeInput(env, p.Scope)
	})
	register("rules", MineRules, func(r *RulesResult) string {
		return fmt.Sprintf("%d products: %d requires rules, %d never-together pairs, %d parameter relations",
			r.Products, len(r.Requires), len(r.NeverTogether), len(r.Relations))
	}, func(env Env, p RulesParams) string { return scopeInput(env, p.Scope) })
}

// scopeParts returns the leaf parts of the scope's products, by id.
func scopeParts(ctx context.Context, env Env, s matrix.Scope) ([]model.Item, *FamilyData, error) {
	fam, items, err := FamilyOf(ctx, env, s)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	var parts []model.Item
	for _, ps := range fam.Parts {
		for _, id := range ps {
			if !seen[id] {
				seen[id] = true
				parts = append(parts, items[id])
			}
		}
	}
	sortItems(parts)
	return parts, &FamilyData{Family: fam, Items: items}, nil
}

// PartFamilies clusters the parts by their attributes, class by class,
// into proposed part families.
func PartFamilies(ctx context.Context, env Env, p FamiliesParams) (*FamiliesResult, error) {
	var parts []model.Item
	if p.AllParts {
		err := env.Store.Items(ctx, model.LevelPart, func(it model.Item) error {
			parts = append(parts, it)
			return nil
		})
		if err != nil {
			return nil, err
		}
	} else {
		var err error
		if parts, _, err = scopeParts(ctx, env, p.Scope); err != nil {
			return nil, err
		}
	}
	env.progress("clustering", 0, len(parts))
	groups, err := families.Families(ctx, parts, p.Options)
	if err != nil {
		return nil, err
	}
	r := &FamiliesResult{Scope: p.Scope.String(), Parts: len(parts), Groups: groups}
	for _, g := range groups {
		r.Families = append(r.Families, g.Families...)
		r.Classes = append(r.Classes, ClassSummary{Class: g.Class, Parts: len(g.Items), Families: len(g.Families), Cophenetic: g.Cophenetic, Skipped: g.Skipped})
	}
	return r, nil
}

// MineRules mines design rules from the scope's products: each product is
// a transaction of its leaf parts and of its modules, named
// "module:<name>" because each product's assemblies are items of their
// own in the store, while a rule is about the kind of module.
func MineRules(ctx context.Context, env Env, p RulesParams) (*RulesResult, error) {
	parts, fd, err := scopeParts(ctx, env, p.Scope)
	if err != nil {
		return nil, err
	}
	r := &RulesResult{Scope: p.Scope.String(), Products: len(fd.Family.Products), Names: map[string]string{}}
	var tx [][]string
	for j, prod := range fd.Family.Products {
		var t []string
		for _, id := range fd.Family.Parts[j] {
			t = append(t, id)
			r.Names[id] = fd.Items[id].Name
		}
		for _, id := range fd.innerOf(prod) {
			name := "module:" + fd.Items[id].Name
			t = append(t, name)
			r.Names[name] = fd.Items[id].Name
		}
		slices.Sort(t)
		tx = append(tx, slices.Compact(t))
	}
	env.progress("association rules", 0, 3)
	mined, err := rules.Mine(ctx, tx, p.Options)
	if err != nil {
		return nil, err
	}
	r.Requires = mined.Rules
	env.progress("never-together pairs", 1, 3)
	never, err := rules.NeverTogether(ctx, tx, p.Options)
	if err != nil {
		return nil, err
	}
	r.NeverTogether = never.Rules
	env.progress("parameter relations", 2, 3)
	if r.Relations, err = rules.ParameterRelations(ctx, parts, p.Options); err != nil {
		return nil, err
	}
	return r, nil
}

// FamilyData is a scope's BOM data with its items.
type FamilyData struct {
	Family *commonality.Family
	Items  map[string]model.Item
}

// innerOf returns the assemblies inside a product's BOM tree.
func (fd *FamilyData) innerOf(prod string) []string {
	var out []string
	seen := map[string]bool{prod: true}
	var walk func(id string)
	walk = func(id string) {
		for _, c := range fd.Family.Uses[id] {
			if seen[c] || len(fd.Family.Uses[c]) == 0 {
				continue
			}
			seen[c] = true
			out = append(out, c)
			walk(c)
		}
	}
	walk(prod)
	slices.Sort(out)
	return out
}

// Label names the items of a rule for people: their names, joined by " + ".
func (r *RulesResult) Label(ids []string) string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if n := r.Names[id]; n != "" {
			id = n
		}
		out = append(out, id)
	}
	return strings.Join(out, " + ")
}

// Proposals turns the mined rules into design rules for the middle layer,
// status proposed, origin the run: requires rules with one antecedent
// (the middle layer's requires reads "any of If needs one of Then"),
// never-together pairs as excludes, parameter relations as scoped
// constraints. Modules are named by name ("name:<module>"), parts by id.
func (r *RulesResult) Proposals(runID string) []model.Rule {
	sel := func(id string) string {
		if name, ok := strings.CutPrefix(id, "module:"); ok {
			return "name:" + name
		}
		return id
	}
	named := r.Label
	var out []model.Rule
	add := func(kind model.RuleKind, x rules.Rule, name string) {
		out = append(out, model.Rule{
			ID: fmt.Sprintf("mined-%s-%03d", runID, len(out)+1), Kind: kind, Name: name, Status: model.RuleProposed,
			Origin: "run:" + runID, Note: x.Evidence,
		})
	}
	for _, x := range r.Requires {
		if len(x.Antecedent) != 1 || len(x.Consequent) == 0 {
			continue
		}
		// A consequent of several items is a group always used together:
		// requiring its first requires the rest in the data it was
		// mined from, and Then reads as "one of".
		add(model.Requires, x, named(x.Antecedent)+" requires "+named(x.Consequent))
		out[len(out)-1].If = []string{sel(x.Antecedent[0])}
		out[len(out)-1].Then = []string{sel(x.Consequent[0])}
	}
	for _, x := range r.NeverTogether {
		add(model.Excludes, x, named(x.Antecedent)+" never with "+named(x.Consequent))
		for _, a := range x.Antecedent {
			out[len(out)-1].If = append(out[len(out)-1].If, sel(a))
		}
		for _, c := range x.Consequent {
			out[len(out)-1].Then = append(out[len(out)-1].Then, sel(c))
		}
	}
	for _, x := range r.Relations {
		if x.Scope == "" {
			continue // a constraint reads one class's items; unclassified parts have none
		}
		add(model.RuleConstraint, x, string(x.Scope)+": "+x.Formula())
		last := &out[len(out)-1]
		last.Scope, last.Condition, last.Expr = x.Scope, x.Condition, x.Expression
	}
	return out
}

// maxSteps is the most distinct values of a numeric parameter an accepted
// family keeps as its allowed steps; with more it is a continuous range.
const maxSteps = 5

// AcceptFamilies turns proposed part families into families of the
// middle layer: a family item per proposal (level family, owned by owner,
// class and defining attributes of its members, each varying numeric
// parameter as a range attribute and each varying categorical one as the
// text of its values, so retrieval finds it), variant edges to its member
// parts, and its variability (the varying parameters with their ranges,
// steps or value sets). The families are the owner's own records, keyed
// within the owner; their ids follow from the owner, the class and the
// members, so accepting the same proposal again changes nothing.
func AcceptFamilies(fams []families.Family, owner model.MemberID, scope model.Scope, origin string) (*model.Batch, []model.Variability) {
	b := &model.Batch{Origin: origin, Actor: owner}
	var vars []model.Variability
	for _, f := range fams {
		sum := sha256.Sum256([]byte(strings.Join(idStrings(f.Members), ",")))
		ext := fmt.Sprintf("%s|%x", f.Class, sum[:6])
		it := model.Item{
			ID: model.OwnedID(owner, model.NewID("cbb-family", ext)), Level: model.LevelFamily, Name: f.Label, Class: f.Class,
			Description: "part family proposed by rationalization (" + origin + ")",
			Lifecycle:   model.Released, Owner: owner, Scope: scope,
			Source: model.SourceRef{Namespace: owner, System: "cbb-family", ExternalID: ext},
		}
		v := model.Variability{Item: it.ID, Origin: origin}
		for _, a := range f.Defining {
			it.SetAttr(a)
		}
		for _, p := range f.Varying {
			if p.Kind == families.Numeric {
				lo, hi := p.Min, p.Max
				// Raw holds the values only: the attribute's name in the
				// text would match any requirement that names it.
				it.SetAttr(model.RangeAttr(p.Name, lo, hi, p.Unit, strings.TrimPrefix(p.String(), p.Name+" ")))
				// A family of a few sizes offers those sizes; one of many
				// values (a resistor series) is parametric over its range.
				var steps []float64
				if len(p.Numbers) <= maxSteps {
					steps = p.Numbers
				}
				v.Parameters = append(v.Parameters, model.Parameter{Name: p.Name, Unit: p.Unit, Min: &lo, Max: &hi, Steps: steps})
				continue
			}
			it.SetAttr(model.TextAttr(p.Name, strings.Join(p.Values, " ")))
			v.Parameters = append(v.Parameters, model.Parameter{Name: p.Name, Values: p.Values})
		}
		b.Add(it)
		for _, m := range f.Members {
			b.Edges = append(b.Edges, model.Edge{Parent: it.ID, Child: m, Kind: model.Variant})
		}
		vars = append(vars, v)
	}
	return b, vars
}

func idStrings(ids []model.ItemID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}
