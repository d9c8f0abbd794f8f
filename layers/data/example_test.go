package data_test

import (
	"context"
	"fmt"
	"os"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
)

// A product using a part is applied in one transaction; the part's
// where-used then names the product, and applying the same batch again
// changes nothing.
func ExampleStore_Apply() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "cbb-example")
	defer os.RemoveAll(dir)
	s, err := data.Open(ctx, dir, data.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	s.PutMember(ctx, model.Administrator, model.Member{ID: "acme", Name: "Acme", Kind: model.Enterprise, Status: model.Active})

	// The board is acme's own record, keyed within acme; the resistor, a
	// maker's part, is a public catalogue item.
	stamp := func(it model.Item, owner model.MemberID, scope model.ScopeKind) model.Item {
		it.Lifecycle, it.Owner, it.Scope = model.Released, owner, model.Scope{Kind: scope}
		if owner != model.Catalogue {
			it.Source.Namespace = owner
		}
		it.ID = model.KeyedID(&it)
		return it
	}
	board := stamp(model.Item{Level: model.LevelProduct, Name: "Sensor board", Source: model.SourceRef{System: "kicad", ExternalID: "sensor"}}, "acme", model.ScopeAlliance)
	res := stamp(model.Item{Level: model.LevelPart, Name: "RC0603FR-0710KL", Source: model.SourceRef{System: "kicad", ExternalID: "mpn:RC0603FR-0710KL"}}, model.Catalogue, model.ScopePublic)
	batch := func() *model.Batch {
		b := &model.Batch{Origin: "sensor.xml", Actor: "acme"}
		b.Add(board)
		b.Ref(res)
		b.Use(model.Edge{Parent: board.ID, Child: res.ID, Quantity: 2, RefDes: []string{"R1", "R2"}})
		return b
	}
	r1, _ := s.Apply(ctx, batch())
	used, _ := s.WhereUsed(ctx, res.ID)
	r2, _ := s.Apply(ctx, batch())
	fmt.Println("created:", r1.Created, "used in:", len(used), "quantity:", used[0].Quantity)
	fmt.Println("again: created", r2.Created, "revised", r2.Revised, "unchanged", r2.Unchanged)
	// Output:
	// created: 2 used in: 1 quantity: 2
	// again: created 0 revised 0 unchanged 2
}
