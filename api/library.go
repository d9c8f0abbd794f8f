package api

import (
	"context"
	"fmt"

	"github.com/cbb-alliance/cbb/layers/middle"
	"github.com/cbb-alliance/cbb/layers/model"
)

// The middle layer through a session: rules, variability, R&D requests
// and credits, each read and written as the session's member.

// Credits implements Service.
func (s *Session) Credits(ctx context.Context) (map[model.MemberID]float64, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return nil, err
	}
	return s.library().Credits(ctx)
}

// Rules implements Service.
func (s *Session) Rules(ctx context.Context, status model.RuleStatus) ([]model.Rule, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return nil, err
	}
	return s.library().Rules(ctx, status)
}

// RuleVersions implements Service.
func (s *Session) RuleVersions(ctx context.Context, id string) ([]model.Rule, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return nil, err
	}
	vs, err := s.library().RuleVersions(ctx, id)
	if err == nil && len(vs) == 0 {
		err = model.Errorf(model.NotFound, "no rule %s", id)
	}
	return vs, err
}

// PutRules implements Service: every rule is checked before any is
// stored, so a file of rules is taken whole or not at all.
func (s *Session) PutRules(ctx context.Context, rules []model.Rule) ([]model.Rule, error) {
	if err := s.role.Require(model.ActRules); err != nil {
		return nil, err
	}
	for i := range rules {
		if rules[i].Origin == "" {
			rules[i].Origin = "architect"
		}
		if rules[i].Status == "" {
			rules[i].Status = model.RuleProposed
		}
		if err := rules[i].Validate(); err != nil {
			return nil, err
		}
		for _, e := range []string{rules[i].Expr, rules[i].Condition} {
			if e != "" {
				if err := middle.CheckExpr(e); err != nil {
					return nil, fmt.Errorf("rule %s: %w", rules[i].ID, err)
				}
			}
		}
	}
	lib := s.library()
	var out []model.Rule
	for _, r := range rules {
		got, err := lib.PutRule(ctx, r)
		if err != nil {
			return out, err
		}
		out = append(out, got)
	}
	return out, nil
}

// SetRuleStatus implements Service.
func (s *Session) SetRuleStatus(ctx context.Context, id string, status model.RuleStatus) (model.Rule, error) {
	if err := s.role.Require(model.ActRules); err != nil {
		return model.Rule{}, err
	}
	return s.library().SetRuleStatus(ctx, id, status)
}

// Variability implements Service.
func (s *Session) Variability(ctx context.Context, ref string) (model.Variability, error) {
	id, err := s.Resolve(ctx, ref)
	if err != nil {
		return model.Variability{}, err
	}
	v, ok, err := s.library().Variability(ctx, id)
	if err == nil && !ok {
		err = model.Errorf(model.NotFound, "%s has no variability: no variants and none stated", ref)
	}
	if err == nil {
		if it, ierr := s.view().Item(ctx, id); ierr == nil {
			err = s.auditRead(ctx, &it, "variability")
		}
	}
	return v, err
}

// PutVariability implements Service.
func (s *Session) PutVariability(ctx context.Context, v model.Variability) error {
	if err := s.role.Require(model.ActRules); err != nil {
		return err
	}
	id, err := s.Resolve(ctx, string(v.Item))
	if err != nil {
		return err
	}
	v.Item = id
	return s.library().PutVariability(ctx, v)
}

// Requests implements Service.
func (s *Session) Requests(ctx context.Context, state model.RequestState) ([]model.Request, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return nil, err
	}
	return s.library().Requests(ctx, state)
}

// AssignRequest implements Service.
func (s *Session) AssignRequest(ctx context.Context, id string, to model.MemberID) (model.Request, error) {
	if err := s.role.Require(model.ActDesign); err != nil {
		return model.Request{}, err
	}
	return s.library().AssignRequest(ctx, id, to)
}

// CloseRequest implements Service.
func (s *Session) CloseRequest(ctx context.Context, id string, result string) (model.Request, error) {
	if err := s.role.Require(model.ActDesign); err != nil {
		return model.Request{}, err
	}
	var item model.ItemID
	if result != "" {
		var err error
		if item, err = s.Resolve(ctx, result); err != nil {
			return model.Request{}, err
		}
	}
	return s.library().CloseRequest(ctx, id, item)
}
