package ingest

import (
	"fmt"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

func mk(level model.Level, name string) model.Item {
	return model.Item{ID: model.ItemID(name), Level: level, Name: name}
}

func TestSplit(t *testing.T) {
	// A product using two modules, each using parts; records listed
	// parents first, so Split must reorder them.
	b := &model.Batch{Origin: "x"}
	b.Add(mk(model.LevelProduct, "P"))
	b.Add(mk(model.LevelModule, "M1"))
	b.Add(mk(model.LevelModule, "M2"))
	b.Use(model.Edge{Parent: "P", Child: "M1", Quantity: 1})
	b.Use(model.Edge{Parent: "P", Child: "M2", Quantity: 2})
	for i := range 10 {
		p := fmt.Sprintf("p%d", i)
		b.Ref(mk(model.LevelPart, p))
		parent := model.ItemID("M1")
		if i%2 == 1 {
			parent = "M2"
		}
		b.Use(model.Edge{Parent: parent, Child: model.ItemID(p), Quantity: 1})
	}
	for _, max := range []int{1, 3, 7, 100} {
		t.Run(fmt.Sprint(max), func(t *testing.T) {
			parts := Split(b, max)
			seen := map[model.ItemID]bool{}
			items, edges := 0, 0
			for i, p := range parts {
				for _, it := range p.Refs {
					seen[it.ID] = true
				}
				records := map[model.ItemID]bool{}
				for _, it := range p.Items {
					seen[it.ID] = true
					records[it.ID] = true
				}
				for _, e := range p.Edges {
					if !records[e.Parent] {
						t.Fatalf("part %d: edge %s->%s travels without its parent", i, e.Parent, e.Child)
					}
					if !seen[e.Child] {
						t.Fatalf("part %d: edge %s->%s comes before its child", i, e.Parent, e.Child)
					}
				}
				// Only a record with more edges than max may exceed it.
				if p.Len() > max && len(p.Items) != 1 {
					t.Fatalf("part %d has %d entries, max %d", i, p.Len(), max)
				}
				items += len(p.Items) + len(p.Refs)
				edges += len(p.Edges)
			}
			if items != 13 || edges != 12 {
				t.Fatalf("split lost entries: %d items, %d edges", items, edges)
			}
		})
	}
}
