package tabular

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// System is the source system of every item this reader makes.
const System = "bom"

// Format reads tabular BOM files: CSV, TSV, XLSX, XLS, ODS and Markdown
// pipe tables.
type Format struct{}

var _ pdm.Format = Format{}

// Name returns "bom".
func (Format) Name() string { return System }

// Detect reports whether the input looks like a tabular BOM: a CSV or TSV
// file whose first lines hold a header that maps as a BOM (something that
// names the part, and designators or quantities), and whose first line
// does not start with "manf#" (the KiCost layout the kicad reader claims);
// or an .xlsx, .xlsm, .xls or .ods file with the magic number of a
// workbook (an .xls may also be an Excel 2003 XML or a CSV file in
// disguise); or a .md or .markdown file with a pipe table whose header
// maps as a BOM. It looks at the extension and Head only.
func (Format) Detect(in pdm.Input) bool {
	if in.Dir {
		return false
	}
	h := in.Head
	switch in.Ext() {
	case "csv", "tsv":
		return bytes.HasPrefix(h, zipMagic) || bytes.HasPrefix(h, oleMagic) || textLooksLikeBOM(h)
	case "xlsx", "xlsm":
		return bytes.HasPrefix(h, zipMagic) || bytes.HasPrefix(h, oleMagic)
	case "xls":
		return bytes.HasPrefix(h, oleMagic) || bytes.HasPrefix(h, zipMagic) || isSpreadsheetML(h) ||
			textLooksLikeBOM(h)
	case "ods":
		return bytes.HasPrefix(h, zipMagic)
	case "md", "markdown":
		return markdownLooksLikeBOM(h)
	}
	return false
}

// textLooksLikeBOM is Detect's test of a text head: the header search of
// Read, run on the complete lines of the head, finds a BOM header for one
// of the plausible delimiters.
func textLooksLikeBOM(head []byte) bool {
	text, _ := decodeText(head)
	if len(head) >= pdm.HeadSize {
		if i := strings.LastIndexByte(text, '\n'); i > 0 {
			text = text[:i]
		}
	}
	lines := headLines(text, 1)
	if len(lines) == 0 || strings.HasPrefix(strings.ToLower(strings.Trim(lines[0], "\"' \t")), "manf#") {
		return false
	}
	for _, d := range sniffDelimiters(text) {
		sh := sheet{rows: readCSV(text, d, headerScan+probeRows, true)}
		if _, ok := findLayout(sh); ok {
			return true
		}
	}
	return false
}

// Read reads the whole file and parses it; see Parse.
func (f Format) Read(ctx context.Context, in pdm.Input, opt pdm.Options) (*model.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	display := in.Display
	if display == "" {
		display = in.Path
	}
	data, err := in.ReadAllMax("", maxFile)
	if errors.Is(err, pdm.ErrTooLarge) {
		return nil, located(display, 0, fileTooLarge())
	}
	if err != nil {
		return nil, &model.Error{Code: model.Invalid, File: in.Display, Msg: "unreadable: cannot open", Err: err}
	}
	name := in.Name
	if name == "" {
		name = in.Path
	}
	b, _, err := parse(name, display, data, opt)
	return b, err
}

// Parse reads one BOM file held in memory. name is the file's path: its
// extension steers nothing (the content is sniffed), and without
// opt.Product the path identifies the product and, without its extension,
// names it (Read uses pdm.Input.Name). The batch
// holds the product in Items, the parts of its lines in Refs and one BOM
// edge per part. A file that is not a BOM fails with a *model.Error of
// code Invalid whose message starts with a reason class; see Reason.
func Parse(name string, data []byte, opt pdm.Options) (*model.Batch, error) {
	b, _, err := parse(name, name, data, opt)
	return b, err
}

// Reason returns the reason class of an error from Read or Parse: the
// message up to its parenthesised detail, e.g. "not a BOM: no header row",
// "unreadable: corrupt xlsx". Other errors give "error".
func Reason(err error) string {
	var e *model.Error
	if !errors.As(err, &e) {
		return "error"
	}
	msg := e.Msg
	if i := strings.Index(msg, " ("); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

// report tells what a parse did, for tests and the import summary.
type report struct {
	encoding  string
	delimiter rune
	sheet     string
	layout    layout
	lines     int
	skipped   skipped
}

// maxFile is the largest file the reader reads; a larger one is refused
// before it is read. The largest of the 2,773 files of the BOM cache is
// 3 MB.
const maxFile = 256 << 20

// reasonTooLarge is the reason class of a file, or a part of a workbook,
// over a size cap.
const reasonTooLarge = "unreadable: too large"

func fileTooLarge() error {
	return failf(reasonTooLarge, "the file is larger than the %s cap", sizeText(maxFile))
}

// The reason classes of rejections.
const (
	reasonEmpty     = "empty file"
	reasonLFS       = "unreadable: git-lfs pointer"
	reasonBIFF      = "unreadable: bare BIFF stream"
	reasonNoHeader  = "not a BOM: no header row"
	reasonPlacement = "not a BOM: pick-and-place file"
	reasonNoData    = "not a BOM: no data rows"
	reasonMapping   = "bad mapping"
)

func parse(name, display string, data []byte, opt pdm.Options) (b *model.Batch, rep report, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, model.ParseError(display, 0, "", "unreadable: reader fault (%v)", r)
		}
	}()
	if len(data) > maxFile {
		return nil, rep, located(display, 0, fileTooLarge())
	}
	m, err := MappingFromOptions(opt.Mapping)
	if err != nil {
		return nil, rep, located(display, 0, err)
	}
	if isMarkdownName(name) {
		b, err = parseMarkdownFile(name, data, m, opt, &rep)
		if err != nil {
			return nil, rep, located(display, rep.layout.line, err)
		}
		return b, rep, nil
	}
	sheets, err := readSheets(name, data, m, &rep)
	if err != nil {
		return nil, rep, located(display, 0, err)
	}
	lines, err := chooseSheet(sheets, m, &rep)
	if err != nil {
		return nil, rep, located(display, rep.layout.line, err)
	}
	b, err = buildBatch(name, lines, opt)
	if err != nil {
		return nil, rep, located(display, rep.layout.line, err)
	}
	return b, rep, nil
}

// located turns an error into a *model.Error naming the file and line.
func located(display string, line int, err error) error {
	var me *model.Error
	if errors.As(err, &me) {
		if me.File == "" {
			me.File, me.Line = display, line
		}
		return me
	}
	var ec *errClass
	if errors.As(err, &ec) {
		if ec.line > 0 {
			line = ec.line
		}
		return &model.Error{Code: model.Invalid, File: display, Line: line, Msg: ec.Error()}
	}
	return &model.Error{Code: model.Invalid, File: display, Line: line, Msg: "unreadable", Err: err}
}

// readSheets sniffs the container and reads its tables.
func readSheets(name string, data []byte, m Mapping, rep *report) ([]sheet, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, failf(reasonEmpty, "%d bytes", len(data))
	}
	switch {
	case bytes.HasPrefix(data, zipMagic):
		kind, err := zipKind(data, strings.ToLower(strings.TrimPrefix(path.Ext(name), ".")))
		if err != nil {
			return nil, err
		}
		rep.encoding = kind
		if kind == "ods" {
			return readODS(data)
		}
		return readXLSX(data)
	case bytes.HasPrefix(data, oleMagic):
		rep.encoding = "xls"
		return readXLS(data)
	case bytes.HasPrefix(data, []byte("version https://git-lfs.github.com/spec/")):
		return nil, failf(reasonLFS, "the file was committed as a Git LFS pointer")
	case isBIFF(data):
		return nil, failf(reasonBIFF, "BIFF records without an OLE2 container")
	case isSpreadsheetML(data):
		rep.encoding = "spreadsheetml"
		return readSpreadsheetML(data)
	}
	return readText(data, m, rep)
}

// isBIFF reports whether data starts with a BIFF2-5 BOF record written
// without the OLE2 container Excel wraps it in.
func isBIFF(data []byte) bool {
	if len(data) < 8 || nulPattern(data) != "" {
		return false
	}
	return data[0] == 0x09 && (data[1] == 0 || data[1] == 2 || data[1] == 4 || data[1] == 8) &&
		data[2] <= 20 && data[3] == 0
}

// readText decodes a text table and splits it on the delimiter the
// mapping names, or else on each plausible delimiter in turn: one sheet
// per delimiter, best first, so the header search can pick.
func readText(data []byte, m Mapping, rep *report) ([]sheet, error) {
	text, enc := decodeText(data)
	rep.encoding = enc
	if strings.TrimSpace(text) == "" {
		return nil, failf(reasonEmpty, "only white space")
	}
	if bytes.IndexByte(data, 0) >= 0 && !strings.HasPrefix(enc, "utf-16") {
		if strings.Count(text, "\uFFFD")*20 > len(text) || binaryText(text) {
			return nil, failf("unreadable: binary file", "encoding %s", enc)
		}
	}
	if err := checkLines(text); err != nil {
		return nil, err
	}
	delims := sniffDelimiters(text)
	if m.Delimiter != 0 {
		delims = []rune{m.Delimiter}
	}
	if len(delims) == 0 {
		delims = []rune{','}
	}
	rep.delimiter = delims[0]
	var sheets []sheet
	var tooLong error
	for _, d := range delims {
		rows, err := splitCSV(text, d, 0, true)
		var over error
		if isTooManyRows(err) {
			// Kept, so that chooseSheet refuses the file when this is the
			// reading it picks: another delimiter may read fewer rows
			// (quoted cells spanning lines).
			over, err = err, nil
		}
		if err != nil {
			// A cell over the cap on this delimiter: another may split
			// the text into shorter cells; if none does, say so.
			tooLong = cmp.Or(tooLong, err)
			continue
		}
		sheets = append(sheets, sheet{name: string(d), rows: rows, over: over})
	}
	if len(sheets) == 0 {
		return nil, tooLong
	}
	return sheets, nil
}

func binaryText(s string) bool {
	ctl := 0
	for _, r := range s[:min(len(s), 4096)] {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			ctl++
		}
	}
	return ctl > 16
}

// chooseSheet finds the header of each sheet and returns the lines of the
// best one: the sheet whose header scores highest (ties: more lines).
// For text files the "sheets" are the same text split on each candidate
// delimiter, best first, and ties keep the better delimiter. With no BOM
// among them, the error of the sheet that came closest is returned: a
// placement file, a header without lines, no header.
//
// A sheet over the row cap (sheet.over) whose header maps is not read:
// it is refused with its cap error when it would be chosen, or might
// have been, that is when no other sheet maps with lines, when its
// header scores higher than the chosen one's, or ties with it (in a
// workbook the tie goes to the sheet with more lines, which its rows past
// the cap may hold; in a text the better delimiter wins the tie). A
// sheet over the cap that is not a contender is no loss: only the chosen
// sheet is read.
func chooseSheet(sheets []sheet, m Mapping, rep *report) ([]line, error) {
	text := rep.delimiter != 0
	if m.Sheet != "" {
		var keep []sheet
		for _, s := range sheets {
			if strings.EqualFold(s.name, m.Sheet) {
				keep = append(keep, s)
			}
		}
		if len(keep) == 0 {
			return nil, failf(reasonMapping, "no sheet named %q", m.Sheet)
		}
		sheets = keep
	}
	type overSheet struct {
		at  int
		rep report
		err error
	}
	var (
		best     []line
		bestAt   int
		bestRep  report
		found    bool
		overs    []overSheet
		failRank = -1
		failErr  error
		failRep  report
	)
	for at, sh := range sheets {
		r := *rep
		r.sheet = sh.name
		l, err := m.layoutFor(sh)
		rank := 0
		if err == nil {
			r.layout = l
			if sh.over != nil {
				overs = append(overs, overSheet{at, r, sh.over})
				continue
			}
			lines, skip := readLines(sh, l)
			r.lines, r.skipped = len(lines), skip
			if len(lines) > 0 {
				better := !found || l.score > bestRep.layout.score
				if found && l.score == bestRep.layout.score && !text {
					better = len(lines) > len(best)
				}
				if better {
					best, bestAt, bestRep, found = lines, at, r, true
				}
				continue
			}
			err, rank = failf(reasonNoData, "header at line %d maps %s; %s", l.line, l.describe(), skip), 3
		} else {
			r.layout = l
			rank = rankOf(err)
		}
		if rank > failRank {
			failRank, failErr, failRep = rank, err, r
		}
	}
	for _, o := range overs {
		score := o.rep.layout.score
		if !found || score > bestRep.layout.score ||
			score == bestRep.layout.score && (!text || o.at < bestAt) {
			*rep = o.rep
			return nil, o.err
		}
	}
	if found {
		*rep = bestRep
		return best, nil
	}
	*rep = failRep
	if failErr == nil {
		failErr = failf(reasonNoHeader, "no table")
	}
	return nil, failErr
}

func rankOf(err error) int {
	var ec *errClass
	if errors.As(err, &ec) {
		switch ec.class {
		case reasonMapping:
			return 4
		case reasonPlacement:
			return 2
		}
	}
	return 1
}

// describe lists the mapped columns, for messages and reports.
func (l layout) describe() string {
	var parts []string
	for _, c := range l.cols {
		if c.f == fIgnore {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s=%q", c.f, c.hdr.text))
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, " ")
}

func (s skipped) String() string {
	if len(s) == 0 {
		return "no rows under it"
	}
	var parts []string
	for _, k := range []string{skipBlank, skipHeader, skipTotal, skipDNP, skipNoPart, skipZeroQty, skipSameItem} {
		if s[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", s[k], k))
		}
	}
	return "rows skipped: " + strings.Join(parts, ", ")
}

// productID returns the product's external id: the option, or the path
// without its extension.
func productID(name string, opt pdm.Options) string {
	switch {
	case opt.Product != "":
		return opt.Product
	case name == "":
		return "bom"
	}
	return name
}

// productName names the product: the --product name, else the file's
// path without its extension.
func productName(name string, opt pdm.Options) string {
	if opt.Product != "" {
		return opt.Product
	}
	if p := strings.TrimSuffix(name, path.Ext(name)); p != "" {
		return p
	}
	return productID(name, opt)
}

// Shared reports the parts BOM lines name by manufacturer part number or
// supplier SKU, and the standard parts they describe, as catalogue items
// (pdm.KeyedShared); a part named by the designer's own part number
// ("ipn:") or described in the designer's own words, and the products
// and sections, are the designer's own.
func (Format) Shared(it *model.Item) bool { return pdm.KeyedShared(it) }
