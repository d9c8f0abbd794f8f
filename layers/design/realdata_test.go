package design

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

// readColumn reads the first column of one of FreeCAD's fastener tables
// (a title line, a header line, then rows).
func readColumn(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	var out []string
	for _, row := range rows {
		if len(row) > 1 && row[0] != "" && row[0] != "Dia" && row[0] != "Nominal" {
			out = append(out, row[0])
		}
	}
	return out
}

// TestISO4762Variant varies the ISO 4762 socket head cap screw family,
// its threads from FreeCAD's ISO 4762 table and its lengths the ISO 888
// nominal lengths, to meet "M5, at least 17 mm": the released M5 x 16 is
// too short, the family set to M5 at the next standard length does.
func TestISO4762Variant(t *testing.T) {
	dir := shareddata.Dir(t, "std-fasteners", "freecad-fastenerswb", "FsData")
	threads := readColumn(t, filepath.Join(dir, "iso4762def.csv"))
	var lengths []float64
	for _, s := range readColumn(t, filepath.Join(dir, "iso888length.csv")) {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("iso888 length %q: %v", s, err)
		}
		lengths = append(lengths, v*mm)
	}
	if len(threads) < 20 || len(lengths) < 50 {
		t.Fatalf("read %d threads and %d lengths", len(threads), len(lengths))
	}
	ri := model.RequirementItem{Name: "cap screw", Class: model.ClassScrews, Level: model.LevelPart, Quantity: 12,
		Constraints: []model.Constraint{
			{Attribute: model.AttrThread, Op: model.OneOf, Values: []string{"M5"}, Must: true},
			must(model.AttrLength, model.Min, 17*mm, "m"),
		}}
	req := model.Requirement{Name: "cover fixing", Member: "acme", Items: []model.RequirementItem{ri}}
	short := cand(ri, "iso4762-m5x16", "ISO 4762 M5 x 16", model.LevelPart, model.ClassScrews, model.Released, "uni-a", 0.92,
		model.EnumAttr(model.AttrThread, "M5", "M5"), num(model.AttrLength, 16*mm, "m"))
	family := cand(ri, "iso4762", "ISO 4762 socket head cap screws", model.LevelFamily, model.ClassScrews, model.Released, "uni-a", 0.8,
		model.EnumAttr(model.AttrStandard, "ISO 4762", ""))
	vb := model.Variability{Item: "iso4762", Parameters: []model.Parameter{
		{Name: model.AttrThread, Values: threads},
		{Name: model.AttrLength, Unit: "m", Steps: lengths},
	}}
	rep := decide(t, Input{Requirement: req, Candidates: result(req, []retrieval.Candidate{short, family}),
		Variability: func(id model.ItemID) (model.Variability, bool) { return vb, id == vb.Item }})
	d := rep.Items[0]
	if d.Decision != Variant || d.Candidate.ID != "iso4762" {
		t.Fatalf("decision %s %+v: %s", d.Decision, d.Candidate, d.Why)
	}
	next := 0.0 // the shortest ISO 888 length of at least 17 mm
	for _, l := range lengths {
		if l >= 17*mm && (next == 0 || l < next) {
			next = l
		}
	}
	if len(d.Settings) != 2 || d.Settings[0].Text != "M5" || d.Settings[1].Value != next {
		t.Errorf("settings %+v, want M5 and %v m", d.Settings, next)
	}
	if rep.VariantRate != 1 || rep.EffortSaved != 0.7 || rep.Credits["uni-a"] != 0.7 {
		t.Errorf("variant rate %v, effort saved %v, credits %v", rep.VariantRate, rep.EffortSaved, rep.Credits)
	}
}
