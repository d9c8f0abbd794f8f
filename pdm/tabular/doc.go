// Package tabular reads bills of materials kept as spreadsheets: CSV and
// TSV text, Excel workbooks (.xlsx, .xlsm, and .xls, BIFF8 or Excel 2003
// XML), OpenDocument spreadsheets (.ods) and Markdown pipe tables (.md,
// .markdown; see Markdown below). Its Format is named "bom"
// and so is the source system of what it makes.
//
// These are the BOMs of the real world, written by every EDA tool,
// assembly house and hand: "Reference,Value,Footprint" from KiCad,
// "Comment,Designator,Footprint,LCSC" for JLCPCB, UTF-16 tab-separated
// EasyEDA and Altium exports, `"Id";"Designator";...` from KiCad's board
// editor, Digi-Key carts, HardwareX tables, title rows and preambles above
// the header, totals below it, several sheets in a workbook. The reader
// copes as follows.
//
// Reading. The container is sniffed from the content, not the extension
// (real .xls files turn out to be xlsx, CSV or Excel 2003 XML): zip
// archives are read as OOXML (excelize) or ODS (a small strict reader of
// content.xml with bounded row and column repeats); OLE2 files as BIFF8
// (shakinm/xlsReader, which read 124 of the 132 real .xls files where
// extrame/xls read 77; it skips formula and rich-text cells) unless they
// hold an encrypted OOXML package; other files as text. Text is decoded
// from UTF-8 (with or without a byte-order mark), UTF-16 LE/BE (by mark or
// by the pattern of NUL bytes) or, when not valid UTF-8, Windows-1252.
// Delimiters (comma, semicolon, tab, pipe) are ranked by how steadily
// they split the first lines, and each plausible one is tried. The CSV
// splitter is lenient and written here rather than encoding/csv with
// LazyQuotes, which misreads padded quoted fields (`"Ref"  ,"Value"`) and
// lets one stray quote swallow the rest of a file: a field is quoted only
// when it starts with a quote, text after the closing quote is kept, and
// a quote not closed within 20 lines is an ordinary character. A row that
// does not split on the chosen delimiter but does on another is split on
// that one. Third-party parsers run under recover: a panic is an error.
//
// Header. The header is the row, among the first 30, whose cells map best
// to the vocabulary in vocab.go: designators, quantity, value, footprint,
// description, name, library part, DNP/populate flags, manufacturers,
// MPNs, suppliers and supplier SKUs, the designer's own part number
// ("IPN", the Voron BOMs' "MZBot Part #"), a category ("Category",
// FYSETC's "Sort"), plus known columns to ignore (prices,
// links, datasheets) and placement columns (X, Y, rotation). Headers are
// compared without case, accents, spaces or punctuation ("Mfr. Part #" is
// "mfrpartno"), in English with common German, French, Spanish, Swedish,
// Dutch and Chinese words. Each header has readings ranked by certainty,
// and columns take fields from the surest readings first: "Comment" is the
// value in a JLCPCB BOM but the description when a "Value" column exists;
// "Part" is the designator in an EAGLE export when its cells look like
// designators, and the part's name otherwise; "Part Number" is the MPN
// when a manufacturer column exists. Guessed readings must also pass a
// check on the cells below (designators, quantities that do not merely
// count 1, 2, 3, text rather than numbers). Supplier SKU columns name
// their supplier ("Digi-Key Part Number", "LCSC", "Mouser #", "OC_FARNELL");
// generic ones ("SKU", "Supplier Part") take it from the row's supplier
// column ("Supplier", "Seller", "Distributor", or "Vendor" when the sheet
// has a manufacturer column) or else from their own header text. The k-th
// MPN column pairs with the k-th manufacturer column.
//
// A BOM header names the part (a value, description, name, MPN or SKU
// column) and has designators or quantities; designators with two
// placement columns and no quantity make a pick-and-place file instead.
// In a workbook every sheet is tried and the one whose header scores best
// is read (ties: the one with more lines); other sheets are ignored.
//
// Lines. Under the header, a row is skipped when it is empty, repeats the
// header (BOMs pasted together; reading goes on), has one filled cell or
// only numbers (titles, sections, totals), starts with "Total", is marked
// DNP/DNF/NC by a DNP or populate column, its value or its quantity, has
// quantity 0, or names no part. The quantity is the quantity cell ("2",
// "2.0", "2,5", "2 pcs", "x2"), else the number of designators, else 1.
// Designators are split on commas, semicolons, slashes and spaces;
// ranges with one prefix are expanded ("R1-R4", "C6 - C7"), as are bare
// numbers after a designator ("R1,2,3"). Placeholders ("n/a", "-", "~",
// "TBD") are empty; an MPN cell holding a link or a sentence (more than
// three spaces) is not a part number. Of alternatives in a quantity cell
// ("1 PC / 1 SET") or a header ("Supplier Part # / eBay #") the first is
// read.
//
// Items. One file makes one product (LevelProduct, in Items), its
// external id and name being pdm.Options.Product or the file's path
// without extension, and one part per distinct line (LevelPart, in Refs)
// with one BOM edge each (repeated lines of a part add up). A part's
// external id is "mpn:" and its first MPN upper-cased without white
// space; else "ipn:" and the designer's part number as written (so the
// US and German sourcing of the same Voron BOM name the same parts; such
// numbers are only unique within one designer's files); else "line:" value|footprint|description, lower-cased with white
// space collapsed; else "sku:" supplier ":" SKU (see PartKey), so that
// parts unify across the BOM files of system "bom" (MPNs are normalized
// as the kicad reader normalizes them). Its name is the MPN, else the
// value, name, description, SKU or footprint; value,
// footprint and library part are text attributes; MPNs and SKUs are
// recorded as manufacturer and supplier parts.
//
// Rejections. A file that is not a BOM fails with a *model.Error of code
// Invalid whose message starts with a reason class that Reason extracts:
// "empty file"; "unreadable: corrupt xlsx" (also xls, ods, zip, xml
// workbook), "unreadable: encrypted", "unreadable: not a workbook",
// "unreadable: git-lfs pointer", "unreadable: bare BIFF stream",
// "unreadable: binary file", "unreadable: cannot open", "unreadable:
// reader fault"; "not a BOM: no header row", "not a BOM: pick-and-place
// file", "not a BOM: no data rows"; "bad mapping". Input over a cap is
// refused naming the cap, never read in part: "unreadable: too large",
// "unreadable: line too long", "unreadable: cell too long", and
// "unreadable: too many rows" for a sheet (or the tables of a Markdown
// file) with data past 200,000 rows, naming the sheet and the first row
// that would be dropped; empty rows past the cap are not data. Files
// without a header row are not guessed at: an override mapping with
// column numbers reads them.
//
// Override mapping. A Mapping (LoadMapping reads it from YAML or JSON;
// it also arrives as pdm.Options.Mapping) names the column of any field
// by header text or 1-based number and may fix the header row, the sheet
// and the delimiter; the columns it does not name are mapped as usual.
package tabular
