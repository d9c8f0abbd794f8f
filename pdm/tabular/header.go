package tabular

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// headerScan is how many non-empty rows from the top of a sheet may hold
// the header; title blocks and KiCad/EAGLE preambles are shorter.
const headerScan = 30

// probeRows is how many rows under a header candidate its content checks
// look at.
const probeRows = 60

// column is a mapped column of a sheet.
type column struct {
	idx  int // 0-based position in the row
	f    field
	rank int
	hdr  header
}

// layout is how a sheet is read: where its header is and what each column
// holds.
type layout struct {
	at    int // index of the header row in sheet.rows; -1 when there is none
	line  int // the header's line in the source
	cols  []column
	score float64
	by    map[field][]column // columns per field, once indexed
}

// has reports whether a column of the field was mapped.
func (l *layout) has(f field) bool {
	for _, c := range l.cols {
		if c.f == f {
			return true
		}
	}
	return false
}

// of returns the mapped columns of the field, in mapping order.
func (l *layout) of(f field) []column {
	if l.by != nil {
		return l.by[f]
	}
	var out []column
	for _, c := range l.cols {
		if c.f == f {
			out = append(out, c)
		}
	}
	return out
}

// index groups the columns by field once the mapping is final, so that
// reading many rows does not regroup them.
func (l *layout) index() {
	l.by = map[field][]column{}
	for _, c := range l.cols {
		l.by[c.f] = append(l.by[c.f], c)
	}
}

// isBOM reports whether the mapping can make BOM lines: something that
// names the part, and a designator or a quantity.
func (l *layout) isBOM() bool {
	ident := l.has(fValue) || l.has(fDesc) || l.has(fMPN) || l.has(fName) || l.has(fSKU) || l.has(fIPN)
	return ident && (l.has(fRefDes) || l.has(fQty))
}

// isPlacement reports whether the header is a pick-and-place file's:
// designators with coordinates or rotations, and no quantity.
func (l *layout) isPlacement() bool {
	return len(l.of(fPlace)) >= 2 && l.has(fRefDes) && !l.has(fQty)
}

// weights score a header candidate by what it maps.
var weights = map[field]float64{
	fRefDes: 3, fQty: 2, fValue: 2, fMPN: 2, fFootprint: 1.5, fDesc: 1.5, fMfr: 1, fSKU: 1,
	fName: 1, fLibPart: 0.5, fDNP: 0.5, fPopulate: 0.5, fSupplier: 0.5, fIgnore: 0.3, fPlace: 0.3,
	fIPN: 1, fCategory: 0.3,
}

// findLayout scans the first rows of a sheet for the header that maps
// best. It returns the best BOM header if there is one, and otherwise the
// best-scoring candidate (which callers use to explain the rejection).
func findLayout(sh sheet) (layout, bool) {
	best, place, other := layout{at: -1}, layout{at: -1}, layout{at: -1}
	for i := 0; i < len(sh.rows) && i < headerScan; i++ {
		l := resolve(sh.rows[i].cells, sh.rows[i+1:])
		l.at, l.line = i, sh.rows[i].line
		switch {
		case l.isPlacement():
			if place.at < 0 || l.score > place.score {
				place = l
			}
		case l.isBOM():
			if best.at < 0 || l.score > best.score {
				best = l
			}
		default:
			if other.at < 0 || l.score > other.score {
				other = l
			}
		}
	}
	switch {
	case best.at >= 0:
		return best, true
	case place.at >= 0:
		return place, false
	}
	return other, false
}

// resolve maps the cells of one header candidate to fields. Each column
// takes its surest reading whose field is still free; passes go from sure
// readings (rank 0) to guesses, so "Value" wins the value field over
// "Comment" wherever they stand, and a guess must also pass its content
// check on the rows below.
func resolve(cells []string, below []row) layout {
	hdrs := make([]header, len(cells))
	hasMfr, vendorSKU := false, false
	for i, t := range cells {
		hdrs[i] = classify(t)
		for _, cd := range hdrs[i].cands {
			hasMfr = hasMfr || cd.f == fMfr && cd.rank == 0
			vendorSKU = vendorSKU || cd.f == fSKU && strings.HasPrefix(hdrs[i].key, "vendor")
		}
	}
	if len(below) > probeRows {
		below = below[:probeRows]
	}
	var l layout
	taken := map[field]int{}    // columns per field
	bestRank := map[field]int{} // surest rank a field was taken at
	done := make([]bool, len(hdrs))
	for rank := 0; rank <= 3; rank++ {
		for i, h := range hdrs {
			if done[i] {
				continue
			}
			for _, cd := range h.cands {
				if cd.rank != rank || !free(cd, taken, bestRank) {
					continue
				}
				switch {
				case cd.check == needMfr && !hasMfr,
					cd.check == vendorIsSupplier && !hasMfr && !vendorSKU,
					!contentOK(cd.check, below, i),
					cd.f == fRefDes && !contentOK(designatorish, below, i),
					cd.f == fRefDes && taken[fRefDes] > 0 && !contentOK(refdesLike, below, i):
					continue
				}
				l.cols = append(l.cols, column{idx: i, f: cd.f, rank: rank, hdr: h})
				if taken[cd.f] == 0 {
					bestRank[cd.f] = rank
				}
				taken[cd.f]++
				done[i] = true
				break
			}
		}
	}
	l.score = score(l, cells)
	return l
}

// free reports whether a field can take one more column at the
// candidate's rank: single fields once; designators again only from sure
// headers ("topDesignator", "bottomDesignator"); repeatable fields again
// unless the reading is a guess and a surer column exists.
func free(cd cand, taken, bestRank map[field]int) bool {
	n := taken[cd.f]
	switch {
	case n == 0 || cd.f == fIgnore || cd.f == fPlace:
		return true
	case cd.f == fRefDes:
		return cd.rank == 0 && bestRank[cd.f] == 0
	case cd.f.multi():
		return cd.rank <= 1 || bestRank[cd.f] >= 2
	}
	return false
}

// score rates a header candidate: the weights of the fields it maps,
// counting repeats of a field at a fifth, less a penalty for cells that
// look like data rather than headers.
func score(l layout, cells []string) float64 {
	s := 0.0
	seen := map[field]bool{}
	for _, c := range l.cols {
		w := weights[c.f]
		if seen[c.f] {
			w /= 5
		}
		seen[c.f] = true
		s += w
	}
	mapped := map[int]bool{}
	for _, c := range l.cols {
		mapped[c.idx] = true
	}
	for i, t := range cells {
		if t == "" || mapped[i] {
			continue
		}
		switch {
		case isNumber(t) || refdesRe.MatchString(t):
			s--
		default:
			s -= 0.2
		}
	}
	return s
}

var (
	refdesRe = regexp.MustCompile(`^[A-Za-z][A-Za-z_]{0,5}[0-9]{1,5}([._-]?[A-Za-z0-9]{1,3})?$`)
	numberRe = regexp.MustCompile(`^[-+]?[0-9]+([.,][0-9]+)?$`)
)

func isNumber(s string) bool { return numberRe.MatchString(strings.TrimSpace(s)) }

// contentOK runs a content check on column i of the rows under a header:
// at least three in five of its non-empty cells must pass (one in three
// for designatorish, which also passes an empty column).
func contentOK(ck check, below []row, i int) bool {
	if ck == anyContent || ck == needMfr || ck == vendorIsSupplier {
		return true
	}
	n, pass := 0, 0
	for _, r := range below {
		if i >= len(r.cells) || r.cells[i] == "" {
			continue
		}
		n++
		if cellPasses(ck, r.cells[i]) {
			pass++
		}
	}
	switch ck {
	case designatorish:
		return n == 0 || pass*3 >= n
	case qtyLike:
		if counts(below, i) {
			return false
		}
	}
	return n > 0 && pass*5 >= n*3
}

func cellPasses(ck check, v string) bool {
	switch ck {
	case refdesLike:
		return looksLikeRefDes(v)
	case qtyLike:
		_, ok := parseQty(v)
		return ok
	case notNumeric:
		return !isNumber(v)
	case mpnLike:
		return strings.ContainsAny(v, "0123456789") && strings.Count(strings.TrimSpace(v), " ") <= 1 && len(v) >= 3
	case designatorish:
		return strings.ContainsAny(v, "0123456789") && strings.IndexFunc(v, unicode.IsLetter) >= 0
	case valueLike:
		return utf8.RuneCountInString(v) <= 48 && strings.Count(strings.TrimSpace(v), " ") <= 5
	}
	return true
}

// looksLikeRefDes reports whether every item of a designator cell is a
// designator once ranges are expanded.
func looksLikeRefDes(v string) bool {
	items := expandRefs(v)
	if len(items) == 0 {
		return false
	}
	for _, it := range items {
		if !refdesRe.MatchString(it) {
			return false
		}
	}
	return true
}

// counts reports whether column i numbers the rows (1, 2, 3...): an item
// number, not a quantity.
func counts(below []row, i int) bool {
	prev, n := 0.0, 0
	for _, r := range below {
		if i >= len(r.cells) || r.cells[i] == "" {
			continue
		}
		q, ok := parseQty(r.cells[i])
		if !ok {
			continue
		}
		if n > 0 && q != prev+1 {
			return false
		}
		prev, n = q, n+1
	}
	return n >= 3
}
