package retrieval

import (
	"context"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/index"
)

var libViewer = index.Viewer{Member: catalogueOwner, Active: true}

// attrIs checks a candidate's attribute: a number (SI) or an enum text.
type attrIs struct {
	name string
	num  float64
	text string
}

func (a attrIs) holds(c Candidate) bool {
	for _, at := range c.Attributes {
		if at.Name != a.name {
			continue
		}
		if a.text != "" {
			return at.Text == a.text
		}
		return at.Value > a.num*(1-1e-6) && at.Value < a.num*(1+1e-6)
	}
	return false
}

// The phrases, as engineers write them: the top candidates must
// be the items whose own fields say they are what was asked for.
func TestQueryPhrases(t *testing.T) {
	s, x := catalogue(t)
	e := &Engine{Items: s, Index: x}
	tests := []struct {
		text string
		top  int // how many of the first candidates must match
		want []attrIs
	}{
		{"10k 0603 1% resistor", 5, []attrIs{{name: model.AttrResistance, num: 10e3}, {name: model.AttrPackage, text: "0603"}}},
		{"100nF 50V X7R 0603", 3, []attrIs{{name: model.AttrCapacitance, num: 100e-9}, {name: model.AttrDielectric, text: "X7R"}}},
		{"M3 x 8 socket head cap screw", 2, []attrIs{{name: model.AttrThread, text: "M3"}, {name: model.AttrLength, num: 8e-3}, {name: model.AttrHead, text: "socket head cap"}}},
		{"NEMA17 stepper motor", 5, []attrIs{{name: model.AttrFrameSize, text: "NEMA17"}}},
		{"608 bearing", 1, []attrIs{{name: model.AttrDesignation, text: "608"}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			res, err := e.Query(context.Background(), TextRequirement(tt.text, model.LevelPart, ""), Options{Viewer: libViewer, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			cs := res.Items[0].Candidates
			if len(cs) < tt.top {
				t.Fatalf("%d candidates, want at least %d", len(cs), tt.top)
			}
			for i, c := range cs[:tt.top] {
				for _, w := range tt.want {
					if !w.holds(c) {
						t.Errorf("candidate %d %q (%s): attribute %s is not %v%s; attributes %v", i+1, c.Name, c.Source, w.name, w.num, w.text, c.Attributes)
					}
				}
				if c.Level != model.LevelPart || c.Must != MustMet || len(c.Explanation) == 0 {
					t.Errorf("candidate %d %q: level %s, must %s, %d explanations", i+1, c.Name, c.Level, c.Must, len(c.Explanation))
				}
			}
		})
	}
}
