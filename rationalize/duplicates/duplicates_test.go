package duplicates

import (
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/dedup"
)

func TestPropose(t *testing.T) {
	it := func(id string, lc model.Lifecycle, mpn string) model.Item {
		x := model.Item{ID: model.ItemID(id), Name: id, Lifecycle: lc}
		if mpn != "" {
			x.AddMPN(model.ManufacturerPart{MPN: mpn})
		}
		return x
	}
	items := []model.Item{
		it("a", model.Released, "A1"), it("b", model.Preferred, ""), it("c", model.Released, "C1"),
		it("d", model.Released, ""), it("e", model.Released, ""),
		it("f", model.Obsolete, "F1"), it("g", model.InWork, ""),
		it("h", model.Released, ""), it("i", model.Released, "I1"),
	}
	used := map[model.ItemID]int{"a": 2, "c": 5, "d": 1, "e": 3, "f": 9}
	pairs := []dedup.Pair{
		{A: "a", B: "b", Reasons: []string{"resistance 10 kΩ = 10 kΩ"}},
		{A: "b", B: "c"},
		{A: "a", B: "c"},
		{A: "d", B: "e"},
		{A: "f", B: "g"},
		{A: "h", B: "i"},
	}
	p := Propose(items, used, pairs, 250)
	want := map[model.ItemID]struct {
		master model.ItemID
		why    string
	}{
		"a": {"b", "its lifecycle: preferred"}, // preferred beats more used
		"d": {"e", "the most used"},            // both released
		"f": {"g", "its lifecycle: in_work"},   // obsolete never kept, even if most used
		"h": {"i", "it has a manufacturer part number"},
	}
	if len(p.Groups) != len(want) {
		t.Fatalf("%d groups, want %d: %+v", len(p.Groups), len(want), p.Groups)
	}
	for _, g := range p.Groups {
		first := g.Master.ID
		for _, m := range g.Merge {
			first = min(first, m.ID)
		}
		w := want[first]
		if g.Master.ID != w.master || g.Why != w.why {
			t.Errorf("group of %s: master %s (%s), want %s (%s)", first, g.Master.ID, g.Why, w.master, w.why)
		}
	}
	if p.PartNumbersRemoved != 5 || p.YearlySaving != 1250 {
		t.Errorf("removed %d, saving %v; want 5 and 1250", p.PartNumbersRemoved, p.YearlySaving)
	}
	if m := p.Merges(); m["a"] != "b" || m["c"] != "b" || m["b"] != "" {
		t.Errorf("merges %v", m)
	}
}

// A vague part paired with two parts that were not paired with each other
// does not join them: groups are cliques of the pair graph.
func TestProposeKeepsConflictsApart(t *testing.T) {
	items := []model.Item{{ID: "pan", Lifecycle: model.Released}, {ID: "vague", Lifecycle: model.Released}, {ID: "cap", Lifecycle: model.Released}}
	pairs := []dedup.Pair{{A: "pan", B: "vague", Score: 0.8}, {A: "vague", B: "cap", Score: 0.75}}
	p := Propose(items, nil, pairs, 0)
	if len(p.Groups) != 1 || len(p.Groups[0].Merge) != 1 || p.PartNumbersRemoved != 1 {
		t.Fatalf("groups %+v", p.Groups)
	}
	if m := p.Merges(); m["pan"] != "" && m["cap"] != "" {
		t.Errorf("pan and cap merged: %v", m)
	}
}
