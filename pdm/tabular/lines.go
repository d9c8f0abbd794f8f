package tabular

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/model"
)

// line is one BOM line read from a row.
type line struct {
	row       int // the row's line in the source
	refdes    []string
	qty       float64
	value     string
	footprint string
	desc      string
	name      string
	libPart   string
	ipn       string // the designer's own part number
	category  string
	mpns      []model.ManufacturerPart
	skus      []model.SupplierPart
}

// skipped counts the rows that made no line, by reason.
type skipped map[string]int

// The reasons a data row makes no line.
const (
	skipBlank    = "blank"
	skipHeader   = "repeated header"
	skipTotal    = "total or section row"
	skipDNP      = "not populated"
	skipNoPart   = "no part named"
	skipZeroQty  = "zero quantity"
	skipSameItem = "part and product collide"
)

// readLines turns the rows under the header into BOM lines.
func readLines(sh sheet, l layout) ([]line, skipped) {
	skip := skipped{}
	l.index()
	var out []line
	hdrKeys := make(map[int]string, len(l.cols))
	for _, c := range l.cols {
		hdrKeys[c.idx] = c.hdr.key
	}
	for _, r := range sh.rows[l.at+1:] {
		if why := skipRow(r, l, hdrKeys); why != "" {
			skip[why]++
			continue
		}
		ln, why := readLine(r, l)
		if why != "" {
			skip[why]++
			continue
		}
		out = append(out, ln)
	}
	return out, skip
}

// skipRow says why a row is not a BOM line at all: empty, a copy of the
// header (BOMs pasted together, page breaks), or a title, section or total
// row (one filled cell, only numbers, or a first cell saying "Total").
func skipRow(r row, l layout, hdrKeys map[int]string) string {
	filled, numbers, same := 0, 0, 0
	first := ""
	for i, v := range r.cells {
		if v == "" {
			continue
		}
		if first == "" {
			first = v
		}
		filled++
		if isNumber(v) {
			numbers++
		}
		if k, ok := hdrKeys[i]; ok && k != "" && normKey(v) == k {
			same++
		}
	}
	switch {
	case filled == 0:
		return skipBlank
	case same*2 >= len(hdrKeys) && same > 0:
		return skipHeader
	case filled == 1 || numbers == filled:
		return skipTotal
	}
	k := normKey(first)
	for _, p := range []string{"total", "subtotal", "grandtotal", "sum", "gesamt", "somme"} {
		if strings.HasPrefix(k, p) && !l.hasCellAt(r, first) {
			return skipTotal
		}
	}
	return ""
}

// hasCellAt reports whether text stands in a column that names the part
// (so "Total Phase" as a manufacturer is not a total row).
func (l *layout) hasCellAt(r row, text string) bool {
	for _, c := range l.cols {
		if c.idx < len(r.cells) && r.cells[c.idx] == text {
			switch c.f {
			case fMPN, fMfr, fValue, fSKU:
				return true
			}
		}
	}
	return false
}

// readLine reads the fields of one row, or says why it makes no line.
func readLine(r row, l layout) (line, string) {
	ln := line{row: r.line}
	get := func(c column) string {
		if c.idx < len(r.cells) {
			return r.cells[c.idx]
		}
		return ""
	}
	first := func(f field) string {
		for _, c := range l.of(f) {
			if v := clean(get(c)); v != "" {
				return v
			}
		}
		return ""
	}
	for _, c := range l.of(fDNP) {
		if truthy(get(c)) {
			return ln, skipDNP
		}
	}
	for _, c := range l.of(fPopulate) {
		if falsy(get(c)) {
			return ln, skipDNP
		}
	}
	ln.value, ln.footprint, ln.desc = first(fValue), first(fFootprint), first(fDesc)
	ln.name, ln.libPart = first(fName), first(fLibPart)
	ln.ipn, ln.category = first(fIPN), first(fCategory)
	if isDNP(ln.value) {
		return ln, skipDNP
	}
	for _, c := range l.of(fRefDes) {
		for _, ref := range expandRefs(get(c)) {
			if !contains(ln.refdes, ref) {
				ln.refdes = append(ln.refdes, ref)
			}
		}
	}
	ln.mpns = manufacturerParts(l, get)
	if ln.desc == "" && len(ln.mpns) == 0 {
		// A sentence in the MPN column describes the part.
		for _, c := range l.of(fMPN) {
			if v := clean(get(c)); strings.Count(v, " ") > 3 && !strings.Contains(v, "://") {
				ln.desc = v
				break
			}
		}
	}
	ln.skus = supplierParts(l, get)
	if ln.value == "" && ln.desc == "" && ln.name == "" {
		// The EDA library part, then the footprint, name what has no value
		// ("PINHD-1X2", "MountingHole_3.2mm").
		ln.name = ln.libPart
		if len(ln.mpns) == 0 && len(ln.skus) == 0 && ln.name == "" && ln.footprint == "" && ln.ipn == "" {
			return ln, skipNoPart
		}
	}
	qty, why := quantity(l, get, len(ln.refdes))
	if why != "" {
		return ln, why
	}
	ln.qty = qty
	return ln, ""
}

// quantity reads the line's quantity: the quantity column when it holds a
// number, else the number of designators, else 1. A zero quantity or a
// quantity cell that says "DNP" drops the line.
func quantity(l layout, get func(column) string, refs int) (float64, string) {
	for _, c := range l.of(fQty) {
		v := get(c)
		if isDNP(v) {
			return 0, skipDNP
		}
		if q, ok := parseQty(v); ok {
			if q == 0 {
				return 0, skipZeroQty
			}
			return q, ""
		}
	}
	if refs > 0 {
		return float64(refs), ""
	}
	return 1, ""
}

// manufacturerParts pairs the k-th MPN column with the k-th manufacturer
// column ("Manufacturer,MPN,Manufacturer,MPN" and "MPN1,MPN2" alike);
// placeholders such as "n/a", links and sentences are dropped.
func manufacturerParts(l layout, get func(column) string) []model.ManufacturerPart {
	mfrs, mpns := l.of(fMfr), l.of(fMPN)
	var out []model.ManufacturerPart
	for k, c := range mpns {
		mpn := clean(get(c))
		if mpn == "" || strings.Contains(mpn, "://") || strings.Count(mpn, " ") > 3 {
			// Not a part number: empty, a link, or a sentence
			// ("50V 100nF X7R ±10% 0805 Multilayer Ceramic Capacitors").
			continue
		}
		m := model.ManufacturerPart{MPN: mpn}
		if k < len(mfrs) {
			m.Manufacturer = clean(get(mfrs[k]))
		} else if len(mfrs) > 0 && len(mpns) > len(mfrs) {
			m.Manufacturer = clean(get(mfrs[len(mfrs)-1]))
		}
		if !containsMPN(out, m) {
			out = append(out, m)
		}
	}
	return out
}

func containsMPN(ms []model.ManufacturerPart, m model.ManufacturerPart) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// supplierParts reads the SKU columns: a header that names a supplier
// ("Mouser Part #") gives it; a generic one ("SKU", "Supplier Part") takes
// the supplier from the k-th supplier column of the row, or from its own
// header text when there is none.
func supplierParts(l layout, get func(column) string) []model.SupplierPart {
	names := l.of(fSupplier)
	var out []model.SupplierPart
	generic := 0
	for _, c := range l.of(fSKU) {
		sku := clean(get(c))
		name := c.hdr.supplier
		if name == "" {
			if generic < len(names) {
				name = clean(get(names[generic]))
			}
			generic++
			if name == "" {
				name = c.hdr.text
			}
		}
		if sku == "" || strings.Contains(sku, "://") {
			continue
		}
		sp := model.SupplierPart{Supplier: name, SKU: sku}
		dup := false
		for _, x := range out {
			dup = dup || x == sp
		}
		if !dup {
			out = append(out, sp)
		}
	}
	return out
}

// placeholders are cell values that mean "nothing here".
var placeholders = set("- -- --- ~ ? ?? na n/a n.a. n.a #n/a none null nil tbd tba x nc n/c dnp dnf generic " +
	"any various unknown")

// clean trims a cell and empties placeholders.
func clean(v string) string {
	v = strings.TrimSpace(v)
	if placeholders[strings.ToLower(v)] {
		return ""
	}
	return v
}

// isDNP reports whether a value or quantity cell says the part is not
// fitted.
func isDNP(v string) bool {
	switch normKey(v) {
	case "dnp", "dnf", "dni", "donotpopulate", "donotplace", "donotfit", "notfitted", "nofit", "nopop",
		"notpopulated", "notmounted", "nf", "np", "nc":
		return true
	}
	return false
}

// truthy reads a DNP flag cell: "DNP", "yes", "x", "1"...
func truthy(v string) bool {
	if isDNP(v) {
		return true
	}
	switch normKey(v) {
	case "yes", "y", "x", "1", "true", "excluded", "exclude", "ja", "oui", "si":
		return true
	}
	return false
}

// falsy reads a populate/fitted cell: "no", "0", "false", "DNP"...
func falsy(v string) bool {
	if isDNP(v) {
		return true
	}
	switch normKey(v) {
	case "no", "n", "0", "false", "nein", "non", "unfitted", "notplaced", "dontplace", "dontpopulate":
		return true
	}
	return false
}

var qtyRe = regexp.MustCompile(`^[x×]?\s*([0-9]+(?:[.,][0-9]+)?)\s*` +
	`(?:[x×]|pcs?\.?|pieces?|stk\.?|st\.?|ea\.?|each|units?|pz|pzs|sets?|packs?|kits?|pairs?|rolls?|bags?)?\s*$`)

// parseQty reads a quantity cell: "2", "2.0", "2,5", "2 pcs", "x2", "1
// SET"; of alternatives ("1 PC / 1 SET") the first. It accepts finite
// non-negative numbers below a million.
func parseQty(v string) (float64, bool) {
	if first, _, ok := strings.Cut(v, " / "); ok {
		v = first
	}
	m := qtyRe.FindStringSubmatch(strings.ToLower(strings.TrimSpace(v)))
	if m == nil {
		return 0, false
	}
	q, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
	if err != nil || math.IsNaN(q) || math.IsInf(q, 0) || q < 0 || q >= 1e6 {
		return 0, false
	}
	return q, true
}

// splitRefs splits a designator cell on commas, semicolons and white
// space.
func splitRefs(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool {
		return r == ',' || r == ';' || unicode.IsSpace(r)
	})
}

// rangeRe matches simple designator ranges: "R1-R4", "R1-4", "C10..C12".
var rangeRe = regexp.MustCompile(`^([A-Za-z_]+)([0-9]+)(?:-|–|\.\.)([A-Za-z_]*)([0-9]+)$`)

// maxRange bounds the designators one range expands to.
const maxRange = 500

// expandRange expands "R1-R4" to R1, R2, R3, R4 when both ends have the
// same prefix and the range is ascending and short.
func expandRange(s string) ([]string, bool) {
	m := rangeRe.FindStringSubmatch(s)
	if m == nil || m[3] != "" && m[3] != m[1] {
		return nil, false
	}
	lo, err1 := strconv.Atoi(m[2])
	hi, err2 := strconv.Atoi(m[4])
	if err1 != nil || err2 != nil || hi <= lo || hi-lo >= maxRange {
		return nil, false
	}
	out := make([]string, 0, hi-lo+1)
	for i := lo; i <= hi; i++ {
		out = append(out, m[1]+strconv.Itoa(i))
	}
	return out, true
}

// expandRefs splits a designator cell and expands its simple ranges
// ("R1-R4", "C6 - C7") and bare numbers after a designator ("R1,2,3" is
// R1, R2, R3); anything else is kept as written.
func expandRefs(v string) []string {
	v = rangeSpaces.Replace(v)
	var out []string
	prefix := ""
	for _, it := range splitRefs(v) {
		if clean(it) == "" {
			continue
		}
		if r, ok := expandRange(it); ok {
			out = append(out, r...)
			prefix = ""
			continue
		}
		if m := refPrefixRe.FindStringSubmatch(it); m != nil {
			prefix = m[1]
		} else if prefix != "" && isDigits(it) {
			it = prefix + it
		}
		out = append(out, it)
	}
	return out
}

var (
	refPrefixRe = regexp.MustCompile(`^([A-Za-z_]+)[0-9]+$`)
	rangeSpaces = strings.NewReplacer(" - ", "-", " – ", "-")
)

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
