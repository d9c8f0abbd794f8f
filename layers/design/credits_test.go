package design

import (
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

// The credit for reusing an item is shared equally by its owner and the
// owners of the technologies it embodies; the requester and the catalogue
// earn nothing.
func TestCreditShares(t *testing.T) {
	tests := []struct {
		name      string
		owner     model.MemberID
		techs     []model.MemberID
		requester model.MemberID
		want      map[model.MemberID]float64
	}{
		{"owner alone", "acme", nil, "gamma", map[model.MemberID]float64{"acme": 1}},
		{"owner and another's patent", "acme", []model.MemberID{"beta"}, "gamma", map[model.MemberID]float64{"acme": 0.5, "beta": 0.5}},
		{"own patent counted once", "acme", []model.MemberID{"acme", "beta"}, "gamma", map[model.MemberID]float64{"acme": 0.5, "beta": 0.5}},
		{"requester's own item", "gamma", []model.MemberID{"beta"}, "gamma", map[model.MemberID]float64{"beta": 0.5}},
		{"catalogue part", model.Catalogue, nil, "gamma", map[model.MemberID]float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &retrieval.Candidate{Owner: tt.owner}
			for _, o := range tt.techs {
				c.Technologies = append(c.Technologies, retrieval.TechnologyRef{Owner: o})
			}
			got := creditShares(c, tt.requester)
			if len(got) != len(tt.want) {
				t.Fatalf("shares %v, want %v", got, tt.want)
			}
			for m, w := range tt.want {
				if got[m] != w {
					t.Errorf("%s: %v, want %v", m, got[m], w)
				}
			}
		})
	}
}
