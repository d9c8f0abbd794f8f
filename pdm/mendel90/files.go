package mendel90

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// The sections of Mendel90's BOM files, in the order bom.py writes them.
const (
	secVitamins = "Vitamins"
	secPrinted  = "Printed"
	secSubs     = "Sub-assemblies"
)

// entry is one "  N text" line of a section.
type entry struct {
	count int
	text  string // description, file name or canonical assembly name
	line  int
}

// assemblyFile is one <name>_assembly.txt: what all instances of the
// assembly hold together.
type assemblyFile struct {
	name     string // canonical, singular: "z_motor_assembly"
	plural   bool   // the header says "_assemblies": more than one instance
	file     string // for errors
	vitamins []entry
	printed  []entry
	subs     []entry
}

// canonical turns an assembly name as bom.py writes it for a count above
// one ("z_motor_assemblies") into the singular the file is named by.
func canonical(name string) (string, bool) {
	if s, ok := strings.CutSuffix(name, "_assemblies"); ok {
		return s + "_assembly", true
	}
	return name, false
}

// validName reports whether name looks like a bom.py assembly name.
func validName(name string) bool {
	if !strings.HasSuffix(name, "_assembly") && !strings.HasSuffix(name, "_assemblies") {
		return false
	}
	for _, c := range name {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// lines splits data into lines without their line ends.
func lines(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), len(data)+1)
	for sc.Scan() {
		out = append(out, strings.TrimRight(sc.Text(), "\r"))
	}
	return out
}

// parseAssembly reads an assembly file; want is the canonical name its
// file name gives.
func parseAssembly(file, want string, data []byte) (*assemblyFile, error) {
	ls := lines(data)
	if len(ls) == 0 {
		return nil, model.ParseError(file, 1, "", "empty assembly file")
	}
	head, ok := strings.CutSuffix(ls[0], ":")
	if !ok || !validName(head) {
		return nil, model.ParseError(file, 1, "", "expected the assembly's name and a colon (\"x_assembly:\"), found %q", clip(ls[0]))
	}
	a := &assemblyFile{file: file}
	a.name, a.plural = canonical(head)
	if a.name != want {
		return nil, model.ParseError(file, 1, "", "the file is headed %q but named for %q", head, want)
	}
	sections := map[string]*[]entry{secVitamins: &a.vitamins, secPrinted: &a.printed, secSubs: &a.subs}
	seen := map[string]bool{}
	var cur *[]entry
	sec := ""
	for i, l := range ls[1:] {
		n := i + 2
		if name, ok := strings.CutSuffix(l, ":"); ok && sections[name] != nil {
			if seen[name] {
				return nil, model.ParseError(file, n, name, "section %q appears twice", name)
			}
			seen[name], sec, cur = true, name, sections[name]
			continue
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		if cur == nil {
			return nil, model.ParseError(file, n, "", "expected \"Vitamins:\", found %q", clip(l))
		}
		e, err := parseEntry(file, n, sec, l)
		if err != nil {
			return nil, err
		}
		*cur = append(*cur, e)
	}
	for _, s := range []string{secVitamins, secPrinted} {
		if !seen[s] {
			return nil, model.ParseError(file, len(ls), s, "no %q section (truncated file?)", s+":")
		}
	}
	return a, nil
}

// parseEntry reads "  N text" of section sec.
func parseEntry(file string, line int, sec, l string) (entry, error) {
	s := strings.TrimLeft(l, " ")
	digits := 0
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits == 0 || digits > 9 || digits >= len(s) || s[digits] != ' ' {
		return entry{}, model.ParseError(file, line, sec, "expected a count and a name (\"  2 M3 cap screw x 16mm\"), found %q", clip(l))
	}
	e := entry{count: atoi(s[:digits]), text: collapse(s[digits+1:]), line: line}
	switch {
	case e.count <= 0:
		return entry{}, model.ParseError(file, line, sec, "count %d of %q is not positive", e.count, e.text)
	case e.text == "":
		return entry{}, model.ParseError(file, line, sec, "a count without a name")
	case sec == secSubs:
		if !validName(e.text) {
			return entry{}, model.ParseError(file, line, sec, "%q is not an assembly name", e.text)
		}
		e.text, _ = canonical(e.text)
	}
	return e, nil
}

// bomTotals is what bom.txt says of the whole machine.
type bomTotals struct {
	file      string
	vitamins  map[string]entry // description -> total
	printed   map[string]entry // file -> total
	instances map[string]entry // canonical assembly name -> instances
}

// parseBOM reads bom.txt: two matrices (Vitamins, Printed) whose columns
// are the assemblies and whose last column is the total, then the
// Sub-assemblies list with instance counts.
func parseBOM(file string, data []byte) (*bomTotals, error) {
	t := &bomTotals{file: file, vitamins: map[string]entry{}, printed: map[string]entry{}, instances: map[string]entry{}}
	sections := map[string]map[string]entry{secVitamins: t.vitamins, secPrinted: t.printed, secSubs: t.instances}
	ls := lines(data)
	sec, width, rows := "", -1, 0
	seen := map[string]bool{}
	for i, l := range ls {
		n := i + 1
		if name, ok := strings.CutSuffix(l, ":"); ok && sections[name] != nil {
			if seen[name] {
				return nil, model.ParseError(file, n, name, "section %q appears twice", name)
			}
			seen[name], sec, rows, width = true, name, 0, -1
			continue
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		var e entry
		var err error
		switch {
		case sec == "":
			return nil, model.ParseError(file, n, "", "expected \"Vitamins:\", found %q", clip(l))
		case sec == secSubs:
			e, err = parseEntry(file, n, sec, l)
		case !strings.Contains(l, "|"):
			if rows > 0 {
				return nil, model.ParseError(file, n, sec, "expected a row of the matrix, found %q", clip(l))
			}
			continue // the column titles, written downwards
		default:
			e, err = parseRow(file, n, sec, l, &width)
			rows++
		}
		if err != nil {
			return nil, err
		}
		if prev, dup := sections[sec][e.text]; dup {
			return nil, model.ParseError(file, n, sec, "%q is listed twice (first at line %d)", e.text, prev.line)
		}
		sections[sec][e.text] = e
	}
	for _, s := range []string{secVitamins, secPrinted, secSubs} {
		if !seen[s] {
			return nil, model.ParseError(file, len(ls), s, "no %q section (truncated file?)", s+":")
		}
	}
	return t, nil
}

// parseRow reads " 4|  | 3| 7 description": one count or blank per
// assembly column, each closed by "|", then the total and the name. The
// columns must add up to the total and every row must have width columns
// (set by the first row).
func parseRow(file string, line int, sec, l string, width *int) (entry, error) {
	bad := func(format string, args ...any) (entry, error) {
		return entry{}, model.ParseError(file, line, sec, format, args...)
	}
	sum, cells, i := 0, 0, 0
	for {
		j := i
		for j < len(l) && l[j] == ' ' {
			j++
		}
		k := j
		for k < len(l) && l[k] >= '0' && l[k] <= '9' {
			k++
		}
		if k-j > 9 {
			return bad("count %q is too large", l[j:k])
		}
		if k < len(l) && l[k] == '|' {
			if k > j {
				sum += atoi(l[j:k])
			}
			cells, i = cells+1, k+1
			continue
		}
		if k == j || k >= len(l) || l[k] != ' ' {
			return bad("expected columns closed by '|', then the total and a name, found %q", clip(l))
		}
		e := entry{count: atoi(l[j:k]), text: collapse(l[k+1:]), line: line}
		switch {
		case e.text == "" || e.count <= 0:
			return bad("expected a positive total and a name, found %q", clip(l))
		case *width >= 0 && cells != *width:
			return bad("%d columns, the rows above have %d", cells, *width)
		case sum != e.count:
			return bad("the columns of %q add up to %d, the total says %d", e.text, sum, e.count)
		}
		*width = cells
		return e, nil
	}
}

// atoi converts up to nine decimal digits.
func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// collapse trims s and folds each run of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// clip shortens a line for a message.
func clip(s string) string {
	const max = 60
	if len(s) > max {
		s = s[:max] + "..."
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
