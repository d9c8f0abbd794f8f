package inventree

import (
	"context"
	"slices"

	"github.com/cbb-alliance/cbb/layers/model"
)

// The models this package reads.
const (
	mCategory     = "part.partcategory"
	mPart         = "part.part"
	mParamTmpl    = "part.partparametertemplate"
	mParam        = "part.partparameter"
	mBOMItem      = "part.bomitem"
	mSubstitute   = "part.bomitemsubstitute"
	mCompany      = "company.company"
	mManufPart    = "company.manufacturerpart"
	mSupplierPart = "company.supplierpart"
	mCustomUnit   = "common.customunit"
)

var readModels = []string{
	mCategory, mPart, mParamTmpl, mParam, mBOMItem, mSubstitute,
	mCompany, mManufPart, mSupplierPart, mCustomUnit,
}

// category is a part.partcategory record.
type category struct {
	fs                 *fields
	name, parent, path string
}

// part is a part.part record and the item made of it.
type part struct {
	fs        *fields
	variantOf string
	template  bool
	assembly  bool
	salable   bool
	hasBOM    bool
	used      bool // a sub-part of some BOM line
	item      model.Item
}

// paramTemplate is a part.partparametertemplate record.
type paramTemplate struct {
	pk, name, units, choices string
	checkbox                 bool
}

// reader holds the export's records by model and key while the batch is
// built.
type reader struct {
	f         *fixture
	byModel   map[string][]*record
	units     map[string]string // custom unit name -> definition
	unitNames []string          // the custom unit names, in file order
	cats      map[string]*category
	companies map[string]string // pk -> name
	parts     map[string]*part
	partOrder []*part
	templates map[string]*paramTemplate
	bom       map[string]*model.Edge // part.bomitem pk -> its edge
	bomOrder  []*model.Edge
}

// build makes the batch of the decoded export.
func build(ctx context.Context, f *fixture) (*model.Batch, error) {
	r := &reader{
		f:         f,
		byModel:   map[string][]*record{},
		units:     map[string]string{},
		cats:      map[string]*category{},
		companies: map[string]string{},
		parts:     map[string]*part{},
		templates: map[string]*paramTemplate{},
		bom:       map[string]*model.Edge{},
	}
	if err := r.group(); err != nil {
		return nil, err
	}
	steps := []func() error{
		r.readUnits, r.readCategories, r.readCompanies, r.readParts,
		r.readTemplates, r.readParameters, r.readBOM, r.readSubstitutes,
		r.readManufacturerParts, r.readSupplierParts,
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := step(); err != nil {
			return nil, err
		}
	}
	return r.batch(), nil
}

// group sorts the records read by model and rejects repeated pks.
func (r *reader) group() error {
	seen := map[[2]string]bool{}
	for i := range r.f.records {
		rec := &r.f.records[i]
		if !slices.Contains(readModels, rec.Model) {
			continue
		}
		if rec.key != "" {
			k := [2]string{rec.Model, rec.key}
			if seen[k] {
				return model.ParseError(r.f.name, r.f.fieldLine(rec, "pk"), "pk",
					"%s pk=%s appears twice", rec.Model, rec.key)
			}
			seen[k] = true
		}
		r.byModel[rec.Model] = append(r.byModel[rec.Model], rec)
	}
	return nil
}

// each decodes the fields of every record of model m and calls fn, stopping
// at the first error.
func (r *reader) each(m string, fn func(fs *fields)) error {
	for _, rec := range r.byModel[m] {
		fs := r.f.fieldsOf(rec)
		if fs.err == nil {
			fn(fs)
		}
		if fs.err != nil {
			return fs.err
		}
	}
	return nil
}

// must checks that a foreign key names a record of table; an empty key
// passes unless required.
func must[T any](fs *fields, name, key string, table map[string]T, target string, required bool) {
	if key == "" {
		if required {
			fs.fail(name, "%s is required", name)
		}
		return
	}
	if _, ok := table[key]; !ok {
		fs.fail(name, "no %s record with pk %s", target, key)
	}
}

func (r *reader) readUnits() error {
	return r.each(mCustomUnit, func(fs *fields) {
		if name, def := fs.str("name"), fs.str("definition"); name != "" && def != "" {
			if _, ok := r.units[name]; !ok {
				r.unitNames = append(r.unitNames, name)
			}
			r.units[name] = def
		}
	})
}

func (r *reader) readCompanies() error {
	return r.each(mCompany, func(fs *fields) {
		r.companies[fs.r.key] = fs.str("name")
	})
}

func (r *reader) readCategories() error {
	var order []*category
	err := r.each(mCategory, func(fs *fields) {
		c := &category{fs: fs, name: fs.str("name"), parent: fs.ref("parent"), path: fs.str("pathstring")}
		r.cats[fs.r.key] = c
		order = append(order, c)
	})
	if err != nil {
		return err
	}
	for _, c := range order {
		must(c.fs, "parent", c.parent, r.cats, mCategory, false)
		if c.fs.err == nil && c.path == "" {
			c.path = r.categoryPath(c)
		}
		if c.fs.err != nil {
			return c.fs.err
		}
	}
	return nil
}

// categoryPath builds a category's path from its parent chain, for exports
// without pathstrings.
func (r *reader) categoryPath(c *category) string {
	path := c.name
	seen := map[*category]bool{c: true}
	for p := r.cats[c.parent]; p != nil; p = r.cats[p.parent] {
		if seen[p] {
			c.fs.fail("parent", "the category's parents form a cycle")
			return ""
		}
		seen[p] = true
		path = p.name + "/" + path
	}
	return path
}

func (r *reader) readParts() error {
	err := r.each(mPart, func(fs *fields) {
		p := &part{fs: fs, variantOf: fs.ref("variant_of")}
		p.template = fs.flag("is_template", false)
		p.assembly = fs.flag("assembly", false)
		p.salable = fs.flag("salable", false)
		p.item = model.Item{
			ID:          model.NewID(System, "part:"+fs.r.key),
			Name:        fs.str("name"),
			Description: fs.str("description"),
			Source:      model.SourceRef{System: System, ExternalID: "part:" + fs.r.key, Revision: fs.str("revision")},
		}
		if !fs.flag("active", true) {
			p.item.Lifecycle = model.Obsolete
		}
		for _, a := range [][2]string{{model.AttrKeywords, "keywords"}, {"ipn", "IPN"}, {model.AttrUnits, "units"}} {
			if v := fs.str(a[1]); v != "" {
				p.item.SetAttr(model.TextAttr(a[0], v))
			}
		}
		cat := fs.ref("category")
		must(fs, "category", cat, r.cats, mCategory, false)
		if c := r.cats[cat]; c != nil {
			p.item.Class = model.ClassPath(c.path)
		}
		if p.item.Name == "" {
			fs.fail("name", "the part has no name")
		}
		r.parts[fs.r.key] = p
		r.partOrder = append(r.partOrder, p)
	})
	if err != nil {
		return err
	}
	for _, p := range r.partOrder {
		must(p.fs, "variant_of", p.variantOf, r.parts, mPart, false)
		if p.variantOf == p.fs.r.key {
			p.fs.fail("variant_of", "a part cannot be a variant of itself")
		}
		if p.fs.err != nil {
			return p.fs.err
		}
		if t := r.parts[p.variantOf]; t != nil {
			t.template = true
		}
	}
	for _, p := range r.partOrder {
		if r.variantCycle(p) {
			p.fs.fail("variant_of", "the part is, through variant_of, a variant of itself")
			return p.fs.err
		}
	}
	return nil
}

// variantCycle reports whether following variant_of from p comes back to p.
func (r *reader) variantCycle(p *part) bool {
	seen := map[*part]bool{}
	for t := r.parts[p.variantOf]; t != nil; t = r.parts[t.variantOf] {
		if t == p {
			return true
		}
		if seen[t] { // a cycle further up, reported at one of its parts
			return false
		}
		seen[t] = true
	}
	return false
}

func (r *reader) readTemplates() error {
	return r.each(mParamTmpl, func(fs *fields) {
		t := &paramTemplate{
			pk: fs.r.key, name: fs.str("name"), units: fs.str("units"),
			choices: fs.str("choices"), checkbox: fs.flag("checkbox", false),
		}
		if t.name == "" {
			fs.fail("name", "the parameter template has no name")
		}
		r.templates[fs.r.key] = t
	})
}

func (r *reader) readParameters() error {
	return r.each(mParam, func(fs *fields) {
		pk, tk := fs.ref("part"), fs.ref("template")
		must(fs, "part", pk, r.parts, mPart, true)
		must(fs, "template", tk, r.templates, mParamTmpl, true)
		data := fs.str("data")
		numeric, hasNumeric := fs.lenientDecimal("data_numeric")
		if fs.err != nil || data == "" {
			return
		}
		a := r.paramAttr(r.templates[tk], data, numeric, hasNumeric)
		r.parts[pk].item.SetAttr(a)
	})
}

func (r *reader) readBOM() error {
	return r.each(mBOMItem, func(fs *fields) {
		pk, sk := fs.ref("part"), fs.ref("sub_part")
		must(fs, "part", pk, r.parts, mPart, true)
		must(fs, "sub_part", sk, r.parts, mPart, true)
		qty, ok := fs.decimal("quantity")
		switch {
		case fs.err != nil:
			return
		case !ok || qty <= 0:
			fs.fail("quantity", "the quantity must be a positive number")
			return
		case pk == sk:
			fs.fail("sub_part", "a part cannot be in its own BOM")
			return
		}
		parent, child := r.parts[pk], r.parts[sk]
		parent.hasBOM, child.used = true, true
		e := &model.Edge{
			Parent: parent.item.ID, Child: child.item.ID, Kind: model.BOM,
			Quantity: qty, RefDes: splitRefs(fs.str("reference")),
			Optional: fs.flag("optional", false), Note: fs.str("note"),
		}
		r.bom[fs.r.key] = e
		r.bomOrder = append(r.bomOrder, e)
	})
}

func (r *reader) readSubstitutes() error {
	return r.each(mSubstitute, func(fs *fields) {
		bk, pk := fs.ref("bom_item"), fs.ref("part")
		must(fs, "bom_item", bk, r.bom, mBOMItem, true)
		must(fs, "part", pk, r.parts, mPart, true)
		if fs.err != nil {
			return
		}
		e, sub := r.bom[bk], r.parts[pk].item.ID
		if sub != e.Child && !slices.Contains(e.Substitutes, sub) {
			e.Substitutes = append(e.Substitutes, sub)
		}
	})
}

func (r *reader) readManufacturerParts() error {
	return r.each(mManufPart, func(fs *fields) {
		pk, ck := fs.ref("part"), fs.ref("manufacturer")
		must(fs, "part", pk, r.parts, mPart, true)
		must(fs, "manufacturer", ck, r.companies, mCompany, false)
		mpn := fs.str("MPN")
		if fs.err == nil {
			r.parts[pk].item.AddMPN(model.ManufacturerPart{Manufacturer: r.companies[ck], MPN: mpn})
		}
	})
}

func (r *reader) readSupplierParts() error {
	return r.each(mSupplierPart, func(fs *fields) {
		pk, ck := fs.ref("part"), fs.ref("supplier")
		must(fs, "part", pk, r.parts, mPart, true)
		must(fs, "supplier", ck, r.companies, mCompany, true)
		sku := fs.str("SKU")
		if fs.err == nil {
			r.parts[pk].item.AddSupplierPart(model.SupplierPart{Supplier: r.companies[ck], SKU: sku})
		}
	})
}

// batch assembles the items, with their levels, and the edges. Edges are
// appended and merged by Compact, which stays linear on large exports.
func (r *reader) batch() *model.Batch {
	b := &model.Batch{Origin: r.f.name}
	for _, p := range r.partOrder {
		p.item.Level = p.level()
		b.Add(p.item)
	}
	for _, p := range r.partOrder {
		if t := r.parts[p.variantOf]; t != nil {
			b.Edges = append(b.Edges, model.Edge{Parent: t.item.ID, Child: p.item.ID, Kind: model.Variant})
		}
	}
	for _, e := range r.bomOrder {
		b.Edges = append(b.Edges, *e)
	}
	b.Compact()
	return b
}

// level places a part in the CBB hierarchy: templates are families,
// assemblies products when sold or used nowhere else, modules otherwise.
func (p *part) level() model.Level {
	switch {
	case p.template:
		return model.LevelFamily
	case p.assembly || p.hasBOM:
		if p.salable || !p.used {
			return model.LevelProduct
		}
		return model.LevelModule
	}
	return model.LevelPart
}
