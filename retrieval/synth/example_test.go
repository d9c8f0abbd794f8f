package synth_test

import (
	"context"
	"fmt"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/synth"
)

// Real capacitors and inductors from a gitplm parts database (testdata).
func ExampleReadParts() {
	parts, err := synth.ReadParts(context.Background(), "testdata")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(parts), "parts; the first:", parts[0].Name, parts[0].Class)
	// Output: 86 parts; the first: CC0603KRX7R9BB102 Electronics/Passives/Capacitors
}

func ExampleLearn() {
	parts, err := synth.ReadParts(context.Background(), "testdata")
	if err != nil {
		fmt.Println(err)
		return
	}
	m := synth.Learn(parts)
	for _, c := range m.Classes() {
		fmt.Printf("%s: %.2f of %d parts, capacitance on %.2f\n", c.Class, c.Share, m.Parts(), c.Attrs[model.AttrCapacitance])
	}
	// Output:
	// Electronics/Passives/Capacitors: 0.76 of 86 parts, capacitance on 1.00
	// Electronics/Passives/Inductors: 0.24 of 86 parts, capacitance on 0.00
}

func ExampleModel_Generate() {
	parts, err := synth.ReadParts(context.Background(), "testdata")
	if err != nil {
		fmt.Println(err)
		return
	}
	m := synth.Learn(parts)
	n := 0
	err = m.Generate(1, 1000, func(it model.Item) error {
		if err := it.Validate(); err != nil {
			return err
		}
		n++
		return nil
	})
	fmt.Println(n, "valid parts generated, error:", err)
	again := m.Item(1, 999) // the same part as Generate's last
	fmt.Println(again.ID == model.OwnedID(again.Owner, model.NewID(synth.System, "1/999")))
	// Output:
	// 1000 valid parts generated, error: <nil>
	// true
}

func ExampleModel_Queries() {
	parts, err := synth.ReadParts(context.Background(), "testdata")
	if err != nil {
		fmt.Println(err)
		return
	}
	m := synth.Learn(parts)
	qs := m.Queries(1, 500)
	withText := 0
	for _, q := range qs {
		if q.Text != "" {
			withText++
		}
	}
	fmt.Println(len(qs), "queries,", withText > 450, "most with text; all as members:", qs[0].Viewer != "")
	// Output: 500 queries, true most with text; all as members: true
}
