package kicad

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// subpart is one purchased part a component stands for. A component is
// usually one part; KiCost lets a manf# field list several ("2N2222A;
// 322400B00000G": a transistor and its heat sink), each with an optional
// quantity per component ("2:SHUNT1AQ5", "CR0603-J/-000ELF:5").
type subpart struct {
	mpn, manf, desc string
	// qty is how many of the part one component takes.
	qty  float64
	skus []model.SupplierPart
}

// maxSubparts bounds the subparts of one component, so that a hostile
// field cannot make millions of them.
const maxSubparts = 64

// subparts splits a component's resolved fields into the parts it stands
// for, following KiCost: the manf# field and every "<dist>#" field are
// lists separated by unescaped ";", "," or "|" (KiCost's separators are ";"
// and ","; "|" is used by complex_multipart.xml), aligned by position; the
// manf field is split the same way, a lone name applying to every subpart
// and "~" repeating the previous one; the description is split on ";" when
// it has as many entries as there are subparts. desc is the component's
// description. There is always at least one subpart.
func subparts(f map[string]string, desc string) []subpart {
	mpns := splitList(f[fieldMPN])
	n := len(mpns)
	dists := distNames(f)
	lists := make(map[string][]string, len(dists))
	for _, d := range dists {
		lists[d] = splitList(f[d+"#"])
		n = max(n, len(lists[d]))
	}
	n = min(max(n, 1), maxSubparts)
	manfs := splitManf(f[fieldManf], n)
	descs := []string{desc}
	if n > 1 {
		descs = splitDesc(desc, n)
	}
	out := make([]subpart, n)
	for i := range out {
		s := &out[i]
		s.manf, s.desc, s.qty = manfs[i], descs[i], 1
		if i < len(mpns) {
			s.qty, s.mpn = splitQty(mpns[i])
		}
		for _, d := range dists {
			if i >= len(lists[d]) {
				continue
			}
			q, sku := splitQty(lists[d][i])
			if sku == "" || sku == "~" {
				continue
			}
			if s.mpn == "" && q != 1 {
				s.qty = q
			}
			s.skus = append(s.skus, model.SupplierPart{Supplier: distributors[d], SKU: sku})
		}
		if s.mpn == "~" {
			s.mpn = ""
		}
	}
	if n == 1 {
		out[0].skus = append(out[0].skus, supplierPairs(f)...)
	}
	return out
}

// distNames returns the distributors with a catalogue-number field, sorted.
func distNames(f map[string]string) []string {
	var ds []string
	for d := range distributors {
		if f[d+"#"] != "" {
			ds = append(ds, d)
		}
	}
	slices.Sort(ds)
	return ds
}

// splitManf returns one manufacturer name per subpart. With one subpart
// the field is taken whole, so that "Yageo, Inc." stays one name.
func splitManf(s string, n int) []string {
	out := make([]string, n)
	if n == 1 {
		out[0] = unescape(s)
		return out
	}
	names := splitList(s)
	if len(names) == 1 {
		for i := range out {
			out[i] = names[0]
		}
		return out
	}
	prev := ""
	for i := range out {
		if i < len(names) && names[i] != "~" {
			prev = names[i]
		}
		if i < len(names) {
			out[i] = prev
		}
	}
	return out
}

// splitDesc splits a description on ";" into n entries, or returns n empty
// entries when it does not have exactly n.
func splitDesc(s string, n int) []string {
	parts := strings.Split(s, ";")
	if len(parts) != n {
		return make([]string, n)
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// splitList splits a KiCost list on the separators not escaped by a
// backslash, trims the entries and drops a trailing empty one. Entries
// keep their escapes, which splitQty removes.
func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case ';', ',', '|':
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	out = append(out, strings.TrimSpace(s[start:]))
	if len(out) > 1 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// qtyPattern is a subpart quantity: an integer, a decimal or a fraction.
var qtyPattern = regexp.MustCompile(`^\+?(\d+(\.\d*)?|\.\d+)(/\d+(\.\d*)?)?$`)

// maxQty is the largest number taken for a subpart quantity; larger
// numbers are numeric part codes.
const maxQty = 1e6

// splitQty splits a subpart entry into its quantity and code, the way
// KiCost does: "4.5 : X", "4/5:X", "X:7" and "X" (quantity 1). When both
// sides are numbers the shorter is the quantity. The code is unescaped.
func splitQty(entry string) (float64, string) {
	parts := splitUnescaped(entry, ':')
	if len(parts) != 2 {
		return 1, unescape(entry)
	}
	a, b := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
	qa, okA := parseQty(a)
	qb, okB := parseQty(b)
	switch {
	case b == "" && a != "":
		return 1, unescape(a)
	case a == "" && b != "":
		return 1, unescape(b)
	case okA && okB:
		if len(strings.Trim(a, "./")) <= len(strings.Trim(b, "./")) {
			return qa, unescape(b)
		}
		return qb, unescape(a)
	case okA:
		return qa, unescape(b)
	case okB:
		return qb, unescape(a)
	}
	return 1, unescape(entry)
}

// parseQty reads a positive quantity no larger than maxQty.
func parseQty(s string) (float64, bool) {
	if !qtyPattern.MatchString(s) {
		return 0, false
	}
	num, den, frac := strings.Cut(strings.TrimPrefix(s, "+"), "/")
	q, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	if frac {
		d, err := strconv.ParseFloat(den, 64)
		if err != nil || d == 0 {
			return 0, false
		}
		q /= d
	}
	if q <= 0 || q > maxQty {
		return 0, false
	}
	return q, true
}

// splitUnescaped splits s on sep where sep is not escaped by a backslash.
func splitUnescaped(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// unescape removes the backslashes escaping KiCost's separators and trims.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(";,:|", s[i+1]) >= 0 {
			continue
		}
		b.WriteByte(s[i])
	}
	return strings.TrimSpace(b.String())
}

// supplierRe matches the supplier columns of KiBoM-style fields: "supplier",
// "supplier 1", "supplier part number", "supplier 1 pn".
var supplierRe = regexp.MustCompile(`^supplier(?:[ _-]?(\d+))?(?:[ _-]?(pn|part number|part_number|part#|#|sku|order code))?$`)

// supplierPairs reads supplier name and part number field pairs.
func supplierPairs(f map[string]string) []model.SupplierPart {
	type pair struct{ name, sku string }
	pairs := map[string]*pair{}
	for k, v := range f {
		m := supplierRe.FindStringSubmatch(k)
		if m == nil {
			continue
		}
		p := pairs[m[1]]
		if p == nil {
			p = &pair{}
			pairs[m[1]] = p
		}
		if m[2] == "" {
			p.name = v
		} else {
			p.sku = v
		}
	}
	keys := make([]string, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []model.SupplierPart
	for _, k := range keys {
		if p := pairs[k]; p.name != "" && p.sku != "" {
			out = append(out, model.SupplierPart{Supplier: supplierName(p.name), SKU: p.sku})
		}
	}
	return out
}

// supplierName returns the recorded name of a supplier written by hand:
// "FARNELL" and "farnell" become "Farnell", "Digi-Key" becomes "Digikey";
// unknown names are kept as written.
func supplierName(s string) string {
	k := strings.ToLower(strings.NewReplacer(" ", "", "-", "", "_", "").Replace(s))
	if n, ok := distributors[k]; ok {
		return n
	}
	return strings.TrimSpace(s)
}
