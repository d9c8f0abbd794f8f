package model

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"time"
	"unicode/utf8"
)

// AuditEntry is one line of the audit log.
//
// The log is append-only and hash-chained: every entry carries the hash of
// the entry before it (Prev) and its own hash (Hash) over Prev and its other
// fields, so changing or removing an entry breaks the chain at that entry or
// at the next one. The store assigns Seq, Prev and Hash, and At when it is
// zero; callers fill Actor, Action, Target and Detail.
type AuditEntry struct {
	Seq    uint64    `json:"seq"`              // 1, 2, 3 ... assigned by the store
	At     time.Time `json:"at"`               // assigned by the store (UTC) when zero
	Actor  MemberID  `json:"actor"`            // required: the member who acted
	Action string    `json:"action"`           // required: one of the Audit* actions, e.g. "import", "read"
	Target string    `json:"target,omitempty"` // what was acted on: an item id, member id, batch id, licence id...
	Detail string    `json:"detail,omitempty"` // human-readable detail
	Prev   string    `json:"prev"`             // hex SHA-256 of the previous entry ("" for the first)
	Hash   string    `json:"hash"`             // hex SHA-256 over Prev and the other fields: ComputeHash
}

// The audit actions: what the writes of the alliance's store and the reads
// of another member's non-public items are recorded as. Action is a plain
// string so that a new kind of write needs no change here to be recorded,
// but the writes cbb knows use these names.
const (
	AuditImport         = "import"          // a batch applied (Target: batch id)
	AuditMemberAdd      = "member.add"      // a member added (Target: member id)
	AuditMemberStatus   = "member.status"   // a member's status changed (Target: member id)
	AuditMemberUpdate   = "member.update"   // a member's name or kind changed (Target: member id)
	AuditLicenceGrant   = "licence.grant"   // a licence granted (Target: licence id)
	AuditLicenceRevoke  = "licence.revoke"  // a licence revoked (Target: licence id)
	AuditProjectAdd     = "project.add"     // a project added
	AuditRuleAdd        = "rule.add"        // a design rule proposed
	AuditRuleAccept     = "rule.accept"     // a design rule accepted
	AuditRuleRetire     = "rule.retire"     // a design rule retired
	AuditDesignRecord   = "design.record"   // a design's report recorded
	AuditRDOpen         = "rd.open"         // an R&D request opened
	AuditRDAssign       = "rd.assign"       // an R&D request assigned
	AuditRDDone         = "rd.done"         // an R&D request done
	AuditVariabilitySet = "variability.set" // an item's variability stated
	AuditTechnologyAdd  = "technology.add"  // a technology credit recorded
	AuditRead           = "read"            // another member's non-public item read (Target: item id)
	AuditBackup         = "backup"          // the store backed up
	AuditRestore        = "restore"         // the store restored from a backup
	AuditMigrate        = "migrate"         // the store's schema migrated
	AuditKeyCreate      = "key.create"      // an API key made (Target: key id)
	AuditKeyRevoke      = "key.revoke"      // an API key revoked (Target: key id)
	AuditRun            = "run"             // an analysis run stored (Target: run id)
)

// AuditActions lists the audit actions cbb writes.
var AuditActions = []string{
	AuditImport, AuditMemberAdd, AuditMemberStatus, AuditMemberUpdate, AuditLicenceGrant, AuditLicenceRevoke,
	AuditProjectAdd, AuditRuleAdd, AuditRuleAccept, AuditRuleRetire, AuditDesignRecord,
	AuditRDOpen, AuditRDAssign, AuditRDDone, AuditVariabilitySet, AuditTechnologyAdd,
	AuditRead, AuditBackup, AuditRestore, AuditMigrate, AuditKeyCreate, AuditKeyRevoke, AuditRun,
}

// Validate checks what the caller of an audit append must supply: an actor
// and an action. Seq, Prev and Hash are the store's and not checked here.
func (e AuditEntry) Validate() error {
	switch {
	case e.Actor == "":
		return Errorf(Invalid, "audit entry %q without an actor", e.Action)
	case e.Action == "":
		return Errorf(Invalid, "audit entry of %s without an action", e.Actor)
	case !e.At.IsZero() && (e.At.Year() < 0 || e.At.Year() > 9999):
		// JSON (RFC 3339) cannot hold such a time, so it could not be stored.
		return Errorf(Invalid, "audit entry %s of %s: time %v is outside the years 0-9999", e.Action, e.Actor, e.At)
	}
	return nil
}

// auditHashTag starts every hashed encoding, so that an audit hash cannot be
// mistaken for a hash of anything else, and names the scheme's version.
const auditHashTag = "cbb-audit-v1"

// ComputeHash returns the hex SHA-256 that Hash must hold: the hash over Prev
// and every other field but Hash itself. The scheme, for a third party
// verifying the chain from the JSON entries alone:
//
// Take these nine strings, in this order:
//
//	"cbb-audit-v1"
//	prev    the "prev" field
//	seq     the "seq" field in decimal, e.g. "17"
//	at      the "at" field: RFC 3339 in UTC with the fraction of a second
//	        to the nanosecond and no trailing zeros (Go's time.RFC3339Nano,
//	        e.g. "2025-03-04T05:06:07.0891Z"; the store keeps At in UTC,
//	        so the JSON string is exactly this)
//	actor   the "actor" field
//	action  the "action" field
//	target  the "target" field ("" when absent)
//	detail  the "detail" field ("" when absent)
//
// and write each as its length in bytes (UTF-8), an unsigned 64-bit
// big-endian integer, followed by its bytes. Hash is the lowercase hex of the
// SHA-256 of the whole. The length prefixes make the encoding unambiguous:
// no two different entries encode to the same bytes, whatever their fields
// contain.
//
// The entry is hashed as it is stored: At in UTC, strings in valid UTF-8
// (see Canonical). An entry of the chain has e.Hash == e.ComputeHash(), and
// e.Prev equal to the Hash of the entry before it.
func (e AuditEntry) ComputeHash() string {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put(auditHashTag)
	put(e.Prev)
	put(strconv.FormatUint(e.Seq, 10))
	put(e.At.UTC().Format(time.RFC3339Nano))
	put(string(e.Actor))
	put(e.Action)
	put(e.Target)
	put(e.Detail)
	return hex.EncodeToString(h.Sum(nil))
}

// Canonical returns e as the store keeps it: At in UTC, and every invalid
// byte in its strings replaced by U+FFFD. JSON, in which entries are stored,
// does that replacement anyway; doing it before hashing means the hash is
// over exactly what is stored and read back, so an entry with a stray byte
// in its detail does not read as tampered with.
func (e AuditEntry) Canonical() AuditEntry {
	e.At = e.At.UTC() // also drops the monotonic clock reading
	e.Actor = MemberID(validUTF8(string(e.Actor)))
	e.Action = validUTF8(e.Action)
	e.Target = validUTF8(e.Target)
	e.Detail = validUTF8(e.Detail)
	e.Prev = validUTF8(e.Prev)
	e.Hash = validUTF8(e.Hash)
	return e
}

// validUTF8 replaces each invalid byte of s by U+FFFD, one for one, as
// encoding/json does (strings.ToValidUTF8 would replace a run of them by one).
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string([]rune(s)) // conversion to runes yields U+FFFD per invalid byte
}
