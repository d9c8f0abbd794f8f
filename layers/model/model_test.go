package model

import (
	"slices"
	"testing"
)

func TestNewIDStable(t *testing.T) {
	a := NewID("nopscadlib", "screw(M3_cap_screw, 10)")
	if a != NewID("nopscadlib", "screw(M3_cap_screw, 10)") || len(a) != 16 {
		t.Fatalf("id %q not stable or not 16 characters", a)
	}
	if a == NewID("mendel90", "screw(M3_cap_screw, 10)") || a == NewID("nopscadlib", "screw(M3_cap_screw, 12)") {
		t.Fatal("different source keys give the same id")
	}
}

func TestParseScope(t *testing.T) {
	tests := []struct {
		in      string
		want    Scope
		wantErr bool
	}{
		{"alliance", Scope{Kind: ScopeAlliance}, false},
		{"owner", Scope{Kind: ScopeOwner}, false},
		{"public", Scope{Kind: ScopePublic}, false},
		{"partners:acme, tsinghua", Scope{Kind: ScopePartners, Partners: []MemberID{"acme", "tsinghua"}}, false},
		{"partners", Scope{}, true},
		{"alliance:acme", Scope{}, true},
		{"galaxy", Scope{}, true},
	}
	for _, tt := range tests {
		got, err := ParseScope(tt.in)
		if (err != nil) != tt.wantErr || !slices.Equal(got.Partners, tt.want.Partners) || got.Kind != tt.want.Kind {
			t.Errorf("ParseScope(%q) = %+v, %v", tt.in, got, err)
		}
	}
}

func valid() Item {
	return Item{ID: "x", Level: LevelPart, Name: "x", Lifecycle: Released, Owner: "m", Scope: Scope{Kind: ScopeAlliance}}
}

func TestItemValidate(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*Item)
		ok   bool
	}{
		{"valid", func(*Item) {}, true},
		{"no id", func(it *Item) { it.ID = "" }, false},
		{"bad level", func(it *Item) { it.Level = "gizmo" }, false},
		{"no name", func(it *Item) { it.Name = "" }, false},
		{"bad lifecycle", func(it *Item) { it.Lifecycle = "shipped" }, false},
		{"no owner", func(it *Item) { it.Owner = "" }, false},
		{"bad scope", func(it *Item) { it.Scope.Kind = "world" }, false},
		{"nan", func(it *Item) { it.SetAttr(Attribute{Name: "r", Kind: Number, Value: nan()}) }, false},
		{"bad range", func(it *Item) { it.SetAttr(RangeAttr("v", 5, 1, "V", "")) }, false},
		{"unsorted", func(it *Item) { it.Attributes = []Attribute{TextAttr("b", "1"), TextAttr("a", "2")} }, false},
	}
	for _, tt := range tests {
		it := valid()
		tt.mod(&it)
		if err := it.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v", tt.name, err)
		}
	}
}

func nan() float64 { z := 0.0; return z / z }

func TestSetAttrKeepsOrder(t *testing.T) {
	it := valid()
	for _, n := range []string{"voltage", "capacitance", "package", "capacitance"} {
		it.SetAttr(TextAttr(n, n))
	}
	var names []string
	for _, a := range it.Attributes {
		names = append(names, a.Name)
	}
	if !slices.Equal(names, []string{"capacitance", "package", "voltage"}) {
		t.Fatalf("attributes = %v", names)
	}
	if _, ok := it.Attr("package"); !ok {
		t.Fatal("Attr(package) not found")
	}
}

func TestBatchCompact(t *testing.T) {
	b := &Batch{}
	b.Add(Item{ID: "p", Name: "old"})
	b.Add(Item{ID: "p", Name: "new"})
	b.Ref(Item{ID: "r", Name: "r", Description: "first"})
	r2 := Item{ID: "r", Description: "second"}
	r2.SetAttr(TextAttr("package", "0603"))
	b.Ref(r2)
	b.Use(Edge{Parent: "p", Child: "r", Quantity: 1, RefDes: []string{"R1"}})
	b.Edges = append(b.Edges, Edge{Parent: "p", Child: "r", Kind: BOM, Quantity: 2, RefDes: []string{"R2", "R1"}})
	b.Compact()
	if len(b.Items) != 1 || b.Items[0].Name != "new" {
		t.Fatalf("records = %+v", b.Items)
	}
	if len(b.Refs) != 1 || b.Refs[0].Description != "first" || len(b.Refs[0].Attributes) != 1 {
		t.Fatalf("refs = %+v", b.Refs)
	}
	if len(b.Edges) != 1 || b.Edges[0].Quantity != 3 || !slices.Equal(b.Edges[0].RefDes, []string{"R1", "R2"}) {
		t.Fatalf("edges = %+v", b.Edges)
	}
}

func TestMergeIntoKeepsWhatIsThere(t *testing.T) {
	dst := valid()
	dst.Description = "4k7 0603"
	dst.SetAttr(TextAttr("value", "4k7"))
	src := Item{Name: "other", Description: "4.7K resistor", Lifecycle: Obsolete}
	src.SetAttr(TextAttr("value", "4.7K"))
	src.SetAttr(TextAttr("footprint", "R_0603"))
	src.AddMPN(ManufacturerPart{Manufacturer: "Yageo", MPN: "RC0603FR-074K7L"})
	if !MergeInto(&dst, src) {
		t.Fatal("MergeInto reported no change")
	}
	v, _ := dst.Attr("value")
	if dst.Name != "x" || dst.Description != "4k7 0603" || v.Text != "4k7" || dst.Lifecycle != Released {
		t.Fatalf("merge overwrote: %+v", dst)
	}
	if _, ok := dst.Attr("footprint"); !ok || len(dst.Manufacturers) != 1 {
		t.Fatalf("merge did not add: %+v", dst)
	}
	if MergeInto(&dst, src) {
		t.Fatal("merging twice changed the item again")
	}
}

func TestEdgeValidate(t *testing.T) {
	tests := []struct {
		e  Edge
		ok bool
	}{
		{Edge{Parent: "a", Child: "b", Kind: BOM, Quantity: 1}, true},
		{Edge{Parent: "a", Child: "b", Kind: Variant}, true},
		{Edge{Parent: "a", Child: "a", Kind: BOM, Quantity: 1}, false},
		{Edge{Parent: "a", Child: "b", Kind: BOM, Quantity: 0}, false},
		{Edge{Parent: "a", Child: "b", Kind: "uses", Quantity: 1}, false},
		{Edge{Parent: "", Child: "b", Kind: BOM, Quantity: 1}, false},
	}
	for _, tt := range tests {
		if err := tt.e.Validate(); (err == nil) != tt.ok {
			t.Errorf("%+v: Validate() = %v", tt.e, err)
		}
	}
}

func TestErrorMessageNamesThePlace(t *testing.T) {
	err := ParseError("bom.csv", 12, "quantity", "%q is not a number", "two")
	if got, want := err.Error(), `bom.csv:12: field quantity: "two" is not a number`; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if Code(err) != Invalid || Code(nil) != "" {
		t.Fatal("wrong codes")
	}
}

func TestExplode(t *testing.T) {
	// P uses 2 of module M and 1 optional X; M uses 3 screws S.
	b := &Batch{}
	b.Use(Edge{Parent: "P", Child: "M", Quantity: 2})
	b.Use(Edge{Parent: "P", Child: "X", Quantity: 1, Optional: true})
	b.Use(Edge{Parent: "M", Child: "S", Quantity: 3})
	b.Use(Edge{Parent: "F", Child: "P", Kind: Variant})
	leaves, inner := b.Explode("P", false)
	if leaves["S"] != 6 || leaves["X"] != 0 || inner["M"] != 2 || inner["P"] != 1 || len(leaves) != 1 {
		t.Fatalf("leaves %v inner %v", leaves, inner)
	}
	if leaves, _ := b.Explode("P", true); leaves["X"] != 1 {
		t.Fatalf("optional usage not counted: %v", leaves)
	}
	if leaves, _ := b.Explode("F", true); leaves["F"] != 1 || len(leaves) != 1 {
		t.Fatalf("variant edges are not BOM usages: %v", leaves)
	}
}
