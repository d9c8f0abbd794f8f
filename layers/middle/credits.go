package middle

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Credit is one technology credit: a member's item reused in a design.
type Credit struct {
	Member      model.MemberID `json:"member"`
	Item        model.ItemID   `json:"item"`
	Requirement string         `json:"requirement"`
	// Effort is the design effort the reuse saved (in the design
	// report's units).
	Effort float64   `json:"effort"`
	At     time.Time `json:"at"`
	// Actor is the member whose design recorded the credit.
	Actor model.MemberID `json:"actor"`
}

// RecordCredits appends the credits of one design by the acting member,
// in one transaction.
func (l *Library) RecordCredits(ctx context.Context, cs []Credit) error {
	if len(cs) == 0 {
		return nil
	}
	if err := l.mayAct(); err != nil {
		return err
	}
	now := time.Now().UTC()
	docs := map[string]any{}
	for i, c := range cs {
		if c.At.IsZero() {
			c.At = now
		}
		c.Actor = l.Viewer.Member
		docs[fmt.Sprintf("%s/%s/%03d", c.Member, now.Format("20060102T150405.000000000"), i)] = c
	}
	entry := l.audit(model.AuditDesignRecord, cs[0].Requirement, fmt.Sprintf("%d credits", len(cs)))
	return l.Store.PutDocs(ctx, tableCredit, docs, true, entry)
}

// Credits sums the recorded credits per member.
func (l *Library) Credits(ctx context.Context) (map[model.MemberID]float64, error) {
	out := map[model.MemberID]float64{}
	err := l.Store.Docs(ctx, tableCredit, "", func(_ string, raw []byte) error {
		var c Credit
		if err := json.Unmarshal(raw, &c); err != nil {
			return err
		}
		out[c.Member] += c.Effort
		return nil
	})
	return out, err
}
