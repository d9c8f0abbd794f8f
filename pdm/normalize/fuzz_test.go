package normalize

import (
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

func FuzzDescribe(f *testing.F) {
	for _, tc := range describeCases {
		f.Add(tc.text)
	}
	for _, tc := range zhCases {
		f.Add(tc.zh)
	}
	for _, tc := range contextCases {
		f.Add(tc.text)
	}
	f.Add("M3 x 0.5 x 10 DIN 912")
	f.Add("4k7 ; C_0603 ; Device:R")
	f.Fuzz(func(t *testing.T, text string) {
		attrs, _ := Describe(text)
		for i, a := range attrs {
			if err := a.Validate(); err != nil {
				t.Fatalf("Describe(%q): %v", text, err)
			}
			if i > 0 && attrs[i-1].Name >= a.Name {
				t.Fatalf("Describe(%q): attributes not sorted and unique", text)
			}
		}
		it := model.Item{Name: text, Description: text}
		Enrich(&it)
		for _, a := range it.Attributes {
			if err := a.Validate(); err != nil {
				t.Fatalf("Enrich(%q): %v", text, err)
			}
		}
		_ = CanonicalStandard(text)
	})
}
