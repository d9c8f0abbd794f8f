package model

import (
	"fmt"
	"slices"
	"time"
)

// ProjectID identifies an alliance project.
type ProjectID string

// Project is an alliance project: members working together, to which an
// owner may license its IP as a whole.
type Project struct {
	ID      ProjectID  `json:"id"`
	Name    string     `json:"name"`
	Members []MemberID `json:"members"`
	Created time.Time  `json:"created"`
	Actor   MemberID   `json:"actor"`
}

// Validate checks the project is well formed.
func (p Project) Validate() error {
	switch {
	case p.ID == "":
		return Errorf(Invalid, "project without an id")
	case len(p.Members) == 0:
		return Errorf(Invalid, "project %s has no members", p.ID)
	}
	return nil
}

// Purpose is what a licence may be used for.
type Purpose string

// The purposes of a licence, as the alliance agreement names them.
const (
	Research          Purpose = "research"
	Industrialization Purpose = "industrialization"
)

// Purposes lists every purpose.
var Purposes = []Purpose{Research, Industrialization}

// Licence grants named members, or the members of an alliance project, the
// right to see and reuse an owner's item and what it contains, for a
// purpose, until an optional end date. A licence outlives its grantor's
// membership: a member that leaves keeps its licences to others working on
// their original terms.
type Licence struct {
	ID        string     `json:"id"`
	Item      ItemID     `json:"item"`
	Owner     MemberID   `json:"owner"` // the grantor: the item's owner
	Licensees []MemberID `json:"licensees,omitempty"`
	Project   ProjectID  `json:"project,omitempty"`
	Purpose   Purpose    `json:"purpose"`
	// Until is the last moment the licence holds; zero: no end.
	Until   time.Time `json:"until,omitzero"`
	Granted time.Time `json:"granted"`
	Actor   MemberID  `json:"actor"`
	// Revoked is when the owner revoked it; zero: not revoked.
	Revoked time.Time `json:"revoked,omitzero"`
}

// Validate checks the licence is well formed.
func (l Licence) Validate() error {
	switch {
	case l.ID == "" || l.Item == "" || l.Owner == "":
		return Errorf(Invalid, "licence needs an id, an item and an owner")
	case len(l.Licensees) == 0 && l.Project == "":
		return Errorf(Invalid, "licence %s names neither licensees nor a project", l.ID)
	case !slices.Contains(Purposes, l.Purpose):
		return Errorf(Invalid, "licence %s: unknown purpose %q (want one of %v)", l.ID, l.Purpose, Purposes)
	case slices.Contains(l.Licensees, l.Owner):
		return Errorf(Invalid, "licence %s: %s cannot license its own item to itself", l.ID, l.Owner)
	}
	return nil
}

// InForce reports whether the licence holds at t.
func (l Licence) InForce(t time.Time) bool {
	if !l.Revoked.IsZero() && !t.Before(l.Revoked) {
		return false
	}
	return l.Until.IsZero() || !t.After(l.Until)
}

// Covers reports whether the licence names member m, directly or through
// one of the projects m belongs to.
func (l Licence) Covers(m MemberID, projects []ProjectID) bool {
	return slices.Contains(l.Licensees, m) || (l.Project != "" && slices.Contains(projects, l.Project))
}

// String names the licence for people.
func (l Licence) String() string {
	to := fmt.Sprint(l.Licensees)
	if l.Project != "" {
		to = "project " + string(l.Project)
	}
	return fmt.Sprintf("licence %s: %s's item %s to %s for %s", l.ID, l.Owner, l.Item, to, l.Purpose)
}
