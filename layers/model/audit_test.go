package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"slices"
	"testing"
	"time"
)

func auditEntry() AuditEntry {
	return AuditEntry{
		Seq: 17, At: time.Date(2025, 3, 4, 5, 6, 7, 89100000, time.UTC),
		Actor: "acme", Action: AuditLicenceGrant, Target: "L-0001", Detail: "to tsinghua, 2 years",
		Prev: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	}
}

func TestAuditHashDeterministic(t *testing.T) {
	e := auditEntry()
	h := e.ComputeHash()
	if len(h) != 64 || h != e.ComputeHash() {
		t.Fatalf("hash %q not stable or not 64 hex digits", h)
	}
	// Hash itself is not hashed; the time's zone and monotonic reading are
	// not part of it either.
	e.Hash = h
	if e.ComputeHash() != h {
		t.Error("the hash depends on the Hash field")
	}
	shanghai := time.FixedZone("CST", 8*3600)
	e.At = e.At.In(shanghai)
	if e.ComputeHash() != h {
		t.Error("the hash depends on the time zone of At")
	}
	e.At = time.Now()
	a := e.ComputeHash()
	e.At = e.At.Round(0) // strips the monotonic reading
	if e.ComputeHash() != a {
		t.Error("the hash depends on the monotonic clock reading")
	}

	// Every field but Hash counts.
	base := auditEntry()
	for name, change := range map[string]func(*AuditEntry){
		"seq":    func(e *AuditEntry) { e.Seq++ },
		"at":     func(e *AuditEntry) { e.At = e.At.Add(time.Nanosecond) },
		"actor":  func(e *AuditEntry) { e.Actor = "acmf" },
		"action": func(e *AuditEntry) { e.Action = AuditLicenceRevoke },
		"target": func(e *AuditEntry) { e.Target = "L-0002" },
		"detail": func(e *AuditEntry) { e.Detail += "." },
		"prev":   func(e *AuditEntry) { e.Prev = "" },
		// The length prefixes keep a boundary shift from colliding.
		"shift": func(e *AuditEntry) { e.Target, e.Detail = e.Target+e.Detail[:2], e.Detail[2:] },
	} {
		e := base
		change(&e)
		if e.ComputeHash() == base.ComputeHash() {
			t.Errorf("changing %s leaves the hash unchanged", name)
		}
	}
}

// TestAuditHashScheme recomputes the hash the way the doc comment tells a
// third party to, from the JSON of the entry alone.
func TestAuditHashScheme(t *testing.T) {
	e := auditEntry()
	e.Hash = e.ComputeHash()
	raw, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	str := func(k string) string { s, _ := m[k].(string); return s }
	h := sha256.New()
	for _, s := range []string{"cbb-audit-v1", str("prev"), m["seq"].(json.Number).String(),
		str("at"), str("actor"), str("action"), str("target"), str("detail")} {
		h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(s))))
		h.Write([]byte(s))
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != e.Hash {
		t.Fatalf("the documented scheme gives %s, ComputeHash %s (JSON %s)", got, e.Hash, raw)
	}
	if str("at") != "2025-03-04T05:06:07.0891Z" {
		t.Errorf("at is %q in JSON", str("at"))
	}
}

// TestAuditCanonicalSurvivesJSON: an entry hashed in its canonical form
// still matches its hash after a JSON round trip, even with invalid UTF-8
// and a time in another zone.
func TestAuditCanonicalSurvivesJSON(t *testing.T) {
	e := auditEntry()
	e.At = time.Now().In(time.FixedZone("X", -5*3600))
	e.Detail = "bad \xff\xfe bytes and \xe4\xb8 a cut rune, <html> & \u2028"
	e.Target = "ok"
	e = e.Canonical()
	e.Hash = e.ComputeHash()
	raw, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var back AuditEntry
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if back.ComputeHash() != e.Hash || back != e {
		t.Fatalf("after JSON:\n%+v\nwas\n%+v", back, e)
	}
	if e.At.Location() != time.UTC {
		t.Errorf("canonical time in %v", e.At.Location())
	}
}

func TestAuditValidate(t *testing.T) {
	ok := AuditEntry{Actor: "acme", Action: AuditRead}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a minimal entry: %v", err)
	}
	for name, e := range map[string]AuditEntry{
		"no actor":  {Action: AuditRead},
		"no action": {Actor: "acme"},
		"year 10000": {Actor: "acme", Action: AuditRead,
			At: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if err := e.Validate(); Code(err) != Invalid {
			t.Errorf("%s: %v, want an invalid error", name, err)
		}
	}
}

func TestAuditActions(t *testing.T) {
	if len(AuditActions) != 23 {
		t.Errorf("%d actions", len(AuditActions))
	}
	s := slices.Clone(AuditActions)
	slices.Sort(s)
	if len(slices.Compact(s)) != len(AuditActions) {
		t.Error("duplicate action names")
	}
}
