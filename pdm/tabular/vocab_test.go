package tabular

import (
	"sort"
	"strings"
	"testing"
)

// TestResolveRealHeaders maps header lines taken from the BOM cache
// manifest (with a data row from the same file, for the content checks)
// and checks the fields each column gets.
func TestResolveRealHeaders(t *testing.T) {
	tests := []struct {
		name, header, data string
		delim              rune
		want               map[string]string // field -> header text; repeated fields joined by "|"
	}{{
		name:   "JLCPCB",
		header: "Comment,Designator,Footprint,LCSC",
		data:   `100nF,"C1,C2",C_0402_1005Metric,C1525`,
		want:   map[string]string{"value": "Comment", "refdes": "Designator", "footprint": "Footprint", "sku": "LCSC"},
	}, {
		name:   "Octopart export, part number with manufacturer",
		header: "S.No, Part Number, Manufacturer, Reference designator, Part Value, Qty, In Stock, SKU, Price, Total Price, Product Url,Seller",
		data:   `1,"RC0603JR-0710KL",Yageo,"r1,r8",10000 ohm, 5, 8603, 2879583, 0.00240, 0.012, https://octopart.com/x, Future Electronics`,
		want: map[string]string{"mpn": "Part Number", "manufacturer": "Manufacturer", "refdes": "Reference designator",
			"value": "Part Value", "quantity": "Qty", "sku": "SKU", "supplier": "Seller"},
	}, {
		name:   "KiCad board editor, semicolons",
		header: `"Id";"Designator";"Package";"Quantity";"Designation";"Supplier and ref";`,
		data:   `1;"J1";"SolderJumper-2";1;"Jumper-DNP";;;`,
		delim:  ';',
		want: map[string]string{"refdes": "Designator", "footprint": "Package", "quantity": "Quantity",
			"value": "Designation", "sku": "Supplier and ref"},
	}, {
		name:   "EasyEDA",
		header: "ID\tName\tDesignator\tFootprint\tQuantity\tManufacturer Part\tManufacturer\tSupplier\tSupplier Part\tPrice",
		data:   "1\t100nF\tC1\tC0402\t1\tCL05B104KO5NNNC\tSAMSUNG\tLCSC\tC1525\t0.01",
		delim:  '\t',
		want: map[string]string{"value": "Name", "refdes": "Designator", "footprint": "Footprint", "quantity": "Quantity",
			"mpn": "Manufacturer Part", "manufacturer": "Manufacturer", "supplier": "Supplier", "sku": "Supplier Part"},
	}, {
		name:   "KiCost-style repeated pairs",
		header: "References,Qty,Description,Manufacturer,MPN,Manufacturer_1,MPN_2,Digikey,Mouser",
		data:   "C1 C2,2,Cap,Murata,GRM155,TDK,C1005,490-1-ND,81-GRM",
		want: map[string]string{"refdes": "References", "quantity": "Qty", "description": "Description",
			"manufacturer": "Manufacturer|Manufacturer_1", "mpn": "MPN|MPN_2", "sku": "Digikey|Mouser"},
	}, {
		name:   "Altium: value and comment",
		header: "AN,Quantity,Designator,Comment,Description,Case,Value,Footprint,Revision",
		data:   "1,2,R1 R2,10k,Resistor,0402,10k,R0402,A",
		want: map[string]string{"quantity": "Quantity", "refdes": "Designator", "description": "Description",
			"value": "Value", "footprint": "Footprint"},
	}, {
		name:   "EAGLE part list",
		header: "Part,Value,Device,Package,Description",
		data:   "C1,100n,C-EUC0603,C0603,CAPACITOR",
		want: map[string]string{"refdes": "Part", "value": "Value", "lib_part": "Device", "footprint": "Package",
			"description": "Description"},
	}, {
		name:   "EAGLE grouped",
		header: "Qty,Value,Device,Package,Parts,Description",
		data:   `3,10k,R-US_R0603,R0603,"R1, R2, R3",RESISTOR`,
		want: map[string]string{"quantity": "Qty", "value": "Value", "lib_part": "Device", "footprint": "Package",
			"refdes": "Parts", "description": "Description"},
	}, {
		name:   "KiCad export with a translated header (Swedish)",
		header: `"ID";"Beteckning";"Fotavtryck";"Kvantitet";"Beteckning";"Leverantör och ref";`,
		data:   `3;"C10,C14";"C_0402_1005Metric";2;"100nF";;;`,
		delim:  ';',
		want: map[string]string{"refdes": "Beteckning", "footprint": "Fotavtryck", "quantity": "Kvantitet",
			"value": "Beteckning", "sku": "Leverantör och ref"},
	}, {
		name:   "HardwareX: the designator names the part, Number is the quantity",
		header: "Designator,Component,Number,Cost per unit,Total cost,Source of materials,Material type",
		data:   "Arduino UNO,Arduino Uno,2,20,40,Arduino,Electronics",
		want:   map[string]string{"name": "Designator", "description": "Component", "quantity": "Number"},
	}, {
		name:   "Digi-Key cart",
		header: "Digi-Key Part Number,Manufacturer,Manufacturer Part Number,Customer Reference,Quantity 1,Quantity 2",
		data:   "490-1-ND,MURATA,GRM155R71C104KA88J,C3 C5,7,0",
		want: map[string]string{"sku": "Digi-Key Part Number", "manufacturer": "Manufacturer",
			"mpn": "Manufacturer Part Number", "refdes": "Customer Reference", "quantity": "Quantity 1"},
	}, {
		name:   "bilingual Chinese header",
		header: "Designator 标号,Value 值,Footprint 丝印,Quantity 数量",
		data:   "U5,H616,BGA284,1",
		want: map[string]string{"refdes": "Designator 标号", "value": "Value 值", "footprint": "Footprint 丝印",
			"quantity": "Quantity 数量"},
	}, {
		name:   "Vendor is the supplier when a manufacturer column exists",
		header: "Reference,Value,Footprint,Qty,DNP,MPN,Manufacturer,Vendor,Vendor#",
		data:   "R1,10k,R0402,1,,RC0402,Yageo,Mouser,603-RC0402",
		want: map[string]string{"refdes": "Reference", "value": "Value", "footprint": "Footprint", "quantity": "Qty",
			"dnp": "DNP", "mpn": "MPN", "manufacturer": "Manufacturer", "supplier": "Vendor", "sku": "Vendor#"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.delim
			if d == 0 {
				d = ','
			}
			rows := readCSV(tt.header+"\n"+tt.data+"\n", d, 0, false)
			if len(rows) != 2 {
				t.Fatalf("got %d rows", len(rows))
			}
			l := resolve(rows[0].cells, rows[1:])
			got := map[string]string{}
			for _, c := range l.cols {
				if c.f == fIgnore || c.f == fPlace {
					continue
				}
				k := c.f.String()
				if got[k] != "" {
					got[k] += "|"
				}
				got[k] += c.hdr.text
			}
			for k, v := range got {
				if strings.Contains(v, "|") {
					parts := strings.Split(v, "|")
					sort.Strings(parts)
					got[k] = strings.Join(parts, "|")
				}
			}
			for k, v := range tt.want {
				if strings.Contains(v, "|") {
					parts := strings.Split(v, "|")
					sort.Strings(parts)
					tt.want[k] = strings.Join(parts, "|")
				}
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q (all: %v)", k, got[k], v, got)
				}
			}
			for k := range got {
				if _, ok := tt.want[k]; !ok {
					t.Errorf("unexpected %s = %q", k, got[k])
				}
			}
			if !l.isBOM() {
				t.Errorf("header does not map as a BOM: %s", l.describe())
			}
		})
	}
}

// TestClassify checks single header cells, including the normalisation.
func TestClassify(t *testing.T) {
	tests := []struct {
		header   string
		field    field
		supplier string
	}{
		{"Mfr. Part #", fMPN, ""},
		{"MANUFACTURER PART NO", fMPN, ""},
		{"manf#", fMPN, ""},
		{"Digi-Key Part Number", fSKU, "Digi-Key"},
		{"DigiKey P/N", fSKU, "Digi-Key"},
		{"LCSC Part #（optional）", fSKU, "LCSC"},
		{"JLCPCB Part #", fSKU, "LCSC"},
		{"OC_FARNELL", fSKU, "Farnell"},
		{"Mouser", fSKU, "Mouser"},
		{"RS", fSKU, "RS"},
		{"Digikey price", fIgnore, ""},
		{"LCSC Price/Stock", fIgnore, ""},
		{"Octopart URL", fIgnore, ""},
		{"Qnty", fQty, ""},
		{"Quantity Per PCB", fQty, ""},
		{"Qté.", fQty, ""},
		{"Menge", fQty, ""},
		{"Reference(s)", fRefDes, ""},
		{"Ref Des", fRefDes, ""},
		{"Référence", fRefDes, ""},
		{"Wert", fValue, ""},
		{"Boitier", fFootprint, ""},
		{"PCB Footprint", fFootprint, ""},
		{"Beschreibung", fDesc, ""},
		{"Hersteller", fMfr, ""},
		{"MPN2", fMPN, ""},
		{"Manufacturer_3", fMfr, ""},
		{"Supplier 1", fSupplier, ""},
		{"# DESIGNATOR", fRefDes, ""},
		{"X_LOC", fPlace, ""},
		{"Rotation", fPlace, ""},
		{"Library Reference", fLibPart, ""},
		{"Component Value or Part Number", fValue, ""},
		{"Frobnicate", fNone, ""},
		{"", fNone, ""},
	}
	for _, tt := range tests {
		h := classify(tt.header)
		got := fNone
		if len(h.cands) > 0 {
			got = h.cands[0].f
		}
		if got != tt.field || h.supplier != tt.supplier {
			t.Errorf("classify(%q) = %s %q, want %s %q", tt.header, got, h.supplier, tt.field, tt.supplier)
		}
	}
}

// TestFindLayoutSkipsPreamble finds a KiCad header under its preamble and
// tells a pick-and-place file from a BOM.
func TestFindLayoutSkipsPreamble(t *testing.T) {
	text := "\"Source:\",\"/x/y.sch\"\n\"Date:\",\"today\"\n\"Component Count:\",\"3\"\n\n" +
		"\"Ref\",\"Qnty\",\"Value\",\"Cmp name\",\"Footprint\"\n\"R1 R2\",\"2\",\"10k\",\"R\",\"R0603\"\n"
	l, ok := findLayout(sheet{rows: readCSV(text, ',', 0, false)})
	if !ok || l.line != 5 {
		t.Fatalf("header at line %d, ok %v: %s", l.line, ok, l.describe())
	}
	pnp := "Designator,Val,Package,Mid X,Mid Y,Rot,Side\nR1,10k,R0603,10.0,20.0,90,top\n"
	l, ok = findLayout(sheet{rows: readCSV(pnp, ',', 0, false)})
	if ok || !l.isPlacement() {
		t.Errorf("placement file read as a BOM: %s", l.describe())
	}
}
