package design

import (
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

// Hand-made items, candidates and rules for the tests: a small linear
// axis (shaft, bearing, motor, driver, screw) in SI units.

const mm = 1e-3

func num(name string, v float64, unit string) model.Attribute {
	return model.NumberAttr(name, v, unit, "")
}

func must(attr string, op model.ConstraintOp, v float64, unit string) model.Constraint {
	return model.Constraint{Attribute: attr, Op: op, Value: v, Unit: unit, Must: true}
}

func ptr(v float64) *float64 { return &v }

// cand is a candidate as retrieval returns it for item ri: its must status
// and explanation worked out from its attributes (the test's own reading,
// not the package's).
func cand(ri model.RequirementItem, id, name string, level model.Level, class model.ClassPath, lc model.Lifecycle, owner string, score float64, attrs ...model.Attribute) retrieval.Candidate {
	it := model.Item{}
	for _, a := range attrs {
		it.SetAttr(a)
	}
	c := retrieval.Candidate{
		ID: model.ItemID(id), Name: name, Level: level, Class: class, Lifecycle: lc,
		Owner: model.MemberID(owner), Attributes: it.Attributes, Score: score, Similarity: score,
		Must: retrieval.MustMet, Source: model.SourceRef{System: "test", ExternalID: id},
	}
	for _, k := range ri.Constraints {
		st := retrieval.Met
		a, ok := it.Attr(k.Attribute)
		switch {
		case !ok:
			st = retrieval.Missing
		case !testMeets(a, k):
			st = retrieval.Unmet
		}
		c.Explanation = append(c.Explanation, retrieval.Explain{
			Kind: "constraint", Attribute: k.Attribute, Value: a.String(), Status: st, Must: k.Must, Weight: 1,
		})
		if k.Must {
			switch {
			case st == retrieval.Missing && c.Must == retrieval.MustMet:
				c.Must = retrieval.MustUnknown
			case st == retrieval.Unmet:
				c.Must = retrieval.MustFailed
			}
		}
	}
	return c
}

// testMeets is the tests' own reading of a constraint on a single value.
func testMeets(a model.Attribute, k model.Constraint) bool {
	if k.Op == model.OneOf {
		for _, v := range k.Values {
			if v == a.Text {
				return true
			}
		}
		return false
	}
	if a.Kind != model.Number {
		return false
	}
	const eps = 1e-12
	switch k.Op {
	case model.Target:
		return a.Value >= k.Value-k.Tolerance-eps && a.Value <= k.Value+k.Tolerance+eps
	case model.Min:
		return a.Value >= k.Value-eps
	case model.Max:
		return a.Value <= k.Value+eps
	}
	return false
}

func result(req model.Requirement, cands ...[]retrieval.Candidate) retrieval.Result {
	res := retrieval.Result{Requirement: req.Name, Member: req.Member}
	for i, ri := range req.Items {
		ir := retrieval.ItemResult{Name: ri.Name}
		if i < len(cands) {
			ir.Candidates = cands[i]
		}
		res.Items = append(res.Items, ir)
	}
	return res
}

func accepted(r model.Rule) model.Rule {
	r.Status = model.RuleAccepted
	if r.Name == "" {
		r.Name = r.ID
	}
	return r
}

// axis is a requirement of a linear axis: a shaft, its bearing, a motor
// and its driver.
func axis() model.Requirement {
	return model.Requirement{Name: "linear axis", Member: "acme", Items: []model.RequirementItem{
		{Name: "shaft", Class: "Mechanical/Shafts", Level: model.LevelPart, Quantity: 2,
			Constraints: []model.Constraint{must("diameter", model.Min, 6*mm, "m")}},
		{Name: "bearing", Class: "Mechanical/Bearings", Level: model.LevelPart, Quantity: 4,
			Constraints: []model.Constraint{must("bore", model.Min, 6*mm, "m")}},
		{Name: "motor", Class: "Electromechanical/Motors/Stepper motors", Level: model.LevelPart, Quantity: 1,
			Constraints: []model.Constraint{must("torque", model.Min, 0.4, "N·m")}},
		{Name: "driver", Class: "Electronics/Drivers", Level: model.LevelModule, Quantity: 1,
			Constraints: []model.Constraint{must("current", model.Min, 1.5, "A")}},
	}}
}

func axisCandidates(req model.Requirement) retrieval.Result {
	sh, br, mo, dr := req.Items[0], req.Items[1], req.Items[2], req.Items[3]
	return result(req,
		[]retrieval.Candidate{
			cand(sh, "shaft8", "Shaft 8 mm", model.LevelPart, "Mechanical/Shafts", model.Released, "uni-a", 0.95, num("diameter", 8*mm, "m")),
			cand(sh, "shaft6", "Shaft 6 mm", model.LevelPart, "Mechanical/Shafts", model.Released, "uni-a", 0.90, num("diameter", 6*mm, "m")),
		},
		[]retrieval.Candidate{
			cand(br, "b608", "Bearing 608", model.LevelPart, "Mechanical/Bearings", model.Preferred, "acme", 0.96, num("bore", 8*mm, "m")),
			cand(br, "b6000", "Bearing 6000", model.LevelPart, "Mechanical/Bearings", model.Released, "lab-b", 0.85, num("bore", 10*mm, "m")),
		},
		[]retrieval.Candidate{
			cand(mo, "nema17a", "NEMA17 stepper 0.45 Nm", model.LevelPart, "Electromechanical/Motors/Stepper motors", model.Released, "lab-b", 0.97, num("torque", 0.45, "N·m")),
			cand(mo, "nema17b", "NEMA17 stepper 0.5 Nm", model.LevelPart, "Electromechanical/Motors/Stepper motors", model.Released, "lab-b", 0.93, num("torque", 0.5, "N·m")),
		},
		[]retrieval.Candidate{
			cand(dr, "drv-x", "Driver X 2 A", model.LevelModule, "Electronics/Drivers", model.Released, "uni-a", 0.98, num("current", 2, "A")),
			cand(dr, "drv-y", "Driver Y 1.7 A", model.LevelModule, "Electronics/Drivers", model.Released, "uni-a", 0.80, num("current", 1.7, "A")),
		},
	)
}
