package index

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

var acme = Viewer{Member: "acme", Active: true}

func TestSearchText(t *testing.T) {
	x := memIndex(t, catalogue())
	tests := []struct {
		text  string
		first string   // external id of the expected best hit ("" : no check)
		want  []string // must be among the hits
		not   []string // must not be among the hits
	}{
		{text: "resistors", want: []string{"r10k", "rcn"}, not: []string{"c100n", "screw"}},
		{text: "resistor 10k", first: "r10k", want: []string{"rcn"}},
		{text: "capacitors", first: "c100n"},
		{text: "regulating voltages", first: "ldo"},
		{text: "stepper motors", want: []string{"motor", "extruder"}},
		{text: "Yageo", first: "r10k"},
		{text: "RC0603FR-0710KL", first: "r10k"},
		{text: "rc0603fr-0710kl", first: "r10k"},
		{text: "GRM188R71H104KA93D", first: "c100n", not: []string{"r10k"}},
		{text: "AP2112K-3.3TRG1DICT-ND", first: "ldo"},
		{text: "内六角螺钉", first: "screw", not: []string{"rcn", "motor"}},
		{text: "不锈钢螺钉", first: "screw"},
		{text: "电阻", first: "rcn", not: []string{"screw", "motor"}},
		{text: "片式电阻器", first: "rcn"},
		{text: "步进电机", first: "motor"},
		{text: "M3 螺钉", first: "screw", want: []string{"nut"}},
		{text: "NEMA17 电机", first: "motor", want: []string{"extruder"}},
		{text: "ISO 4762", first: "screw"},
		{text: "X7R", first: "c100n"},
		{text: "xyzzy 鑫淼", want: nil, not: []string{"r10k", "screw"}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got := search(t, x, Query{Text: tc.text, Viewer: acme})
			if tc.first != "" && (len(got) == 0 || got[0] != id(tc.first)) {
				t.Errorf("best hit: got %v, want %s first", names(got), tc.first)
			}
			for _, w := range tc.want {
				if !slices.Contains(got, id(w)) {
					t.Errorf("hits %v lack %s", names(got), w)
				}
			}
			for _, n := range tc.not {
				if slices.Contains(got, id(n)) {
					t.Errorf("hits %v include %s", names(got), n)
				}
			}
		})
	}
}

func TestSearchExactPartNumberBoost(t *testing.T) {
	x := memIndex(t, catalogue())
	hits, err := x.Search(context.Background(), Query{Text: "RC0603FR-0710KL", Viewer: acme})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].ID != id("r10k") {
		t.Fatalf("hits %v", hits)
	}
	if len(hits) > 1 && hits[0].Score < 2*hits[1].Score {
		t.Errorf("exact MPN hit scores %v, next %v: want a clear lead", hits[0].Score, hits[1].Score)
	}
}

func TestSearchScope(t *testing.T) {
	const own, partner, other = "own", "partner", "other"
	docs := []Doc{
		{Item: item("s-owner", "widget", own, private)},
		{Item: item("s-partners", "widget", own, partners(partner, "third"))},
		{Item: item("s-alliance", "widget", own, alliance)},
		{Item: item("s-public", "widget", own, public)},
	}
	x := memIndex(t, docs)
	all := []string{"s-owner", "s-partners", "s-alliance", "s-public"}
	tests := []struct {
		name   string
		viewer Viewer
		want   []string
	}{
		{"owner", Viewer{Member: own, Active: true}, all},
		{"expelled owner keeps its own", Viewer{Member: own, Active: false}, all},
		{"partner", Viewer{Member: partner, Active: true}, []string{"s-partners", "s-alliance", "s-public"}},
		{"expelled partner", Viewer{Member: partner, Active: false}, []string{"s-public"}},
		{"alliance member", Viewer{Member: other, Active: true}, []string{"s-alliance", "s-public"}},
		{"expelled member", Viewer{Member: other, Active: false}, []string{"s-public"}},
		{"licensee", Viewer{Member: other, Active: true, Licensed: []model.ItemID{id("s-owner")}}, []string{"s-owner", "s-alliance", "s-public"}},
		{"expelled licensee", Viewer{Member: other, Active: false, Licensed: []model.ItemID{id("s-owner")}}, []string{"s-public"}},
		{"owner gone", Viewer{Member: partner, Active: true, Gone: []model.MemberID{own}}, []string{"s-public"}},
		{"owner gone, licence survives", Viewer{Member: partner, Active: true, Gone: []model.MemberID{own}, Licensed: []model.ItemID{id("s-owner")}}, []string{"s-owner", "s-public"}},
		{"administrator", Viewer{Member: model.Administrator, Active: true, Admin: true}, all},
	}
	for _, tc := range tests {
		for _, text := range []string{"", "widget"} {
			t.Run(fmt.Sprintf("%s/%q", tc.name, text), func(t *testing.T) {
				got := search(t, x, Query{Text: text, Viewer: tc.viewer})
				want := make([]model.ItemID, len(tc.want))
				for i, w := range tc.want {
					want[i] = id(w)
				}
				if !sameSet(got, want) {
					t.Errorf("got %v, want %v", got, want)
				}
				// The index's filter and the store's rule agree.
				for _, d := range docs {
					it := d.Item
					if tc.viewer.CanSee(&it) != slices.Contains(want, it.ID) {
						t.Errorf("CanSee(%s) = %v, index disagrees", it.ID, !slices.Contains(want, it.ID))
					}
				}
			})
		}
	}
	if _, err := x.Search(context.Background(), Query{Text: "widget"}); model.Code(err) != model.Invalid {
		t.Errorf("search without viewer: got %v, want an Invalid error", err)
	}
}

// TestSearchSizeCountsVisibleHits proves the scope filter is in the query:
// many invisible items outscore the visible ones, yet Size visible hits
// come back.
func TestSearchSizeCountsVisibleHits(t *testing.T) {
	var docs []Doc
	for i := range 300 {
		docs = append(docs, Doc{Item: item(fmt.Sprint("hidden", i), "bolt bolt bolt", "secret", private)})
	}
	visible := map[model.ItemID]bool{}
	for i := range 40 {
		it := item(fmt.Sprint("shown", i), "bolt", "open", alliance)
		it.Description = "hex head flange washer face zinc plated steel grade 8.8 metric coarse thread"
		docs = append(docs, Doc{Item: it})
		visible[it.ID] = true
	}
	x := memIndex(t, docs)
	top := search(t, x, Query{Text: "bolt", Viewer: Viewer{Member: "secret", Active: true}, Size: 10})
	for _, h := range top {
		if visible[h] {
			t.Fatalf("setup: the owner's items should outscore the shared ones, got %v", top)
		}
	}
	got := search(t, x, Query{Text: "bolt", Viewer: acme, Size: 25})
	if len(got) != 25 {
		t.Fatalf("got %d hits, want 25", len(got))
	}
	for _, h := range got {
		if !visible[h] {
			t.Errorf("hit %s is not visible to acme", h)
		}
	}
}

func TestSearchFilters(t *testing.T) {
	x := memIndex(t, catalogue())
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"class root", Query{Class: "Electronics"}, []string{"r10k", "c100n", "rcn", "ldo"}},
		{"class leaf", Query{Class: model.ClassResistors}, []string{"r10k", "rcn"}},
		{"class with slashes", Query{Class: "/Electronics/Passives/"}, []string{"r10k", "c100n", "rcn"}},
		{"class partial segment", Query{Class: "Electronics/Pass"}, nil},
		{"class and text", Query{Class: "Mechanical", Text: "M3"}, []string{"screw", "nut"}},
		{"level module", Query{Levels: []model.Level{model.LevelModule}}, []string{"extruder"}},
		{"level module or family", Query{Levels: []model.Level{model.LevelFamily, model.LevelModule}, Text: "NEMA17"}, []string{"extruder"}},
		{"level part text", Query{Levels: []model.Level{model.LevelPart}, Text: "NEMA17"}, []string{"motor"}},
		{"resistance window", Query{Numbers: []NumberRange{{Attr: model.AttrResistance, Min: f(9e3), Max: f(11e3)}}}, []string{"r10k", "rcn"}},
		{"resistance too high", Query{Numbers: []NumberRange{{Attr: model.AttrResistance, Min: f(11e3)}}}, nil},
		{"capacitance min", Query{Numbers: []NumberRange{{Attr: model.AttrCapacitance, Min: f(10e-9)}}}, []string{"c100n"}},
		{"capacitance exact tiny", Query{Numbers: []NumberRange{{Attr: model.AttrCapacitance, Min: f(100e-9), Max: f(100e-9)}}}, []string{"c100n"}},
		{"voltage and text", Query{Text: "capacitor", Numbers: []NumberRange{{Attr: model.AttrVoltage, Min: f(25)}}}, []string{"c100n"}},
		{"two numbers", Query{Numbers: []NumberRange{{Attr: model.AttrResistance, Max: f(1e6)}, {Attr: model.AttrTolerance, Max: f(1)}}}, []string{"r10k"}},
		{"range overlaps", Query{Numbers: []NumberRange{{Attr: "input_voltage", Min: f(5), Max: f(5)}}}, []string{"ldo"}},
		{"range overlaps at edge", Query{Numbers: []NumberRange{{Attr: "input_voltage", Min: f(6), Max: f(12)}}}, []string{"ldo"}},
		{"range disjoint", Query{Numbers: []NumberRange{{Attr: "input_voltage", Min: f(7)}}}, nil},
		{"has attribute", Query{Numbers: []NumberRange{{Attr: model.AttrLength}}}, []string{"screw"}},
		{"unknown attribute", Query{Numbers: []NumberRange{{Attr: "nonesuch", Min: f(0)}}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.Viewer = acme
			got := search(t, x, tc.q)
			want := make([]model.ItemID, len(tc.want))
			for i, w := range tc.want {
				want[i] = id(w)
			}
			if !sameSet(got, want) {
				t.Errorf("got %v, want %v", names(got), tc.want)
			}
		})
	}
}

func TestSearchInvalid(t *testing.T) {
	x := memIndex(t, catalogue())
	one, two := 1.0, 2.0
	for _, q := range []Query{
		{Viewer: acme, Size: -1},
		{Viewer: acme, Numbers: []NumberRange{{Min: &one}}},
		{Viewer: acme, Numbers: []NumberRange{{Attr: "x", Min: &two, Max: &one}}},
	} {
		if _, err := x.Search(context.Background(), q); model.Code(err) != model.Invalid {
			t.Errorf("%+v: got %v, want an Invalid error", q, err)
		}
	}
}

func TestSearchSize(t *testing.T) {
	x := memIndex(t, catalogue())
	if got := search(t, x, Query{Viewer: acme, Size: 3}); len(got) != 3 {
		t.Errorf("Size 3: got %d hits", len(got))
	}
	if got := search(t, x, Query{Viewer: acme}); len(got) != len(catalogue()) {
		t.Errorf("default size: got %d hits, want all %d", len(got), len(catalogue()))
	}
}

// An index opened again still knows which attributes some item states as
// a range, so number filters keep finding overlapping ranges.
func TestRangesAfterReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	x, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(ctx, catalogue()); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	x, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	five := 5.0
	got := search(t, x, Query{Viewer: acme, Numbers: []NumberRange{{Attr: "input_voltage", Min: &five, Max: &five}}})
	if !sameSet(got, []model.ItemID{id("ldo")}) {
		t.Errorf("after reopening: %v, want the LDO whose input range holds 5 V", names(got))
	}
}
