package data

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

// The audit log: every write of the store, and every read of another
// member's non-public item, as a model.AuditEntry under x/<seq>, chained by
// hashes (see model.AuditEntry.ComputeHash), with the last entry's number
// and hash in the head key xh.
//
// What the chain detects: an entry changed in place (its hash no longer
// matches its content), an entry changed with its hash recomputed (the next
// entry's prev no longer matches), entries removed or moved (gaps, numbers
// that differ from their key, broken prev links), entries removed at the end
// (the head names an entry the log no longer has). What it cannot detect on
// its own is a rewrite of the whole chain and the head by someone who can
// write the store's files: for that, keep the head printed by VerifyAudit
// (AuditReport.Last and .Head) outside the store, in a signed mail or in a
// member's own system. Entry Last must still have hash Head at any later
// time; a rewritten chain would have to reproduce a SHA-256 it cannot.

const auditPrefix = "x/"

var auditHeadKey = []byte("xh")

// auditKey is x/<seq uint64 BE>: keys sort in sequence order.
func auditKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte(auditPrefix), seq)
}

// auditHead is the xh record: the last entry's number and hash. It is
// stored as seq (uint64 BE) followed by the 32 bytes of the hash.
type auditHead struct {
	Seq  uint64
	Hash string // hex, as in model.AuditEntry
}

func (h auditHead) encode() ([]byte, error) {
	sum, err := hex.DecodeString(h.Hash)
	if err != nil || len(sum) != 32 {
		return nil, fmt.Errorf("audit head: hash %q of entry %d is not a hex SHA-256", h.Hash, h.Seq)
	}
	return append(binary.BigEndian.AppendUint64(nil, h.Seq), sum...), nil
}

func decodeAuditHead(b []byte) (auditHead, error) {
	if len(b) != 40 {
		return auditHead{}, fmt.Errorf("audit head of %d bytes, want 40", len(b))
	}
	return auditHead{Seq: binary.BigEndian.Uint64(b), Hash: hex.EncodeToString(b[8:])}, nil
}

// readAuditHead returns the head, ok false when there is none.
func readAuditHead(txn *badger.Txn) (h auditHead, ok bool, err error) {
	b, err := getValue(txn, auditHeadKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return auditHead{}, false, nil
	}
	if err != nil {
		return auditHead{}, false, fmt.Errorf("read audit head: %w", err)
	}
	h, err = decodeAuditHead(b)
	return h, err == nil, err
}

// lastAuditKey returns the key of the last entry of the log, nil when the
// log is empty.
func lastAuditKey(txn *badger.Txn) []byte {
	opt := badger.DefaultIteratorOptions
	opt.PrefetchValues = false
	opt.Prefix = []byte(auditPrefix)
	opt.Reverse = true
	it := txn.NewIterator(opt)
	defer it.Close()
	// In reverse, Seek goes to the last key <= the one given: past every
	// x/ key, since no seq has more than 8 bytes.
	it.Seek([]byte(auditPrefix + "\xff\xff\xff\xff\xff\xff\xff\xff\xff"))
	if it.Valid() {
		return it.Item().KeyCopy(nil)
	}
	return nil
}

// appendAudit appends e to the audit log inside txn, a write transaction
// that also holds the write e describes, so both commit or neither does. It
// fills e: Seq (the head's plus one), At (now when zero; always UTC), Prev
// (the head's hash) and Hash, and writes the entry and the new head; should
// txn not commit, what it filled in means nothing. A transaction may append
// several entries: each reads the head the one before wrote.
//
// The caller serializes it with the other writers (holds s.mu); should two
// transactions append at once all the same, both read the head and badger
// fails the second commit with a conflict, so the chain cannot fork.
//
// It returns a model.Invalid error for an entry without actor or action. It
// refuses to append, with a model.Internal error, when the log has entries
// but no readable head: the head is what shows entries removed at the end,
// and writing a new one over the last surviving entry would hide exactly
// that. VerifyAudit reports such a log.
func appendAudit(txn *badger.Txn, e *model.AuditEntry, now time.Time) error {
	if err := e.Validate(); err != nil {
		return err
	}
	h, ok, err := readAuditHead(txn)
	if err != nil {
		return &model.Error{Code: model.Internal, Msg: "append to the audit log: its head is unreadable (run the audit verification)", Err: err}
	}
	if !ok {
		if k := lastAuditKey(txn); k != nil {
			return model.Errorf(model.Internal, "append to the audit log: it has entries (the last under key %x) but no head; it was tampered with (run the audit verification)", k)
		}
	}
	if h.Seq == math.MaxUint64 {
		return model.Errorf(model.Internal, "append to the audit log: it is full")
	}
	if e.At.IsZero() {
		e.At = now
	}
	e.Seq, e.Prev, e.Hash = h.Seq+1, h.Hash, ""
	*e = e.Canonical()
	e.Hash = e.ComputeHash()
	if err := setJSON(txn, auditKey(e.Seq), e); err != nil {
		return fmt.Errorf("append audit entry %d: %w", e.Seq, err)
	}
	hb, err := auditHead{Seq: e.Seq, Hash: e.Hash}.encode()
	if err != nil {
		return err
	}
	if err := txn.Set(auditHeadKey, hb); err != nil {
		return fmt.Errorf("append audit entry %d: write head: %w", e.Seq, err)
	}
	return nil
}

// Audit appends one entry to the audit log in a transaction of its own,
// synced to disk before it returns, and returns the entry as stored (Seq,
// At, Prev and Hash filled). It is for what writes nothing else: reads of
// another member's non-public items, backups. A write records its entry
// with appendAudit inside its own transaction instead, so that the write
// and its entry commit together; calling Audit from inside a write would
// deadlock on s.mu.
//
// It returns a model.Invalid error for an entry without actor or action.
func (s *Store) Audit(ctx context.Context, e model.AuditEntry) (model.AuditEntry, error) {
	if err := ctx.Err(); err != nil {
		return model.AuditEntry{}, err
	}
	if err := e.Validate(); err != nil {
		return model.AuditEntry{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now().UTC()
	var out model.AuditEntry
	err := s.db.Update(func(txn *badger.Txn) error {
		out = e // a fresh copy should badger ever run this twice
		return appendAudit(txn, &out, now)
	})
	if err != nil {
		return model.AuditEntry{}, fmt.Errorf("audit %s by %s: %w", e.Action, e.Actor, err)
	}
	return out, nil
}

// AuditQuery selects entries of the audit log. Zero fields select
// everything.
type AuditQuery struct {
	After  uint64         // only entries numbered after this one
	Actor  model.MemberID // only this member's entries
	Action string         // only this action
	Target string         // only entries about this target
	Limit  int            // at most this many entries (0: all)
}

func (q AuditQuery) match(e model.AuditEntry) bool {
	return (q.Actor == "" || e.Actor == q.Actor) &&
		(q.Action == "" || e.Action == q.Action) &&
		(q.Target == "" || e.Target == q.Target)
}

// AuditLog calls fn with the entries of the audit log that q selects,
// oldest first, in one consistent snapshot. It stops at fn's first error and
// returns it. It does not check the chain (VerifyAudit does); an entry that
// cannot be decoded is an error.
func (s *Store) AuditLog(ctx context.Context, q AuditQuery, fn func(model.AuditEntry) error) error {
	if q.After == math.MaxUint64 {
		return ctx.Err()
	}
	return s.view(ctx, func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(auditPrefix)
		it := txn.NewIterator(opt)
		defer it.Close()
		n, seen := 0, 0
		for it.Seek(auditKey(q.After + 1)); it.Valid(); it.Next() {
			if seen++; seen%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			var e model.AuditEntry
			if err := it.Item().Value(func(v []byte) error { return decodeJSON(v, &e) }); err != nil {
				return fmt.Errorf("read audit entry under key %x: %w", it.Item().Key(), err)
			}
			if !q.match(e) {
				continue
			}
			if err := fn(e); err != nil {
				return err
			}
			if n++; q.Limit > 0 && n >= q.Limit {
				return nil
			}
		}
		return nil
	})
}

// AuditReport is the outcome of VerifyAudit.
type AuditReport struct {
	// Entries is the number of entries in the log.
	Entries uint64
	// Last is the number of the last entry and Head its hash ("" for an
	// empty log). Kept outside the store (a signed mail, a member's own
	// system), they make even a rewrite of the whole chain detectable:
	// entry Last must have hash Head ever after.
	Last uint64
	Head string
	// Broken lists what is wrong with the chain, in log order; empty when
	// the chain is intact.
	Broken []AuditBreak
}

// OK reports whether the chain is intact.
func (r AuditReport) OK() bool { return len(r.Broken) == 0 }

// AuditBreak is one problem of the chain: Seq is the first entry it
// concerns, Problem says what is wrong in words.
type AuditBreak struct {
	Seq     uint64
	Problem string
}

// VerifyAudit walks the audit log in one consistent snapshot and checks
// the chain: that entries are numbered 1, 2, 3 ... without gaps, each
// stored under its own number, each entry's hash matches its content, each
// entry's prev is the hash of the entry before, and the head names the last
// entry and its hash. A broken chain is reported in AuditReport.Broken; the
// error is only for failures to read the store. Problems read, for example:
//
//	entry 17 was changed (hash does not match its content)
//	entry 17 does not follow entry 16 (prev hash differs)
//	entries 17-19 are missing
//	the head names entry 40 but the log ends at 37 (entries removed at the end)
//
// Keep the report's Last and Head outside the store to detect even a
// rewrite of the whole chain (see AuditReport).
func (s *Store) VerifyAudit(ctx context.Context) (AuditReport, error) {
	var rep AuditReport
	err := s.view(ctx, func(txn *badger.Txn) error {
		rep = AuditReport{}
		broken := func(seq uint64, format string, args ...any) {
			rep.Broken = append(rep.Broken, AuditBreak{Seq: seq, Problem: fmt.Sprintf(format, args...)})
		}
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(auditPrefix)
		it := txn.NewIterator(opt)
		defer it.Close()
		var (
			expect   uint64 = 1 // the number the next entry should have
			last     uint64     // the number of the last entry read
			prevHash string     // the stored hash of the last entry read
			// prevKnown is false when the entry before the current one
			// is missing or unreadable: there is then no hash to check
			// its prev against, and the gap has been reported already.
			prevKnown = true
		)
		for it.Rewind(); it.Valid(); it.Next() {
			if rep.Entries%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			k := it.Item().Key()
			if len(k) != len(auditPrefix)+8 {
				broken(expect, "key %x in the audit log is not an entry key", k)
				continue
			}
			seq := binary.BigEndian.Uint64(k[len(auditPrefix):])
			if seq == 0 {
				broken(0, "an entry 0 is in the log (entries are numbered from 1)")
				continue
			}
			rep.Entries++
			switch {
			case seq == expect+1:
				broken(expect, "entry %d is missing", expect)
				prevKnown = false
			case seq > expect:
				broken(expect, "entries %d-%d are missing", expect, seq-1)
				prevKnown = false
			}
			last, expect = seq, seq+1
			raw, err := it.Item().ValueCopy(nil)
			if err != nil {
				return fmt.Errorf("read audit entry %d: %w", seq, err)
			}
			var e model.AuditEntry
			if err := json.Unmarshal(raw, &e); err != nil {
				broken(seq, "entry %d cannot be read (%v)", seq, err)
				prevHash, prevKnown = "", false
				continue
			}
			if e.Seq != seq {
				broken(seq, "entry %d holds entry %d (entries moved or swapped)", seq, e.Seq)
			}
			if e.ComputeHash() != e.Hash {
				broken(seq, "entry %d was changed (hash does not match its content)", seq)
			}
			if prevKnown && e.Prev != prevHash {
				if seq == 1 {
					broken(seq, "entry 1 does not start the log (its prev hash is not empty)")
				} else {
					broken(seq, "entry %d does not follow entry %d (prev hash differs)", seq, seq-1)
				}
			}
			prevHash, prevKnown = e.Hash, true
		}
		rep.Last, rep.Head = last, prevHash
		hb, err := getValue(txn, auditHeadKey)
		if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("read audit head: %w", err)
		}
		if err != nil { // no head
			if last > 0 {
				broken(last, "the head is missing (the log ends at entry %d)", last)
			}
			return nil // else an empty log: nothing was ever audited
		}
		h, err := decodeAuditHead(hb)
		switch {
		case err != nil:
			broken(last, "the head cannot be read (%v)", err)
		case h.Seq > last && last == 0:
			broken(1, "the head names entry %d but the log is empty (entries removed at the end)", h.Seq)
		case h.Seq > last:
			broken(last+1, "the head names entry %d but the log ends at %d (entries removed at the end)", h.Seq, last)
		case h.Seq < last:
			broken(h.Seq+1, "the log goes on past the head: the head names entry %d, the log ends at %d", h.Seq, last)
		case h.Hash != prevHash:
			broken(last, "the head's hash is not the hash of entry %d (the entry or the head was changed)", last)
		}
		return nil
	})
	if err != nil {
		return AuditReport{}, fmt.Errorf("verify the audit log: %w", err)
	}
	return rep, nil
}
