package nopscadlib

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// sharedBOMs is the folder of the 20 real NopSCADlib products.
var sharedBOMs = filepath.Join("..", "..", "..", "shared", "data", "nopscadlib-boms")

// realProducts lists the product folders of the shared data, skipping the
// test when the data is absent.
func realProducts(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(sharedBOMs)
	if err != nil {
		t.Skipf("shared data not found at %s (%v): the real-data tests need /work/shared/data", sharedBOMs, err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			if _, err := os.Stat(filepath.Join(sharedBOMs, e.Name(), BOMFile)); err == nil {
				out = append(out, e.Name())
			}
		}
	}
	return out
}

// readReal reads one product folder through Detect and Read, as ingest
// would from the data folder.
func readReal(t *testing.T, dir string) *model.Batch {
	t.Helper()
	in := pdm.Input{FS: os.DirFS(sharedBOMs), Path: dir, Dir: true, Display: filepath.Join(sharedBOMs, dir)}
	if !(Format{}).Detect(in) {
		t.Fatalf("%s: not detected", dir)
	}
	b, err := Format{}.Read(context.Background(), in, pdm.Options{})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	if err := checkBatch(b); err != nil {
		t.Fatalf("%s: invalid batch: %v", dir, err)
	}
	return b
}

// TestRealTotals imports each real product and checks that the vitamin
// totals flattened down the assembly tree equal the totals NopSCADlib
// wrote in bom.csv and in bom.txt's total column, that printed and routed
// totals equal bom.txt's, and that every assembly but the main one is a
// module reached from the product as often as bom.json counts it.
func TestRealTotals(t *testing.T) {
	dirs := realProducts(t)
	if len(dirs) != 20 {
		t.Fatalf("found %d products in %s, want 20", len(dirs), sharedBOMs)
	}
	checkedCSV, checkedTxt := 0, 0
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			b := readReal(t, dir)
			pid := model.NewID(System, dir)
			leaves, inner := b.Explode(pid, true)
			vit := byName(b, leaves, model.LevelPart, "")
			if data, err := os.ReadFile(filepath.Join(sharedBOMs, dir, "bom.csv")); err == nil {
				if d := sameTotals(vit, readCSV(data)); d != "" {
					t.Errorf("vitamins vs bom.csv: %s", d)
				}
				checkedCSV++
			}
			if data, err := os.ReadFile(filepath.Join(sharedBOMs, dir, "bom.txt")); err == nil {
				txt := readTxt(data)
				for sec, class := range map[string]model.ClassPath{"Vitamins": "", "Printed": model.ClassPrinted, "CNC cut": model.ClassRouted} {
					want := txt[sec]
					if want == nil {
						want = map[string]float64{}
					}
					if d := sameTotals(byName(b, leaves, model.LevelPart, class), want); d != "" {
						t.Errorf("%s vs bom.txt: %s", sec, d)
					}
				}
				checkedTxt++
			}
			checkInstances(t, dir, b, inner)
		})
	}
	t.Logf("checked %d products: %d against bom.csv, %d against bom.txt", len(dirs), checkedCSV, checkedTxt)
}

// checkInstances compares the module instances reached by flattening
// with bom.json's counts, less self-nesting.
func checkInstances(t *testing.T, dir string, b *model.Batch, inner map[model.ItemID]float64) {
	t.Helper()
	raw := readRawJSON(t, dir)
	modules := 0
	for _, it := range b.Items {
		if it.Level == model.LevelModule {
			modules++
		}
	}
	if modules != len(raw)-1 {
		t.Errorf("%d modules, want %d (every assembly but the main one)", modules, len(raw)-1)
	}
	for _, a := range raw[:len(raw)-1] {
		want := a.Count - a.Assemblies[a.Name]
		id := model.NewID(System, dir+"/"+a.Name)
		got := inner[id]
		if got == 0 && len(a.Vitamins)+len(a.Printed)+len(a.Routed) == 0 && len(a.Assemblies) == 0 {
			continue // an empty assembly is a leaf of the flattening
		}
		if !near(got, want) {
			t.Errorf("assembly %s: %v instances reached from the product, want %v", a.Name, got, want)
		}
	}
}

// rawAsm is bom.json decoded independently of the reader.
type rawAsm struct {
	Name       string                     `json:"name"`
	Count      float64                    `json:"count"`
	Assemblies map[string]float64         `json:"assemblies"`
	Vitamins   map[string]json.RawMessage `json:"vitamins"`
	Printed    map[string]json.RawMessage `json:"printed"`
	Routed     map[string]json.RawMessage `json:"routed"`
}

func readRawJSON(t *testing.T, dir string) []rawAsm {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sharedBOMs, dir, BOMFile))
	if err != nil {
		t.Fatal(err)
	}
	var raw []rawAsm
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestRealSharedVitamins imports all 20 products as 20 batches and checks,
// for every constructor used by more than one product, that the products
// whose flattened BOM holds a vitamin of that constructor are exactly the
// products whose bom.json names it (read directly, splitting keys at the
// first ": "); and that a constructor naming one vitamin in every product
// is one item across products.
func TestRealSharedVitamins(t *testing.T) {
	dirs := realProducts(t)
	want := map[string]map[string]bool{} // constructor -> products, from the files
	for _, dir := range dirs {
		for _, a := range readRawJSON(t, dir) {
			for k := range a.Vitamins {
				c, _, ok := strings.Cut(k, ": ")
				if c = strings.TrimSpace(c); ok && c != "" {
					if want[c] == nil {
						want[c] = map[string]bool{}
					}
					want[c][dir] = true
				}
			}
		}
	}
	got := map[string]map[string]bool{}
	ids := map[string]map[model.ItemID]bool{}
	products := map[model.ItemID]bool{}
	for _, dir := range dirs {
		b := readReal(t, dir)
		pid := model.NewID(System, dir)
		products[pid] = true
		leaves, _ := b.Explode(pid, true)
		for _, it := range b.Refs {
			a, ok := it.Attr(AttrConstructor)
			if !ok || leaves[it.ID] == 0 {
				continue
			}
			if got[a.Text] == nil {
				got[a.Text], ids[a.Text] = map[string]bool{}, map[model.ItemID]bool{}
			}
			got[a.Text][dir] = true
			ids[a.Text][it.ID] = true
		}
	}
	if len(products) != 20 {
		t.Fatalf("%d products, want 20", len(products))
	}
	shared := 0
	for c, ps := range want {
		if len(ps) < 2 {
			continue
		}
		shared++
		if !maps.Equal(got[c], ps) {
			t.Errorf("%s: in products %v, want %v", c, slices.Sorted(maps.Keys(got[c])), slices.Sorted(maps.Keys(ps)))
		}
		if len(ids[c]) == 1 && !ids[c][model.NewID(System, c)] {
			t.Errorf("%s: item is not keyed by its constructor", c)
		}
	}
	if shared < 50 {
		t.Errorf("only %d shared constructors; expected many more", shared)
	}
	t.Logf("%d constructors, %d shared by more than one of %d products", len(want), shared, len(products))
}
