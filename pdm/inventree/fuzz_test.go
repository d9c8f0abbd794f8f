package inventree

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// FuzzParse checks that no input makes Parse panic, that every error is a
// located *model.Error, and that a nil error means a valid batch.
func FuzzParse(f *testing.F) {
	// Small seeds keep the fuzzer fast: it minimizes each new input for up
	// to a minute, and inputs grown from the 150 KB subset take all of it.
	// They are real records, cut from the subset.
	subset := readSubset(f)
	small := smallFixture(f, subset)
	if _, err := Parse("small.json", small, pdm.Options{}); err != nil {
		f.Fatalf("the small seed: %v", err)
	}
	f.Add(small)
	f.Add(subset[:4<<10]) // the head: a truncated file
	if data, err := os.ReadFile(realPath); err == nil {
		f.Add(data[:4<<10])
	}
	f.Add([]byte(`[{"model": "part.part", "pk": 1, "fields": {"name": "A", "assembly": true}},
{"model": "part.part", "pk": 2, "fields": {"name": "B", "variant_of": 1}},
{"model": "part.bomitem", "pk": 1, "fields": {"part": 1, "sub_part": 2, "quantity": "2.5", "reference": "R1 R2"}},
{"model": "part.partparametertemplate", "pk": 1, "fields": {"name": "Resistance", "units": "R"}},
{"model": "common.customunit", "pk": 1, "fields": {"name": "R", "definition": "ohm"}},
{"model": "part.partparameter", "pk": 1, "fields": {"part": 2, "template": 1, "data": "4k7"}}]`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("fuzz.json", data, pdm.Options{})
		if err != nil {
			var me *model.Error
			if !errors.As(err, &me) || me.File != "fuzz.json" || me.Line < 1 {
				t.Fatalf("error %q is not a located *model.Error", err)
			}
			return
		}
		checkBatch(t, b)
	})
}

// smallFixture keeps the records of a few parts of the subset, and of the
// categories, parameter templates and companies they name: a resistor with
// its parameters and manufacturer part, and a template with a variant used
// in a BOM line that has substitutes; of each record, the fields read.
func smallFixture(f *testing.F, subset []byte) []byte {
	type rec struct {
		Model  string         `json:"model"`
		PK     float64        `json:"pk"`
		Fields map[string]any `json:"fields"`
	}
	var recs []rec
	if err := json.Unmarshal(subset, &recs); err != nil {
		f.Fatal(err)
	}
	parts := []float64{1, 71, 72, 82, 83, 84, 87}
	named := map[string]map[float64]bool{"part.partcategory": {}, "part.partparametertemplate": {}, "company.company": {}}
	refer := func(m string, v any) {
		if pk, ok := v.(float64); ok {
			named[m][pk] = true
		}
	}
	var keep []rec
	for _, r := range recs {
		p, _ := r.Fields["part"].(float64)
		ok := false
		switch r.Model {
		case "part.part":
			ok = slices.Contains(parts, r.PK)
			if ok {
				refer("part.partcategory", r.Fields["category"])
			}
		case "part.partparameter", "company.manufacturerpart":
			ok = p == 1
			refer("part.partparametertemplate", r.Fields["template"])
			refer("company.company", r.Fields["manufacturer"])
		case "part.bomitem":
			ok = r.PK == 15
		case "part.bomitemsubstitute":
			ok = r.PK <= 2
		case "common.customunit":
			ok = true
		}
		if ok {
			keep = append(keep, r)
		}
	}
	// Categories name their parents, which come first in the file.
	for i := len(recs) - 1; i >= 0; i-- {
		if r := recs[i]; r.Model == "part.partcategory" && named[r.Model][r.PK] {
			refer(r.Model, r.Fields["parent"])
		}
	}
	for _, r := range recs {
		if named[r.Model][r.PK] {
			keep = append(keep, r)
		}
	}
	// Drop the fields the reader ignores.
	read := []string{
		"name", "description", "pathstring", "parent", "units", "checkbox", "choices", "definition",
		"is_template", "variant_of", "assembly", "salable", "active", "category", "keywords", "IPN",
		"revision", "part", "template", "data", "data_numeric", "sub_part", "quantity", "reference",
		"optional", "note", "bom_item", "manufacturer", "MPN",
	}
	for _, r := range keep {
		for k := range r.Fields {
			if !slices.Contains(read, k) {
				delete(r.Fields, k)
			}
		}
	}
	out, err := json.MarshalIndent(keep, "", "  ")
	if err != nil {
		f.Fatal(err)
	}
	return out
}
