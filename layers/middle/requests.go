package middle

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cbb-alliance/cbb/layers/model"
)

// OpenRequest stores a new R&D request, numbering it. A request still
// open or assigned for the same requirement item is returned instead:
// designing the same requirement again does not ask twice.
//
// The request is the acting member's: its requester.
func (l *Library) OpenRequest(ctx context.Context, r model.Request) (model.Request, error) {
	if err := l.mayAct(); err != nil {
		return r, err
	}
	r.Requester = l.Viewer.Member
	if r.Item == "" {
		return r, model.Errorf(model.Invalid, "R&D request without a requirement item")
	}
	all, err := l.allRequests(ctx)
	if err != nil {
		return r, err
	}
	for _, q := range all {
		if q.Requester == r.Requester && q.Requirement == r.Requirement && q.Item == r.Item && q.State != model.RequestDone {
			return q, nil
		}
	}
	n := len(all)
	now := time.Now().UTC()
	r.ID = fmt.Sprintf("RD-%05d", n+1)
	r.State, r.Opened, r.Updated, r.By = model.RequestOpen, now, now, l.Viewer.Member
	entry := l.audit(model.AuditRDOpen, r.ID, fmt.Sprintf("%s: %s", r.Requirement, r.Item))
	if err := l.Store.PutDocs(ctx, tableRequest, map[string]any{r.ID: r}, true, entry); err != nil {
		return r, err
	}
	return r, nil
}

// mayRead reports whether the acting member may see a request: its
// requester's requirement is that member's business, shared with the
// member assigned to meet it and the administrator.
func (l *Library) mayRead(r model.Request) bool {
	v := l.Viewer
	return v.Admin || r.Requester == v.Member || r.Assignee == v.Member || r.Requester == ""
}

// Request returns an R&D request the acting member may see.
func (l *Library) Request(ctx context.Context, id string) (model.Request, error) {
	var r model.Request
	err := l.Store.GetDoc(ctx, tableRequest, id, &r)
	if err == nil && !l.mayRead(r) {
		return model.Request{}, model.Errorf(model.NotFound, "no %s %s", tableRequest, id)
	}
	return r, err
}

// Requests returns the R&D requests the acting member may see, in number
// order; with state set, only those in that state.
func (l *Library) Requests(ctx context.Context, state model.RequestState) ([]model.Request, error) {
	all, err := l.allRequests(ctx)
	var out []model.Request
	for _, r := range all {
		if l.mayRead(r) && (state == "" || r.State == state) {
			out = append(out, r)
		}
	}
	return out, err
}

func (l *Library) allRequests(ctx context.Context) ([]model.Request, error) {
	var out []model.Request
	err := l.Store.Docs(ctx, tableRequest, "", func(_ string, raw []byte) error {
		var r model.Request
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// AssignRequest assigns an open or assigned request to a member
// institute or lab; its requester (or the administrator) does.
func (l *Library) AssignRequest(ctx context.Context, id string, to model.MemberID) (model.Request, error) {
	r, err := l.Request(ctx, id)
	if err != nil {
		return r, err
	}
	if err := l.mayAct(); err != nil {
		return r, err
	}
	if !l.Viewer.Admin && r.Requester != l.Viewer.Member {
		return r, model.Errorf(model.Forbidden, "R&D request %s is %s's to assign", id, r.Requester)
	}
	if r.State == model.RequestDone {
		return r, model.Errorf(model.Conflict, "R&D request %s is done already", id)
	}
	if _, err := l.Store.Member(ctx, to); err != nil {
		return r, err
	}
	r.State, r.Assignee, r.Updated, r.By = model.RequestAssigned, to, time.Now().UTC(), l.Viewer.Member
	return r, l.Store.PutDocs(ctx, tableRequest, map[string]any{id: r}, false, l.audit(model.AuditRDAssign, id, "to "+string(to)))
}

// CloseRequest marks a request done, naming the item that meets it; its
// requester or assignee (or the administrator) does, naming an item it may
// see.
func (l *Library) CloseRequest(ctx context.Context, id string, result model.ItemID) (model.Request, error) {
	r, err := l.Request(ctx, id)
	if err != nil {
		return r, err
	}
	if err := l.mayAct(); err != nil {
		return r, err
	}
	if r.State != model.RequestAssigned {
		return r, model.Errorf(model.Conflict, "R&D request %s is %s: assign it before closing it", id, r.State)
	}
	if result != "" {
		if _, err := l.items().Item(ctx, result); err != nil {
			return r, err
		}
	}
	r.State, r.Result, r.Updated, r.By = model.RequestDone, result, time.Now().UTC(), l.Viewer.Member
	return r, l.Store.PutDocs(ctx, tableRequest, map[string]any{id: r}, false, l.audit(model.AuditRDDone, id, "result "+string(result)))
}
