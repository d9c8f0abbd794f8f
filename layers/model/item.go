package model

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"slices"
	"strings"
)

// ItemID identifies a design unit at any level. IDs are stable: an item
// imported from a PDM gets the ID derived from its source key (see NewID), so
// the same source record always maps to the same item, in any store.
type ItemID string

// Level is the level of a design unit in the CBB hierarchy.
type Level string

// The levels, from the most to the least aggregated.
const (
	LevelFamily     Level = "family"
	LevelProduct    Level = "product"
	LevelModule     Level = "module"
	LevelPart       Level = "part"
	LevelFeature    Level = "feature"
	LevelTechnology Level = "technology"
)

// Levels lists every level in order.
var Levels = []Level{LevelFamily, LevelProduct, LevelModule, LevelPart, LevelFeature, LevelTechnology}

// Valid reports whether l is one of the defined levels.
func (l Level) Valid() bool { return slices.Contains(Levels, l) }

// Lifecycle is the release state of an item.
type Lifecycle string

// The lifecycle states. Preferred items are released items the alliance
// recommends for new designs; deprecated ones should not be used in new
// designs; obsolete ones can no longer be had.
const (
	InWork     Lifecycle = "in_work"
	Released   Lifecycle = "released"
	Preferred  Lifecycle = "preferred"
	Deprecated Lifecycle = "deprecated"
	Obsolete   Lifecycle = "obsolete"
)

// Lifecycles lists every lifecycle state.
var Lifecycles = []Lifecycle{InWork, Released, Preferred, Deprecated, Obsolete}

// Valid reports whether s is one of the defined states.
func (s Lifecycle) Valid() bool { return slices.Contains(Lifecycles, s) }

// ClassPath places an item in a taxonomy, from the root down, separated by
// "/", e.g. "Electronics/Passives/Resistors".
type ClassPath string

// Segments returns the path's parts from the root down.
func (c ClassPath) Segments() []string {
	if c == "" {
		return nil
	}
	return strings.Split(string(c), "/")
}

// SourceRef says where an item came from: the PDM or file format (System),
// the item's identity there (ExternalID) and its revision there, if any.
//
// A member's own record has its owner as Namespace: its source key is
// keyed within that member, so that two members' records with the same
// external id (two files named bom.csv, two InvenTree part:42) are two
// items. Catalogue items have no namespace.
type SourceRef struct {
	Namespace  MemberID `json:"namespace,omitempty"`
	System     string   `json:"system"`
	ExternalID string   `json:"external_id"`
	Revision   string   `json:"revision,omitempty"`
}

// Key is the source key: namespace, system and external id, without the
// revision, so a new revision of a source record updates the same item.
func (s SourceRef) Key() string {
	if s.Namespace == "" {
		return s.System + "\x00" + s.ExternalID
	}
	return string(s.Namespace) + "\x00\x00" + s.System + "\x00" + s.ExternalID
}

// String formats the reference for people.
func (s SourceRef) String() string {
	if s.Revision != "" {
		return fmt.Sprintf("%s:%s@%s", s.System, s.ExternalID, s.Revision)
	}
	return s.System + ":" + s.ExternalID
}

// idEncoding is lowercase, unpadded base32: ids stay short, case-insensitive
// and safe in URLs and file names.
var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewID derives the stable ID of the item with the given source key: 80 bits
// of SHA-256 over system and external id, so collisions are out of reach for
// any catalogue this system will hold.
func NewID(system, externalID string) ItemID {
	sum := sha256.Sum256([]byte(system + "\x00" + externalID))
	return ItemID(idEncoding.EncodeToString(sum[:10]))
}

// ManufacturerPart is one manufacturer's part number for an item.
type ManufacturerPart struct {
	Manufacturer string `json:"manufacturer,omitempty"`
	MPN          string `json:"mpn"`
}

// SupplierPart is one supplier's stock-keeping unit for an item.
type SupplierPart struct {
	Supplier string `json:"supplier"`
	SKU      string `json:"sku"`
}

// Item is a reusable design unit at any level: a product family, a product, a
// module (assembly), a part, a feature or a technology.
type Item struct {
	ID          ItemID    `json:"id"`
	Level       Level     `json:"level"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Class       ClassPath `json:"class,omitempty"`
	// Attributes are kept sorted by name, one per name (see SetAttr).
	Attributes    []Attribute        `json:"attributes,omitempty"`
	Manufacturers []ManufacturerPart `json:"manufacturers,omitempty"`
	Suppliers     []SupplierPart     `json:"suppliers,omitempty"`
	Lifecycle     Lifecycle          `json:"lifecycle"`
	Owner         MemberID           `json:"owner"`
	Scope         Scope              `json:"scope"`
	Source        SourceRef          `json:"source"`
}

// Attr returns the attribute named name, if the item has one.
func (it *Item) Attr(name string) (Attribute, bool) {
	i, ok := slices.BinarySearchFunc(it.Attributes, name, func(a Attribute, n string) int { return strings.Compare(a.Name, n) })
	if !ok {
		return Attribute{}, false
	}
	return it.Attributes[i], true
}

// SetAttr adds a or replaces the attribute of the same name, keeping the
// attributes sorted.
func (it *Item) SetAttr(a Attribute) {
	i, ok := slices.BinarySearchFunc(it.Attributes, a.Name, func(x Attribute, n string) int { return strings.Compare(x.Name, n) })
	if ok {
		it.Attributes[i] = a
		return
	}
	it.Attributes = slices.Insert(it.Attributes, i, a)
}

// AddMPN records a manufacturer part number unless the item has it already.
func (it *Item) AddMPN(m ManufacturerPart) {
	if m.MPN == "" || slices.Contains(it.Manufacturers, m) {
		return
	}
	it.Manufacturers = append(it.Manufacturers, m)
}

// AddSupplierPart records a supplier SKU unless the item has it already.
func (it *Item) AddSupplierPart(s SupplierPart) {
	if s.SKU == "" || slices.Contains(it.Suppliers, s) {
		return
	}
	it.Suppliers = append(it.Suppliers, s)
}

// Validate checks what every stored item must satisfy.
func (it *Item) Validate() error {
	switch {
	case it.ID == "":
		return Errorf(Invalid, "item %q has no id", it.Name)
	case !it.Level.Valid():
		return Errorf(Invalid, "item %s: unknown level %q", it.ID, it.Level)
	case it.Name == "":
		return Errorf(Invalid, "item %s has no name", it.ID)
	case !it.Lifecycle.Valid():
		return Errorf(Invalid, "item %s: unknown lifecycle state %q", it.ID, it.Lifecycle)
	case it.Owner == "":
		return Errorf(Invalid, "item %s has no owner", it.ID)
	}
	if err := it.Scope.Validate(); err != nil {
		return Errorf(Invalid, "item %s: %v", it.ID, err)
	}
	for i, a := range it.Attributes {
		if err := a.Validate(); err != nil {
			return Errorf(Invalid, "item %s: %v", it.ID, err)
		}
		if i > 0 && it.Attributes[i-1].Name >= a.Name {
			return Errorf(Invalid, "item %s: attributes not sorted or repeated at %q", it.ID, a.Name)
		}
	}
	return nil
}
