package data

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

// openAudit opens an empty store for the audit tests: in memory unless a
// folder is given.
func openAudit(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dir, Options{InMemory: dir == ""})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var auditActors = []model.MemberID{"acme", "tsinghua", "sia"}

// fillAudit appends n entries the two ways the store's code will: every
// third inside a write transaction of its own (with a document written
// beside it, as a rule change would), the others through Audit.
func fillAudit(t *testing.T, s *Store, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 1; i <= n; i++ {
		e := model.AuditEntry{
			Actor:  auditActors[i%len(auditActors)],
			Action: model.AuditActions[i%len(model.AuditActions)],
			Target: fmt.Sprintf("t%03d", i%10),
			Detail: fmt.Sprintf("entry %d", i),
		}
		if i%3 != 0 {
			got, err := s.Audit(ctx, e)
			if err != nil {
				t.Fatal(err)
			}
			if got.Seq != uint64(i) || got.Hash == "" || got.At.IsZero() || got.At.Location() != time.UTC {
				t.Fatalf("Audit returned %+v as entry %d", got, i)
			}
			continue
		}
		s.mu.Lock()
		err := s.db.Update(func(txn *badger.Txn) error {
			if err := setJSON(txn, docKey("audittest", fmt.Sprint(i)), map[string]int{"i": i}); err != nil {
				return err
			}
			return appendAudit(txn, &e, time.Now().UTC())
		})
		s.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		if e.Seq != uint64(i) {
			t.Fatalf("appendAudit gave entry %d the number %d", i, e.Seq)
		}
	}
}

// verifyOK fails unless the chain is intact with n entries, and returns
// the report.
func verifyOK(t *testing.T, s *Store, n uint64) AuditReport {
	t.Helper()
	rep, err := s.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Entries != n || rep.Last != n || (n > 0) != (len(rep.Head) == 64) {
		t.Fatalf("want an intact chain of %d entries, got %+v", n, rep)
	}
	return rep
}

// wantBreaks fails unless VerifyAudit reports exactly these problems: each
// want is a seq and a piece of the problem's text.
func wantBreaks(t *testing.T, s *Store, want ...AuditBreak) {
	t.Helper()
	rep, err := s.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ok := len(rep.Broken) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = rep.Broken[i].Seq == want[i].Seq && strings.Contains(rep.Broken[i].Problem, want[i].Problem)
	}
	if !ok {
		t.Fatalf("breaks:\n%s\nwant:\n%s", fmtBreaks(rep.Broken), fmtBreaks(want))
	}
}

func fmtBreaks(bs []AuditBreak) string {
	var b strings.Builder
	for _, x := range bs {
		fmt.Fprintf(&b, "\t%d: %s\n", x.Seq, x.Problem)
	}
	return b.String()
}

// The tamper helpers write badger directly, as someone with the store's
// files but not cbb would.

func rawEntry(t *testing.T, s *Store, seq uint64) []byte {
	t.Helper()
	var v []byte
	if err := s.db.View(func(txn *badger.Txn) (err error) { v, err = getValue(txn, auditKey(seq)); return err }); err != nil {
		t.Fatalf("read entry %d: %v", seq, err)
	}
	return v
}

func getEntry(t *testing.T, s *Store, seq uint64) model.AuditEntry {
	t.Helper()
	var e model.AuditEntry
	if err := decodeJSON(rawEntry(t, s, seq), &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func setRaw(t *testing.T, s *Store, kv map[string][]byte) {
	t.Helper()
	err := s.db.Update(func(txn *badger.Txn) error {
		for k, v := range kv {
			var err error
			if v == nil {
				err = txn.Delete([]byte(k))
			} else {
				err = txn.Set([]byte(k), v)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func putEntry(t *testing.T, s *Store, seq uint64, e model.AuditEntry) {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	setRaw(t, s, map[string][]byte{string(auditKey(seq)): b})
}

func delEntries(t *testing.T, s *Store, seqs ...uint64) {
	t.Helper()
	kv := map[string][]byte{}
	for _, q := range seqs {
		kv[string(auditKey(q))] = nil
	}
	setRaw(t, s, kv)
}

func TestAuditChain(t *testing.T) {
	const n = 300
	ctx := context.Background()

	s := openAudit(t, t.TempDir())
	verifyOK(t, s, 0) // an empty log is intact
	fillAudit(t, s, n)
	rep := verifyOK(t, s, n)
	if last := getEntry(t, s, n); rep.Head != last.Hash {
		t.Fatalf("report head %s, entry %d has %s", rep.Head, n, last.Hash)
	}
	if first := getEntry(t, s, 1); first.Prev != "" {
		t.Fatalf("entry 1 has prev %q", first.Prev)
	}

	// A write that fails takes its entry with it.
	s.mu.Lock()
	boom := errors.New("boom")
	err := s.db.Update(func(txn *badger.Txn) error {
		e := model.AuditEntry{Actor: "acme", Action: model.AuditRuleAdd}
		if err := appendAudit(txn, &e, time.Now()); err != nil {
			return err
		}
		return boom
	})
	s.mu.Unlock()
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	verifyOK(t, s, n)

	// Two entries in one write chain like any others.
	s.mu.Lock()
	err = s.db.Update(func(txn *badger.Txn) error {
		for _, a := range []string{model.AuditMemberAdd, model.AuditLicenceGrant} {
			e := model.AuditEntry{Actor: "acme", Action: a, Target: "tsinghua"}
			if err := appendAudit(txn, &e, time.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	s.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	verifyOK(t, s, n+2)

	// An entry without actor or action is refused, and nothing is written.
	for _, e := range []model.AuditEntry{{Action: model.AuditRead}, {Actor: "acme"}} {
		if _, err := s.Audit(ctx, e); model.Code(err) != model.Invalid {
			t.Fatalf("Audit(%+v): %v", e, err)
		}
	}
	verifyOK(t, s, n+2)

	// A given time is kept (in UTC); a zero one is the store's clock.
	at := time.Date(2024, 5, 6, 7, 8, 9, 10, time.FixedZone("CST", 8*3600))
	e, err := s.Audit(ctx, model.AuditEntry{Actor: "acme", Action: model.AuditBackup, At: at})
	if err != nil || !e.At.Equal(at) || e.At.Location() != time.UTC || e.Seq != n+3 {
		t.Fatalf("Audit with a time: %+v, %v", e, err)
	}
	if got := getEntry(t, s, n+3); got != e {
		t.Fatalf("stored\n%+v\nreturned\n%+v", got, e)
	}
	verifyOK(t, s, n+3)
}

func TestAuditTamper(t *testing.T) {
	const n = 300
	ctx := context.Background()
	fresh := func(t *testing.T) *Store {
		s := openAudit(t, "")
		fillAudit(t, s, n)
		verifyOK(t, s, n)
		return s
	}

	t.Run("changed field", func(t *testing.T) {
		s := fresh(t)
		e := getEntry(t, s, 123)
		e.Actor = "someone-else"
		putEntry(t, s, 123, e)
		wantBreaks(t, s, AuditBreak{123, "entry 123 was changed (hash does not match its content)"})
	})

	t.Run("changed bytes", func(t *testing.T) {
		// A byte of the stored JSON changed, the detail "entry 77" made
		// "entry 78", whatever a decoder makes of it.
		s := fresh(t)
		raw := rawEntry(t, s, 77)
		changed := bytes.Replace(raw, []byte(`"entry 77"`), []byte(`"entry 78"`), 1)
		if bytes.Equal(raw, changed) {
			t.Fatalf("no detail in %s", raw)
		}
		setRaw(t, s, map[string][]byte{string(auditKey(77)): changed})
		wantBreaks(t, s, AuditBreak{77, "entry 77 was changed"})
	})

	t.Run("unreadable entry", func(t *testing.T) {
		s := fresh(t)
		setRaw(t, s, map[string][]byte{string(auditKey(40)): []byte("{not json")})
		wantBreaks(t, s, AuditBreak{40, "entry 40 cannot be read"})
	})

	t.Run("deleted in the middle", func(t *testing.T) {
		s := fresh(t)
		delEntries(t, s, 150)
		wantBreaks(t, s, AuditBreak{150, "entry 150 is missing"})
		delEntries(t, s, 17, 18, 19)
		wantBreaks(t, s, AuditBreak{17, "entries 17-19 are missing"}, AuditBreak{150, "entry 150 is missing"})
		delEntries(t, s, 1)
		wantBreaks(t, s, AuditBreak{1, "entry 1 is missing"}, AuditBreak{17, "entries 17-19 are missing"}, AuditBreak{150, "entry 150 is missing"})
	})

	t.Run("deleted at the end, head kept", func(t *testing.T) {
		s := fresh(t)
		delEntries(t, s, n-2, n-1, n)
		wantBreaks(t, s, AuditBreak{n - 2, fmt.Sprintf("the head names entry %d but the log ends at %d (entries removed at the end)", n, n-3)})
		// A write after that keeps the evidence: the new entry follows
		// the head, and the gap stays in the log.
		if _, err := s.Audit(ctx, model.AuditEntry{Actor: "acme", Action: model.AuditRead}); err != nil {
			t.Fatal(err)
		}
		wantBreaks(t, s, AuditBreak{n - 2, fmt.Sprintf("entries %d-%d are missing", n-2, n)})
	})

	t.Run("deleted all, head kept", func(t *testing.T) {
		s := fresh(t)
		var all []uint64
		for q := uint64(1); q <= n; q++ {
			all = append(all, q)
		}
		delEntries(t, s, all...)
		wantBreaks(t, s, AuditBreak{1, fmt.Sprintf("the head names entry %d but the log is empty", n)})
	})

	t.Run("deleted at the end with the head", func(t *testing.T) {
		s := fresh(t)
		delEntries(t, s, n-1, n)
		setRaw(t, s, map[string][]byte{string(auditHeadKey): nil})
		wantBreaks(t, s, AuditBreak{n - 2, fmt.Sprintf("the head is missing (the log ends at entry %d)", n-2)})
		// Appending now would write a head over the truncated log and
		// hide the truncation: refused.
		if _, err := s.Audit(ctx, model.AuditEntry{Actor: "acme", Action: model.AuditRead}); model.Code(err) != model.Internal {
			t.Fatalf("append to a log without head: %v", err)
		}
		wantBreaks(t, s, AuditBreak{n - 2, "the head is missing"})
	})

	t.Run("corrupt head", func(t *testing.T) {
		s := fresh(t)
		setRaw(t, s, map[string][]byte{string(auditHeadKey): []byte("short")})
		wantBreaks(t, s, AuditBreak{n, "the head cannot be read"})
		if _, err := s.Audit(ctx, model.AuditEntry{Actor: "acme", Action: model.AuditRead}); model.Code(err) != model.Internal {
			t.Fatalf("append with a corrupt head: %v", err)
		}
	})

	t.Run("rewritten with its own hash recomputed", func(t *testing.T) {
		s := fresh(t)
		e := getEntry(t, s, 200)
		e.Detail = "nothing happened here"
		e.Hash = e.ComputeHash()
		putEntry(t, s, 200, e)
		wantBreaks(t, s, AuditBreak{201, "entry 201 does not follow entry 200 (prev hash differs)"})
	})

	t.Run("last entry rewritten with its own hash recomputed", func(t *testing.T) {
		s := fresh(t)
		e := getEntry(t, s, n)
		e.Actor = "someone-else"
		e.Hash = e.ComputeHash()
		putEntry(t, s, n, e)
		wantBreaks(t, s, AuditBreak{n, fmt.Sprintf("the head's hash is not the hash of entry %d", n)})
	})

	t.Run("swapped", func(t *testing.T) {
		s := fresh(t)
		a, b := rawEntry(t, s, 50), rawEntry(t, s, 60)
		setRaw(t, s, map[string][]byte{string(auditKey(50)): b, string(auditKey(60)): a})
		wantBreaks(t, s,
			AuditBreak{50, "entry 50 holds entry 60"}, AuditBreak{50, "entry 50 does not follow entry 49"},
			AuditBreak{51, "entry 51 does not follow entry 50"},
			AuditBreak{60, "entry 60 holds entry 50"}, AuditBreak{60, "entry 60 does not follow entry 59"},
			AuditBreak{61, "entry 61 does not follow entry 60"})
	})

	t.Run("swapped and renumbered", func(t *testing.T) {
		// Entries swapped with their numbers and own hashes made to fit
		// their new place still break the prev links.
		s := fresh(t)
		a, b := getEntry(t, s, 50), getEntry(t, s, 51)
		a.Seq, b.Seq = 51, 50
		a.Hash, b.Hash = a.ComputeHash(), b.ComputeHash()
		putEntry(t, s, 50, b)
		putEntry(t, s, 51, a)
		wantBreaks(t, s,
			AuditBreak{50, "entry 50 does not follow entry 49"},
			AuditBreak{51, "entry 51 does not follow entry 50"},
			AuditBreak{52, "entry 52 does not follow entry 51"})
	})

	t.Run("whole chain rewritten", func(t *testing.T) {
		// Who rewrites every entry and the head leaves an intact chain;
		// the head kept outside the store is what finds it.
		s := fresh(t)
		anchor := verifyOK(t, s, n)
		prev := ""
		for q := uint64(1); q <= n; q++ {
			e := getEntry(t, s, q)
			if q == 100 {
				e.Detail = "history rewritten"
			}
			e.Prev = prev
			e.Hash = e.ComputeHash()
			prev = e.Hash
			putEntry(t, s, q, e)
		}
		hb, err := auditHead{Seq: n, Hash: prev}.encode()
		if err != nil {
			t.Fatal(err)
		}
		setRaw(t, s, map[string][]byte{string(auditHeadKey): hb})
		rep := verifyOK(t, s, n)
		var at model.AuditEntry
		err = s.AuditLog(ctx, AuditQuery{After: anchor.Last - 1, Limit: 1}, func(e model.AuditEntry) error { at = e; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if at.Seq != anchor.Last || at.Hash == anchor.Head || rep.Head == anchor.Head {
			t.Fatalf("the rewrite is not told apart from the anchor %d %s: entry %+v", anchor.Last, anchor.Head, at)
		}
	})
}

func TestAuditConcurrent(t *testing.T) {
	const workers, each = 16, 40
	ctx := context.Background()
	s := openAudit(t, t.TempDir())
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				e := model.AuditEntry{Actor: model.MemberID(fmt.Sprintf("m%02d", w)), Action: model.AuditRead, Detail: fmt.Sprint(i)}
				if w%4 == 0 {
					// Some as a write would: appendAudit inside a
					// transaction, serialized by s.mu.
					s.mu.Lock()
					err := s.db.Update(func(txn *badger.Txn) error { return appendAudit(txn, &e, time.Now().UTC()) })
					s.mu.Unlock()
					errs <- err
					continue
				}
				_, err := s.Audit(ctx, e)
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	verifyOK(t, s, workers*each)
	var next uint64 = 1
	perActor := map[model.MemberID]int{}
	err := s.AuditLog(ctx, AuditQuery{}, func(e model.AuditEntry) error {
		if e.Seq != next {
			return fmt.Errorf("entry %d where %d was due", e.Seq, next)
		}
		next++
		perActor[e.Actor]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for w := range workers {
		if a := model.MemberID(fmt.Sprintf("m%02d", w)); perActor[a] != each {
			t.Errorf("%s has %d entries, want %d", a, perActor[a], each)
		}
	}
}

func TestAuditLogQuery(t *testing.T) {
	const n = 90
	ctx := context.Background()
	s := openAudit(t, "")
	fillAudit(t, s, n)
	collect := func(q AuditQuery) []model.AuditEntry {
		t.Helper()
		var out []model.AuditEntry
		if err := s.AuditLog(ctx, q, func(e model.AuditEntry) error { out = append(out, e); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	seqs := func(es []model.AuditEntry) []uint64 {
		var out []uint64
		for _, e := range es {
			out = append(out, e.Seq)
		}
		return out
	}

	if all := collect(AuditQuery{}); len(all) != n || all[0].Seq != 1 || all[n-1].Seq != n {
		t.Fatalf("all: %v", seqs(all))
	}
	if got := seqs(collect(AuditQuery{After: 85})); fmt.Sprint(got) != "[86 87 88 89 90]" {
		t.Errorf("after 85: %v", got)
	}
	if got := collect(AuditQuery{After: n}); len(got) != 0 {
		t.Errorf("after the last: %v", seqs(got))
	}
	if got := seqs(collect(AuditQuery{After: 10, Limit: 3})); fmt.Sprint(got) != "[11 12 13]" {
		t.Errorf("after 10, 3 of them: %v", got)
	}
	// fillAudit gives entry i the actor i%3, the action i%23 (of the 23 actions), the target
	// i%10.
	got := collect(AuditQuery{Actor: "tsinghua", Target: "t004"})
	if fmt.Sprint(seqs(got)) != "[4 34 64]" {
		t.Errorf("tsinghua on t004: %v", seqs(got))
	}
	got = collect(AuditQuery{Action: model.AuditActions[5], Actor: auditActors[5%3]})
	if fmt.Sprint(seqs(got)) != "[5 74]" {
		t.Errorf("action %s by %s: %v", model.AuditActions[5], auditActors[5%3], seqs(got))
	}
	got = collect(AuditQuery{Action: model.AuditActions[5], Limit: 1})
	if fmt.Sprint(seqs(got)) != "[5]" {
		t.Errorf("first %s: %v", model.AuditActions[5], seqs(got))
	}
	// fn's error stops the walk and comes back.
	stop := errors.New("stop")
	calls := 0
	if err := s.AuditLog(ctx, AuditQuery{}, func(model.AuditEntry) error { calls++; return stop }); !errors.Is(err, stop) || calls != 1 {
		t.Errorf("fn's error: %v after %d calls", err, calls)
	}
}

func TestAuditBackupRestore(t *testing.T) {
	ctx := context.Background()
	s := openAudit(t, t.TempDir())
	fillAudit(t, s, 60)
	before := verifyOK(t, s, 60)
	var buf bytes.Buffer
	if err := s.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	if err := Restore(ctx, dir, &buf); err != nil {
		t.Fatal(err)
	}
	r := openAudit(t, dir)
	if after := verifyOK(t, r, 60); after.Head != before.Head {
		t.Fatalf("head %s after restore, %s before", after.Head, before.Head)
	}
	// The restored log goes on from where it was.
	e, err := r.Audit(ctx, model.AuditEntry{Actor: "acme", Action: model.AuditRestore})
	if err != nil || e.Seq != 61 || e.Prev != before.Head {
		t.Fatalf("first entry after restore: %+v, %v", e, err)
	}
	verifyOK(t, r, 61)
}

// A document written with no audit entry would have no actor on record:
// the store refuses it and writes nothing.
func TestPutDocsNeedsAnActor(t *testing.T) {
	s := openAudit(t, "")
	ctx := context.Background()
	if err := s.PutDocs(ctx, "rule", map[string]any{"r1": "x"}, true); err == nil {
		t.Fatal("a document written without an audit entry")
	}
	var v string
	if err := s.GetDoc(ctx, "rule", "r1", &v); model.Code(err) != model.NotFound {
		t.Errorf("the refused document is there: %q, %v", v, err)
	}
	entry := model.AuditEntry{Actor: "acme", Action: model.AuditRun, Target: "r1"}
	if err := s.PutDocs(ctx, "rule", map[string]any{"r1": "x"}, true, entry); err != nil {
		t.Fatal(err)
	}
	if err := s.GetDoc(ctx, "rule", "r1", &v); err != nil || v != "x" {
		t.Errorf("the document written with its actor: %q, %v", v, err)
	}
}
