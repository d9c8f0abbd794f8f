package tabular

import (
	"strings"
	"unicode"
)

// field is what a column of a BOM holds.
type field int

// The fields a column can map to. Manufacturer, MPN, supplier and SKU
// columns may repeat (several sources per line); the others are taken once.
const (
	fNone      field = iota
	fRefDes          // reference designators: "R1, R2", "C1-C4"
	fQty             // quantity per product
	fValue           // the EDA value: "4k7", "100n", "STM32F103"
	fFootprint       // footprint or package
	fDesc            // free-text description
	fName            // a part name, when the sheet has no value or description
	fLibPart         // the EDA library symbol: "Device:R", EAGLE device
	fDNP             // "do not populate" flag: a true value drops the line
	fPopulate        // "populate/fitted" flag: a false value drops the line
	fMfr             // manufacturer name
	fMPN             // manufacturer part number
	fSupplier        // supplier name of the line's SKU columns
	fSKU             // supplier stock-keeping unit
	fIgnore          // a known column that carries nothing we keep
	fPlace           // a placement column (X, Y, rotation): pick-and-place files
	fIPN             // the designer's own (internal) part number: "IPN", "MZBot Part #"
	fCategory        // the source's category of the part: "Category", "Sort"
)

// fieldNames are the field names of override mappings.
var fieldNames = map[string]field{
	"refdes": fRefDes, "quantity": fQty, "value": fValue, "footprint": fFootprint,
	"description": fDesc, "name": fName, "lib_part": fLibPart, "dnp": fDNP,
	"populate": fPopulate, "manufacturer": fMfr, "mpn": fMPN, "supplier": fSupplier,
	"sku": fSKU, "ipn": fIPN, "category": fCategory,
}

func (f field) String() string {
	for n, g := range fieldNames {
		if g == f {
			return n
		}
	}
	switch f {
	case fIgnore:
		return "ignored"
	case fPlace:
		return "placement"
	}
	return "none"
}

// multi reports whether a sheet may have several columns of the field.
func (f field) multi() bool { return f == fMfr || f == fMPN || f == fSupplier || f == fSKU }

// check is a test a column's contents must pass for a guessed mapping.
type check int

const (
	anyContent       check = iota
	refdesLike             // most cells look like reference designators
	qtyLike                // most cells are quantities, and they do not count 1, 2, 3...
	notNumeric             // most cells are not bare numbers
	needMfr                // the sheet has a manufacturer column
	vendorIsSupplier       // the sheet has a manufacturer column or a "Vendor P/N" column
	mpnLike                // most cells look like part numbers: a digit, at most one space
	designatorish          // a third of the cells hold a letter and a digit (or the column is empty)
	valueLike              // most cells are short, like "10k" or "STM32F103C8T6", not remarks
)

// cand is one reading of a header: the field, how sure the reading is (0
// is sure; higher ranks give way to lower ones), and a content check.
type cand struct {
	f     field
	rank  int
	check check
}

// header is a classified header cell.
type header struct {
	text     string // as written
	key      string // normalized: lower case letters and digits only
	cands    []cand
	supplier string // supplier named by an SKU header ("Digi-Key")
	index    int    // the N of "MPN2", "Manufacturer_3", "Supplier 1"; 0 if none
}

// exact header keys and their readings. Keys are normalized headers: see
// normKey. The vocabulary is English with common German, French and
// Spanish words.
var exact = map[string][]cand{}

func add(keys string, cs ...cand) {
	for k := range strings.FieldsSeq(keys) {
		exact[k] = cs
	}
}

func c(f field, rank int, ck check) cand { return cand{f, rank, ck} }

func init() {
	initLineWords()
	initPartWords()
}

// initLineWords adds the words of the line fields: designators,
// quantities, values, footprints, descriptions, names, flags.
func initLineWords() {
	add("ref refs reference references referencedesignator referencedesignators refdes refdesignator "+
		"refdesignators refdesc refdefs designators partdesignator partsdesignator "+
		"schematicreference componentreference topdesignator "+
		"bottomdesignator referenz referenzen repere reperes referencia referencias designador designadores "+
		"refdesignation circuitreference referance referances 位号 位置 标号",
		c(fRefDes, 0, anyContent))
	add("position pos location locations parts names", c(fRefDes, 1, refdesLike))
	add("components component 编号", c(fRefDes, 1, refdesLike), c(fName, 2, notNumeric), c(fDesc, 3, notNumeric))
	// HardwareX BOMs: "Designator" names the part ("Arduino UNO"),
	// "Number" is the quantity.
	add("designator", c(fRefDes, 0, anyContent), c(fName, 2, notNumeric))
	add("number", c(fQty, 2, qtyLike))
	add("beteckning", c(fRefDes, 1, refdesLike), c(fValue, 1, anyContent))
	add("customerreference label", c(fRefDes, 2, refdesLike))
	add("part", c(fRefDes, 1, refdesLike), c(fName, 2, notNumeric))

	add("qty qnty qtty quantity quantities qte quantite cantidad cant anzahl menge stuck stueck stk pcs pieces "+
		"count amount qu quantityperpcb qtyperpcb qtypcb qtyperboard qtyboard quantityperboard numused "+
		"unitsused itemcount unitqty qtys quantitys qtyperunit quantityperunit reqinassy noreqinassy "+
		"qtyperassembly quantityperassembly qtyeach qtyper quantity1 qty1 kvantitet antal aantal 数量 用量 needed "+
		"qtyneeded quantityneeded",
		c(fQty, 0, anyContent))
	add("q nb nbre qtyforoneboard", c(fQty, 1, qtyLike))

	add("value values val partvalue componentvalue wert valeur valor valeurs valores waarde 值 参数 designatation", c(fValue, 0, anyContent))
	add("comment comments designation designations bezeichnung", c(fValue, 1, valueLike), c(fDesc, 1, anyContent))
	add("descriptionvalue partnumbervalue valuepartnumber valuedescription", c(fValue, 1, anyContent), c(fDesc, 1, anyContent))
	add("name partname componentname 名称", c(fValue, 1, anyContent), c(fName, 2, notNumeric))
	add("kicadvalue bomcomment", c(fValue, 2, anyContent))

	add("footprint footprints pcbfootprint footprintname pattern pcbpattern packagefootprint footprintpackage "+
		"lcscfootprint pcbdecal decal landpattern fotavtryck 封装",
		c(fFootprint, 0, anyContent))
	add("package packages pack case casepackage packagecase boitier gehause bauform packagetype size pkg",
		c(fFootprint, 1, anyContent))
	add("lcscpackage", c(fFootprint, 2, anyContent))

	add("description descriptions desc partdescription componentdescription beschreibung descripcion "+
		"characteristics function purpose longname itemdescription productdescription lcscdescribe "+
		"omschrijving beschrijving 描述 规格 desctiption", c(fDesc, 0, anyContent))
	add("item items itemname material materials article artikel product productname shortname "+
		"nameofthematerialcomponent partnamereference nameofpart partconsumable materialname", c(fName, 2, notNumeric))

	add("type types", c(fName, 3, notNumeric))
	add("libpart libref libraryreference librarypart device cmpname libsourcepart symbol library",
		c(fLibPart, 0, anyContent))

	add("dnp dnf dni np nopop donotpopulate donotplace donotfit notfitted nostuff exclude excludefrombom",
		c(fDNP, 0, anyContent))
	add("populate population populated fitted fit mounted place placed assemble assembled bestuckt "+
		"bestueckt stuff mount", c(fPopulate, 0, anyContent))

}

// initPartWords adds the words of the part's sources (manufacturers,
// MPNs, suppliers, SKUs) and of the columns to ignore or that mark a
// placement file.
func initPartWords() {
	add("manufacturer manufacturers manufacturername manuname manufacturename mfr mfrs mfg mfgr manf manuf "+
		"manu mf mfn mfrname mfgname hersteller fabricant fabricante brand make maker 厂家 厂商 制造商 品牌 生产厂家",
		c(fMfr, 0, anyContent))
	add("amanufacturer altmanufacturer manufacturernames", c(fMfr, 1, anyContent))
	add("vendor vendors", c(fSupplier, 1, vendorIsSupplier), c(fMfr, 1, anyContent))

	add("mpn mpns manufacturerpartnumber manufacturerpartno manufacturerpn manufacturerpart manufacturerparts "+
		"mfrpartnumber mfrpartno mfrpart mfrno mfrpn mfrnumber mfgpartnumber mfgpartno mfgpart mfgpn mfgno "+
		"manfno manfpartno manfpartnumber manufpartno manufpartnumber manupartno manunum manuno "+
		"manufacturerpartnum manufacturercode manufacturerreference partnumbermanufacturer "+
		"manufacturepartnumber manufacturepartno manufacturepn manufacturerno mfrid mfid mpnmanufacturer "+
		"herstellerteilenummer herstellernummer herstellerartikelnummer referencefabricant "+
		"numerodepartefabricante manufacturerpartnumbermpn mfrpartnumbers mfgpartnumbers manpn manpartno "+
		"manpartnumber",
		c(fMPN, 0, anyContent))
	add("ampn altmpn alternatempn alternatepartno alternatepartnumber manufacturepartnumberseeedsku "+
		"manufacturerandpartnumber manufacturermpn 型号 料号", c(fMPN, 1, anyContent))
	add("partnumber partno partnum pn partnr pno partid", c(fMPN, 2, needMfr), c(fMPN, 3, mpnLike), c(fName, 3, notNumeric))

	add("supplier suppliers distributor distributors seller source sources dist proveedor lieferant "+
		"fournisseur distributeur suppliername distributorname 供应商", c(fSupplier, 0, anyContent))
	add("sku skus supplierpartnumber supplierpart supplierpartno supplierpn supplierref supplierreference "+
		"supplierandref distributorpartnumber distributorpartno distpartno distributorpn vendorpartnumber "+
		"vendorpn vendorno vendorpartno vendorref orderingnumber ordercode ordernumber ordernr bestellnummer "+
		"artikelnummer bestellnr suppliercode suppliersku distributorsku distsku distributorref orderno "+
		"leverantorochref distpn suppn suppartno suppartnumber sourcepn sourcepartno sourcepartnumber soutcepn",
		c(fSKU, 0, anyContent))
	// The Voron BOMs' "MZBot Part #" is the designer's own part number.
	add("ipn ipns internalpartnumber internalpartno internalpn mzbotpartno mzbotpn mzbotpartnumber",
		c(fIPN, 0, anyContent))
	add("category categories sort", c(fCategory, 0, anyContent))

	add("no sno slno srno nr num id index line lineitem itemno itemnumber row rowno "+
		"price prices unitprice cost costs unitcost totalprice totalcost total subtotal extendedprice "+
		"datasheet datasheets link links url urls notes note remarks remark parttype 备注 序号 单价 "+
		"stock instock availability rohs rohsstatus leadtime moq status variant revision rev layer "+
		"packaging partstatus leadfreestatus reachstatus quantityavailable mfgstdleadtime buy where "+
		"octopart octoparturl spicemodel spicenetlistenabled spiceprefix prodid sourced matched issues "+
		"fallbacknote mounttype mountingtype pins numberofpins tolerance voltage current power rating "+
		"temperature dielectric height generic image weight",
		c(fIgnore, 0, anyContent))
	add("x y midx midy posx posy xmm ymm xloc yloc xin yin centerx centery centrex centrey refx refy "+
		"rot rotation rotate angle side top bottom xpos ypos locationx locationy",
		c(fPlace, 0, anyContent))
}

// suppliers names the distributors that SKU headers name, keyed by what
// their name normalizes to. Short keys match whole words only.
var suppliers = []struct{ key, name string }{
	{"digikey", "Digi-Key"}, {"digi", "Digi-Key"}, {"dk", "Digi-Key"}, {"mouser", "Mouser"},
	{"lcsc", "LCSC"}, {"jlcpcb", "LCSC"}, {"jclpcb", "LCSC"}, {"lcpcb", "LCSC"}, {"jlc", "LCSC"},
	{"farnell", "Farnell"}, {"element14", "Farnell"}, {"newark", "Newark"}, {"rs", "RS"},
	{"rscomponents", "RS"}, {"rsonline", "RS"}, {"tme", "TME"}, {"arrow", "Arrow"},
	{"avnet", "Avnet"}, {"avneteu", "Avnet"}, {"chip1stop", "Chip1Stop"}, {"reichelt", "Reichelt"},
	{"conrad", "Conrad"}, {"seeed", "Seeed"}, {"mcmaster", "McMaster-Carr"}, {"jameco", "Jameco"},
	{"sparkfun", "SparkFun"}, {"adafruit", "Adafruit"}, {"elecrow", "Elecrow"}, {"pololu", "Pololu"},
	{"rapid", "Rapid"}, {"cpc", "CPC"}, {"distrelec", "Distrelec"}, {"futureelectronics", "Future Electronics"},
	{"octopart", ""}, {"aliexpress", ""}, {"amazon", ""}, {"ebay", ""}, {"banggood", ""},
}

// skuWords may follow a supplier name in an SKU header ("Mouser Part #").
var skuWords = set("part parts partno partnumber number no num nr pn p n sku code ordercode order id ref " +
	"reference nummer artikel articlenumber s d1pn")

// ignoreWords make a header about prices, stock or links rather than
// identity, whatever supplier it names.
var ignoreWords = set("price prices cost costs stock url link links eur usd qty quantity total " +
	"availability moq type assembly assembled describe package footprint datasheet image")

func set(words string) map[string]bool {
	m := map[string]bool{}
	for w := range strings.FieldsSeq(words) {
		m[w] = true
	}
	return m
}

// fold maps accented letters to their base letter and "#" to "no", then
// splits the header into lower-case words of letters and digits.
func words(h string) []string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == '#' || r == '№':
			b.WriteString(" no ")
		case r == 'ß':
			b.WriteString("ss")
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case r >= 128 && unicode.IsLetter(r):
			if f, ok := foldMap[r]; ok {
				b.WriteRune(f)
			} else {
				b.WriteRune(r)
			}
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

var foldMap = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ä': 'a', 'å': 'a', 'ã': 'a', 'ç': 'c', 'è': 'e', 'é': 'e', 'ê': 'e',
	'ë': 'e', 'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ñ': 'n', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'ö': 'o',
	'õ': 'o', 'ø': 'o', 'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ý': 'y', 'ÿ': 'y',
}

// normKey is the compact form headers are compared in: "Mfr. Part #" and
// "MFR PART NO" both become "mfrpartno".
func normKey(h string) string { return strings.Join(words(h), "") }

// stripParens drops parenthesised and bracketed asides: "Qty (per
// board)", "JLCPCB Part #（optional）".
func stripParens(h string) string {
	var b strings.Builder
	depth := 0
	for _, r := range h {
		switch r {
		case '(', '[', '（', '【':
			depth++
		case ')', ']', '）', '】':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// classify reads one header cell. It tries the header as written, then
// without parenthesised asides, without a leading "#" (MacroFab's
// "# DESIGNATOR"), and split into its Latin and its other letters
// (bilingual headers such as "Quantity 数量"); then it falls back on a few
// words the header contains.
func classify(text string) header {
	h := header{text: text, key: normKey(text)}
	if h.key == "" {
		return h
	}
	latin, other := splitScripts(text)
	for _, t := range []string{text, stripParens(text), strings.TrimLeft(text, "# "), latin, other} {
		if classifyAs(&h, words(t)) {
			return h
		}
	}
	// "Supplier Part # / eBay #": the first of alternatives.
	if first, _, ok := strings.Cut(text, " / "); ok && classifyAs(&h, words(first)) {
		return h
	}
	switch k := h.key; {
	case strings.Contains(k, "value"):
		h.cands = []cand{c(fValue, 2, anyContent)}
	case strings.Contains(k, "description"):
		h.cands = []cand{c(fDesc, 2, anyContent)}
	case strings.Contains(k, "designator") || strings.HasSuffix(k, "reference"):
		h.cands = []cand{c(fRefDes, 2, refdesLike)}
	case strings.HasPrefix(k, "qty") || strings.HasPrefix(k, "quantity") || strings.HasPrefix(k, "numberneeded"):
		h.cands = []cand{c(fQty, 2, qtyLike)}
	}
	return h
}

// classifyAs reads the words of one variant of a header into h and
// reports whether they meant something.
func classifyAs(h *header, ws []string) bool {
	key := strings.Join(ws, "")
	if key == "" {
		return false
	}
	if cs, ok := exact[key]; ok {
		h.cands = cs
		return true
	}
	// "MPN2", "Manufacturer_1", "Supplier 1 Part Number": a numbered copy.
	if base, n := splitIndex(ws); n > 0 {
		if cs, ok := exact[base]; ok && cs[0].f.multi() {
			h.cands, h.index = cs, n
			return true
		}
	}
	if mpnPrefix(key) {
		h.cands = []cand{c(fMPN, 1, anyContent)}
		return true
	}
	if name, ok := supplierSKU(ws); ok {
		if name == "" {
			h.cands = []cand{c(fIgnore, 0, anyContent)}
		} else {
			h.cands, h.supplier = []cand{c(fSKU, 0, anyContent)}, name
		}
		return true
	}
	return false
}

// splitScripts splits a header into its ASCII text and its other text.
func splitScripts(text string) (string, string) {
	var latin, other strings.Builder
	for _, r := range text {
		if r < 128 {
			latin.WriteRune(r)
			other.WriteByte(' ')
		} else {
			other.WriteRune(r)
			latin.WriteByte(' ')
		}
	}
	return latin.String(), other.String()
}

// splitIndex removes one number from the words ("supplier 1 part number"
// -> "supplierpartnumber", 1; "mpn2" -> "mpn", 2).
func splitIndex(ws []string) (string, int) {
	var rest []string
	n := 0
	for _, w := range ws {
		i := len(w)
		for i > 0 && w[i-1] >= '0' && w[i-1] <= '9' {
			i--
		}
		if i < len(w) && n == 0 && len(w)-i <= 2 {
			d := 0
			for _, ch := range w[i:] {
				d = d*10 + int(ch-'0')
			}
			n = d
			if i > 0 {
				rest = append(rest, w[:i])
			}
			continue
		}
		rest = append(rest, w)
	}
	if n == 0 {
		return "", 0
	}
	return strings.Join(rest, ""), n
}

// supplierSKU reads headers like "Digi-Key Part Number", "Mouser #", "LCSC"
// and "OC_FARNELL": a supplier name followed only by part-number words. It
// returns the supplier ("" for link sites such as Octopart) and whether
// the header is such a column; price, stock and link columns are not.
func supplierSKU(ws []string) (string, bool) {
	key := strings.Join(ws, "")
	name, found := "", false
	for _, s := range suppliers {
		short := len(s.key) <= 3
		if short && contains(ws, s.key) || !short && strings.Contains(key, s.key) {
			name, found = s.name, true
			break
		}
	}
	if !found {
		return "", false
	}
	for _, w := range ws {
		if ignoreWords[w] {
			return "", true
		}
	}
	rest := key
	for _, s := range suppliers {
		rest = strings.ReplaceAll(rest, s.key, "")
	}
	if rest == "" || skuWords[rest] || onlyWords(rest) {
		return name, true
	}
	return "", false
}

// onlyWords reports whether s is a concatenation of SKU words and filler.
func onlyWords(s string) bool {
	if s == "" {
		return true
	}
	for _, w := range []string{"partnumber", "number", "ordercode", "partno", "part", "sku", "code", "order",
		"key", "oc", "sn", "no", "pn", "nr", "num", "ref", "id", "p", "n", "s", "1", "2", "3", "com", "de"} {
		if strings.HasPrefix(s, w) && onlyWords(s[len(w):]) {
			return true
		}
	}
	return false
}

func contains(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// mpnPrefix reports whether a header starts with a long MPN header, as in
// "Manufacturer Part Number or Seeed SKU".
func mpnPrefix(key string) bool {
	for _, p := range []string{"manufacturerpartnumber", "manufacturepartnumber", "mfrpartnumber", "mfgpartnumber"} {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}
