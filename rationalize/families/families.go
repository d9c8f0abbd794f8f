package families

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Defaults of FamilyOptions.
const (
	// DefaultHeight is the Gower distance at which average-linkage trees
	// are cut: members of a family differ, on average, in a quarter of
	// their weighted attributes at most. On NopSCADlib screws every cut
	// from 0.2 to 0.35 separates head types and standards and keeps threads
	// and lengths together; above 0.25 the 0402 and 0603 resistors of
	// gitplm join into one family (see NOTES.md).
	DefaultHeight = 0.25
	// DefaultMaxItems bounds a class: clustering keeps two n² matrices of
	// float64, 200 MB at 5,000 items.
	DefaultMaxItems = 5000
)

// FamilyOptions tune Families.
type FamilyOptions struct {
	// Options choose and weigh the attributes, within each class.
	Options
	// Linkage is the clustering linkage; "" means Average.
	Linkage Linkage
	// Height is where each class's tree is cut into clusters; 0 means
	// DefaultHeight.
	Height float64
	// MinSize is the fewest members a family has; 0 means 2. Smaller
	// clusters are reported as unassigned.
	MinSize int
	// ClassDepth groups items by the first ClassDepth segments of their
	// class path ("Mechanical/Fasteners" at 2); 0 means the whole path.
	ClassDepth int
	// MaxItems is the largest class clustered; larger ones are skipped
	// with a reason. 0 means DefaultMaxItems.
	MaxItems int
}

func (o FamilyOptions) withDefaults() FamilyOptions {
	if o.Linkage == "" {
		o.Linkage = Average
	}
	if o.Height == 0 {
		o.Height = DefaultHeight
	}
	if o.MinSize <= 0 {
		o.MinSize = 2
	}
	if o.MaxItems <= 0 {
		o.MaxItems = DefaultMaxItems
	}
	return o
}

// Group is one class clustered: its items in input order (the dendrogram's
// leaves index them), the variables compared, the tree, and the families
// proposed by cutting it.
type Group struct {
	Class     model.ClassPath `json:"class"`
	Items     []model.ItemID  `json:"items"`
	Names     []string        `json:"names"`
	Variables []Variable      `json:"variables"`
	// Dendrogram is nil when the class was skipped or has one item.
	Dendrogram *Dendrogram `json:"-"`
	// Cophenetic is the tree's cophenetic correlation, 0 where it is not
	// defined (fewer than 3 items, all distances equal) so the group
	// encodes as JSON.
	Cophenetic float64  `json:"cophenetic"`
	Families   []Family `json:"families"`
	// Unassigned are the items in no family: clusters smaller than MinSize.
	Unassigned []model.ItemID `json:"unassigned,omitempty"`
	// Skipped says why the class was not clustered, if it was not.
	Skipped string `json:"skipped,omitempty"`
}

// Family is a proposed part family: parts of one class, close in Gower
// distance, described by the same parameters. It is what the design layer
// turns into a parametric family.
type Family struct {
	Class model.ClassPath `json:"class"`
	// Label reads like a catalogue heading: "Screws: head hex, standard
	// ISO 4017; length 8..50 mm, thread {M3, M4, M5}".
	Label   string         `json:"label"`
	Members []model.ItemID `json:"members"`
	// Defining attributes have one value on every member.
	Defining []model.Attribute `json:"defining"`
	// Varying attributes are present on every member with more than one
	// value: the family's parameters.
	Varying []Parameter `json:"varying"`
	// Diameter is the largest Gower distance between two members.
	Diameter float64 `json:"diameter"`
}

// Parameter is an attribute that varies within a family.
type Parameter struct {
	Name string  `json:"name"`
	Kind VarKind `json:"kind"`
	// Min and Max bound a numeric parameter, in Unit; Numbers are its
	// distinct values, ascending.
	Min     float64   `json:"min,omitempty"`
	Max     float64   `json:"max,omitempty"`
	Unit    string    `json:"unit,omitempty"`
	Numbers []float64 `json:"numbers,omitempty"`
	// Values are a categorical parameter's distinct values, in natural
	// order (M2 < M10).
	Values []string `json:"values,omitempty"`
}

// String writes the parameter's range or value set.
func (p Parameter) String() string {
	if p.Kind == Numeric {
		return p.Name + " " + formatSI(p.Min, p.Unit) + ".." + formatSI(p.Max, p.Unit)
	}
	if len(p.Values) <= 6 {
		return p.Name + " {" + strings.Join(p.Values, ", ") + "}"
	}
	return fmt.Sprintf("%s %s..%s (%d values)", p.Name, p.Values[0], p.Values[len(p.Values)-1], len(p.Values))
}

// Families groups items by class, clusters each class on its attributes
// and cuts the tree into proposed families. Groups come in class order,
// families within a group by decreasing size. Callers pass the parts of
// the scope under analysis; items of other levels are grouped like parts.
//
// It returns ctx's error when cancelled between classes, and a model.Error
// with code Invalid for bad options (see Gower and Cluster).
func Families(ctx context.Context, items []model.Item, opt FamilyOptions) ([]Group, error) {
	opt = opt.withDefaults()
	byClass := map[model.ClassPath][]int{}
	for i := range items {
		k := classKey(items[i].Class, opt.ClassDepth)
		byClass[k] = append(byClass[k], i)
	}
	classes := make([]model.ClassPath, 0, len(byClass))
	for k := range byClass {
		classes = append(classes, k)
	}
	slices.Sort(classes)
	groups := make([]Group, 0, len(classes))
	for _, class := range classes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		members := make([]model.Item, len(byClass[class]))
		for k, i := range byClass[class] {
			members[k] = items[i]
		}
		g, err := clusterClass(class, members, opt)
		if err != nil {
			return nil, fmt.Errorf("class %q: %w", class, err)
		}
		groups = append(groups, g)
	}
	return groups, nil
}

func classKey(c model.ClassPath, depth int) model.ClassPath {
	seg := c.Segments()
	if depth <= 0 || len(seg) <= depth {
		return c
	}
	return model.ClassPath(strings.Join(seg[:depth], "/"))
}

// clusterClass clusters one class and proposes its families.
func clusterClass(class model.ClassPath, items []model.Item, opt FamilyOptions) (Group, error) {
	g := Group{Class: class}
	for i := range items {
		g.Items = append(g.Items, items[i].ID)
		g.Names = append(g.Names, items[i].Name)
	}
	if len(items) > opt.MaxItems {
		g.Skipped = fmt.Sprintf("%d items, more than the %d clustered in one class", len(items), opt.MaxItems)
		return g, nil
	}
	cols, err := columns(items, opt.Options)
	if err != nil {
		return g, err
	}
	separating := false
	for _, c := range cols {
		g.Variables = append(g.Variables, c.Variable)
		separating = separating || c.separates()
	}
	if class == "" {
		g.Skipped = "unclassified items are not grouped into families"
		return g, nil
	}
	if !separating {
		g.Skipped = "no attribute tells these items apart"
		return g, nil
	}
	dist := distances(len(items), cols)
	labels := make([]int, len(items))
	if len(items) > 1 {
		if g.Dendrogram, err = Cluster(dist, opt.Linkage); err != nil {
			return g, err
		}
		coph, err := g.Dendrogram.CopheneticCorrelation(dist)
		if err != nil {
			return g, err
		}
		if !math.IsNaN(coph) {
			g.Cophenetic = coph
		}
		labels = g.Dendrogram.Cut(opt.Height)
	}
	for _, cluster := range Groups(labels) {
		for _, part := range splitBySignature(cluster, cols) {
			if len(part) < opt.MinSize {
				for _, i := range part {
					g.Unassigned = append(g.Unassigned, items[i].ID)
				}
				continue
			}
			g.Families = append(g.Families, describe(class, items, part, dist, opt.Options))
		}
	}
	slices.SortStableFunc(g.Families, func(a, b Family) int { return len(b.Members) - len(a.Members) })
	return g, nil
}

// splitBySignature splits a cluster into runs of items that have the same
// compared variables, largest first, so that every family's members are
// described by the same parameters.
func splitBySignature(cluster []int, cols []*column) [][]int {
	bySig := map[string][]int{}
	var order []string
	sig := make([]byte, len(cols))
	for _, i := range cluster {
		for k, c := range cols {
			sig[k] = '0'
			if c.present(i) {
				sig[k] = '1'
			}
		}
		s := string(sig)
		if _, ok := bySig[s]; !ok {
			order = append(order, s)
		}
		bySig[s] = append(bySig[s], i)
	}
	out := make([][]int, 0, len(order))
	for _, s := range order {
		out = append(out, bySig[s])
	}
	slices.SortStableFunc(out, func(a, b []int) int { return len(b) - len(a) })
	return out
}

// describe turns a set of items into a Family: the attributes every member
// has (numbers, ranges and enums, plus text attributes named in the
// options), split into those with one value and those that vary.
func describe(class model.ClassPath, items []model.Item, members []int, dist Condensed, opt Options) Family {
	f := Family{Class: class}
	for k, i := range members {
		f.Members = append(f.Members, items[i].ID)
		for _, j := range members[k+1:] {
			f.Diameter = max(f.Diameter, dist.At(i, j))
		}
	}
	first := &items[members[0]]
	for _, a := range first.Attributes {
		if a.Kind == model.Text && !slices.Contains(opt.Attributes, a.Name) {
			continue
		}
		vals := make([]model.Attribute, 0, len(members))
		for _, i := range members {
			if b, ok := items[i].Attr(a.Name); ok {
				vals = append(vals, b)
			}
		}
		if len(vals) < len(members) {
			continue
		}
		if p, varies := parameter(a.Name, vals); varies {
			f.Varying = append(f.Varying, p)
		} else {
			f.Defining = append(f.Defining, a)
		}
	}
	f.Label = label(class, f)
	return f
}

// parameter reads the values of one attribute over a family's members and
// reports whether they vary.
func parameter(name string, vals []model.Attribute) (Parameter, bool) {
	numeric := true
	for _, v := range vals {
		numeric = numeric && (v.Kind == model.Number || v.Kind == model.Range)
	}
	if numeric {
		p := Parameter{Name: name, Kind: Numeric, Min: math.Inf(1), Max: math.Inf(-1), Unit: vals[0].Unit}
		ranges := map[[2]float64]bool{}
		for _, v := range vals {
			hi := v.Value
			if v.Kind == model.Range {
				hi = v.Max
			}
			ranges[[2]float64{v.Value, hi}] = true
			p.Min, p.Max = min(p.Min, v.Value), max(p.Max, hi)
			p.Numbers = append(p.Numbers, v.Value)
		}
		slices.Sort(p.Numbers)
		p.Numbers = slices.Compact(p.Numbers)
		return p, len(ranges) > 1
	}
	p := Parameter{Name: name, Kind: Categorical}
	seen := map[string]bool{}
	for _, v := range vals {
		s := v.String()
		if !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			p.Values = append(p.Values, s)
		}
	}
	slices.SortFunc(p.Values, func(a, b string) int {
		switch {
		case naturalLess(a, b):
			return -1
		case naturalLess(b, a):
			return 1
		}
		return 0
	})
	return p, len(p.Values) > 1
}

// label writes a family as a catalogue heading.
func label(class model.ClassPath, f Family) string {
	var b strings.Builder
	seg := class.Segments()
	if len(seg) > 0 {
		b.WriteString(seg[len(seg)-1])
	} else {
		b.WriteString("Unclassified")
	}
	var defining, varying []string
	for _, a := range f.Defining {
		defining = append(defining, a.Name+" "+definingValue(a))
	}
	for _, p := range f.Varying {
		varying = append(varying, p.String())
	}
	if len(defining) > 0 {
		b.WriteString(": " + strings.Join(defining, ", "))
	}
	if len(varying) > 0 {
		if len(defining) > 0 {
			b.WriteString(";")
		} else {
			b.WriteString(":")
		}
		b.WriteString(" " + strings.Join(varying, ", "))
	}
	return b.String()
}

func definingValue(a model.Attribute) string {
	switch a.Kind {
	case model.Number:
		return formatSI(a.Value, a.Unit)
	case model.Range:
		return formatSI(a.Value, a.Unit) + ".." + formatSI(a.Max, a.Unit)
	}
	return a.Text
}
