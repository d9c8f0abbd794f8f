package pdm

import (
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Cataloguer is implemented by formats that read shared catalogue items:
// things that are nobody's IP (a manufacturer part named by its maker and
// part number, a standard fastener by its standard and size, a part of a
// public library). Such an item is one item for the whole alliance,
// public whoever imported it first, and owned by model.Catalogue; every
// other item a format reads is the importing member's own record, keyed
// within that member (model.OwnedID).
//
// Shared decides from the item alone (its level, source key and
// attributes), so that a stored item is judged the same way when a store
// is migrated as when it was read.
type Cataloguer interface {
	Shared(it *model.Item) bool
}

// Shared reports whether format f reads it as a shared catalogue item.
func Shared(f Format, it *model.Item) bool {
	c, ok := f.(Cataloguer)
	return ok && c.Shared(it)
}

// Bought reports whether a part is bought rather than made: a vitamin of
// an OpenSCAD BOM, as its reader marks it. Made parts (printed, routed)
// are the designer's own.
func Bought(it *model.Item) bool {
	if it.Level != model.LevelPart {
		return false
	}
	a, ok := it.Attr(model.AttrProcurement)
	return ok && a.Text == "buy"
}

// StandardPart reports whether a part named only by its description (no
// maker's part number) is still a standard part, nobody's IP, as its
// normalized attributes show: a fastener or other part of a named
// standard, a catalogue designation (a 608 bearing, an MGN12H rail), or a
// passive component given by its value. Anything else a member's BOM
// describes in its own words stays that member's.
func StandardPart(it *model.Item) bool {
	if it.Level != model.LevelPart {
		return false
	}
	for _, a := range []string{model.AttrStandard, model.AttrDesignation} {
		if _, ok := it.Attr(a); ok {
			return true
		}
	}
	for class, value := range map[model.ClassPath]string{
		model.ClassResistors:  model.AttrResistance,
		model.ClassCapacitors: model.AttrCapacitance,
		model.ClassInductors:  model.AttrInductance,
	} {
		if _, ok := it.Attr(value); ok && it.Class == class {
			return true
		}
	}
	return false
}

// KeyedShared is the rule of the BOM readers that key a line's part by
// the maker's part number ("mpn:"), a supplier's SKU ("sku:"), or else by
// its description: the first two are catalogue items, a described part
// only when it is a standard part.
func KeyedShared(it *model.Item) bool {
	if it.Level != model.LevelPart {
		return false
	}
	ext := it.Source.ExternalID
	switch {
	case strings.HasPrefix(ext, "mpn:"), strings.HasPrefix(ext, "sku:"):
		return true
	case strings.HasPrefix(ext, "ipn:"):
		return false
	}
	return StandardPart(it)
}
