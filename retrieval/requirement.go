package retrieval

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/layers/quantity"
)

// The requirement file, YAML or JSON (JSON is read as YAML):
//
//	name: Sensor board for Acme
//	member: acme
//	items:
//	  - name: decoupling capacitor
//	    text: 100nF 50V X7R 0603
//	    level: part
//	    quantity: 12
//	    constraints:
//	      - {attribute: capacitance, target: 100n, tolerance: 10%, must: true}
//	      - {attribute: voltage, min: 50V, weight: 2}
//	      - {attribute: dielectric, one_of: [X7R, X5R]}
//
// A constraint has exactly one of target (with an optional tolerance, in
// the target's unit or as a percentage of it), min, max or one_of. Numbers
// take units; a number without one is in the attribute's usual unit
// (model.UnitOf: "100n" of capacitance is 100 nF). A constraint is a
// "should" unless must is true; weight defaults to 1.

type fileRequirement struct {
	Name   string     `yaml:"name"`
	Member string     `yaml:"member"`
	Items  []fileItem `yaml:"items"`
}

type fileItem struct {
	Name        string           `yaml:"name"`
	Text        string           `yaml:"text"`
	Class       string           `yaml:"class"`
	Level       string           `yaml:"level"`
	Quantity    float64          `yaml:"quantity"`
	Constraints []fileConstraint `yaml:"constraints"`
}

type fileConstraint struct {
	Attribute string   `yaml:"attribute"`
	Target    *string  `yaml:"target"`
	Tolerance string   `yaml:"tolerance"`
	Min       *string  `yaml:"min"`
	Max       *string  `yaml:"max"`
	OneOf     []string `yaml:"one_of"`
	Weight    float64  `yaml:"weight"`
	Must      bool     `yaml:"must"`
}

// ReadRequirement reads a requirement file (YAML or JSON). name is the
// file's name for messages: errors say which line and field are wrong.
func ReadRequirement(name string, r io.Reader) (model.Requirement, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return model.Requirement{}, fmt.Errorf("read %s: %w", name, err)
	}
	var f fileRequirement
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return model.Requirement{}, model.ParseError(name, 0, "", "empty requirement file")
		}
		return model.Requirement{}, model.YAMLError(name, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return model.Requirement{}, model.YAMLError(name, err)
	}
	lines := itemLines(&root)
	req := model.Requirement{Name: f.Name, Member: model.MemberID(f.Member)}
	if req.Name == "" {
		req.Name = name
	}
	for i, fi := range f.Items {
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		it, err := fi.toModel(i)
		if err != nil {
			var me *model.Error
			if errors.As(err, &me) && me.File == "" {
				me.File, me.Line = name, line
			}
			return model.Requirement{}, err
		}
		req.Items = append(req.Items, it)
	}
	if err := req.Validate(); err != nil {
		var me *model.Error
		if errors.As(err, &me) {
			me.File = name
		}
		return model.Requirement{}, err
	}
	return req, nil
}

// itemLines returns the line of each entry of the top-level items list.
func itemLines(root *yaml.Node) []int {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "items" {
			var out []int
			for _, n := range m.Content[i+1].Content {
				out = append(out, n.Line)
			}
			return out
		}
	}
	return nil
}

func (fi fileItem) toModel(i int) (model.RequirementItem, error) {
	it := model.RequirementItem{
		Name: fi.Name, Text: strings.TrimSpace(fi.Text), Class: model.ClassPath(fi.Class),
		Level: model.Level(fi.Level), Quantity: fi.Quantity,
	}
	if it.Name == "" {
		it.Name = fmt.Sprintf("item %d", i+1)
	}
	if it.Level == "" {
		it.Level = model.LevelAny
	}
	if it.Quantity == 0 {
		it.Quantity = 1
	}
	for j, fc := range fi.Constraints {
		c, err := fc.toModel()
		if err != nil {
			return it, &model.Error{Code: model.Invalid, Field: fmt.Sprintf("items[%d].constraints[%d]", i, j), Msg: err.Error()}
		}
		it.Constraints = append(it.Constraints, c)
	}
	return it, nil
}

func (fc fileConstraint) toModel() (model.Constraint, error) {
	c := model.Constraint{Attribute: fc.Attribute, Weight: fc.Weight, Must: fc.Must}
	if c.Attribute == "" {
		return c, errors.New("constraint without an attribute")
	}
	set := 0
	for _, p := range []*string{fc.Target, fc.Min, fc.Max} {
		if p != nil {
			set++
		}
	}
	if len(fc.OneOf) > 0 {
		set++
	}
	if set != 1 {
		return c, fmt.Errorf("constraint on %s: give exactly one of target, min, max, one_of", c.Attribute)
	}
	hint := model.UnitOf(c.Attribute)
	num := func(op model.ConstraintOp, text string) (model.Constraint, error) {
		q, err := quantity.Parse(text, hint)
		if err != nil {
			return c, fmt.Errorf("constraint on %s: %s %q: %v", c.Attribute, op, text, err)
		}
		c.Op, c.Value, c.Unit, c.Raw = op, q.Value, q.Unit, string(op)+" "+text
		return c, nil
	}
	switch {
	case fc.Target != nil:
		c, err := num(model.Target, *fc.Target)
		if err != nil || fc.Tolerance == "" {
			return c, err
		}
		c.Tolerance, err = tolerance(fc.Tolerance, *fc.Target, c)
		if err != nil {
			return c, fmt.Errorf("constraint on %s: tolerance %q: %v", c.Attribute, fc.Tolerance, err)
		}
		c.Raw += " ± " + fc.Tolerance
		return c, nil
	case fc.Min != nil:
		return num(model.Min, *fc.Min)
	case fc.Max != nil:
		return num(model.Max, *fc.Max)
	}
	c.Op, c.Values, c.Raw = model.OneOf, fc.OneOf, "one of "+strings.Join(fc.OneOf, ", ")
	return c, nil
}

// tolerance reads a tolerance: a percentage of the target, or an amount in
// the target's unit (a bare number takes the unit written in the target).
func tolerance(text, target string, c model.Constraint) (float64, error) {
	t := strings.TrimSpace(text)
	if p, ok := strings.CutSuffix(t, "%"); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(p, "±")), 64)
		if err != nil || v < 0 {
			return 0, errors.New("not a percentage")
		}
		if c.Value < 0 {
			return -c.Value * v / 100, nil
		}
		return c.Value * v / 100, nil
	}
	if _, err := strconv.ParseFloat(t, 64); err == nil {
		t += unitSuffix(target)
	}
	q, err := quantity.Parse(t, c.Unit)
	if err != nil {
		return 0, err
	}
	if q.Value < 0 {
		return 0, errors.New("negative")
	}
	return q.Value, nil
}

// unitSuffix returns what follows the number in a quantity's text: the
// "mm" of "8mm", the " kΩ" of "4.7 kΩ".
func unitSuffix(text string) string {
	i := strings.LastIndexAny(text, "0123456789.")
	if i < 0 {
		return ""
	}
	return text[i+1:]
}
