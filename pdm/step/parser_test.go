package step

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// p21 wraps DATA records in a minimal exchange structure; the records start
// on line 8.
func p21(data string) string {
	return "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\n" +
		"FILE_NAME('t.stp','2024-01-01T00:00:00',(''),(''),'pre','Some CAD 1.0','');\n" +
		"FILE_SCHEMA(('CONFIG_CONTROL_DESIGN'));\nENDSEC;\nDATA;\n" + data + "\nENDSEC;\nEND-ISO-10303-21;\n"
}

// asm is a small assembly: A uses P through a complex usage, two
// quantified usages (with a complex and a simple measure), an
// ASSEMBLY_COMPONENT_USAGE and a specified higher usage that must be
// ignored.
const asm = `#1=PRODUCT('A','Asm','the assembly',(#9));
#2=PRODUCT_DEFINITION_FORMATION('B','',#1);
#3=PRODUCT_DEFINITION('design','',#2,#12);
/* the pin: a complex formation and definition */
#4=PRODUCT('P','','a pin',(#9));
#5=(PRODUCT_DEFINITION_FORMATION(' 2 ','',#4)PRODUCT_DEFINITION_FORMATION_WITH_SPECIFIED_SOURCE(.BOUGHT.));
#6=(PRODUCT_DEFINITION('d','',#5,#12) PRODUCT_DEFINITION_WITH_ASSOCIATED_DOCUMENTS((#9)));
#7=(ASSEMBLY_COMPONENT_USAGE('R7') NEXT_ASSEMBLY_USAGE_OCCURRENCE()
  PRODUCT_DEFINITION_RELATIONSHIP('u1','',$,#3,#6) PRODUCT_DEFINITION_USAGE());
#8=QUANTIFIED_ASSEMBLY_COMPONENT_USAGE('u2','','',#3,#6,$,#10);
#10=(MEASURE_REPRESENTATION_ITEM()LENGTH_MEASURE_WITH_UNIT()MEASURE_WITH_UNIT(COUNT_MEASURE(4.),#11)REPRESENTATION_ITEM('n'));
#11=(NAMED_UNIT(*)SI_UNIT($,.METRE.)LENGTH_UNIT());
#9=PRODUCT_CONTEXT('',#13,'mechanical');
#12=PRODUCT_DEFINITION_CONTEXT('part definition',#13,'design');
#13=APPLICATION_CONTEXT('configuration controlled 3d designs');
#14=ASSEMBLY_COMPONENT_USAGE('u3','pin_3','',#3,#6,'X1');
#15=SPECIFIED_HIGHER_USAGE_OCCURRENCE('u4','','',#3,#6,$,#7,#14);
#16=QUANTIFIED_ASSEMBLY_COMPONENT_USAGE('u5','q5','',#3,#6,$,#17);
#17=RATIO_MEASURE_WITH_UNIT(2,#11);`

func TestSmallAssembly(t *testing.T) {
	b, err := Parse("dir/small.step", []byte(p21(asm)), pdm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, b)
	want := []model.Item{{
		ID: model.NewID(System, "small/A"), Level: model.LevelProduct, Name: "Asm", Description: "the assembly",
		Attributes: []model.Attribute{
			model.TextAttr(AttrOriginatingSystem, "Some CAD 1.0"),
			model.TextAttr(AttrSchema, "CONFIG_CONTROL_DESIGN"),
		},
		Source: model.SourceRef{System: "step", ExternalID: "small/A", Revision: "B"},
	}, {
		ID: model.NewID(System, "small/P"), Level: model.LevelPart, Name: "P", Description: "a pin",
		Source: model.SourceRef{System: "step", ExternalID: "small/P", Revision: "2"},
	}}
	if !reflect.DeepEqual(b.Items, want) {
		t.Errorf("items\n got %+v\nwant %+v", b.Items, want)
	}
	wantEdges := []model.Edge{{
		Parent: want[0].ID, Child: want[1].ID, Kind: model.BOM, Quantity: 8, RefDes: []string{"R7", "u2", "pin_3", "q5"},
	}}
	if !reflect.DeepEqual(b.Edges, wantEdges) {
		t.Errorf("edges\n got %+v\nwant %+v", b.Edges, wantEdges)
	}
}

func TestSyntax(t *testing.T) {
	const product = "#1=PRODUCT('p',%s,'',());\n"
	tests := []struct {
		name, data, want string
	}{
		{"escapes", `'M\X2\00FC\X0\ller \X\E9 \S\i it''s \\ C:\temp'`, `Müller é é it's \ C:\temp`},
		{"line breaks in strings", "'long\r\n name'", "long name"},
		{"comments and spacing", "/* c */ 'x' /* d\n*/ ", "x"},
		{"raw UTF-8 and Latin-1", "'Gr\xc3\xb6\xdfe \xe9'", "Größe é"},
		{"lower case", "'x'", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := p21(strings.Replace(product, "%s", tt.data, 1))
			if tt.name == "lower case" {
				data = strings.Replace(data, "PRODUCT(", "product (", 1)
			}
			b, err := Parse("t.stp", []byte(data), pdm.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if b.Items[0].Name != tt.want {
				t.Errorf("name %q, want %q", b.Items[0].Name, tt.want)
			}
		})
	}
}

// TestAccepts lists valid records of every syntax in a file with one
// product.
func TestAccepts(t *testing.T) {
	records := []string{
		`#2=X(1,-2,+3,1.,-0.5E-3,1.5e+10,2E3,.T.,.NOT_KNOWN.,$,*,#1,"0FF","1",(),((1,2),(3)));`,
		`#3=Y(LENGTH_MEASURE(2.5),A(B(1)),'',!USER(1));`,
		`#4=(A()B(1,'x')C((#1)));`,
		`#5=();`,
		`#6 = Z ( 1 , ( 2 ) ) ;`,
		"#7=\nW(\n'a',\n#1\n)\n;",
		`#99999999999=Z();`,
	}
	data := p21("#1=PRODUCT('p','p','',());\n" + strings.Join(records, "\n"))
	data = strings.Replace(data, "DATA;", "DATA(('x'));", 1)
	if _, err := Parse("t.stp", []byte(data), pdm.Options{}); err != nil {
		t.Fatal(err)
	}
}

func TestRejects(t *testing.T) {
	const prod = "#1=PRODUCT('p','p','',());\n"
	tests := []struct {
		name, data string
		line       int
		msg        string
	}{
		{"not STEP", "solid x\nendsolid\n", 1, "expected ISO-10303-21;"},
		{"no header", "ISO-10303-21;\nDATA;\nENDSEC;\nEND-ISO-10303-21;\n", 2, "expected HEADER;"},
		{"header lacks FILE_SCHEMA", "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('','',(''),(''),'','','');\nENDSEC;\n", 5, "lacks FILE_SCHEMA"},
		{"no END-ISO", strings.TrimSuffix(p21(prod), "END-ISO-10303-21;\n"), 11, "no END-ISO-10303-21"},
		{"no product", p21("#1=PRODUCT_CONTEXT('',#2,'mechanical');"), 0, "no product"},
		{"record without ';'", p21(prod + "#2=A(1)\n#3=B(2);"), 10, "expected ';'"},
		{"no '='", p21(prod + "#2 A(1);"), 9, "expected '='"},
		{"bad name", p21(prod + "#2=3A(1);"), 9, "expected an entity name"},
		{"# without digits", p21(prod + "#2=A(#x);"), 9, "expected digits after '#'"},
		{"bad enumeration", p21(prod + "#2=A(.T);"), 9, "closing enumeration"},
		{"empty enumeration", p21(prod + "#2=A(..);"), 9, "enumeration"},
		{"bad number", p21(prod + "#2=A(1.5E);"), 9, "exponent"},
		{"sign without digits", p21(prod + "#2=A(-.5);"), 9, "digits in a number"},
		{"two points", p21(prod + "#2=A(1.5.3);"), 9, "expected ',' or ')'"},
		{"bad binary", p21(prod + `#2=A("4F");`), 9, "binary"},
		{"typed with two params", p21(prod + "#2=A(B(1,2));"), 9, "expected ')'"},
		{"empty parameter", p21(prod + "#2=A(1,,2);"), 9, "expected a parameter"},
		{"trailing comma", p21(prod + "#2=A(1,);"), 9, "expected a parameter"},
		{"control character", p21(prod + "#2=A('a\x01b');"), 9, "control character"},
		{"bad \\X\\", p21(prod + `#2=A('\X\G1');`), 9, `\X\ escape`},
		{"\\X2\\ not closed", p21(prod + `#2=A('\X2\00E9');`), 9, `closing \X0\`},
		{"\\X2\\ odd digits", p21(prod + `#2=A('\X2\00E\X0\');`), 9, "hex digit"},
		{"string at end", p21(prod + "#2=A(\n'abc);"), 10, "end of file in a string"},
		{"comment at end", p21(prod + "/* x;"), 9, "end of file in a comment"},
		{"lone slash", p21(prod + "#2=A(1)/;"), 9, "comment starts with"},
		{"too deep", p21(prod + "#2=A(" + strings.Repeat("(", 100) + strings.Repeat(")", 100) + ");"), 9, "nested deeper"},
		{"garbage in DATA", p21(prod + "; #2=A();"), 9, "expected an entity instance"},
		{"anchor section", strings.Replace(p21(prod), "DATA;", "ANCHOR;", 1), 7, "not supported"},
		{"product id a list", p21("#1=PRODUCT(('p'),'p','',());"), 8, "PRODUCT.id"},
		{"product too short", p21("#1=PRODUCT('p');"), 8, "PRODUCT.name"},
		{"complex product lacks base", p21("#1=(PRODUCT_DEFINITION_FORMATION_WITH_SPECIFIED_SOURCE(.MADE.));"), 8, "lacks the partial record"},
		{"formation to nothing", p21(prod + "#2=PRODUCT_DEFINITION_FORMATION('','',#5);"), 9, "#5 is not a PRODUCT"},
		{"definition to product", p21(prod + "#2=PRODUCT_DEFINITION('','',#1,$);"), 9, "#1 is not a PRODUCT_DEFINITION_FORMATION"},
		{"usage of itself", p21(prod + "#2=PRODUCT_DEFINITION_FORMATION('','',#1);\n#3=PRODUCT_DEFINITION('','',#2,$);\n" +
			"#4=NEXT_ASSEMBLY_USAGE_OCCURRENCE('1','a','',#3,#3,$);"), 11, "used in itself"},
		{"cycle", p21("#1=PRODUCT('a','a','',());\n#2=PRODUCT_DEFINITION_FORMATION('','',#1);\n#3=PRODUCT_DEFINITION('','',#2,$);\n" +
			"#4=PRODUCT('b','b','',());\n#5=PRODUCT_DEFINITION_FORMATION('','',#4);\n#6=PRODUCT_DEFINITION('','',#5,$);\n" +
			"#7=NEXT_ASSEMBLY_USAGE_OCCURRENCE('1','x','',#3,#6,$);\n#8=NEXT_ASSEMBLY_USAGE_OCCURRENCE('2','y','',#6,#3,$);"), 15, "cycle"},
		{"quantity not a measure", p21(prod + "#2=PRODUCT_DEFINITION_FORMATION('','',#1);\n#3=PRODUCT_DEFINITION('','',#2,$);\n" +
			"#4=PRODUCT('b','b','',());\n#5=PRODUCT_DEFINITION_FORMATION('','',#4);\n#6=PRODUCT_DEFINITION('','',#5,$);\n" +
			"#7=QUANTIFIED_ASSEMBLY_COMPONENT_USAGE('1','x','',#3,#6,$,#1);"), 14, "not a measure"},
		{"quantity zero", p21(prod + "#2=PRODUCT_DEFINITION_FORMATION('','',#1);\n#3=PRODUCT_DEFINITION('','',#2,$);\n" +
			"#4=PRODUCT('b','b','',());\n#5=PRODUCT_DEFINITION_FORMATION('','',#4);\n#6=PRODUCT_DEFINITION('','',#5,$);\n" +
			"#7=QUANTIFIED_ASSEMBLY_COMPONENT_USAGE('1','x','',#3,#6,$,#8);\n#8=MEASURE_WITH_UNIT(COUNT_MEASURE(0.),$);"), 14, "not positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.stp", []byte(tt.data), pdm.Options{})
			var me *model.Error
			if !errors.As(err, &me) {
				t.Fatalf("got %v, want a *model.Error", err)
			}
			if me.File != "t.stp" || me.Line != tt.line || !strings.Contains(me.Error(), tt.msg) {
				t.Errorf("got %q (line %d), want line %d and %q", me.Error(), me.Line, tt.line, tt.msg)
			}
		})
	}
}

func TestDecodeText(t *testing.T) {
	tests := []struct{ raw, want, err string }{
		{`plain`, "plain", ""},
		{`a\\b`, `a\b`, ""},
		{`\S\i`, "é", ""},
		{`\S\'`, "§", ""},
		{`\PB\\S\9`, "š", ""},      // ISO 8859-2 0xB9
		{`\PE\\S\0`, "\u0410", ""}, // ISO 8859-5 0xB0 is А
		{`\X\0A\X\41`, "\nA", ""},
		{`\X2\00E9006C\X0\`, "él", ""},
		{`\X2\D83DDE00\X0\`, "😀", ""},
		{`\X4\0001F600\X0\x`, "😀x", ""},
		{`\X2\\X0\`, "", ""},
		{`C:\temp\new`, `C:\temp\new`, ""},
		{`\N\`, `\N\`, ""},
		{`\X\4`, "", `\X\ escape`},
		{`\X2\00`, "", "closing"},
		{`\X4\00110000\X0\`, "", "not a character"},
		{"\xe9t\xc3\xa9", "été", ""},
	}
	for _, tt := range tests {
		got, err := decodeText(nil, []byte(tt.raw))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("decode %q: error %v, want %q", tt.raw, err, tt.err)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("decode %q = %q, %v; want %q", tt.raw, got, err, tt.want)
		}
	}
}
