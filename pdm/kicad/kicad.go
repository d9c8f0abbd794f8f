package kicad

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// System is the source system name of the items this package makes, the
// first half of their source key.
const System = "kicad"

// Format reads KiCad netlist exports and KiCost part lists. It is
// stateless and safe for concurrent use.
type Format struct{}

var _ pdm.Format = Format{}

// Name returns "kicad".
func (Format) Name() string { return "kicad" }

// Detect reports whether the input is a .xml file whose root element, after
// any XML declaration, comments and processing instructions, is <export>,
// or a .csv file whose first line starts with the KiCost "manf#" header
// followed by "," or ";" or the line's end. It looks at in.Head only.
func (Format) Detect(in pdm.Input) bool {
	if in.Dir {
		return false
	}
	switch in.Ext() {
	case "xml":
		return isNetlistHead(in.Head)
	case "csv":
		return isPartListHead(in.Head)
	}
	return false
}

// Read reads the whole input and parses it (see Parse).
func (Format) Read(ctx context.Context, in pdm.Input, opt pdm.Options) (*model.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := in.ReadAll("")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", in.Display, err)
	}
	name := in.Display
	if name == "" {
		name = in.Path
	}
	return Parse(name, data, opt)
}

// Parse reads one KiCad netlist export (XML) or KiCost part list (CSV)
// named name: the design becomes a product in the batch's items, its parts
// the batch's refs, and its BOM the product's edges. A name ending in .csv,
// or content not starting with "<", is read as a part list.
//
// Errors are *model.Error values naming name, the line and the field.
func Parse(name string, data []byte, opt pdm.Options) (*model.Batch, error) {
	b, _, err := ParseStats(name, data, opt)
	return b, err
}

// ParseStats is Parse that also counts what it read.
func ParseStats(name string, data []byte, opt pdm.Options) (*model.Batch, Stats, error) {
	if isCSVName(name) || !pdm.Sniff(data, "<") {
		return parsePartList(name, data, opt)
	}
	return parseNetlist(name, data, opt)
}

func isCSVName(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".csv")
}

// parseNetlist reads a KiCad netlist export.
func parseNetlist(name string, data []byte, opt pdm.Options) (*model.Batch, Stats, error) {
	nl, err := decodeNetlist(name, data)
	if err != nil {
		return nil, Stats{}, err
	}
	title, rev := nl.titleBlock()
	ext := firstOf(strings.TrimSpace(opt.Product), fileStem(nl.design.Source), fileStem(name), "design")
	bl := newBuilder(name, productItem(ext, title, rev))
	lib := nl.libFields()
	seen := make(map[string]bool, len(nl.comps))
	for _, c := range nl.comps {
		ref := strings.TrimSpace(c.Ref)
		if seen[ref] {
			continue // another unit of a multi-unit symbol
		}
		seen[ref] = true
		bl.add(nl.component(c, ref, lib))
	}
	b, st := bl.finish()
	return b, st, nil
}

// titleBlock returns the title and revision of the root sheet (number 1),
// or of the first sheet that has a title.
func (nl *netlist) titleBlock() (title, rev string) {
	for _, s := range nl.design.Sheets {
		if strings.TrimSpace(s.Number) == "1" && strings.TrimSpace(s.Title) != "" {
			return strings.TrimSpace(s.Title), strings.TrimSpace(s.Rev)
		}
	}
	for _, s := range nl.design.Sheets {
		if strings.TrimSpace(s.Title) != "" {
			return strings.TrimSpace(s.Title), strings.TrimSpace(s.Rev)
		}
	}
	return "", ""
}

// libEntry is what a library part lends the components made from it.
type libEntry struct {
	fields []rawField
	desc   string
}

// libFields indexes the library parts by "lib:part" and by their aliases.
func (nl *netlist) libFields() map[string]libEntry {
	m := make(map[string]libEntry, len(nl.libparts))
	for _, lp := range nl.libparts {
		e := libEntry{desc: cleanValue(lp.Description)}
		for _, f := range lp.Fields {
			switch strings.ToLower(strings.TrimSpace(f.Name)) {
			case "reference", "value", "footprint", "datasheet":
				continue // the component's own are authoritative
			}
			e.fields = append(e.fields, rawField(f))
		}
		m[lp.Lib+":"+lp.Part] = e
		for _, a := range lp.Aliases {
			m[lp.Lib+":"+strings.TrimSpace(a)] = e
		}
	}
	return m
}

// component resolves a netlist component: the fields of its library part
// are inherited and overridden by its own (as KiCost does); KiCad 6+
// "dnp" and "exclude_from_bom" properties count as DNP fields.
func (nl *netlist) component(c xmlComp, ref string, lib map[string]libEntry) component {
	ls := c.LibSource
	le := lib[ls.Lib+":"+ls.Part]
	fields := make([]rawField, 0, len(le.fields)+len(c.Fields)+len(c.Properties))
	fields = append(fields, le.fields...)
	for _, f := range c.Fields {
		fields = append(fields, rawField(f))
	}
	desc := ""
	for _, p := range c.Properties {
		switch strings.ToLower(strings.TrimSpace(p.Name)) {
		case "dnp", "exclude_from_bom":
			v := p.Value
			if strings.TrimSpace(v) == "" {
				v = "1"
			}
			fields = append(fields, rawField{p.Name, v})
		case "ki_description":
			desc = cleanValue(p.Value)
		}
	}
	f := resolve(fields)
	return component{
		refs:      []string{ref},
		count:     1,
		value:     cleanValue(c.Value),
		footprint: cleanValue(c.Footprint),
		lib:       strings.TrimSpace(ls.Lib),
		part:      strings.TrimSpace(ls.Part),
		desc:      firstOf(f[fieldDesc], cleanValue(ls.Description), le.desc, desc),
		fields:    f,
	}
}

// isNetlistHead reports whether head starts, after a byte-order mark, white
// space, an XML declaration, comments and processing instructions, with an
// <export> element.
func isNetlistHead(head []byte) bool {
	s := bytes.TrimPrefix(head, []byte("\uFEFF"))
	for {
		s = bytes.TrimLeft(s, " \t\r\n")
		switch {
		case bytes.HasPrefix(s, []byte("<?")):
			i := bytes.Index(s, []byte("?>"))
			if i < 0 {
				return false
			}
			s = s[i+2:]
		case bytes.HasPrefix(s, []byte("<!--")):
			i := bytes.Index(s, []byte("-->"))
			if i < 0 {
				return false
			}
			s = s[i+3:]
		default:
			rest, ok := bytes.CutPrefix(s, []byte("<export"))
			return ok && len(rest) > 0 && strings.IndexByte(" \t\r\n>/", rest[0]) >= 0
		}
	}
}

// isPartListHead reports whether the first line of head is a KiCost part
// list header: "manf#" then ",", ";" or the line's end.
func isPartListHead(head []byte) bool {
	s := bytes.TrimPrefix(head, []byte("\uFEFF"))
	s = bytes.TrimLeft(s, " \t")
	if len(s) < 5 || !bytes.EqualFold(s[:5], []byte("manf#")) {
		return false
	}
	rest := bytes.TrimLeft(s[5:], " \t")
	return len(rest) == 0 || strings.IndexByte(",;\r\n", rest[0]) >= 0
}

// Shared reports the parts a BOM names by manufacturer part number, and
// the standard parts it names by symbol, value and footprint, as catalogue
// items (pdm.KeyedShared); boards and their other parts are their
// designers' own.
func (Format) Shared(it *model.Item) bool { return pdm.KeyedShared(it) }
