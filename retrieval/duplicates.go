package retrieval

import (
	"context"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/dedup"
	"github.com/cbb-alliance/cbb/retrieval/index"
)

// Duplicate is a near-duplicate of an item: another item of the same
// function and parameters, under another number or wording.
type Duplicate struct {
	ID        model.ItemID    `json:"id"`
	Level     model.Level     `json:"level"`
	Name      string          `json:"name"`
	Class     model.ClassPath `json:"class,omitempty"`
	Lifecycle model.Lifecycle `json:"lifecycle"`
	Owner     model.MemberID  `json:"owner"`
	Source    model.SourceRef `json:"source"`
	UsedIn    int             `json:"used_in"`
	Score     float64         `json:"score"`
	Reasons   []string        `json:"reasons"`
}

// NearDuplicates returns the items the viewer may see that are
// near-duplicates of the item id (see package dedup for the comparison),
// best first. Candidates come from the index like a requirement's: the
// item's own text and parameters are the requirement.
func (e *Engine) NearDuplicates(ctx context.Context, id model.ItemID, v index.Viewer, opt dedup.Options) ([]Duplicate, error) {
	it, err := e.Items.Item(ctx, id)
	if err != nil {
		return nil, err
	}
	p := prepare(model.RequirementItem{Name: it.Name, Text: strings.TrimSpace(it.Name + " " + it.Description), Level: it.Level})
	hits, err := e.candidates(ctx, p, []model.Level{it.Level}, v)
	if err != nil {
		return nil, err
	}
	ids := make([]model.ItemID, 0, len(hits))
	for _, h := range hits {
		if h.ID != id {
			ids = append(ids, h.ID)
		}
	}
	uses, err := e.read(ctx, ids)
	if err != nil {
		return nil, err
	}
	cands := make([]model.Item, 0, len(uses))
	for _, id := range ids {
		if u, ok := uses[id]; ok {
			cands = append(cands, u.Item)
		}
	}
	var out []Duplicate
	for _, pair := range dedup.Of(it, cands, opt) {
		u := uses[pair.B]
		c := u.Item
		out = append(out, Duplicate{
			ID: c.ID, Level: c.Level, Name: c.Name, Class: c.Class, Lifecycle: c.Lifecycle, Owner: c.Owner,
			Source: c.Source, UsedIn: u.UsedIn, Score: round(pair.Score), Reasons: pair.Reasons,
		})
	}
	return out, nil
}
