package index

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// parts returns n alliance parts named name, with external ids prefix0...
func parts(prefix, name string, n int) []Doc {
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{Item: item(fmt.Sprint(prefix, i), name, "acme", alliance)}
	}
	return docs
}

// among counts the hits that are items of docs.
func among(ids []model.ItemID, docs []Doc) int {
	n := 0
	for _, h := range ids {
		if slices.ContainsFunc(docs, func(d Doc) bool { return d.Item.ID == h }) {
			n++
		}
	}
	return n
}

// A text's items having every word come first; the items having some of
// its words are searched only when those are fewer than Size.
func TestSearchAllWordsFirst(t *testing.T) {
	all := parts("all", "thick film chip resistor 0603", 5)
	// More words of the text, and so a higher any-word score, but not
	// "resistor".
	some := parts("some", "thick film chip 0603 0603 0603 thick film", 20)
	x := memIndex(t, slices.Concat(all, some))
	tests := []struct {
		size      int
		all, some int // hits expected of each kind
	}{
		{size: 5, all: 5},
		{size: 3, all: 3},
		{size: 10, all: 5, some: 5}, // the fallback ranks every match
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint("size=", tc.size), func(t *testing.T) {
			got := search(t, x, Query{Text: "thick film chip resistor 0603", Viewer: acme, Size: tc.size})
			if a, s := among(got, all), among(got, some); a != tc.all || s != tc.some {
				t.Errorf("got %d items with all words and %d with some, want %d and %d: %v", a, s, tc.all, tc.some, got)
			}
		})
	}
}

// In a large index the fallback requires a rare word: items having only
// common words are left out, and common words add to the score. Chinese
// and part numbers (exact and prefix) still find their items.
func TestSearchCommonWordFallback(t *testing.T) {
	common := parts("common", "chip resistor", 200)     // "chip", "resistor": common
	rare := parts("rare", "chip resistor wirewound", 2) // "wirewound": rare
	rareOnly := parts("rareonly", "axial power wirewound", 2)
	docs := slices.Concat(common, rare, rareOnly)
	cn := item("cn", "贴片电阻", "acme", alliance)
	stm := item("stm", "microcontroller", "acme", alliance)
	stm.AddMPN(model.ManufacturerPart{Manufacturer: "ST", MPN: "STM32F103RCT6"})
	docs = append(docs, Doc{Item: cn}, Doc{Item: stm})
	for _, large := range []bool{false, true} {
		x := memIndex(t, docs)
		if large {
			x.rareMinDocs = 0
		}
		t.Run(fmt.Sprint("large=", large), func(t *testing.T) {
			// No item has all four words: the fallback runs.
			got := search(t, x, Query{Text: "wirewound chip resistor 5W", Viewer: acme, Size: 100})
			if n := among(got, rare) + among(got, rareOnly); n != 4 {
				t.Errorf("%d items with the rare word, want 4: %v", n, got)
			}
			if len(got) < 2 || among(got[:2], rare) != 2 {
				t.Errorf("the items having the rare and the common words should lead: %v", got[:min(4, len(got))])
			}
			if n := among(got, common); large && n != 0 || !large && n == 0 {
				t.Errorf("%d items with common words only", n)
			}
			for _, tc := range []struct{ text, want string }{
				{"电阻 chip resistor", "cn"},
				{"STM32F103RCT6 chip resistor", "stm"},
				{"STM32F103 chip resistor", "stm"},
			} {
				got := search(t, x, Query{Text: tc.text, Viewer: acme, Size: 100})
				if len(got) == 0 || got[0] != id(tc.want) {
					t.Errorf("%q: got %v first, want %s", tc.text, got[:min(3, len(got))], tc.want)
				}
			}
		})
	}
}

// The Chinese field holds ideographs only, and a text without them does
// not search it.
func TestChineseFieldIdeographsOnly(t *testing.T) {
	m := queryMapping()
	got := terms(m.AnalyzerNamed(analyzerHan), "Resistor 贴片电阻 10k 0603")
	if want := []string{"贴片", "片电", "电阻"}; !slices.Equal(got, want) {
		t.Errorf("CJK field terms %q, want %q", got, want)
	}
	for _, tc := range []struct {
		text    string
		han, en int
	}{
		{"10k 0603 resistor", 0, 3},
		{"电阻 10k", 1, 1},
		{"电阻", 1, 0},
	} {
		q := analyzeText(tc.text)
		if len(q.han) != tc.han || len(q.en) != tc.en {
			t.Errorf("%q: %d Chinese and %d English terms %q %q, want %d and %d", tc.text, len(q.han), len(q.en), q.han, q.en, tc.han, tc.en)
		}
	}
}

// A sharded index holds and returns each item once, wherever it is put
// again, and deletes it from its shard.
func TestShardsReturnEachItemOnce(t *testing.T) {
	x, err := openMemory(3)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	docs := parts("p", "hex bolt", 90)
	for range 2 {
		if err := x.Put(ctx, docs); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range x.shards {
		if n, _ := s.DocCount(); n == 0 || n == 90 {
			t.Errorf("shard %d holds %d items: not spread", i, n)
		}
	}
	if n := count(t, x); n != 90 {
		t.Errorf("count %d, want 90", n)
	}
	for _, q := range []Query{
		{Text: "bolt", Viewer: acme, Size: 1000},
		{Viewer: acme, Size: 1000},
		{Text: "bolt", Viewer: acme, Size: 40},
	} {
		got := search(t, x, q)
		want := min(90, q.Size)
		seen := map[model.ItemID]bool{}
		for _, h := range got {
			if seen[h] {
				t.Errorf("%+v: %s twice", q, h)
			}
			seen[h] = true
		}
		if len(got) != want {
			t.Errorf("%+v: %d hits, want %d", q, len(got), want)
		}
	}
	if err := x.Delete(ctx, []model.ItemID{docs[0].Item.ID, docs[1].Item.ID}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, x); n != 88 {
		t.Errorf("count after delete %d, want 88", n)
	}
}

// A scored search stops after scoreCap matches per shard, and returns the
// best it found.
func TestSearchScoreCap(t *testing.T) {
	x := memIndex(t, parts("p", "hex bolt", 50))
	x.scoreCap = 10
	got := search(t, x, Query{Text: "bolt", Viewer: acme, Size: 5})
	if len(got) != 5 {
		t.Errorf("%d hits, want 5", len(got))
	}
	got = search(t, x, Query{Text: "bolt", Viewer: acme, Size: 30})
	if len(got) != 10 {
		t.Errorf("%d hits, want the 10 scored", len(got))
	}
}
