package index

import (
	"context"
	"slices"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// item returns a released part owned by owner with the given scope.
func item(ext, name string, owner model.MemberID, scope model.Scope) model.Item {
	return model.Item{
		ID:        model.NewID("test", ext),
		Level:     model.LevelPart,
		Name:      name,
		Lifecycle: model.Released,
		Owner:     owner,
		Scope:     scope,
		Source:    model.SourceRef{System: "test", ExternalID: ext},
	}
}

var (
	public   = model.Scope{Kind: model.ScopePublic}
	alliance = model.Scope{Kind: model.ScopeAlliance}
	private  = model.Scope{Kind: model.ScopeOwner}
)

func partners(ids ...model.MemberID) model.Scope {
	return model.Scope{Kind: model.ScopePartners, Partners: ids}
}

// catalogue is a small realistic catalogue, English and Chinese; every item
// is visible to an active member "acme".
func catalogue() []Doc {
	r10k := item("r10k", "Resistor 10k 0603 1%", "acme", public)
	r10k.Description = "Thick film chip resistor"
	r10k.Class = model.ClassResistors
	r10k.AddMPN(model.ManufacturerPart{Manufacturer: "Yageo", MPN: "RC0603FR-0710KL"})
	r10k.SetAttr(model.NumberAttr(model.AttrResistance, 10e3, "Ω", "10k"))
	r10k.SetAttr(model.NumberAttr(model.AttrTolerance, 1, "%", "1%"))
	r10k.SetAttr(model.EnumAttr(model.AttrPackage, "0603", "0603"))

	c100n := item("c100n", "Capacitor 100nF 50V X7R 0603", "acme", alliance)
	c100n.Class = model.ClassCapacitors
	c100n.AddMPN(model.ManufacturerPart{Manufacturer: "Murata", MPN: "GRM188R71H104KA93D"})
	c100n.SetAttr(model.NumberAttr(model.AttrCapacitance, 100e-9, "F", "100nF"))
	c100n.SetAttr(model.NumberAttr(model.AttrVoltage, 50, "V", "50V"))
	c100n.SetAttr(model.EnumAttr(model.AttrDielectric, "X7R", "X7R"))

	screw := item("screw", "不锈钢内六角圆柱头螺钉 M3x8", "beta", alliance)
	screw.Description = "ISO 4762 A2-70"
	screw.Class = model.ClassScrews
	screw.SetAttr(model.EnumAttr(model.AttrThread, "M3", "M3"))
	screw.SetAttr(model.NumberAttr(model.AttrLength, 0.008, "m", "8"))
	screw.SetAttr(model.EnumAttr(model.AttrStandard, "ISO 4762", "GB/T 70.1"))

	rCN := item("rcn", "贴片电阻 10kΩ 0603 1%", "beta", partners("acme"))
	rCN.Description = "厚膜片式电阻器"
	rCN.Class = model.ClassResistors
	rCN.SetAttr(model.NumberAttr(model.AttrResistance, 10e3, "Ω", "10kΩ"))

	motor := item("motor", "步进电机 NEMA17", "acme", private)
	motor.Description = "两相混合式步进电机 1.8° 42mm"
	motor.Class = model.ClassStepper
	motor.SetAttr(model.EnumAttr(model.AttrFrameSize, "NEMA17", "NEMA17"))

	nut := item("nut", "Hex nut M3 DIN 934", "gamma", public)
	nut.Class = model.ClassNuts
	nut.SetAttr(model.EnumAttr(model.AttrThread, "M3", "M3"))

	ldo := item("ldo", "LDO voltage regulator 3.3V", "gamma", public)
	ldo.Class = "Electronics/ICs/Regulators"
	ldo.SetAttr(model.RangeAttr("input_voltage", 2.5, 6, "V", "2.5-6V"))
	ldo.AddSupplierPart(model.SupplierPart{Supplier: "Digi-Key", SKU: "AP2112K-3.3TRG1DICT-ND"})

	extruder := item("extruder", "Extruder assembly", "acme", public)
	extruder.Level = model.LevelModule
	extruder.Class = "Mechanical/Assemblies"
	extruder.Description = "Bowden extruder with NEMA17 stepper motor"

	return []Doc{
		{Item: r10k, UsedIn: 12}, {Item: c100n, UsedIn: 40}, {Item: screw, UsedIn: 7},
		{Item: rCN}, {Item: motor, UsedIn: 3}, {Item: nut, UsedIn: 5}, {Item: ldo}, {Item: extruder, UsedIn: 1},
	}
}

// id returns the id of the catalogue item with external id ext.
func id(ext string) model.ItemID { return model.NewID("test", ext) }

// memIndex returns an in-memory index holding docs.
func memIndex(t testing.TB, docs []Doc) *Index {
	t.Helper()
	x, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	if err := x.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return x
}

// search runs q and returns the hit ids, best first.
func search(t *testing.T, x *Index, q Query) []model.ItemID {
	t.Helper()
	hits, err := x.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	ids := make([]model.ItemID, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}

// sameSet reports whether got and want hold the same ids, in any order.
func sameSet(got, want []model.ItemID) bool {
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	return slices.Equal(g, w)
}

// names maps ids back to external ids for messages.
func names(ids []model.ItemID) []string {
	byID := map[model.ItemID]string{}
	for _, d := range catalogue() {
		byID[d.Item.ID] = d.Item.Source.ExternalID
	}
	out := make([]string, len(ids))
	for i, x := range ids {
		if n, ok := byID[x]; ok {
			out[i] = n
		} else {
			out[i] = string(x)
		}
	}
	return out
}
