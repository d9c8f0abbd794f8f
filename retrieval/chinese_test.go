package retrieval

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/internal/testimport"
	"github.com/cbb-alliance/cbb/layers/model"
)

// zhEngine builds the Chinese fixture: testdata/zh (a board and a
// printer's vitamins described in Chinese, see its README) imported with
// the English NopSCADlib BOMs and gitplm part library, owned by
// catalogueOwner and shared with the alliance.
func zhEngine(t *testing.T) *Engine {
	t.Helper()
	nop, plm := shareddata.Dir(t, "nopscadlib-boms"), shareddata.Dir(t, "gitplm-parts")
	zh, err := filepath.Abs(filepath.Join("..", "testdata", "zh"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, err := testimport.Store(ctx, t.TempDir(), catalogueOwner, zh, nop, plm)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	x, _, err := OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	return &Engine{Items: s, Index: x}
}

// The Chinese and mixed phrases, and English ones, over items
// described in both languages. Every query must find the item named,
// within the given rank, with the attributes asked for; when english is
// set an English-described item with those attributes must be among the
// candidates too (the ranking is on attributes, whatever the language).
func TestChineseQueries(t *testing.T) {
	e := zhEngine(t)
	m3x8 := []attrIs{{name: model.AttrThread, text: "M3"}, {name: model.AttrLength, num: 8e-3}}
	r10k := []attrIs{{name: model.AttrResistance, num: 10e3}, {name: model.AttrPackage, text: "0603"}}
	c100n := []attrIs{{name: model.AttrCapacitance, num: 100e-9}, {name: model.AttrPackage, text: "0603"}}
	b608 := []attrIs{{name: model.AttrDesignation, text: "608"}, {name: model.AttrBore, num: 8e-3}}
	nema17 := []attrIs{{name: model.AttrFrameSize, text: "NEMA17"}}
	tests := []struct {
		text    string
		want    string // the Chinese item's name
		within  int
		english bool
		attrs   []attrIs
	}{
		// Chinese.
		{"10k 0603 电阻", "ERJ3EKF1002V", 1, true, r10k},
		{"M3螺钉 8mm", "内六角圆柱头螺钉 M3×8", 1, true, m3x8},
		{"608 轴承", "深沟球轴承 608-2RS 8×22×7mm", 1, true, b608},
		{"步进电机 NEMA17", "步进电机 NEMA17×47mm（5×24轴）", 1, true, nema17},
		{"贴片电阻 10千欧 0603", "ERJ3EKF1002V", 1, true, r10k},
		{"内六角圆柱头螺钉 M3×8", "内六角圆柱头螺钉 M3×8", 1, true, append(m3x8, attrIs{name: model.AttrHead, text: "socket head cap"})},
		{"深沟球轴承 608", "深沟球轴承 608-2RS 8×22×7mm", 1, true, b608},
		{"42步进电机", "步进电机 NEMA17×47mm（5×24轴）", 1, true, nema17},
		{"滑块螺母 M4", "滑块螺母 M4", 1, true, []attrIs{{name: model.AttrThread, text: "M4"}, {name: model.AttrHead, text: "sliding T"}}},
		{"热熔铜螺母 M3×4", "热熔铜螺母 M3×4", 1, true, []attrIs{{name: model.AttrThread, text: "M3"}, {name: model.AttrLength, num: 4e-3}}},
		// Mixed.
		{"M3 x 8 内六角螺钉", "内六角圆柱头螺钉 M3×8", 1, true, append(m3x8, attrIs{name: model.AttrStandard, text: "ISO 4762"})},
		{"100nF 0603 电容", "0603B104K500CT", 1, true, c100n},
		// English, finding the Chinese-described items.
		{"10k 0603 1% resistor", "ERJ3EKF1002V", 2, true, r10k},
		{"M3 x 8 socket head cap screw", "内六角圆柱头螺钉 M3×8", 2, true, m3x8},
		{"608 bearing", "深沟球轴承 608-2RS 8×22×7mm", 2, true, b608},
		{"100nF 50V X7R 0603", "0603B104K500CT", 2, true, c100n},
		{"NEMA17 stepper motor", "步进电机 NEMA17×47mm（5×24轴）", 10, true, nema17},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			res, err := e.Query(context.Background(), TextRequirement(tt.text, model.LevelPart, ""), Options{Viewer: libViewer, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			cs := res.Items[0].Candidates
			if len(cs) == 0 {
				t.Fatal("no candidates")
			}
			holds := func(c Candidate) bool {
				for _, a := range tt.attrs {
					if !a.holds(c) {
						return false
					}
				}
				return c.Must == MustMet
			}
			if !holds(cs[0]) {
				t.Errorf("first candidate %q (%s) lacks %v: %v", cs[0].Name, cs[0].Source, tt.attrs, cs[0].Attributes)
			}
			rank, english := 0, false
			for i, c := range cs {
				if c.Source.System == "bom" && c.Name == tt.want && rank == 0 {
					rank = i + 1
					if !holds(c) {
						t.Errorf("%q lacks %v: %v", c.Name, tt.attrs, c.Attributes)
					}
				}
				english = english || c.Source.System != "bom" && holds(c)
			}
			if rank == 0 || rank > tt.within {
				t.Errorf("%q at rank %d, want within %d; candidates %s", tt.want, rank, tt.within, names(cs))
			}
			if tt.english && !english {
				t.Errorf("no English item with %v among %s", tt.attrs, names(cs))
			}
		})
	}
}

func names(cs []Candidate) string {
	var ss []string
	for _, c := range cs {
		ss = append(ss, fmt.Sprintf("%q (%s)", c.Name, c.Source.System))
	}
	return strings.Join(ss, ", ")
}
