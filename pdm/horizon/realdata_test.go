package horizon

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// realDir is the Horizon pool snapshot of the shared data folder.
var realDir = filepath.Join("..", "..", "..", "shared", "data", "horizon-pool-parts")

func realFS(t testing.TB) fs.FS {
	t.Helper()
	if _, err := os.Stat(filepath.Join(realDir, "parts")); err != nil {
		t.Skipf("the Horizon pool snapshot is not at %s (the shared data folder is absent): %v", realDir, err)
	}
	return os.DirFS(realDir)
}

func readReal(t *testing.T) *model.Batch {
	t.Helper()
	fsys := realFS(t)
	in := pdm.Input{FS: fsys, Path: "parts", Dir: true, Display: "horizon-pool-parts/parts"}
	if !(Format{}).Detect(in) {
		t.Fatal("the real parts folder is not detected")
	}
	b, err := Format{}.Read(context.Background(), in, pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	return b
}

// rawPart is a part file as generic JSON, read by the tests on their own.
type rawPart map[string]any

// readRawParts reads every part file of the snapshot, by uuid.
func readRawParts(t *testing.T, fsys fs.FS) map[string]rawPart {
	t.Helper()
	parts := map[string]rawPart{}
	err := fs.WalkDir(fsys, "parts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		var r rawPart
		if err := json.Unmarshal(data, &r); err != nil {
			return err
		}
		parts[r["uuid"].(string)] = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return parts
}

// resolve returns the field of the part as Horizon resolves it, following
// the base while the pair says inherit.
func resolve(parts map[string]rawPart, p rawPart, field string) string {
	for {
		pair, _ := p[field].([]any)
		if len(pair) != 2 {
			return ""
		}
		base, hasBase := p["base"].(string)
		if pair[0] == true && hasBase {
			p = parts[base]
			continue
		}
		return pair[1].(string)
	}
}

// TestRealCounts checks the batch of the 642 real parts against counts
// made here from the JSON: every part a record, the base parts (named by
// some part's "base", or flagged) families, one variant edge per part made
// from a base.
func TestRealCounts(t *testing.T) {
	b := readReal(t)
	parts := readRawParts(t, realFS(t))
	bases := map[string]bool{}
	derived := 0
	for _, p := range parts {
		if base, ok := p["base"].(string); ok {
			bases[base] = true
			derived++
		}
		if flags, ok := p["flags"].(map[string]any); ok && flags["base_part"] == "set" {
			bases[p["uuid"].(string)] = true
		}
	}
	t.Logf("%d parts, %d made from a base, %d base parts", len(parts), derived, len(bases))
	if len(parts) != 642 || derived != 344 || len(bases) != 97 {
		t.Errorf("the snapshot holds %d parts, %d derived, %d bases; SOURCES.md says 642, 344 (and 96 bases + 1 flagged)", len(parts), derived, len(bases))
	}
	families := 0
	for _, it := range b.Items {
		if it.Level == model.LevelFamily {
			families++
			if !bases[it.Source.ExternalID] {
				t.Errorf("%s (%s) is a family but no base part", it.Name, it.Source.ExternalID)
			}
		}
	}
	if len(b.Items) != len(parts) || len(b.Refs) != 0 || families != len(bases) || len(b.Edges) != derived {
		t.Errorf("%d items (%d families), %d refs, %d edges; want %d (%d), 0, %d",
			len(b.Items), families, len(b.Refs), len(b.Edges), len(parts), len(bases), derived)
	}
	for _, e := range b.Edges {
		if e.Kind != model.Variant {
			t.Errorf("edge %v is not a variant edge", e)
		}
	}
}

// TestRealInheritance compares every item with the fields resolved here
// from the raw JSON, and spot-checks parts whose own texts are stale.
func TestRealInheritance(t *testing.T) {
	b := readReal(t)
	parts := readRawParts(t, realFS(t))
	byUUID := map[string]model.Item{}
	for _, it := range b.Items {
		byUUID[it.Source.ExternalID] = it
		p := parts[it.Source.ExternalID]
		if mpn := resolve(parts, p, "MPN"); it.Name != strings.TrimSpace(mpn) {
			t.Errorf("%s: name %q, MPN %q", it.Source.ExternalID, it.Name, mpn)
		}
		if d := resolve(parts, p, "description"); it.Description != strings.TrimSpace(d) {
			t.Errorf("%s: description %q, want %q", it.Name, it.Description, d)
		}
		if m := resolve(parts, p, "manufacturer"); (m != "") != (len(it.Manufacturers) > 0) ||
			m != "" && it.Manufacturers[0].Manufacturer != strings.TrimSpace(m) {
			t.Errorf("%s: manufacturers %v, manufacturer %q", it.Name, it.Manufacturers, m)
		}
		if v := resolve(parts, p, "value"); text(it, model.AttrValue) != strings.TrimSpace(v) {
			t.Errorf("%s: value %q, want %q", it.Name, text(it, model.AttrValue), v)
		}
	}
	spot := []struct {
		uuid, attr, want string
	}{
		// D6R40F1's own manufacturer text is "ckswitches"; it inherits.
		{"104181bb-f22d-45cc-b9f8-7502949e5f0f", "manufacturer", "C&K"},
		// RC0603FR-0718RL inherits RC0603's datasheet, not its stale own.
		{"a1b3ffe3-d922-4666-b724-660bde43f1d9", AttrDatasheet,
			"https://www.yageo.com/upload/media/product/productsearch/datasheet/rchip/PYu-RC_Group_51_RoHS_L_11.pdf"},
		// 93LC46B/SN: manufacturer and tags through two bases; datasheet
		// from the first; its own description and value.
		{"70a4a3eb-efe8-4f68-adab-951c53e7ece6", "manufacturer", "Microchip"},
		{"70a4a3eb-efe8-4f68-adab-951c53e7ece6", model.AttrKeywords, "eeprom ic memory"},
		{"70a4a3eb-efe8-4f68-adab-951c53e7ece6", AttrDatasheet, "https://ww1.microchip.com/downloads/en/DeviceDoc/20001749K.pdf"},
		{"70a4a3eb-efe8-4f68-adab-951c53e7ece6", "description", "Serial EEPROM - 1KBit - 16-bit word size - Microwire compatible"},
		{"70a4a3eb-efe8-4f68-adab-951c53e7ece6", model.AttrValue, "93LC46B"},
		// KEMET C0G capacitor through the KEMET C0603 series and the base.
		{"5005387e-f8ae-4aa5-9eec-d8cac8f55bf5", "manufacturer", "KEMET"},
		{"5005387e-f8ae-4aa5-9eec-d8cac8f55bf5", model.AttrDielectric, "C0G"},
		{"5005387e-f8ae-4aa5-9eec-d8cac8f55bf5", "class", string(model.ClassCapacitors)},
	}
	for _, s := range spot {
		it, ok := byUUID[s.uuid]
		if !ok {
			t.Errorf("no item for %s", s.uuid)
			continue
		}
		got := text(it, s.attr)
		switch s.attr {
		case "manufacturer":
			got = it.Manufacturers[0].Manufacturer
		case "description":
			got = it.Description
		case "class":
			got = string(it.Class)
		}
		if got != s.want {
			t.Errorf("%s: %s = %q, want %q", it.Name, s.attr, got, s.want)
		}
	}
	if ms := byUUID["70a4a3eb-efe8-4f68-adab-951c53e7ece6"].Manufacturers; len(ms) != 2 || ms[1].MPN != "92LC46BT-I/SN" {
		t.Errorf("93LC46B/SN: manufacturers %v, want the orderable MPN too", ms)
	}
}

// TestRealParametric checks the parametric values: every part of a table
// has its class and its value in SI units.
func TestRealParametric(t *testing.T) {
	b := readReal(t)
	parts := readRawParts(t, realFS(t))
	want := map[string]struct {
		class model.ClassPath
		attr  string
		unit  string
	}{
		"resistors":  {model.ClassResistors, model.AttrResistance, "Ω"},
		"capacitors": {model.ClassCapacitors, model.AttrCapacitance, "F"},
		"inductors":  {model.ClassInductors, model.AttrInductance, "H"},
	}
	counts := map[string]int{}
	for _, it := range b.Items {
		param, _ := parts[it.Source.ExternalID]["parametric"].(map[string]any)
		table, _ := param["table"].(string)
		if table == "" {
			continue
		}
		counts[table]++
		w := want[table]
		a, ok := it.Attr(w.attr)
		if it.Class != w.class || !ok || a.Kind != model.Number || a.Unit != w.unit || a.Raw != param["value"] {
			t.Errorf("%s (%s): class %q, %s %+v", it.Name, table, it.Class, w.attr, a)
		}
	}
	if counts["resistors"] != 77 || counts["capacitors"] != 42 || counts["inductors"] != 11 {
		t.Errorf("tables: %v, want 77 resistors, 42 capacitors, 11 inductors", counts)
	}
	checks := []struct {
		uuid, attr string
		v          float64
		unit       string
	}{
		{"041714ac-9839-4c38-a93c-7f7079fd0e3b", model.AttrResistance, 12100, "Ω"}, // RC0603FR-0712K1L
		{"5005387e-f8ae-4aa5-9eec-d8cac8f55bf5", model.AttrCapacitance, 8.2e-12, "F"},
		{"5005387e-f8ae-4aa5-9eec-d8cac8f55bf5", model.AttrVoltage, 50, "V"},
		{"843fa768-1ddc-4847-910e-47e8183b112c", model.AttrInductance, 3.3e-6, "H"}, // ECS-MPIL0530-3R3MC
		{"843fa768-1ddc-4847-910e-47e8183b112c", model.AttrCurrent, 5, "A"},
		{"843fa768-1ddc-4847-910e-47e8183b112c", "dc_resistance", 0.038, "Ω"},
	}
	for _, c := range checks {
		var it model.Item
		for _, x := range b.Items {
			if x.Source.ExternalID == c.uuid {
				it = x
			}
		}
		if a, ok := it.Attr(c.attr); !ok || a.Value != c.v || a.Unit != c.unit {
			t.Errorf("%s: %s = %+v, want %v %s", it.Name, c.attr, a, c.v, c.unit)
		}
	}
}

// TestRealFiles forces the format on a sample of the real part files: each
// reads alone, its item the one of the whole pool's batch.
func TestRealFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the pool once per file")
	}
	b := readReal(t)
	fsys := realFS(t)
	items := map[model.ItemID]model.Item{}
	for _, it := range b.Items {
		items[it.ID] = it
	}
	n := 0
	err := fs.WalkDir(fsys, "parts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if n++; n%50 != 1 { // a sample: every read walks the pool
			return nil
		}
		one, err := Format{}.Read(context.Background(), pdm.Input{FS: fsys, Path: p, Display: p}, pdm.Options{})
		if err != nil {
			return err
		}
		checkBatch(t, one)
		if len(one.Items) != 1 || !sameItem(one.Items[0], items[one.Items[0].ID]) {
			t.Errorf("%s: %+v differs from the pool's item", p, one.Items)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func sameItem(a, b model.Item) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
