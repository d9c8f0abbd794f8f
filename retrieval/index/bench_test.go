package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cbb-alliance/cbb/layers/model"
)

// synthetic returns n varied items: resistors, capacitors, screws and
// motors with English and Chinese names, part numbers, numbers and scopes
// spread over ten members.
func synthetic(n int) []Doc {
	rng := rand.New(rand.NewPCG(1, 2))
	scopes := []model.Scope{public, alliance, private, partners("m1", "m2")}
	docs := make([]Doc, n)
	for i := range docs {
		owner := model.MemberID(fmt.Sprint("m", i%10))
		it := item(fmt.Sprint("syn", i), "", owner, scopes[i%len(scopes)])
		v := float64(1+rng.IntN(999)) * []float64{1, 10, 100, 1e3, 1e4}[rng.IntN(5)]
		switch i % 4 {
		case 0:
			it.Name = fmt.Sprintf("Resistor %g ohm 0603 1%% 贴片电阻", v)
			it.Class = model.ClassResistors
			it.SetAttr(model.NumberAttr(model.AttrResistance, v, "Ω", ""))
		case 1:
			it.Name = fmt.Sprintf("Capacitor %gpF X7R 50V 陶瓷电容", v)
			it.Class = model.ClassCapacitors
			it.SetAttr(model.NumberAttr(model.AttrCapacitance, v*1e-12, "F", ""))
			it.SetAttr(model.NumberAttr(model.AttrVoltage, 50, "V", "50V"))
		case 2:
			d := 2 + rng.IntN(10)
			it.Name = fmt.Sprintf("Socket head cap screw M%dx%d 内六角螺钉", d, 4*d)
			it.Class = model.ClassScrews
			it.SetAttr(model.EnumAttr(model.AttrThread, fmt.Sprint("M", d), ""))
			it.SetAttr(model.NumberAttr(model.AttrLength, float64(4*d)/1000, "m", ""))
		default:
			it.Name = fmt.Sprintf("Stepper motor NEMA%d %gmNm 步进电机", 14+rng.IntN(3)*3, v)
			it.Class = model.ClassStepper
			it.Level = []model.Level{model.LevelPart, model.LevelModule}[rng.IntN(2)]
		}
		it.Description = fmt.Sprintf("synthetic item %d for the benchmark, lot %d", i, rng.IntN(1000))
		it.AddMPN(model.ManufacturerPart{Manufacturer: "Acme", MPN: fmt.Sprintf("AC%06d-%02d", i, rng.IntN(100))})
		docs[i] = Doc{Item: it, UsedIn: rng.IntN(50)}
	}
	return docs
}

// BenchmarkBuild indexes 20k items into an on-disk index, in batches of
// 1000, and reports the build rate.
func BenchmarkBuild(b *testing.B) {
	docs := synthetic(20000)
	ctx := context.Background()
	var total time.Duration
	for b.Loop() {
		x, err := Open(ctx, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		for i := 0; i < len(docs); i += 1000 {
			if err := x.Put(ctx, docs[i:min(i+1000, len(docs))]); err != nil {
				b.Fatal(err)
			}
		}
		if err := x.Close(); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(len(docs)*b.N)/total.Seconds(), "docs/s")
}

// BenchmarkSearch measures query latency on 20k items, over a mix of
// English, Chinese, part-number and filtered queries.
func BenchmarkSearch(b *testing.B) {
	x := memIndex(b, synthetic(20000))
	f := func(v float64) *float64 { return &v }
	viewer := Viewer{Member: "m3", Active: true}
	queries := []struct {
		name string
		q    Query
	}{
		{"english", Query{Text: "resistor 4700 ohm 0603"}},
		{"chinese", Query{Text: "内六角螺钉 M4"}},
		{"chinese+level", Query{Text: "步进电机", Levels: []model.Level{model.LevelModule}}},
		{"mpn", Query{Text: "AC001234-17"}},
		{"text+class+number", Query{Text: "capacitor X7R", Class: model.ClassCapacitors, Numbers: []NumberRange{{Attr: model.AttrCapacitance, Min: f(1e-9), Max: f(1e-7)}}}},
		{"class+number", Query{Class: "Mechanical", Numbers: []NumberRange{{Attr: model.AttrLength, Max: f(0.02)}}}},
		{"filters only", Query{Levels: []model.Level{model.LevelPart}}},
	}
	ctx := context.Background()
	for _, tc := range queries {
		b.Run(tc.name, func(b *testing.B) {
			q := tc.q
			q.Viewer = viewer
			for b.Loop() {
				if _, err := x.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
