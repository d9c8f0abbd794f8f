package retrieval

import (
	"math"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

const sensorBoard = `name: Sensor board for Acme
member: acme
items:
  - name: decoupling capacitor
    text: 100nF 50V X7R 0603
    level: part
    quantity: 12
    constraints:
      - {attribute: capacitance, target: 100n, tolerance: 10%, must: true}
      - {attribute: voltage, min: 50V, weight: 2}
      - {attribute: dielectric, one_of: [X7R, X5R]}
  - name: frame screw
    text: M3 x 8 socket head cap screw
    constraints:
      - attribute: length
        target: 8mm
        tolerance: 1
      - attribute: thread
        one_of: [M3]
        must: true
  - text: NEMA17 stepper motor
`

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }

func TestReadRequirement(t *testing.T) {
	req, err := ReadRequirement("board.yaml", strings.NewReader(sensorBoard))
	if err != nil {
		t.Fatal(err)
	}
	if req.Name != "Sensor board for Acme" || req.Member != "acme" || len(req.Items) != 3 {
		t.Fatalf("requirement = %+v", req)
	}
	capItem := req.Items[0]
	if capItem.Level != model.LevelPart || capItem.Quantity != 12 || len(capItem.Constraints) != 3 {
		t.Fatalf("item 1 = %+v", capItem)
	}
	c := capItem.Constraints[0]
	if c.Op != model.Target || !near(c.Value, 100e-9) || c.Unit != "F" || !near(c.Tolerance, 10e-9) || !c.Must {
		t.Fatalf("capacitance = %+v", c)
	}
	v := capItem.Constraints[1]
	if v.Op != model.Min || v.Value != 50 || v.Unit != "V" || v.EffectiveWeight() != 2 || v.Must {
		t.Fatalf("voltage = %+v", v)
	}
	screw := req.Items[1]
	l := screw.Constraints[0]
	if !near(l.Value, 0.008) || !near(l.Tolerance, 0.001) || l.Unit != "m" {
		t.Fatalf("length = %+v", l)
	}
	if screw.Level != model.LevelAny || screw.Quantity != 1 {
		t.Fatalf("defaults not applied: %+v", screw)
	}
	if req.Items[2].Name != "item 3" {
		t.Fatalf("unnamed item = %q", req.Items[2].Name)
	}
}

func TestReadRequirementJSON(t *testing.T) {
	js := `{"name": "r", "items": [{"text": "608 bearing", "level": "part",
	  "constraints": [{"attribute": "bore", "target": "8mm", "must": true}]}]}`
	req, err := ReadRequirement("r.json", strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	if c := req.Items[0].Constraints[0]; !near(c.Value, 0.008) || !c.Must {
		t.Fatalf("bore = %+v", c)
	}
}

func TestReadRequirementErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", "empty requirement file"},
		{"no items", "name: x\n", "has no items"},
		{"unknown field", "name: x\nitems:\n  - text: a\n    colour: red\n", "board.yaml:4"},
		{"bad yaml", "name: x\nitems:\n  - text: [a\n", "board.yaml:"},
		{"asks nothing", "items:\n  - name: a\n", "asks for nothing"},
		{"bad level", "items:\n  - text: a\n    level: galaxy\n", "unknown level"},
		{"two ops", "items:\n  - text: a\n    constraints:\n      - {attribute: voltage, min: 5V, max: 9V}\n", "board.yaml:2: field items[0].constraints[0]"},
		{"bad unit", "items:\n  - text: a\n    constraints:\n      - {attribute: voltage, min: 5F}\n", "incompatible unit"},
		{"bad tolerance", "items:\n  - text: a\n    constraints:\n      - {attribute: length, target: 8mm, tolerance: lots}\n", "tolerance"},
		{"no attribute", "items:\n  - text: a\n    constraints:\n      - {min: 5V}\n", "without an attribute"},
		{"negative weight", "items:\n  - text: a\n    constraints:\n      - {attribute: voltage, min: 5V, weight: -1}\n", "weight"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadRequirement("board.yaml", strings.NewReader(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if model.Code(err) != model.Invalid {
				t.Fatalf("code = %s", model.Code(err))
			}
		})
	}
}

func FuzzReadRequirement(f *testing.F) {
	f.Add(sensorBoard)
	f.Add(`{"items": [{"text": "x", "constraints": [{"attribute": "length", "target": "1in", "tolerance": "5%"}]}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		req, err := ReadRequirement("fuzz.yaml", strings.NewReader(s))
		if err == nil {
			if verr := req.Validate(); verr != nil {
				t.Fatalf("accepted an invalid requirement: %v", verr)
			}
		}
	})
}
