package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// MemberID identifies an alliance member.
type MemberID string

// MemberKind says what sort of organisation a member is.
type MemberKind string

// The member kinds.
const (
	Enterprise MemberKind = "enterprise"
	University MemberKind = "university"
	Institute  MemberKind = "institute"
	OtherKind  MemberKind = "other"
)

// MemberKinds lists every member kind.
var MemberKinds = []MemberKind{Enterprise, University, Institute, OtherKind}

// MemberStatus is a member's standing in the alliance.
type MemberStatus string

// The member states. A withdrawn member left of its own accord; an expelled
// one was removed. Either way it loses its rights to others' items, while the
// licences it granted on its own items keep working.
const (
	Active    MemberStatus = "active"
	Withdrawn MemberStatus = "withdrawn"
	Expelled  MemberStatus = "expelled"
)

// MemberStatuses lists every member state.
var MemberStatuses = []MemberStatus{Active, Withdrawn, Expelled}

// Member is an enterprise, university, institute or other organisation in the
// alliance.
type Member struct {
	ID     MemberID     `json:"id"`
	Name   string       `json:"name"`
	Kind   MemberKind   `json:"kind"`
	Status MemberStatus `json:"status"`
	Joined time.Time    `json:"joined"`
	// History lists the member's status changes, oldest first: when it
	// joined, withdrew, was expelled or readmitted, and by whom.
	History []StatusChange `json:"history,omitempty"`
}

// Version is the member's version for If-Match: it changes with every
// change of the member.
func (m Member) Version() string {
	b, _ := json.Marshal(m)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// StatusChange is one change of a member's standing.
type StatusChange struct {
	At     time.Time    `json:"at"`
	Status MemberStatus `json:"status"`
	Actor  MemberID     `json:"actor"`
}

// Validate checks the member is well formed.
func (m Member) Validate() error {
	switch {
	case m.ID == "":
		return Errorf(Invalid, "member without an id")
	case !slices.Contains(MemberKinds, m.Kind):
		return Errorf(Invalid, "member %s: unknown kind %q (want one of %v)", m.ID, m.Kind, MemberKinds)
	case !slices.Contains(MemberStatuses, m.Status):
		return Errorf(Invalid, "member %s: unknown status %q (want one of %v)", m.ID, m.Status, MemberStatuses)
	}
	return nil
}

// ScopeKind says who may see an item.
type ScopeKind string

// The sharing scopes, from the narrowest to the widest.
const (
	ScopeOwner    ScopeKind = "owner"
	ScopePartners ScopeKind = "partners"
	ScopeAlliance ScopeKind = "alliance"
	ScopePublic   ScopeKind = "public"
)

// ScopeKinds lists every scope kind.
var ScopeKinds = []ScopeKind{ScopeOwner, ScopePartners, ScopeAlliance, ScopePublic}

// Scope is the sharing scope of an item: its owner only, the owner and named
// partners, the whole alliance, or the public.
type Scope struct {
	Kind     ScopeKind  `json:"kind"`
	Partners []MemberID `json:"partners,omitempty"`
}

// Validate checks the scope is well formed.
func (s Scope) Validate() error {
	if !slices.Contains(ScopeKinds, s.Kind) {
		return fmt.Errorf("unknown scope %q (want one of %v)", s.Kind, ScopeKinds)
	}
	if s.Kind != ScopePartners && len(s.Partners) > 0 {
		return fmt.Errorf("scope %q names partners; only %q does", s.Kind, ScopePartners)
	}
	return nil
}

// ParseScope reads a scope written as "owner", "alliance", "public" or
// "partners:ID,ID".
func ParseScope(s string) (Scope, error) {
	kind, rest, _ := strings.Cut(s, ":")
	sc := Scope{Kind: ScopeKind(kind)}
	for p := range strings.SplitSeq(rest, ",") {
		if p = strings.TrimSpace(p); p != "" {
			sc.Partners = append(sc.Partners, MemberID(p))
		}
	}
	if err := sc.Validate(); err != nil {
		return Scope{}, Errorf(Invalid, "%v", err)
	}
	if sc.Kind == ScopePartners && len(sc.Partners) == 0 {
		return Scope{}, Errorf(Invalid, "scope partners needs member ids, as partners:ID,ID")
	}
	return sc, nil
}
