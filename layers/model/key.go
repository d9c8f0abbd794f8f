package model

import (
	"slices"
	"time"
)

// Role is what an API key may do on behalf of its member.
type Role string

// The roles. The alliance administrator's keys act as Administrator; every
// other key acts as its member, within its role.
const (
	RoleAllianceAdmin Role = "alliance-admin" // the administrator: members, projects, audit, every item
	RoleMemberAdmin   Role = "member-admin"   // everything its member may do, its keys included
	RoleEngineer      Role = "engineer"       // read, query, design and record, R&D requests
	RoleArchitect     Role = "architect"      // an engineer's rights, rationalization, rules, variability
	RoleIntegration   Role = "integration"    // a PDM system: read and import
)

// Roles lists every role.
var Roles = []Role{RoleAllianceAdmin, RoleMemberAdmin, RoleEngineer, RoleArchitect, RoleIntegration}

// Action is a kind of operation a role may be granted.
type Action string

// The actions roles are granted.
const (
	ActRead        Action = "read"        // items, where-used, stats, query, duplicates, rules, members
	ActDesign      Action = "design"      // plan and record a design, R&D requests
	ActRationalize Action = "rationalize" // rationalization runs, accepting families
	ActRules       Action = "rules"       // design rules and variability
	ActImport      Action = "import"      // imports and pushes of the member's records
	ActLicence     Action = "licence"     // licences and technologies of the member's items
	ActKeys        Action = "keys"        // the member's API keys
	ActAdminister  Action = "administer"  // members, projects, audit, backup: the administrator's
)

var grants = map[Role][]Action{
	RoleAllianceAdmin: {ActRead, ActDesign, ActRationalize, ActRules, ActImport, ActLicence, ActKeys, ActAdminister},
	RoleMemberAdmin:   {ActRead, ActDesign, ActRationalize, ActRules, ActImport, ActLicence, ActKeys},
	RoleEngineer:      {ActRead, ActDesign},
	RoleArchitect:     {ActRead, ActDesign, ActRationalize, ActRules},
	RoleIntegration:   {ActRead, ActImport},
}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// May reports whether the role grants the action.
func (r Role) May(a Action) bool { return slices.Contains(grants[r], a) }

// Require returns a Forbidden error unless the role grants the action.
func (r Role) Require(a Action) error {
	if r.May(a) {
		return nil
	}
	return Errorf(Forbidden, "a key of role %s may not %s", r, a)
}

// Key is an API key: who it acts as, in which role. Only a hash of its
// secret is kept; the secret is shown once, when the key is made.
type Key struct {
	ID      string    `json:"id"`
	Member  MemberID  `json:"member"`
	Role    Role      `json:"role"`
	Name    string    `json:"name,omitempty"`
	Created time.Time `json:"created"`
	// Actor is who made the key.
	Actor   MemberID  `json:"actor"`
	Revoked time.Time `json:"revoked,omitzero"`
	// Hash is the hex SHA-256 of the secret.
	Hash string `json:"hash,omitempty"`
}

// Validate checks the key is well formed.
func (k Key) Validate() error {
	switch {
	case k.ID == "" || k.Member == "":
		return Errorf(Invalid, "key without an id or a member")
	case !k.Role.Valid():
		return Errorf(Invalid, "key %s: unknown role %q (want one of %v)", k.ID, k.Role, Roles)
	case (k.Role == RoleAllianceAdmin) != (k.Member == Administrator):
		return Errorf(Invalid, "key %s: the role %s is the administrator's, and the administrator's only", k.ID, RoleAllianceAdmin)
	}
	return nil
}
