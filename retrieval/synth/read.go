package synth

import (
	"context"
	"fmt"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/formats"
	"github.com/cbb-alliance/cbb/pdm/ingest"
)

var _ ingest.Store = (*collector)(nil)

// collector is an ingest.Store that keeps the parts it is given.
type collector struct {
	seen  map[model.ItemID]bool
	parts []model.Item
}

// Apply implements ingest.Store.
func (c *collector) Apply(_ context.Context, b *model.Batch) (model.BatchResult, error) {
	for _, list := range [][]model.Item{b.Items, b.Refs} {
		for _, it := range list {
			if it.Level != model.LevelPart || c.seen[it.ID] {
				continue
			}
			c.seen[it.ID] = true
			c.parts = append(c.parts, it)
		}
	}
	return model.BatchResult{}, nil
}

// ReadParts reads the parts (items of level part, records and BOM
// references alike) in the files and folders at paths with the project's
// readers, normalized as an import normalizes them (package pdm/ingest),
// each part once. Inputs no reader can read are skipped, so a folder of
// mixed files gives what can be read from it.
func ReadParts(ctx context.Context, paths ...string) ([]model.Item, error) {
	c := &collector{seen: map[model.ItemID]bool{}}
	im := &ingest.Importer{
		Store:     c,
		Formats:   formats.All(),
		KeepGoing: true,
		Options: pdm.Options{
			Owner:     "source",
			Scope:     model.Scope{Kind: model.ScopeAlliance},
			Lifecycle: model.Released,
		},
	}
	if _, err := im.Import(ctx, paths); err != nil {
		return nil, fmt.Errorf("read parts: %w", err)
	}
	return c.parts, nil
}

// Sources are the folders and files of the shared data folder
// (../shared/data beside the source tree) that hold real parts, as paths
// relative to it: part libraries (gitplm, DigiKey KiCad, Horizon), a PLM
// export (InvenTree), the parts named by Kitspace BOM lines and by the
// NopSCADlib BOMs (fasteners, bearings, motors, printed parts).
var Sources = []string{
	"gitplm-parts/database",
	"digikey-kicad-lib/digikey-symbols",
	"horizon-pool-parts/parts",
	"inventree-demo",
	"osh-datasets/data/kitspace_results.json",
	"nopscadlib-boms",
}
