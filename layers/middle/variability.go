package middle

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/cbb-alliance/cbb/layers/model"
)

// PutVariability states an item's variability, replacing what was known.
// Its relations are compiled first.
//
// Only the item's owner (or the administrator) states its variability.
func (l *Library) PutVariability(ctx context.Context, v model.Variability) error {
	if v.Item == "" {
		return model.Errorf(model.Invalid, "variability without an item")
	}
	it, err := l.items().Item(ctx, v.Item)
	if err != nil {
		return err
	}
	if err := l.Viewer.MayWrite(it.Owner); err != nil || (it.Owner == model.Catalogue && !l.Viewer.Admin) {
		return model.Errorf(model.Forbidden, "the variability of %s is its owner's (%s) to state", v.Item, it.Owner)
	}
	for _, r := range v.Relations {
		if err := CheckExpr(r); err != nil {
			return err
		}
	}
	for _, p := range v.Parameters {
		if p.Name == "" {
			return model.Errorf(model.Invalid, "variability of %s: a parameter without a name", v.Item)
		}
		if p.Min != nil && p.Max != nil && *p.Min > *p.Max {
			return model.Errorf(model.Invalid, "variability of %s: parameter %s has min %v above max %v", v.Item, p.Name, *p.Min, *p.Max)
		}
	}
	entry := l.audit(model.AuditVariabilitySet, string(v.Item), fmt.Sprintf("%d parameters", len(v.Parameters)))
	return l.Store.PutDocs(ctx, tableVar, map[string]any{string(v.Item): v}, false, entry)
}

// Variability returns what is known of an item's variability: what was
// stated, else what its variants show (see Derive); ok is false when the
// item has neither.
//
// The item must be one the acting member may see.
func (l *Library) Variability(ctx context.Context, id model.ItemID) (model.Variability, bool, error) {
	var v model.Variability
	if _, err := l.items().Item(ctx, id); err != nil {
		return v, false, err
	}
	err := l.Store.GetDoc(ctx, tableVar, string(id), &v)
	if err == nil {
		return v, true, nil
	}
	if model.Code(err) != model.NotFound {
		return v, false, err
	}
	v, err = l.Derive(ctx, id)
	if err != nil {
		return v, false, err
	}
	return v, len(v.Parameters) > 0, nil
}

// Derive reads a family's variability off its variants (variant edges):
// every attribute the variants state is a parameter, a numeric one
// ranging over the values seen (which are its steps), an enum or text one
// taking the values seen (one value: fixed for the family, as a horizon
// base part's package); the variant itself
// is a parameter named "variant" whose values are the variants' names.
// An item with no variants has no derived variability.
func (l *Library) Derive(ctx context.Context, id model.ItemID) (model.Variability, error) {
	v := model.Variability{Item: id, Origin: "derived from the variants"}
	edges, err := l.items().Children(ctx, id)
	if err != nil {
		return v, err
	}
	nums := map[string][]float64{}
	units := map[string]string{}
	texts := map[string][]string{}
	var names []string
	n := 0
	for _, e := range edges {
		if e.Kind != model.Variant {
			continue
		}
		it, err := l.items().Item(ctx, e.Child)
		if err != nil {
			return v, err
		}
		n++
		names = append(names, it.Name)
		for _, a := range it.Attributes {
			switch a.Kind {
			case model.Number:
				nums[a.Name] = append(nums[a.Name], a.Value)
				units[a.Name] = a.Unit
			case model.Range:
				nums[a.Name] = append(nums[a.Name], a.Value, a.Max)
				units[a.Name] = a.Unit
			case model.Enum, model.Text:
				texts[a.Name] = append(texts[a.Name], a.Text)
			}
		}
	}
	if n == 0 {
		return v, nil
	}
	sort.Strings(names)
	v.Parameters = append(v.Parameters, model.Parameter{Name: "variant", Values: slices.Compact(names)})
	for _, name := range slices.Sorted(maps.Keys(nums)) {
		vals := nums[name]
		slices.Sort(vals)
		vals = slices.Compact(vals)
		lo, hi := vals[0], vals[len(vals)-1]
		v.Parameters = append(v.Parameters, model.Parameter{Name: name, Unit: units[name], Min: &lo, Max: &hi, Steps: vals})
	}
	for _, name := range slices.Sorted(maps.Keys(texts)) {
		vals := texts[name]
		slices.Sort(vals)
		v.Parameters = append(v.Parameters, model.Parameter{Name: name, Values: slices.Compact(vals)})
	}
	return v, nil
}

// Variabilities returns every stated variability.
func (l *Library) Variabilities(ctx context.Context) ([]model.Variability, error) {
	var out []model.Variability
	err := l.Store.Docs(ctx, tableVar, "", func(_ string, raw []byte) error {
		var v model.Variability
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}
