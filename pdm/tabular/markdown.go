package tabular

import (
	"html"
	"regexp"
	"strings"
	"unicode"
)

// mdHeading is a Markdown heading: its level (1 for "#") and its text
// with the markup stripped.
type mdHeading struct {
	level int
	text  string
	line  int
}

// mdTable is one pipe table of a Markdown file: its header row first,
// then its data rows (the delimiter row is dropped), and the headings it
// stands under, outermost first.
type mdTable struct {
	rows     []row
	headings []mdHeading
}

// mdDoc is what the reader keeps of a Markdown file.
type mdDoc struct {
	headings []mdHeading
	tables   []mdTable
}

var (
	atxRe    = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	setextRe = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	fenceRe  = regexp.MustCompile("^ {0,3}(```|~~~)")
	delimRe  = regexp.MustCompile(`^:?-+:?$`)
)

// parseMarkdown finds the headings and pipe tables of a Markdown text
// (GitHub-flavoured: a row of cells over a delimiter row of as many
// "---" cells; the table runs to the first blank line, heading or line
// without a pipe). Fenced code blocks are skipped. At most maxRows data
// rows are kept, over all tables: a data row with a filled cell past them
// is an error naming its line (tooManyRows), empty ones are dropped.
func parseMarkdown(text string) (mdDoc, error) {
	var (
		doc   mdDoc
		stack []mdHeading
		fence string
		prev  string // the previous line when it is paragraph text
		rows  int
	)
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if m := fenceRe.FindStringSubmatch(l); m != nil {
			if fence == "" {
				fence = m[1]
			} else if m[1] == fence {
				fence = ""
			}
			prev = ""
			continue
		}
		if fence != "" {
			continue
		}
		h, ok := heading(l, prev, i+1)
		if ok {
			for len(stack) > 0 && stack[len(stack)-1].level >= h.level {
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, h)
			doc.headings = append(doc.headings, h)
			prev = ""
			continue
		}
		if n := tableAt(lines, i); n > 0 {
			t := mdTable{headings: append([]mdHeading(nil), stack...)}
			t.rows = append(t.rows, row{line: i + 1, cells: splitPipeRow(l)})
			for j := i + 2; j < i+n; j++ {
				cells := splitPipeRow(lines[j])
				if w := len(t.rows[0].cells); len(cells) > w {
					cells = cells[:w] // GitHub ignores the excess cells too
				}
				if rows >= maxRows {
					if blank(cells) {
						continue
					}
					return doc, lineFail(reasonTooManyRows, j+1, "more than %d table rows, the cap", maxRows)
				}
				rows++
				t.rows = append(t.rows, row{line: j + 1, cells: cells})
			}
			doc.tables = append(doc.tables, t)
			i += n - 1
			prev = ""
			continue
		}
		prev = ""
		if strings.TrimSpace(l) != "" {
			prev = l
		}
	}
	return doc, nil
}

// heading reads an ATX heading ("## Frame") or, when prev is paragraph
// text, a setext underline ("Frame" over "-----").
func heading(l, prev string, n int) (mdHeading, bool) {
	if m := atxRe.FindStringSubmatch(l); m != nil {
		return mdHeading{level: len(m[1]), text: mdText(m[2]), line: n}, true
	}
	if prev != "" && !strings.Contains(prev, "|") {
		if m := setextRe.FindStringSubmatch(l); m != nil {
			level := 1
			if m[1][0] == '-' {
				level = 2
			}
			return mdHeading{level: level, text: mdText(prev), line: n - 1}, true
		}
	}
	return mdHeading{}, false
}

// tableAt returns the number of lines of the pipe table starting at line
// i (header, delimiter and data rows), or 0 when no table starts there.
func tableAt(lines []string, i int) int {
	if i+1 >= len(lines) || !strings.Contains(lines[i], "|") || !isDelimRow(lines[i+1]) {
		return 0
	}
	if len(rawCells(lines[i])) != len(rawCells(lines[i+1])) {
		return 0
	}
	j := i + 2
	for j < len(lines) {
		l := lines[j]
		if strings.TrimSpace(l) == "" || !strings.Contains(l, "|") || atxRe.MatchString(l) || fenceRe.MatchString(l) {
			break
		}
		j++
	}
	return j - i
}

// isDelimRow reports whether a line is a table's delimiter row:
// "|---|:--:|".
func isDelimRow(l string) bool {
	if !strings.Contains(l, "-") {
		return false
	}
	cells := rawCells(l)
	if len(cells) == 0 || len(cells) == 1 && !strings.Contains(l, "|") {
		return false
	}
	for _, c := range cells {
		if !delimRe.MatchString(strings.TrimSpace(c)) {
			return false
		}
	}
	return true
}

// rawCells splits a table row on its unescaped pipes, without the
// optional pipes at either end; "\|" stays in the cell as written.
func rawCells(l string) []string {
	l = strings.TrimSpace(l)
	l = strings.TrimPrefix(l, "|")
	if strings.HasSuffix(l, "|") && !strings.HasSuffix(l, `\|`) {
		l = l[:len(l)-1]
	}
	var cells []string
	start := 0
	for k := 0; k < len(l); k++ {
		switch l[k] {
		case '\\':
			k++
		case '|':
			cells = append(cells, l[start:k])
			start = k + 1
		}
	}
	return append(cells, l[start:])
}

// splitPipeRow splits a table row into cells with their markup stripped.
func splitPipeRow(l string) []string {
	raw := rawCells(l)
	for i, c := range raw {
		raw[i] = mdText(c)
	}
	return clip(raw)
}

var (
	imageRe   = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	linkRe    = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	refLinkRe = regexp.MustCompile(`\[([^\]]*)\]\[[^\]]*\]`)
	autoRe    = regexp.MustCompile(`<((?:https?|ftp|mailto):[^>\s]*)>`)
	brRe      = regexp.MustCompile(`(?i)<br\s*/?>`)
	tagRe     = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>`)
)

// mdText strips the inline markup of a cell or heading: images go, links
// keep their text, <br> is a space, other HTML tags, code-span backticks
// and emphasis markers go, backslash escapes ("\|", "\*") and HTML
// entities are resolved, and white space is collapsed.
func mdText(s string) string {
	if strings.Contains(s, "](") || strings.Contains(s, "][") {
		s = imageRe.ReplaceAllString(s, "")
		s = linkRe.ReplaceAllString(s, "$1")
		s = refLinkRe.ReplaceAllString(s, "$1")
	}
	if strings.Contains(s, "<") {
		s = autoRe.ReplaceAllString(s, "$1")
		s = brRe.ReplaceAllString(s, " ")
		s = tagRe.ReplaceAllString(s, "")
	}
	if strings.ContainsAny(s, "*_`~\\") {
		s = stripEmphasis(s)
	}
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// stripEmphasis drops code-span backticks, strikethrough tildes and the
// "*" and "_" runs that open or close emphasis (those not inside a word,
// so "VB_FR_01" keeps its underscores), and resolves backslash escapes.
func stripEmphasis(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\\' && i+1 < len(rs) && (unicode.IsPunct(rs[i+1]) || unicode.IsSymbol(rs[i+1])):
			b.WriteRune(rs[i+1])
			i++
		case r == '`':
		case r == '~' && i+1 < len(rs) && rs[i+1] == '~':
			i++
		case r == '*' || r == '_':
			j := i
			for j < len(rs) && rs[j] == r {
				j++
			}
			before := i == 0 || !isWordRune(rs[i-1])
			after := j == len(rs) || !isWordRune(rs[j])
			if before == after {
				// Inside a word ("a_b", "2*3") or standing alone (" * "):
				// not emphasis.
				b.WriteString(string(rs[i:j]))
			}
			i = j - 1
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
