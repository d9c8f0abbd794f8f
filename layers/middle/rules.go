package middle

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
)

// Library is the middle layer over a store.
//
// Every Library acts as one member (Viewer): items are read as that member
// sees them, and every write is made on its behalf, checked against its
// rights and recorded with it in the audit log.
type Library struct {
	Store  *data.Store
	Viewer model.Viewer
}

// For returns the library of store s as member v acts on it.
func For(s *data.Store, v model.Viewer) *Library { return &Library{Store: s, Viewer: v} }

// items is the store as the acting member sees it.
func (l *Library) items() *data.View { return l.Store.As(l.Viewer) }

// mayAct fails unless the acting member may write at all: an active
// member or the administrator.
func (l *Library) mayAct() error { return l.Viewer.MayWrite(l.Viewer.Member) }

// audit is the audit entry of a write by the acting member.
func (l *Library) audit(action, target, detail string) model.AuditEntry {
	return model.AuditEntry{Actor: l.Viewer.Member, Action: action, Target: target, Detail: detail}
}

const (
	tableRule     = "rule"
	tableVar      = "variability"
	tableRequest  = "request"
	tableCredit   = "credit"
	versionDigits = 6
)

func ruleKey(id string, version int) string {
	return fmt.Sprintf("%s/%0*d", id, versionDigits, version)
}

// CheckExpr compiles an expression as the design layer will evaluate it,
// so that a rule with a syntax error is refused when it is written, not
// when a design runs into it.
func CheckExpr(src string) error {
	if _, err := expr.Compile(src, expr.AllowUndefinedVariables(), expr.AsBool()); err != nil {
		return model.Errorf(model.Invalid, "expression %q: %v", src, err)
	}
	return nil
}

// PutRule stores a rule as a new version: version 1 for a new id, the
// next version when it differs from the latest (same content: nothing is
// written and the latest is returned). Old versions are never changed.
func (l *Library) PutRule(ctx context.Context, r model.Rule) (model.Rule, error) {
	if err := l.mayAct(); err != nil {
		return r, err
	}
	r.Author = string(l.Viewer.Member)
	if r.Status == "" {
		r.Status = model.RuleProposed
	}
	if err := r.Validate(); err != nil {
		return r, err
	}
	for _, e := range []string{r.Expr, r.Condition} {
		if e != "" {
			if err := CheckExpr(e); err != nil {
				return r, fmt.Errorf("rule %s: %w", r.ID, err)
			}
		}
	}
	if strings.Contains(r.ID, "/") {
		return r, model.Errorf(model.Invalid, "rule id %q: no slashes", r.ID)
	}
	if err := l.checkRuleItems(ctx, r); err != nil {
		return r, err
	}
	latest, err := l.Rule(ctx, r.ID)
	switch {
	case model.Code(err) == model.NotFound:
		r.Version = 1
	case err != nil:
		return r, err
	default:
		if sameRule(latest, r) {
			return latest, nil
		}
		r.Version = latest.Version + 1
	}
	if r.At.IsZero() {
		r.At = time.Now().UTC()
	}
	action := model.AuditRuleAdd
	switch {
	case r.Version > 1 && r.Status == model.RuleAccepted && latest.Status != model.RuleAccepted:
		action = model.AuditRuleAccept
	case r.Version > 1 && r.Status == model.RuleRetired:
		action = model.AuditRuleRetire
	}
	entry := l.audit(action, r.ID, fmt.Sprintf("version %d, %s: %s", r.Version, r.Status, r.Name))
	if err := l.Store.PutDocs(ctx, tableRule, map[string]any{ruleKey(r.ID, r.Version): r}, true, entry); err != nil {
		return r, err
	}
	return r, nil
}

// sameRule compares what a rule says, not when or at which version.
func sameRule(a, b model.Rule) bool {
	a.Version, b.Version, a.At, b.At = 0, 0, time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

// SetRuleStatus writes a new version of the rule with another status,
// authored by the acting member: accepting a proposed rule, retiring an
// accepted one.
func (l *Library) SetRuleStatus(ctx context.Context, id string, st model.RuleStatus) (model.Rule, error) {
	r, err := l.Rule(ctx, id)
	if err != nil {
		return r, err
	}
	r.Status, r.At = st, time.Time{}
	return l.PutRule(ctx, r)
}

// Rule returns the latest version of a rule.
func (l *Library) Rule(ctx context.Context, id string) (model.Rule, error) {
	vs, err := l.RuleVersions(ctx, id)
	if err != nil {
		return model.Rule{}, err
	}
	if len(vs) == 0 {
		return model.Rule{}, model.Errorf(model.NotFound, "no rule %s", id)
	}
	return vs[len(vs)-1], nil
}

// RuleVersions returns every version of a rule, oldest first.
func (l *Library) RuleVersions(ctx context.Context, id string) ([]model.Rule, error) {
	var out []model.Rule
	err := l.Store.Docs(ctx, tableRule, id+"/", func(_ string, raw []byte) error {
		var r model.Rule
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// Rules returns the latest version of every rule, by id; with status set,
// only those whose latest version has it.
func (l *Library) Rules(ctx context.Context, status model.RuleStatus) ([]model.Rule, error) {
	var out []model.Rule
	err := l.Store.Docs(ctx, tableRule, "", func(_ string, raw []byte) error {
		var r model.Rule
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		if n := len(out); n > 0 && out[n-1].ID == r.ID {
			out[n-1] = r // versions come in order: keep the latest
			return nil
		}
		out = append(out, r)
		return nil
	})
	if err != nil || status == "" {
		return out, err
	}
	kept := out[:0]
	for _, r := range out {
		if r.Status == status {
			kept = append(kept, r)
		}
	}
	return kept, nil
}

// checkRuleItems refuses a rule that names, by id, an item the acting
// member may not see, or one it may see but not publish: rules are read by
// every member, so a rule about a licensed or partners-only item would
// tell the whole alliance about it.
func (l *Library) checkRuleItems(ctx context.Context, r model.Rule) error {
	for _, ref := range slices.Concat(r.If, r.Then) {
		if strings.HasPrefix(ref, "class:") || strings.HasPrefix(ref, "name:") {
			continue
		}
		it, err := l.items().Item(ctx, model.ItemID(ref))
		if err != nil {
			return fmt.Errorf("rule %s: %w", r.ID, err)
		}
		if !l.Viewer.Publishes(&it) {
			return model.Errorf(model.Forbidden, "rule %s names %s %q, which is not yours to tell the alliance about (%s, scope %s)", r.ID, it.Level, it.Name, it.Owner, it.Scope.Kind)
		}
	}
	return nil
}
