// Package formats is the one place that lists the PDM and BOM readers. The
// order is the detection order: folder layouts first (a NopSCADlib or
// Mendel90 bom/ folder is one product), then file formats from the most to
// the least specific, the generic spreadsheet reader last.
package formats

import (
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/gitplm"
	"github.com/cbb-alliance/cbb/pdm/horizon"
	"github.com/cbb-alliance/cbb/pdm/inventree"
	"github.com/cbb-alliance/cbb/pdm/kicad"
	"github.com/cbb-alliance/cbb/pdm/kicadlib"
	"github.com/cbb-alliance/cbb/pdm/kitspace"
	"github.com/cbb-alliance/cbb/pdm/mendel90"
	"github.com/cbb-alliance/cbb/pdm/nopscadlib"
	"github.com/cbb-alliance/cbb/pdm/step"
	"github.com/cbb-alliance/cbb/pdm/tabular"
)

// All returns every reader, in detection order.
func All() []pdm.Format {
	return []pdm.Format{
		nopscadlib.Format{},
		mendel90.Format{},
		horizon.Format{},
		step.Format{},
		kicad.Format{},
		kicadlib.Format{},
		gitplm.Format{},
		kitspace.Format{},
		inventree.Format{},
		tabular.Format{},
	}
}

// ByName returns the reader with the given name.
func ByName(name string) (pdm.Format, bool) {
	for _, f := range All() {
		if f.Name() == name {
			return f, true
		}
	}
	return nil, false
}

// Shared reports whether a stored item is a shared catalogue item, judged
// by the format its source names (see pdm.Cataloguer): how a store made
// before owners keyed their records is migrated.
func Shared(it *model.Item) bool {
	f, ok := ByName(it.Source.System)
	return ok && pdm.Shared(f, it)
}
