package kicadlib

import (
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// docEntry is one $CMP entry of a .dcm file.
type docEntry struct {
	description, keywords, datasheet string
}

// parseDoc reads a KiCad 5 documentation file (.dcm): after the
// "EESchema-DOCLIB Version 2.0" line, entries
//
//	$CMP name
//	D description
//	K keywords
//	F datasheet
//	$ENDCMP
//
// between comment lines ("#") and blank lines. The entries are returned by
// symbol name; a later entry for the same name replaces an earlier one, as
// in KiCad.
func parseDoc(file string, data []byte) (map[string]docEntry, error) {
	lines := splitLines(data)
	if len(lines) == 0 {
		return nil, model.ParseError(file, 1, "", "the documentation file is empty")
	}
	t := strings.TrimSpace(lines[0].text)
	if rest, ok := strings.CutPrefix(t, "EESchema-DOCLIB"); !ok || !strings.HasPrefix(strings.TrimSpace(rest), "Version ") {
		return nil, model.ParseError(file, 1, "", "not a KiCad documentation file: expected \"EESchema-DOCLIB  Version 2.0\", found %q", short(t))
	}
	docs := map[string]docEntry{}
	for i := 1; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i].text)
		if t == "" || t[0] == '#' {
			continue
		}
		if !keyword(t, "$CMP") {
			return nil, model.ParseError(file, lines[i].no, "", "expected $CMP, found %q", short(t))
		}
		name, e, end, err := docEntryAt(file, lines, i)
		if err != nil {
			return nil, err
		}
		docs[name] = e
		i = end
	}
	return docs, nil
}

// docEntryAt reads the entry whose $CMP line is lines[i] and returns the
// index of its $ENDCMP line.
func docEntryAt(file string, lines []textLine, i int) (string, docEntry, int, error) {
	start := lines[i].no
	tok := strings.Fields(lines[i].text)
	if len(tok) < 2 {
		return "", docEntry{}, 0, model.ParseError(file, start, "$CMP", "$CMP without a symbol name")
	}
	name := symbolName(tok[1])
	var e docEntry
	for i++; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l.text)
		text := ""
		if len(t) > 2 {
			text = strings.TrimSpace(t[2:])
		}
		switch {
		case t == "" || t[0] == '#':
		case keyword(t, "$ENDCMP"):
			return name, e, i, nil
		case keyword(t, "$CMP"):
			return "", docEntry{}, 0, model.ParseError(file, start, "$CMP", "entry %q has no $ENDCMP before the next $CMP at line %d", name, l.no)
		case keyword(t, "D"):
			e.description = text
		case keyword(t, "K"):
			e.keywords = text
		case keyword(t, "F"):
			e.datasheet = text
		default:
			return "", docEntry{}, 0, model.ParseError(file, l.no, "$CMP", "entry %q: unknown line %q (expected D, K, F or $ENDCMP)", name, short(t))
		}
	}
	return "", docEntry{}, 0, model.ParseError(file, start, "$CMP", "entry %q has no $ENDCMP: the file ends inside it", name)
}

// applyDocs gives each legacy symbol its documentation entry (description,
// keywords, datasheet) and each alias its fields (see aliasFields).
func applyDocs(syms []*symbol, aliasOf map[*symbol]*symbol, docs map[string]docEntry) {
	for _, s := range syms {
		if root, ok := aliasOf[s]; ok {
			s.fields = aliasFields(s.name, root)
		}
		if e, ok := docs[s.name]; ok {
			s.description, s.keywords, s.docDatasheet = e.description, e.keywords, e.datasheet
		}
	}
}

// aliasFields returns the fields of an alias of root. An alias shares its
// DEF's drawing and fields, but in a parts catalogue it is another part
// (KiCad 5 gives it its own .dcm entry), so it inherits what describes the
// drawing and the product line — reference, footprint, manufacturer,
// category, family and other fields — and not what names or describes the
// DEF's own part: its value is the alias's name; it has no supplier part
// numbers, product page, status, description or datasheet but its own
// .dcm entry; and its MPN is its name when the DEF's MPN is the DEF's name
// (Digi-Key's convention, "_" standing for characters a name cannot
// hold), else it has none.
func aliasFields(name string, root *symbol) []field {
	var out []field
	for _, f := range root.fields {
		k, _ := kindOf(f.name)
		switch k {
		case kindValue:
			out = append(out, field{f.name, name})
		case kindMPN:
			if f.value != "" && alnum(f.value) == alnum(root.name) {
				out = append(out, field{f.name, name})
			}
		case kindSupplier, kindDetailPage, kindStatus, kindDescription, kindDatasheet, kindDKDatasheet:
		default:
			out = append(out, f)
		}
	}
	return out
}

// alnum keeps the letters and digits of s, upper-cased.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return -1
	}, s)
}
