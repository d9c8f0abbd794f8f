package api

import (
	"context"
	"time"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
)

// The alliance's administration through a session: members, projects,
// licences, API keys and the audit log. The store checks each right
// again where it writes.

// Members implements Service.
func (s *Session) Members(ctx context.Context) ([]model.Member, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return nil, err
	}
	return s.core.Store.Members(ctx)
}

// Licences implements Service.
func (s *Session) Licences(ctx context.Context) ([]model.Licence, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return nil, err
	}
	return s.core.Store.Licences(ctx, s.viewer)
}

// GrantLicence implements Service.
func (s *Session) GrantLicence(ctx context.Context, l model.Licence) (model.Licence, error) {
	if err := s.role.Require(model.ActLicence); err != nil {
		return l, err
	}
	return s.core.Store.GrantLicence(ctx, s.viewer.Member, l)
}

// RevokeLicence implements Service.
func (s *Session) RevokeLicence(ctx context.Context, id string) (model.Licence, error) {
	if err := s.role.Require(model.ActLicence); err != nil {
		return model.Licence{}, err
	}
	return s.core.Store.RevokeLicence(ctx, s.viewer.Member, id)
}

// CreateKey implements Service.
func (s *Session) CreateKey(ctx context.Context, k model.Key) (model.Key, string, error) {
	if err := s.role.Require(model.ActKeys); err != nil {
		return k, "", err
	}
	return s.core.Store.CreateKey(ctx, s.viewer.Member, k)
}

// Keys implements Service.
func (s *Session) Keys(ctx context.Context) ([]model.Key, error) {
	if err := s.role.Require(model.ActKeys); err != nil {
		return nil, err
	}
	return s.core.Store.Keys(ctx, s.viewer)
}

// RevokeKey implements Service.
func (s *Session) RevokeKey(ctx context.Context, id string) (model.Key, error) {
	if err := s.role.Require(model.ActKeys); err != nil {
		return model.Key{}, err
	}
	return s.core.Store.RevokeKey(ctx, s.viewer.Member, id)
}

// AuditLog implements Service.
func (s *Session) AuditLog(ctx context.Context, q data.AuditQuery) ([]model.AuditEntry, error) {
	if err := s.viewer.RequireAdmin("reading the audit log"); err != nil {
		return nil, err
	}
	if err := s.role.Require(model.ActAdminister); err != nil {
		return nil, err
	}
	out := []model.AuditEntry{}
	err := s.core.Store.AuditLog(ctx, q, func(e model.AuditEntry) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// AddMember implements Service.
func (s *Session) AddMember(ctx context.Context, m model.Member) (model.Member, error) {
	if err := s.viewer.RequireAdmin("admitting members"); err != nil {
		return m, err
	}
	if err := s.role.Require(model.ActAdminister); err != nil {
		return m, err
	}
	if _, err := s.core.Store.Member(ctx, m.ID); err == nil {
		return m, model.Errorf(model.Conflict, "member %s exists already", m.ID)
	}
	if m.Name == "" {
		m.Name = string(m.ID)
	}
	if m.Kind == "" {
		m.Kind = model.Enterprise
	}
	m.Status, m.Joined, m.History = model.Active, time.Now().UTC(), nil
	if err := s.core.Store.PutMember(ctx, s.viewer.Member, m); err != nil {
		return m, err
	}
	return s.core.Store.Member(ctx, m.ID)
}

// SetMemberStatus implements Service.
func (s *Session) SetMemberStatus(ctx context.Context, id model.MemberID, status model.MemberStatus, ifMatch string) (model.Member, error) {
	if err := s.viewer.RequireAdmin("changing a member's status"); err != nil {
		return model.Member{}, err
	}
	if err := s.role.Require(model.ActAdminister); err != nil {
		return model.Member{}, err
	}
	return s.core.Store.SetMemberStatus(ctx, s.viewer.Member, id, status, ifMatch)
}

// Projects implements Service.
func (s *Session) Projects(ctx context.Context) ([]model.Project, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return nil, err
	}
	return s.core.Store.Projects(ctx)
}

// AddProject implements Service.
func (s *Session) AddProject(ctx context.Context, p model.Project) (model.Project, error) {
	if err := s.viewer.RequireAdmin("setting up a project"); err != nil {
		return p, err
	}
	if err := s.role.Require(model.ActAdminister); err != nil {
		return p, err
	}
	return s.core.Store.AddProject(ctx, s.viewer.Member, p)
}
