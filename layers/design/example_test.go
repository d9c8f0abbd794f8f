package design_test

import (
	"context"
	"fmt"

	"github.com/cbb-alliance/cbb/layers/design"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

// A shaft and its bearing: item by item the 8 mm shaft and the 608
// bearing score best, but the accepted fit rule wants the bore at least
// 1.2 times the shaft, so the solver takes the 6 mm shaft instead.
func ExampleDecide() {
	const mm = 1e-3
	req := model.Requirement{Name: "idler", Member: "acme", Items: []model.RequirementItem{
		{Name: "shaft", Class: "Mechanical/Shafts", Constraints: []model.Constraint{
			{Attribute: "diameter", Op: model.Min, Value: 6 * mm, Unit: "m", Must: true}}},
		{Name: "bearing", Class: "Mechanical/Bearings", Constraints: []model.Constraint{
			{Attribute: "bore", Op: model.Min, Value: 6 * mm, Unit: "m", Must: true}}},
	}}
	part := func(id, name string, score float64, attr string, v float64, owner model.MemberID) retrieval.Candidate {
		return retrieval.Candidate{ID: model.ItemID(id), Name: name, Level: model.LevelPart, Lifecycle: model.Released,
			Owner: owner, Score: score, Similarity: score, Must: retrieval.MustMet,
			Attributes: []model.Attribute{model.NumberAttr(attr, v, "m", "")}}
	}
	found := retrieval.Result{Requirement: req.Name, Items: []retrieval.ItemResult{
		{Name: "shaft", Candidates: []retrieval.Candidate{
			part("s8", "Shaft 8 mm", 0.95, "diameter", 8*mm, "uni-a"),
			part("s6", "Shaft 6 mm", 0.90, "diameter", 6*mm, "uni-a")}},
		{Name: "bearing", Candidates: []retrieval.Candidate{
			part("b608", "Bearing 608", 0.96, "bore", 8*mm, "lab-b")}},
	}}
	rules := []model.Rule{{ID: "fit", Name: "bore clears the shaft", Kind: model.RuleConstraint,
		Status: model.RuleAccepted, Expr: "bearing.bore >= 1.2 * shaft.diameter"}}

	rep, err := design.Decide(context.Background(), design.Input{Requirement: req, Candidates: found, Rules: rules})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range rep.Items {
		fmt.Println(d.Item, d.Decision, d.Candidate.Name)
	}
	fmt.Println("reuse rate", rep.ReuseRate, "effort saved", rep.EffortSaved, "credits", rep.Credits)
	// Output:
	// shaft configure Shaft 6 mm
	// bearing configure Bearing 608
	// reuse rate 1 effort saved 1.9 credits map[lab-b:0.95 uni-a:0.95]
}
