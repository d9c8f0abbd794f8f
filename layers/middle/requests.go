package middle

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"cbb/layers/model"
)

// OpenRequest stores a new R&D request, numbering it. A request still
// open or assigned for the same requirement item is returned instead:
// designing the same requirement again does not ask twice.
func (l *Library) OpenRequest(ctx context.Context, r model.Request) (model.Request, error) {
	if r.Item == "" {
		return r, model.Errorf(model.Invalid, "R&D request without a requirement item")
	}
	all, err := l.Requests(ctx, "")
	if err != nil {
		return r, err
	}
	for _, q := range all {
		if q.Requirement == r.Requirement && q.Item == r.Item && q.State != model.RequestDone {
			return q, nil
		}
	}
	n := len(all)
	now := time.Now().UTC()
	r.ID = fmt.Sprintf("RD-%05d", n+1)
	r.State, r.Opened, r.Updated = model.RequestOpen, now, now
	if err := l.Store.PutDocs(ctx, tableRequest, map[string]any{r.ID: r}, true); err != nil {
		return r, err
	}
	return r, nil
}

// Request returns an R&D request.
func (l *Library) Request(ctx context.Context, id string) (model.Request, error) {
	var r model.Request
	err := l.Store.GetDoc(ctx, tableRequest, id, &r)
	return r, err
}

// Requests returns every R&D request, in number order; with state set,
// only those in that state.
func (l *Library) Requests(ctx context.Context, state model.RequestState) ([]model.Request, error) {
	var out []model.Request
	err := l.Store.Docs(ctx, tableRequest, "", func(_ string, raw []byte) error {
		var r model.Request
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		if state == "" || r.State == state {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// AssignRequest assigns an open or assigned request to a member
// institute or lab.
func (l *Library) AssignRequest(ctx context.Context, id string, to model.MemberID) (model.Request, error) {
	r, err := l.Request(ctx, id)
	if err != nil {
		return r, err
	}
	if r.State == model.RequestDone {
		return r, model.Errorf(model.Conflict, "R&D request %s is done already", id)
	}
	if _, err := l.Store.Member(ctx, to); err != nil {
		return r, err
	}
	r.State, r.Assignee, r.Updated = model.RequestAssigned, to, time.Now().UTC()
	return r, l.Store.PutDocs(ctx, tableRequest, map[string]any{id: r}, false)
}

// CloseRequest marks a request done, naming the item that meets it.
func (l *Library) CloseRequest(ctx context.Context, id string, result model.ItemID) (model.Request, error) {
	r, err := l.Request(ctx, id)
	if err != nil {
		return r, err
	}
	if r.State != model.RequestAssigned {
		return r, model.Errorf(model.Conflict, "R&D request %s is %s: assign it before closing it", id, r.State)
	}
	if result != "" {
		if _, err := l.Store.Item(ctx, result); err != nil {
			return r, err
		}
	}
	r.State, r.Result, r.Updated = model.RequestDone, result, time.Now().UTC()
	return r, l.Store.PutDocs(ctx, tableRequest, map[string]any{id: r}, false)
}
