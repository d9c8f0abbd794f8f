package step

import (
	"fmt"

	"github.com/cbb-alliance/cbb/layers/model"
)

// kind is what an entity means to the product structure.
type kind uint8

// The kinds of entity this reader keeps.
const (
	kNone           kind = iota
	kProduct             // PRODUCT
	kFormation           // PRODUCT_DEFINITION_FORMATION and its subtype
	kDefinition          // PRODUCT_DEFINITION and its subtypes
	kRelationship        // PRODUCT_DEFINITION_RELATIONSHIP, the supertype of usages
	kUsage               // usages that declare no attribute of their own
	kComponentUsage      // ASSEMBLY_COMPONENT_USAGE, which declares reference_designator
	kQuantified          // QUANTIFIED_ASSEMBLY_COMPONENT_USAGE, which declares quantity
	kIndirect            // usages that are not a direct parent-child edge
	kMeasure             // MEASURE_WITH_UNIT and its subtypes
	kinds
)

// entity tells how to read one entity type.
type entity struct {
	kind kind
	// base marks the supertype that declares the attributes this reader
	// reads: in a complex instance they are in its partial record.
	base bool
	// refdes marks a usage whose simple record carries reference_designator
	// after the five attributes of PRODUCT_DEFINITION_RELATIONSHIP.
	refdes bool
}

// entities are the entity types whose records are kept; the parser checks
// the syntax of every other record and drops it.
var entities = map[string]entity{
	"PRODUCT":                      {kind: kProduct, base: true},
	"PRODUCT_DEFINITION_FORMATION": {kind: kFormation, base: true},
	"PRODUCT_DEFINITION_FORMATION_WITH_SPECIFIED_SOURCE": {kind: kFormation},
	"PRODUCT_DEFINITION":                           {kind: kDefinition, base: true},
	"PRODUCT_DEFINITION_WITH_ASSOCIATED_DOCUMENTS": {kind: kDefinition},
	"COMPOSITE_ASSEMBLY_DEFINITION":                {kind: kDefinition},
	"COMPOSITE_ASSEMBLY_SEQUENCE_DEFINITION":       {kind: kDefinition},
	"PRODUCT_DEFINITION_RELATIONSHIP":              {kind: kRelationship, base: true},
	"PRODUCT_DEFINITION_USAGE":                     {kind: kUsage},
	"ASSEMBLY_COMPONENT_USAGE":                     {kind: kComponentUsage, refdes: true},
	"NEXT_ASSEMBLY_USAGE_OCCURRENCE":               {kind: kUsage, refdes: true},
	"PROMISSORY_USAGE_OCCURRENCE":                  {kind: kUsage, refdes: true},
	"QUANTIFIED_ASSEMBLY_COMPONENT_USAGE":          {kind: kQuantified, refdes: true},
	"SPECIFIED_HIGHER_USAGE_OCCURRENCE":            {kind: kIndirect},
	"MAKE_FROM_USAGE_OPTION":                       {kind: kIndirect},
	"MEASURE_WITH_UNIT":                            {kind: kMeasure, base: true},
}

// The records kept, reduced to the attributes read.
type (
	product struct {
		rec            uint64
		line           int
		id, name, desc string
	}
	formation struct {
		rec     uint64
		line    int
		rev     string
		product uint64
	}
	definition struct {
		rec       uint64
		line      int
		formation uint64
	}
	usage struct {
		rec              uint64
		line             int
		entity           string
		id, name, refdes string
		parent, child    uint64
		quantified       bool
		quantity         uint64
	}
)

// collector gathers the header and the product structure while the parser
// reads the file.
type collector struct {
	header      [3]bool // FILE_DESCRIPTION, FILE_NAME, FILE_SCHEMA seen
	schemas     []string
	system      string
	products    []product
	formations  []formation
	definitions []definition
	usages      []usage
	measures    map[uint64]float64
}

// headerEntity takes one header entity. Only its syntax is checked: the
// schema and the originating system are taken when they are strings, as
// writers often get the header's attributes wrong (the AS1 sample's
// FILE_NAME lacks its time stamp).
func (c *collector) headerEntity(name string, params []value) {
	switch name {
	case "FILE_DESCRIPTION":
		c.header[0] = true
	case "FILE_NAME":
		c.header[1] = true
		if len(params) > 5 && params[5].kind == vString {
			c.system = clean(params[5].text)
		}
	case "FILE_SCHEMA":
		c.header[2] = true
		if len(params) > 0 && params[0].kind == vList {
			for _, v := range params[0].list {
				if s := clean(v.text); v.kind == vString && s != "" {
					c.schemas = append(c.schemas, s)
				}
			}
		}
	}
}

// checkHeader checks, at the header's ENDSEC, that the three mandatory
// header entities were there.
func (c *collector) checkHeader(file string, line int) error {
	for i, name := range []string{"FILE_DESCRIPTION", "FILE_NAME", "FILE_SCHEMA"} {
		if !c.header[i] {
			return model.ParseError(file, line, name, "the HEADER section lacks %s", name)
		}
	}
	return nil
}

// add takes a kept record.
func (c *collector) add(file string, r *record) error {
	var has [kinds]bool
	for _, pt := range r.parts {
		has[pt.kind] = true
	}
	switch {
	case has[kIndirect]:
		return nil
	case has[kUsage] || has[kComponentUsage] || has[kQuantified]:
		return c.addUsage(file, r)
	case has[kProduct]:
		return c.addProduct(c.fields(file, r, kProduct, "PRODUCT"))
	case has[kFormation]:
		return c.addFormation(c.fields(file, r, kFormation, "PRODUCT_DEFINITION_FORMATION"))
	case has[kDefinition]:
		return c.addDefinition(c.fields(file, r, kDefinition, "PRODUCT_DEFINITION"))
	case has[kMeasure]:
		c.addMeasure(r.id, c.fields(file, r, kMeasure, "MEASURE_WITH_UNIT"))
	}
	return nil
}

// fields returns the attributes of entity k in r: the parameters of a
// simple record, or those of the partial record of k's base entity in a
// complex one (none, if it lacks that partial record).
func (c *collector) fields(file string, r *record, k kind, name string) fields {
	f := fields{file: file, line: r.line, rec: r.id, entity: name}
	for _, pt := range r.parts {
		if pt.kind == k && (pt.base || !r.complex) {
			f.params = pt.params
			return f
		}
	}
	f.missing = true
	return f
}

func (c *collector) addProduct(f fields) error {
	var p product
	var err error
	p.rec, p.line = f.rec, f.line
	if p.id, err = f.text(0, "id"); err == nil {
		if p.name, err = f.text(1, "name"); err == nil {
			p.desc, err = f.text(2, "description")
		}
	}
	c.products = append(c.products, p)
	return err
}

func (c *collector) addFormation(f fields) error {
	var v formation
	var err error
	v.rec, v.line = f.rec, f.line
	if v.rev, err = f.text(0, "id"); err == nil {
		v.product, err = f.ref(2, "of_product")
	}
	c.formations = append(c.formations, v)
	return err
}

func (c *collector) addDefinition(f fields) error {
	var v definition
	var err error
	v.rec, v.line = f.rec, f.line
	v.formation, err = f.ref(2, "formation")
	c.definitions = append(c.definitions, v)
	return err
}

// addMeasure keeps the numeric value of a measure with unit, the quantity
// of a quantified usage; other measures are not needed.
func (c *collector) addMeasure(id uint64, f fields) {
	if len(f.params) == 0 {
		return
	}
	v := f.params[0]
	if v.kind == vTyped && len(v.list) == 1 {
		v = v.list[0]
	}
	if v.kind != vNumber {
		return
	}
	if c.measures == nil {
		c.measures = make(map[uint64]float64)
	}
	c.measures[id] = v.num
}

// addUsage takes a usage: a simple record whose attributes are those of
// PRODUCT_DEFINITION_RELATIONSHIP (id, name, description, relating and
// related product definitions) then reference_designator then quantity, or
// a complex one whose partial records hold them.
func (c *collector) addUsage(file string, r *record) error {
	u := usage{rec: r.id, line: r.line}
	var base, refdes, qty fields
	refAt, qtyAt := 0, 0
	if !r.complex {
		pt := r.parts[0]
		base = fields{file: file, line: r.line, rec: r.id, entity: entityOf(pt.kind, pt.refdes), params: pt.params}
		if pt.refdes {
			refdes, refAt = base, 5
		}
		if pt.kind == kQuantified {
			qty, qtyAt = base, 6
		}
	} else {
		base = c.fields(file, r, kRelationship, "PRODUCT_DEFINITION_RELATIONSHIP")
		for _, pt := range r.parts {
			f := fields{file: file, line: r.line, rec: r.id, params: pt.params}
			switch pt.kind {
			case kComponentUsage:
				f.entity = "ASSEMBLY_COMPONENT_USAGE"
				refdes = f
			case kQuantified:
				f.entity = "QUANTIFIED_ASSEMBLY_COMPONENT_USAGE"
				qty = f
			}
		}
	}
	u.entity = base.entity
	c.usages = append(c.usages, u)
	last := &c.usages[len(c.usages)-1]
	return last.read(base, refdes, refAt, qty, qtyAt)
}

// read fills the usage from its attributes; refdes and qty have no entity
// when the record lacks them.
func (u *usage) read(base, refdes fields, refAt int, qty fields, qtyAt int) error {
	var err error
	if u.id, err = base.text(0, "id"); err != nil {
		return err
	}
	if u.name, err = base.text(1, "name"); err != nil {
		return err
	}
	if u.parent, err = base.ref(3, "relating_product_definition"); err != nil {
		return err
	}
	if u.child, err = base.ref(4, "related_product_definition"); err != nil {
		return err
	}
	// reference_designator is optional: a record may end before it.
	if refdes.entity != "" && refAt < len(refdes.params) {
		if u.refdes, err = refdes.text(refAt, "reference_designator"); err != nil {
			return err
		}
	}
	if qty.entity != "" {
		u.quantified = true
		if u.quantity, err = qty.ref(qtyAt, "quantity"); err != nil {
			return err
		}
	}
	return nil
}

// entityOf names the entity of a simple usage record for error messages.
func entityOf(k kind, refdes bool) string {
	switch {
	case k == kQuantified:
		return "QUANTIFIED_ASSEMBLY_COMPONENT_USAGE"
	case k == kComponentUsage:
		return "ASSEMBLY_COMPONENT_USAGE"
	case refdes:
		return "NEXT_ASSEMBLY_USAGE_OCCURRENCE"
	}
	return "PRODUCT_DEFINITION_USAGE"
}

// fields reads the attributes of one record, with errors that name it.
type fields struct {
	file    string
	line    int
	rec     uint64
	entity  string
	params  []value
	missing bool // a complex instance without the entity's partial record
}

func (f fields) errorf(attr, format string, args ...any) error {
	field := f.entity + "." + attr
	if f.rec != 0 {
		field = "#" + formatID(f.rec) + " " + field
	}
	return model.ParseError(f.file, f.line, field, format, args...)
}

func (f fields) at(i int, attr string) (value, error) {
	if f.missing {
		return value{}, f.errorf(attr, "complex instance lacks the partial record of %s", f.entity)
	}
	if i >= len(f.params) {
		return value{}, f.errorf(attr, "missing: the record has %d parameters", len(f.params))
	}
	return f.params[i], nil
}

// text reads a string attribute; $ and * read as empty.
func (f fields) text(i int, attr string) (string, error) {
	v, err := f.at(i, attr)
	if err != nil {
		return "", err
	}
	switch v.kind {
	case vString:
		return v.text, nil
	case vNull, vOmitted:
		return "", nil
	}
	return "", f.errorf(attr, "expected a string, found %s", describe(v))
}

// ref reads a reference attribute.
func (f fields) ref(i int, attr string) (uint64, error) {
	v, err := f.at(i, attr)
	if err != nil {
		return 0, err
	}
	if v.kind != vRef {
		return 0, f.errorf(attr, "expected a reference #n, found %s", describe(v))
	}
	return v.ref, nil
}

// describe names a value's kind for error messages.
func describe(v value) string {
	switch v.kind {
	case vNull:
		return "$"
	case vOmitted:
		return "*"
	case vNumber:
		return fmt.Sprintf("the number %g", v.num)
	case vString:
		return fmt.Sprintf("the string %q", v.text)
	case vEnum:
		return "." + v.text + "."
	case vRef:
		return "#" + formatID(v.ref)
	case vBinary:
		return "a binary value"
	case vList:
		return "a list"
	}
	return "the typed value " + v.text + "(...)"
}
