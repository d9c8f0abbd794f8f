package design

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"github.com/cbb-alliance/cbb/layers/model"
)

// verdict is what an expression says of a choice. A rule that reads an
// attribute the choice does not state is unknown rather than false: for
// an existing item that counts against it (the rule is not shown to hold),
// for a new design it is an obligation on the design.
type verdict int

const (
	holds verdict = iota
	fails
	unknown
)

// ref is one value an expression reads: an attribute of the item in
// hand (item ""), or an attribute of a requirement item (a cross-item
// rule, "bearing.bore"). attr "" reads the item as a whole.
type ref struct{ item, attr string }

// compiled is an expression made ready to evaluate, with what it reads.
type compiled struct {
	src  string
	prog *vm.Program
	refs []ref
	// free are the identifiers that are not requirement items (for a
	// cross-item expression; empty when it is applicable).
	free []string
}

// compileExpr compiles src to a boolean program over map environments.
// items, when not nil, are the requirement items' identifiers: "a.b"
// then reads attribute b of item a.
func compileExpr(src string, items map[string]int) (*compiled, error) {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, err
	}
	prog, err := expr.Compile(src, expr.AsBool())
	if err != nil {
		return nil, err
	}
	c := &compiled{src: src, prog: prog}
	var col refCollector
	ast.Walk(&tree.Node, &col)
	seen := map[ref]bool{}
	add := func(r ref) {
		if !seen[r] {
			seen[r] = true
			c.refs = append(c.refs, r)
		}
	}
	for _, id := range col.idents {
		if col.skip[id] || col.declared[id.Value] {
			continue
		}
		if items == nil {
			add(ref{attr: id.Value})
			continue
		}
		if _, ok := items[id.Value]; !ok {
			if !slices.Contains(c.free, id.Value) {
				c.free = append(c.free, id.Value)
			}
			continue
		}
		if prop, ok := col.member[id]; ok {
			add(ref{item: id.Value, attr: prop})
		} else {
			add(ref{item: id.Value})
		}
	}
	return c, nil
}

// refCollector gathers the identifiers of an expression, which of them
// are the object of a member access ("bearing" in "bearing.bore") or a
// function called, and the names declared with let.
type refCollector struct {
	idents   []*ast.IdentifierNode
	member   map[*ast.IdentifierNode]string
	skip     map[*ast.IdentifierNode]bool
	declared map[string]bool
}

func (rc *refCollector) Visit(n *ast.Node) {
	if rc.member == nil {
		rc.member, rc.skip, rc.declared = map[*ast.IdentifierNode]string{}, map[*ast.IdentifierNode]bool{}, map[string]bool{}
	}
	switch x := (*n).(type) {
	case *ast.IdentifierNode:
		rc.idents = append(rc.idents, x)
	case *ast.MemberNode:
		if id, ok := x.Node.(*ast.IdentifierNode); ok {
			if s, ok := x.Property.(*ast.StringNode); ok {
				rc.member[id] = s.Value
			}
		}
	case *ast.CallNode:
		if id, ok := x.Callee.(*ast.IdentifierNode); ok {
			rc.skip[id] = true
		}
	case *ast.VariableDeclaratorNode:
		rc.declared[x.Name] = true
	}
}

// eval runs the expression on env. Env maps attribute names to values
// (single-item expressions) or item identifiers to such maps (cross-item
// ones). A read of something env lacks makes the verdict unknown; a
// runtime error (comparing text to a number) makes it fail.
func (c *compiled) eval(env map[string]any) (verdict, error) {
	for _, r := range c.refs {
		if r.item == "" {
			if _, ok := env[r.attr]; !ok {
				return unknown, nil
			}
			continue
		}
		m, ok := env[r.item].(map[string]any)
		if !ok {
			return unknown, nil
		}
		if _, ok := m[r.attr]; r.attr != "" && !ok {
			return unknown, nil
		}
	}
	out, err := expr.Run(c.prog, env)
	if err != nil {
		return fails, fmt.Errorf("%s: %w", c.src, err)
	}
	if b, ok := out.(bool); ok && b {
		return holds, nil
	}
	return fails, nil
}

// attrEnv is the environment rules read an item through: numbers as
// float64 in SI units, a range as {min, max}, enums and text as strings,
// and the item's id, name, class, level, owner and lifecycle under those
// names unless an attribute has the name.
func attrEnv(attrs []model.Attribute, meta map[string]string) map[string]any {
	env := make(map[string]any, len(attrs)+len(meta))
	for k, v := range meta {
		if v != "" {
			env[k] = v
		}
	}
	for _, a := range attrs {
		switch a.Kind {
		case model.Number:
			env[a.Name] = a.Value
		case model.Range:
			env[a.Name] = map[string]any{"min": a.Value, "max": a.Max}
		default:
			env[a.Name] = a.Text
		}
	}
	return env
}

// identifier turns a requirement item's name into the identifier
// cross-item rules call it by: lower case, every run of other characters
// than letters and digits as one "_", a leading "_" before a digit
// ("Main bearing" -> main_bearing).
func identifier(name string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
			continue
		}
		under = true
	}
	s := b.String()
	if s != "" && unicode.IsDigit([]rune(s)[0]) {
		s = "_" + s
	}
	return s
}

// identifiers names every requirement item for cross-item rules; a name
// repeated gets "_2", "_3"...
func identifiers(req model.Requirement) ([]string, map[string]int) {
	ids := make([]string, len(req.Items))
	byID := map[string]int{}
	for i, it := range req.Items {
		base := identifier(it.Name)
		if base == "" {
			base = fmt.Sprintf("item%d", i+1)
		}
		id := base
		for n := 2; ; n++ {
			if _, taken := byID[id]; !taken {
				break
			}
			id = fmt.Sprintf("%s_%d", base, n)
		}
		ids[i], byID[id] = id, i
	}
	return ids, byID
}
