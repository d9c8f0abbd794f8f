package tabular

import (
	"path"
	"regexp"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// isMarkdownName reports whether a file name has a Markdown extension.
func isMarkdownName(name string) bool {
	switch strings.ToLower(strings.TrimPrefix(path.Ext(name), ".")) {
	case "md", "markdown":
		return true
	}
	return false
}

// markdownLooksLikeBOM is Detect's test of a Markdown head: one of its
// pipe tables has a header that maps as a BOM.
func markdownLooksLikeBOM(head []byte) bool {
	text, _ := decodeText(head)
	if len(head) >= pdm.HeadSize {
		if i := strings.LastIndexByte(text, '\n'); i > 0 {
			text = text[:i]
		}
	}
	doc, _ := parseMarkdown(text) // a head is far from the row cap
	for _, t := range doc.tables {
		if _, err := (Mapping{}).mdLayout(sheet{rows: t.rows}); err == nil {
			return true
		}
	}
	return false
}

// mdLayout maps a Markdown table: its first row is its header. An
// override mapping is applied as to any sheet.
func (m Mapping) mdLayout(sh sheet) (layout, error) {
	if !m.empty() {
		return m.layoutFor(sh)
	}
	if len(sh.rows) == 0 {
		return layout{at: -1}, failf(reasonNoHeader, "empty table")
	}
	l := resolve(sh.rows[0].cells, sh.rows[1:])
	l.at, l.line = 0, sh.rows[0].line
	switch {
	case l.isBOM():
		return l, nil
	case l.isPlacement():
		return l, failf(reasonPlacement, "header at line %d maps %s", l.line, l.describe())
	}
	return l, failf(reasonNoHeader, "table at line %d maps %s", l.line, l.describe())
}

// revisionRe matches a heading that names a revision of the whole BOM:
// "Revision 1.0", "VORON 2.4 R2 Revision 1.0", "Rev. 2", "V1.1".
var revisionRe = regexp.MustCompile(`(?i)(?:^|\s)(?:revision|rev\.?|v)\s*[0-9][0-9a-z._-]*(?:\s+r[0-9]+)?$`)

// mdPlace is where a table's lines go: the revision and the section
// headings it stands under (either may be nil).
type mdPlace struct {
	rev, section *mdHeading
}

// placeTables decides the revision and section of each table. The
// document's title (its first heading, when no other heading has its
// level or a higher one) is neither. Headings that name revisions make
// revisions only when every BOM table stands under one; otherwise they
// are sections like the others. The section is the innermost other
// heading.
func placeTables(doc mdDoc, bom []int) []mdPlace {
	title := -1
	if len(doc.headings) > 0 {
		title = doc.headings[0].line
		for _, h := range doc.headings[1:] {
			if h.level <= doc.headings[0].level {
				title = -1
			}
		}
	}
	revs := len(bom) > 0
	for _, i := range bom {
		revs = revs && revHeading(doc.tables[i].headings, title) >= 0
	}
	out := make([]mdPlace, len(doc.tables))
	for _, i := range bom {
		hs := doc.tables[i].headings
		var p mdPlace
		from := 0
		if revs {
			k := revHeading(hs, title)
			p.rev, from = &hs[k], k+1
		}
		for k := len(hs) - 1; k >= from; k-- {
			if hs[k].line != title {
				p.section = &hs[k]
				break
			}
		}
		out[i] = p
	}
	return out
}

// revHeading returns the index of the innermost heading in hs that names
// a revision, or -1.
func revHeading(hs []mdHeading, title int) int {
	for k := len(hs) - 1; k >= 0; k-- {
		if hs[k].line != title && revisionRe.MatchString(hs[k].text) {
			return k
		}
	}
	return -1
}

// parseMarkdownFile reads a Markdown BOM: each pipe table whose header
// maps as a BOM gives lines, placed by the headings above it (see
// placeTables and buildMarkdown).
func parseMarkdownFile(name string, data []byte, m Mapping, opt pdm.Options, rep *report) (*model.Batch, error) {
	text, enc := decodeText(data)
	rep.encoding = "markdown " + enc
	if strings.TrimSpace(text) == "" {
		return nil, failf(reasonEmpty, "only white space")
	}
	if err := checkLines(text); err != nil {
		return nil, err
	}
	doc, err := parseMarkdown(text)
	if err != nil {
		return nil, err
	}
	if len(doc.tables) == 0 {
		return nil, failf(reasonNoHeader, "no pipe table")
	}
	var (
		bom     []int
		lines   = make([][]line, len(doc.tables))
		failErr error
	)
	for i, t := range doc.tables {
		sh := sheet{rows: t.rows}
		l, err := m.mdLayout(sh)
		if err != nil {
			if failErr == nil {
				failErr, rep.layout = err, l
			}
			continue
		}
		ls, skip := readLines(sh, l)
		if len(bom) == 0 {
			rep.layout, rep.skipped = l, skip
		}
		bom = append(bom, i)
		lines[i] = ls
		rep.lines += len(ls)
	}
	if len(bom) == 0 {
		return nil, failErr
	}
	if rep.lines == 0 {
		return nil, failf(reasonNoData, "%d BOM tables without lines", len(bom))
	}
	return buildMarkdown(name, doc, placeTables(doc, bom), bom, lines, opt)
}

// buildMarkdown makes the records of a Markdown BOM. Without revisions
// the file is one product; with them, it is a family with a Variant edge
// to one product per revision ("<id>#<heading>"). A table under a
// section heading belongs to a module "<owner id>/<heading>", used once
// by its product (optionally when the heading says "optional"); other tables belong to the product. Parts are refs,
// as in every BOM of this reader.
func buildMarkdown(name string, doc mdDoc, places []mdPlace, bom []int, lines [][]line, opt pdm.Options) (*model.Batch, error) {
	pid, pname := productID(name, opt), productName(name, opt)
	b := &model.Batch{Origin: name}
	records := map[model.ItemID]bool{}
	record := func(ext, nm, desc, rev string, lvl model.Level) model.ItemID {
		id := model.NewID(System, ext)
		if !records[id] {
			records[id] = true
			b.Add(model.Item{ID: id, Level: lvl, Name: nm, Description: desc,
				Source: model.SourceRef{System: System, ExternalID: ext, Revision: rev}})
		}
		return id
	}
	title := ""
	if len(doc.headings) > 0 {
		title = doc.headings[0].text
	}
	family := model.ItemID("")
	used := map[[2]model.ItemID]bool{}
	type use struct {
		parent model.ItemID
		ln     line
	}
	var uses []use
	for _, i := range bom {
		p := places[i]
		owner := record(pid, pname, title, "", model.LevelProduct)
		ownerExt := pid
		if p.rev != nil {
			family = owner
			b.Items[0].Level = model.LevelFamily
			ownerExt = pid + "#" + p.rev.text
			rev := strings.TrimSpace(trimRevWord(p.rev.text))
			owner = record(ownerExt, pname+" "+p.rev.text, "", rev, model.LevelProduct)
			if !used[[2]model.ItemID{family, owner}] {
				used[[2]model.ItemID{family, owner}] = true
				b.Edges = append(b.Edges, model.Edge{Parent: family, Child: owner, Kind: model.Variant})
			}
		}
		parent := owner
		if p.section != nil && len(lines[i]) > 0 {
			parent = record(ownerExt+"/"+p.section.text, firstOf(p.section.text, "section"), "", "", model.LevelModule)
			if !used[[2]model.ItemID{owner, parent}] && parent != owner {
				used[[2]model.ItemID{owner, parent}] = true
				b.Edges = append(b.Edges, model.Edge{Parent: owner, Child: parent, Kind: model.BOM, Quantity: 1,
					Optional: strings.Contains(strings.ToLower(p.section.text), "optional")})
			}
		}
		for _, ln := range lines[i] {
			uses = append(uses, use{parent, ln})
		}
	}
	for _, u := range uses {
		part := partItem(u.ln)
		if records[part.ID] {
			continue
		}
		b.Ref(part)
		b.Edges = append(b.Edges, model.Edge{Parent: u.parent, Child: part.ID, Kind: model.BOM,
			Quantity: u.ln.qty, RefDes: u.ln.refdes})
	}
	if len(b.Refs) == 0 {
		return nil, failf(reasonNoData, "no line names a part")
	}
	b.Compact()
	return b, nil
}

// trimRevWord drops a leading "Revision" or "Rev." from a revision
// heading: "Revision 1.2 R1" is revision "1.2 R1".
func trimRevWord(s string) string {
	low := strings.ToLower(s)
	for _, w := range []string{"revision", "rev."} {
		if strings.HasPrefix(low, w) {
			return s[len(w):]
		}
	}
	return s
}
