package gitplm

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/layers/quantity"
)

// part is one IPN of the table: its rows, which are its sources, and its
// cells merged from them.
type part struct {
	ipn string
	// sources are the part's rows, by priority (lowest first), then in
	// file order.
	sources []*row
	// cells and lines are the merged part-wide cells, one per column:
	// each the first non-empty cell of the rows, in file order.
	cells []string
	lines []int
}

// parts groups the rows by IPN, in the order IPNs first appear. Rows of
// one IPN are its sources (gitplm's convention for second sources): they
// may differ in the per-source columns (MPN, Manufacturer, Datasheet,
// Priority); in any other column, cells that are not empty must agree.
func (t *table) parts() ([]*part, error) {
	var out []*part
	byIPN := map[string]*part{}
	prio := make(map[*row]int, len(t.rows))
	for i := range t.rows {
		w := &t.rows[i]
		ipn := w.cells[0]
		if err := t.checkIPN(w); err != nil {
			return nil, err
		}
		n, err := t.priority(w)
		if err != nil {
			return nil, err
		}
		prio[w] = n
		p := byIPN[ipn]
		if p == nil {
			p = &part{ipn: ipn, cells: slices.Clone(w.cells), lines: slices.Clone(w.lines)}
			byIPN[ipn] = p
			out = append(out, p)
		} else if err := t.merge(p, w); err != nil {
			return nil, err
		}
		p.sources = append(p.sources, w)
	}
	for _, p := range out {
		slices.SortStableFunc(p.sources, func(a, b *row) int { return cmp.Compare(prio[a], prio[b]) })
	}
	return out, nil
}

// checkIPN checks a row's IPN is there and is one word.
func (t *table) checkIPN(w *row) error {
	ipn := w.cells[0]
	switch {
	case ipn == "":
		return model.ParseError(t.file, w.lines[0], t.cols[0].label(), "row without an IPN")
	case strings.ContainsFunc(ipn, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return model.ParseError(t.file, w.lines[0], t.cols[0].label(), "IPN %q contains white space", ipn)
	}
	return nil
}

// priority returns a row's priority: its Priority cell, 0 when empty.
func (t *table) priority(w *row) (int, error) {
	i := t.index(rolePriority)
	if i < 0 || w.cells[i] == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(w.cells[i])
	if err != nil {
		return 0, model.ParseError(t.file, w.lines[i], t.cols[i].label(), "priority %q is not a whole number", w.cells[i])
	}
	return n, nil
}

// merge adds another row of p's IPN to p's part-wide cells.
func (t *table) merge(p *part, w *row) error {
	for i, c := range t.cols {
		v := w.cells[i]
		if i == 0 || v == "" || c.role.perSource() {
			continue
		}
		if p.cells[i] == "" {
			p.cells[i], p.lines[i] = v, w.lines[i]
			continue
		}
		if p.cells[i] != v {
			return model.ParseError(t.file, w.lines[i], c.label(),
				"IPN %s is also on line %d, with %q here and %q there: rows of one IPN are sources of one part and may differ only in MPN, Manufacturer, Datasheet and Priority",
				p.ipn, p.lines[i], v, p.cells[i])
		}
	}
	return nil
}

// index returns the index of the column with the role, or -1.
func (t *table) index(r role) int {
	return slices.IndexFunc(t.cols, func(c column) bool { return c.role == r })
}

// cell returns a row's cell in the column with the role, or "".
func (t *table) cell(cells []string, r role) string {
	if i := t.index(r); i >= 0 {
		return cells[i]
	}
	return ""
}

// item makes the record of a part.
func (t *table) item(p *part) model.Item {
	code := categoryOf(p.ipn, t.file)
	cat := categories[code]
	it := model.Item{
		ID:     model.NewID(System, p.ipn),
		Level:  levelOf(code),
		Class:  cat.class,
		Source: model.SourceRef{System: System, ExternalID: p.ipn},
	}
	it.SetAttr(model.TextAttr(attrIPN, p.ipn))
	t.setSources(&it, p)
	var later []fallback
	for i, c := range t.cols {
		v := p.cells[i]
		if i == 0 || v == "" || c.role.perSource() {
			continue
		}
		switch c.role {
		case roleDescription:
			it.Description = v
		case roleSymbol:
			it.SetAttr(model.TextAttr(model.AttrLibPart, v))
		case roleFootprint:
			setFootprint(&it, v)
		case roleValue:
			it.SetAttr(model.TextAttr(model.AttrValue, v))
			later = append(later, valueAttr(cat, v)...)
		case roleParam:
			later = append(later, paramAttrs(&it, c.param, v)...)
		}
	}
	for _, f := range later {
		f.apply(&it)
	}
	t.setMainValue(&it, cat, p)
	return it
}

// setMainValue gives a part without a Value cell the cell of its
// category's value column as its value ("10K" from Resistance), when that
// cell is a quantity in the category's unit: a ferrite bead's "90ohms"
// under Inductance is not an inductor's value.
func (t *table) setMainValue(it *model.Item, cat category, p *part) {
	if _, ok := it.Attr(model.AttrValue); ok || cat.main == "" {
		return
	}
	i := slices.IndexFunc(t.cols, func(c column) bool { return columnKey(c.header) == cat.main })
	if i < 0 || p.cells[i] == "" {
		return
	}
	if _, err := quantity.Parse(p.cells[i], cat.hint); err == nil {
		it.SetAttr(model.TextAttr(model.AttrValue, p.cells[i]))
	}
}

// setSources records the part's manufacturer part numbers, by priority,
// names the part by the first MPN (by its IPN when it has none), and
// takes the first datasheet.
func (t *table) setSources(it *model.Item, p *part) {
	for _, w := range p.sources {
		mpn, mfr := t.cell(w.cells, roleMPN), t.cell(w.cells, roleManufacturer)
		it.AddMPN(model.ManufacturerPart{Manufacturer: mfr, MPN: mpn})
		if mpn != "" && it.Name == "" {
			it.Name = mpn
		}
		if _, ok := it.Attr(attrManufacturer); !ok && mpn == "" && mfr != "" {
			it.SetAttr(model.TextAttr(attrManufacturer, mfr))
		}
		if _, ok := it.Attr(attrDatasheet); !ok {
			if ds := t.cell(w.cells, roleDatasheet); ds != "" {
				it.SetAttr(model.TextAttr(attrDatasheet, ds))
			}
		}
	}
	if it.Name == "" {
		it.Name = p.ipn
	}
}

// setFootprint records a footprint cell: its first footprint, and the
// whole cell when it lists several, separated by semicolons (KiCad
// database libraries' convention).
func setFootprint(it *model.Item, v string) {
	var fps []string
	for f := range strings.SplitSeq(v, ";") {
		if f = strings.TrimSpace(f); f != "" {
			fps = append(fps, f)
		}
	}
	if len(fps) == 0 {
		return
	}
	it.SetAttr(model.TextAttr(model.AttrFootprint, fps[0]))
	if len(fps) > 1 {
		it.SetAttr(model.TextAttr(attrFootprints, v))
	}
}
