package inventree

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// fixtureOf joins records, one a line, into an export.
func fixtureOf(records ...string) []byte {
	return []byte("[\n" + strings.Join(records, ",\n") + "\n]\n")
}

// TestSynthetic covers what the demo export does not show: inactive parts,
// parts with variants that are not flagged templates, categories without
// pathstrings, custom units as hints, checkboxes, values that do not parse,
// repeated BOM lines.
func TestSynthetic(t *testing.T) {
	data := fixtureOf(
		`{"model": "common.customunit", "pk": 1, "fields": {"name": "R", "symbol": "", "definition": "ohm"}}`,
		`{"model": "part.partcategory", "pk": 2, "fields": {"name": "Resistors", "parent": 1, "pathstring": ""}}`,
		`{"model": "part.partcategory", "pk": 1, "fields": {"name": "Passives", "parent": null, "pathstring": ""}}`,
		`{"model": "part.partparametertemplate", "pk": 1, "fields": {"name": "Resistance", "units": "R", "checkbox": false, "choices": ""}}`,
		`{"model": "part.partparametertemplate", "pk": 2, "fields": {"name": "RoHS", "units": "", "checkbox": true, "choices": ""}}`,
		`{"model": "part.partparametertemplate", "pk": 3, "fields": {"name": "Rated Voltage", "units": "V", "checkbox": false, "choices": ""}}`,
		`{"model": "part.partparametertemplate", "pk": 4, "fields": {"name": "Finish", "units": "", "checkbox": false, "choices": ""}}`,
		`{"model": "part.part", "pk": 10, "fields": {"name": "Board", "assembly": true, "salable": false, "active": false, "category": null}}`,
		`{"model": "part.part", "pk": 11, "fields": {"name": "R 4k7", "category": 2, "is_template": false, "variant_of": 12}}`,
		`{"model": "part.part", "pk": 12, "fields": {"name": "R family", "category": 2, "is_template": false, "revision": "B"}}`,
		`{"model": "part.partparameter", "pk": 1, "fields": {"part": 11, "template": 1, "data": "4k7", "data_numeric": null}}`,
		`{"model": "part.partparameter", "pk": 2, "fields": {"part": 11, "template": 2, "data": "1", "data_numeric": 1}}`,
		`{"model": "part.partparameter", "pk": 3, "fields": {"part": 11, "template": 3, "data": "fifty volts", "data_numeric": null}}`,
		`{"model": "part.partparameter", "pk": 4, "fields": {"part": 11, "template": 4, "data": "matte", "data_numeric": null}}`,
		`{"model": "part.partparameter", "pk": 5, "fields": {"part": 12, "template": 3, "data": "", "data_numeric": null}}`,
		`{"model": "part.bomitem", "pk": 1, "fields": {"part": 10, "sub_part": 11, "quantity": "2", "reference": "R1 R2", "optional": true, "note": ""}}`,
		`{"model": "part.bomitem", "pk": 2, "fields": {"part": 10, "sub_part": 11, "quantity": 1.5, "reference": "R3, R1", "optional": false, "note": "second line"}}`,
		`{"model": "stock.stockitem", "pk": 1, "fields": {"part": 999}}`,
	)
	b, err := Parse("synthetic.json", append([]byte("\uFEFF"), data...), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	board, r, fam := item(t, b, "10"), item(t, b, "11"), item(t, b, "12")
	if board.Lifecycle != model.Obsolete || board.Level != model.LevelProduct || board.Class != "" {
		t.Errorf("board: %+v", board)
	}
	if fam.Level != model.LevelFamily || fam.Source.Revision != "B" || r.Level != model.LevelPart {
		t.Errorf("family %s rev %q, part %s", fam.Level, fam.Source.Revision, r.Level)
	}
	if r.Class != "Passives/Resistors" {
		t.Errorf("class %q", r.Class)
	}
	want := []model.Attribute{
		model.NumberAttr(model.AttrResistance, 4700, "Ω", "4k7"),
		model.EnumAttr("rohs", "true", "1"),
		{Name: model.AttrVoltage, Kind: model.Text, Text: "fifty volts", Raw: "fifty volts"},
		model.EnumAttr("finish", "matte", "matte"),
	}
	for _, w := range want {
		if got, _ := r.Attr(w.Name); got != w {
			t.Errorf("%s = %+v, want %+v", w.Name, got, w)
		}
	}
	if _, ok := fam.Attr(model.AttrVoltage); ok {
		t.Error("an empty parameter made an attribute")
	}
	edge(t, b, model.Variant, "12", "11")
	e := edge(t, b, model.BOM, "10", "11")
	if e.Quantity != 3.5 || !slices.Equal(e.RefDes, []string{"R1", "R2", "R3"}) || e.Optional || e.Note != "second line" {
		t.Errorf("merged BOM edge %+v", e)
	}
	if len(b.Edges) != 2 {
		t.Errorf("%d edges, want 2", len(b.Edges))
	}
}

func TestSyntheticErrors(t *testing.T) {
	part := func(pk, extra string) string {
		return `{"model": "part.part", "pk": ` + pk + `, "fields": {"name": "P` + pk + `"` + extra + `}}`
	}
	tests := []struct {
		name  string
		data  []byte
		line  int
		field string
		msg   string
	}{
		{"variant cycle", fixtureOf(part("1", `, "variant_of": 2`), part("2", `, "variant_of": 1`)), 2, "fields.variant_of", "variant of itself"},
		{"own variant", fixtureOf(part("1", `, "variant_of": 1`)), 2, "fields.variant_of", "variant of itself"},
		{"own BOM", fixtureOf(part("1", ""), `{"model": "part.bomitem", "pk": 1, "fields": {"part": 1, "sub_part": 1, "quantity": "1"}}`), 3, "fields.sub_part", "own BOM"},
		{"category cycle", fixtureOf(
			`{"model": "part.partcategory", "pk": 1, "fields": {"name": "a", "parent": 2}}`,
			`{"model": "part.partcategory", "pk": 2, "fields": {"name": "b", "parent": 1}}`), 2, "fields.parent", "cycle"},
		{"substitute of a missing line", fixtureOf(part("1", ""), `{"model": "part.bomitemsubstitute", "pk": 4, "fields": {"bom_item": 9, "part": 1}}`), 3, "fields.bom_item", "part.bomitemsubstitute pk=4"},
		{"supplier missing", fixtureOf(part("1", ""), `{"model": "company.supplierpart", "pk": 4, "fields": {"part": 1, "supplier": 3, "SKU": "X"}}`), 3, "fields.supplier", "company.company"},
		{"no pk", fixtureOf(`{"model": "part.part", "fields": {"name": "x"}}`), 2, "pk", "without a pk"},
		{"bad flag", fixtureOf(part("1", `, "active": "yes"`)), 2, "fields.active", "true or false"},
		{"bad key", fixtureOf(part("1", `, "category": {"a": 1}`)), 2, "fields.category", "primary key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.json", tt.data, pdm.Options{})
			var me *model.Error
			if !errors.As(err, &me) || me.Line != tt.line || me.Field != tt.field || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err %v, want line %d field %q saying %q", err, tt.line, tt.field, tt.msg)
			}
		})
	}
}
