package tabular

import (
	"cbb/layers/model"
	"cbb/pdm"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestDump(t *testing.T) {
	p := os.Getenv("DUMP")
	if p == "" {
		t.Skip()
	}
	if os.Getenv("DUMPBATCH") != "" {
		for _, f := range strings.Split(p, ":") {
			data, _ := os.ReadFile(f)
			b, rep, err := parse(f, f, data, pdm.Options{})
			fmt.Printf("=== %s err=%v sheet=%q header@%d %s %v\n", f, err, rep.sheet, rep.layout.line, rep.layout.describe(), rep.skipped)
			if b == nil {
				continue
			}
			refs := map[model.ItemID]model.Item{}
			for _, it := range b.Refs {
				refs[it.ID] = it
			}
			for i, e := range b.Edges {
				if i >= 12 {
					break
				}
				it := refs[e.Child]
				fmt.Printf("  %5g %-28.28s %-40.40s name=%q desc=%.40q attrs=%d mpn=%v sup=%v\n", e.Quantity, strings.Join(e.RefDes, ","), it.Source.ExternalID, it.Name, it.Description, len(it.Attributes), it.Manufacturers, it.Suppliers)
			}
			fmt.Printf("  edges=%d\n", len(b.Edges))
		}
		return
	}
	for _, f := range strings.Split(p, ":") {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var rep report
		sheets, err := readSheets(data, Mapping{}, &rep)
		fmt.Printf("=== %s enc=%s err=%v\n", f, rep.encoding, err)
		for _, sh := range sheets {
			fmt.Printf("--- sheet %q rows=%d\n", sh.name, len(sh.rows))
			for i, r := range sh.rows {
				if i >= 14 {
					break
				}
				s := fmt.Sprintf("%q", r.cells)
				if len(s) > 260 {
					s = s[:260]
				}
				fmt.Printf("%4d %s\n", r.line, s)
			}
			if l, ok := findLayout(sh); true {
				fmt.Printf("layout ok=%v line=%d score=%.1f %s\n", ok, l.line, l.score, l.describe())
			}
		}
	}
}
