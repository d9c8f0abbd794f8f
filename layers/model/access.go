package model

import (
	"slices"
	"strings"
)

// Reserved identities. Neither is a member: no member may be added under
// these ids.
const (
	// Catalogue owns the shared catalogue: items that are nobody's IP
	// (manufacturer parts by maker and part number, standard parts by
	// standard and size, parts of public libraries). Catalogue items are
	// public whoever imported them; a member's product owns its BOM lines,
	// not the part.
	Catalogue MemberID = "catalogue"
	// Administrator is the alliance administrator: it manages members,
	// reads the audit log, backs up and restores the store, and sees every
	// item. It owns nothing.
	Administrator MemberID = "admin"
)

// Reserved reports whether id is one of the reserved identities.
func Reserved(id MemberID) bool { return id == Catalogue || id == Administrator }

// OwnedID is the id of a member's own record: the reader's id of the
// record (derived from its source key, see NewID) keyed within the owning
// member, so that no import by one member can reach another's item, and
// the same record of two members is two items.
func OwnedID(owner MemberID, readerID ItemID) ItemID {
	return NewID("member\x00"+string(owner), string(readerID))
}

// KeyedID is the id an item must have: derived from its source key,
// within its owner unless it is a catalogue item. The store refuses an
// item whose id or source namespace is anything else, so no writer can
// place an item at an id that belongs to another owner's record.
func KeyedID(it *Item) ItemID {
	base := NewID(it.Source.System, it.Source.ExternalID)
	if it.Owner == Catalogue {
		return base
	}
	return OwnedID(it.Owner, base)
}

// CheckKeys reports how an item's identity breaks the keying rule: a
// source key is required, in the owner's namespace for a member's record
// and in none for a catalogue item, and the id must follow from it.
func CheckKeys(it *Item) error {
	switch {
	case it.Source.System == "" || it.Source.ExternalID == "":
		return Errorf(Invalid, "%s %q has no source key (system and external id)", it.Level, it.Name)
	case it.Owner == Catalogue && it.Source.Namespace != "":
		return Errorf(Invalid, "catalogue item %q: its source key %s has a member's namespace", it.Name, it.Source)
	case it.Owner != Catalogue && it.Source.Namespace != it.Owner:
		return Errorf(Invalid, "%s %q of %s: its source key must be in its owner's namespace, not %q", it.Level, it.Name, it.Owner, it.Source.Namespace)
	case it.ID != KeyedID(it):
		return Errorf(Invalid, "%s %q: id %s does not follow from its owner and source key %s", it.Level, it.Name, it.ID, it.Source)
	}
	return nil
}

// Viewer is the acting member of a read, with what it may see beyond the
// scopes of items: the licences it holds and the members whose items have
// left the others' view. Build one with the data layer (data.Store.Viewer):
// every read path takes one.
type Viewer struct {
	Member MemberID
	// Active is false for an expelled or withdrawn member: it sees public
	// items and its own, and nothing it was licensed.
	Active bool
	// Admin marks the alliance administrator, who sees everything.
	Admin bool
	// Licensed holds the items the viewer holds a licence for (an
	// item and what it contains), sorted; set only for active members.
	Licensed []ItemID
	// Gone holds the members that withdrew or were expelled, sorted:
	// their non-public items leave the others' view, but for licences
	// they granted before leaving.
	Gone []MemberID
	// Projects holds the alliance projects the viewer is a member of.
	Projects []ProjectID
}

// CanSee reports whether v may see it. Anyone sees public and catalogue
// items; a member always sees its own, even once gone (pre-existing IP
// stays the owner's); an active member also sees what it holds a licence
// for, and the items of active members shared with the alliance or with
// partners that name it.
func (v Viewer) CanSee(it *Item) bool {
	switch {
	case v.Admin:
		return true
	case it.Owner == v.Member && v.Member != "":
		return true
	case it.Owner == Catalogue || it.Scope.Kind == ScopePublic:
		return true
	case !v.Active:
		return false
	case v.IsLicensed(it.ID):
		return true
	case v.IsGone(it.Owner):
		return false
	case it.Scope.Kind == ScopeAlliance:
		return true
	case it.Scope.Kind == ScopePartners:
		return slices.Contains(it.Scope.Partners, v.Member)
	}
	return false
}

// IsLicensed reports whether v holds a licence covering id.
func (v Viewer) IsLicensed(id ItemID) bool {
	_, ok := slices.BinarySearch(v.Licensed, id)
	return ok
}

// IsGone reports whether member m withdrew or was expelled.
func (v Viewer) IsGone(m MemberID) bool {
	_, ok := slices.BinarySearch(v.Gone, m)
	return ok
}

// Foreign reports whether a read of it by v is a read of another member's
// non-public item: such reads are recorded in the audit log.
func (v Viewer) Foreign(it *Item) bool {
	return it.Owner != v.Member && it.Owner != Catalogue && it.Scope.Kind != ScopePublic
}

// Publishes reports whether naming it in something every member sees (a
// design rule, an accepted family) tells no one anything new: it is v's
// own, public, a catalogue item, or shared with the whole alliance by a
// member still in it.
func (v Viewer) Publishes(it *Item) bool {
	switch {
	case it.Owner == v.Member, it.Owner == Catalogue, it.Scope.Kind == ScopePublic:
		return true
	}
	return it.Scope.Kind == ScopeAlliance && !v.IsGone(it.Owner)
}

// MayWrite reports whether v may write records owned by owner: its own,
// the shared catalogue's (nobody's IP), or, for the administrator, any
// member's. A gone member writes nothing.
func (v Viewer) MayWrite(owner MemberID) error {
	switch {
	case v.Member == "":
		return Errorf(Forbidden, "a write needs an acting member")
	case v.Admin:
		return nil
	case !v.Active:
		return Errorf(Forbidden, "member %s has left the alliance and may not write", v.Member)
	case owner == v.Member || owner == Catalogue:
		return nil
	}
	return Errorf(Forbidden, "member %s may not write items owned by %s", v.Member, owner)
}

// RequireAdmin returns a Forbidden error unless v is the administrator.
func (v Viewer) RequireAdmin(what string) error {
	if v.Admin {
		return nil
	}
	return Errorf(Forbidden, "%s is for the alliance administrator only (run as --member %s)", what, Administrator)
}

// ValidMemberID checks a new member's id: not reserved, and free of the
// characters keys and scopes use as separators.
func ValidMemberID(id MemberID) error {
	switch {
	case id == "":
		return Errorf(Invalid, "member without an id")
	case Reserved(id):
		return Errorf(Invalid, "member id %q is reserved", id)
	case strings.ContainsAny(string(id), "/:,\x00 \t\n"):
		return Errorf(Invalid, "member id %q: use letters, digits, '-', '_' or '.'", id)
	}
	return nil
}
