package ingest

import (
	"context"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// Finder is what an import asks of the store about items outside the
// import: whether a BOM line that names an item of an earlier import
// names the member's own record or a catalogue item. *data.Store
// implements it.
type Finder interface {
	Item(ctx context.Context, id model.ItemID) (model.Item, error)
}

// owned says, for a batch the format read, which items are shared
// catalogue items and which are the owner's records, and keys the
// latter within the owner. It returns the reader's ids of the owned
// items mapped to their new ids.
func (im *Importer) own(f pdm.Format, b *model.Batch) map[model.ItemID]model.ItemID {
	owner := im.Options.Owner
	remap := map[model.ItemID]model.ItemID{}
	for _, list := range [][]model.Item{b.Items, b.Refs} {
		for i := range list {
			it := &list[i]
			if pdm.Shared(f, it) {
				it.Owner, it.Scope = model.Catalogue, model.Scope{Kind: model.ScopePublic}
				continue
			}
			if it.Owner == "" {
				it.Owner = owner
			}
			if it.Source.System != "" {
				it.Source.Namespace = it.Owner
			}
			id := model.OwnedID(it.Owner, it.ID)
			remap[it.ID] = id
			it.ID = id
		}
	}
	return remap
}

// rekey points the edges of every batch at the owned ids of remap; an
// edge to an item of none of the import's batches names the owner's
// record of an earlier import when the store has one, and the catalogue
// item otherwise.
func (im *Importer) rekey(ctx context.Context, batches []*model.Batch, remap map[model.ItemID]model.ItemID) error {
	inImport := map[model.ItemID]bool{}
	for _, b := range batches {
		for _, list := range [][]model.Item{b.Items, b.Refs} {
			for _, it := range list {
				inImport[it.ID] = true
			}
		}
	}
	find, _ := im.Store.(Finder)
	resolve := func(id model.ItemID) (model.ItemID, error) {
		if to, ok := remap[id]; ok {
			return to, nil
		}
		if inImport[id] || find == nil {
			return id, nil
		}
		own := model.OwnedID(im.Options.Owner, id)
		if _, err := find.Item(ctx, own); err == nil {
			remap[id] = own
			return own, nil
		} else if model.Code(err) != model.NotFound {
			return "", err
		}
		return id, nil
	}
	for _, b := range batches {
		for i := range b.Edges {
			e := &b.Edges[i]
			var err error
			if e.Parent, err = resolve(e.Parent); err != nil {
				return err
			}
			if e.Child, err = resolve(e.Child); err != nil {
				return err
			}
			for j, s := range e.Substitutes {
				if e.Substitutes[j], err = resolve(s); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
