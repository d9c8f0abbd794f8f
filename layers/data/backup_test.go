package data_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/internal/testimport"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
)

// realBackup is a backup of a store imported from real files (a
// NopSCADlib project and a Mendel90 variant, as `cbb import` reads them),
// with what the store said about itself; made once for all the tests.
type realBackup struct {
	backup   []byte
	digest   [32]byte
	stats    model.Stats
	identity string
}

var (
	fixtureOnce sync.Once
	fixture     realBackup
	fixtureErr  error
)

func backupOfRealData(t testing.TB) realBackup {
	t.Helper()
	fixtureOnce.Do(func() { fixture, fixtureErr = makeRealBackup() })
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixture
}

func makeRealBackup() (realBackup, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "cbb-backup-test-")
	if err != nil {
		return realBackup{}, err
	}
	defer os.RemoveAll(dir)
	s, err := testimport.Store(ctx, dir, "m",
		"../../testdata/nopscadlib/beanz__m-draw-scad", "../../testdata/mendel90/dibond")
	if err != nil {
		return realBackup{}, err
	}
	defer s.Close()
	var f realBackup
	var buf bytes.Buffer
	if err := s.Backup(ctx, &buf); err != nil {
		return f, err
	}
	f.backup = buf.Bytes()
	if f.digest, err = s.Digest(ctx); err != nil {
		return f, err
	}
	if f.stats, err = s.Stats(ctx); err != nil {
		return f, err
	}
	if f.stats.Items == 0 || f.stats.Edges == 0 {
		return f, fmt.Errorf("the import made a store without items or edges: %+v", f.stats)
	}
	f.identity, err = s.Identity(ctx)
	return f, err
}

// layout is where the parts of a backup are, found by reading it as the
// comment in backup.go describes the format, independently of Restore's
// reader.
type layout struct {
	header  int   // length of the header
	records []int // where each record ends
	end     int   // where the end marker starts
}

func parseLayout(t testing.TB, b []byte) layout {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("CBBBACKUP\n")) {
		t.Fatal("the backup does not start with the magic")
	}
	if v := binary.BigEndian.Uint16(b[10:]); v != 1 {
		t.Fatalf("format version %d", v)
	}
	var l layout
	l.header = 16 + int(binary.BigEndian.Uint32(b[12:])) + 4
	p := l.header
	for b[p] == 'R' {
		kl := int(binary.BigEndian.Uint32(b[p+1:]))
		vl := int(binary.BigEndian.Uint32(b[p+5:]))
		p += 9 + kl + vl + 4
		l.records = append(l.records, p)
	}
	if b[p] != 'E' || len(b)-p != 1+8+8+32+4 {
		t.Fatalf("no end marker of 53 bytes at %d of %d", p, len(b))
	}
	l.end = p
	if got := binary.BigEndian.Uint64(b[p+1:]); got != uint64(len(l.records)) {
		t.Fatalf("the end marker counts %d records, the stream holds %d", got, len(l.records))
	}
	return l
}

// refused restores b into a new folder and returns what is wrong if that
// did not fail with a model.Invalid error matching want, or left a folder
// behind: the store's, or a temporary one beside it. It is safe to call
// from several goroutines.
func refused(b []byte, want *regexp.Regexp) string {
	parent, err := os.MkdirTemp("", "cbb-restore-test-")
	if err != nil {
		return err.Error()
	}
	defer os.RemoveAll(parent)
	dir := filepath.Join(parent, "store")
	err = data.Restore(context.Background(), dir, bytes.NewReader(b))
	switch {
	case err == nil:
		return "the restore succeeded"
	case model.Code(err) != model.Invalid:
		return fmt.Sprintf("error code %s, want invalid: %v", model.Code(err), err)
	case want != nil && !want.MatchString(err.Error()):
		return fmt.Sprintf("error %q does not match %q", err, want)
	}
	if left, _ := os.ReadDir(parent); len(left) != 0 {
		return fmt.Sprintf("the failed restore (%v) left %v", err, names(left))
	}
	return ""
}

// allRefused runs refused on every case, a few at a time, and reports the
// cases that were not refused cleanly.
func allRefused(t *testing.T, cases map[string][]byte, want *regexp.Regexp) {
	t.Helper()
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range cases {
			if !yield(k) {
				return
			}
		}
	})
	work := make(chan string)
	var mu sync.Mutex
	var failed []string
	var wg sync.WaitGroup
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for k := range work {
				if msg := refused(cases[k], want); msg != "" {
					mu.Lock()
					failed = append(failed, k+": "+msg)
					mu.Unlock()
				}
			}
		})
	}
	for _, k := range keys {
		work <- k
	}
	close(work)
	wg.Wait()
	slices.Sort(failed)
	for i, f := range failed {
		if i == 10 {
			t.Errorf("... and %d more", len(failed)-10)
			break
		}
		t.Error(f)
	}
}

func names(es []os.DirEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestBackupRestoreRealData(t *testing.T) {
	ctx := context.Background()
	f := backupOfRealData(t)
	l := parseLayout(t, f.backup)
	t.Logf("backup of %d items: %d bytes, %d records", f.stats.Items, len(f.backup), len(l.records))

	dir := filepath.Join(t.TempDir(), "restored")
	if err := data.Restore(ctx, dir, bytes.NewReader(f.backup)); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(filepath.Dir(dir)); len(left) != 1 {
		t.Fatalf("beside the restored store: %v", names(left))
	}
	s, err := data.Open(ctx, dir, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if d, err := s.Digest(ctx); err != nil || d != f.digest {
		t.Fatalf("restored digest %x (%v), want %x", d, err, f.digest)
	}
	// The end marker carries the digest of the store backed up.
	if got := f.backup[l.end+17 : l.end+49]; !bytes.Equal(got, f.digest[:]) {
		t.Fatalf("end marker digest %x, store digest %x", got, f.digest)
	}
	if st, err := s.Stats(ctx); err != nil || st != f.stats {
		t.Fatalf("restored stats %+v (%v), want %+v", st, err, f.stats)
	}
	if id, err := s.Identity(ctx); err != nil || id != f.identity {
		t.Fatalf("restored identity %q (%v), want %q", id, err, f.identity)
	}
	// A backup of the restored store holds the same records.
	var again bytes.Buffer
	if err := s.Backup(ctx, &again); err != nil {
		t.Fatal(err)
	}
	l2 := parseLayout(t, again.Bytes())
	if !bytes.Equal(again.Bytes()[l2.header:], f.backup[l.header:]) {
		t.Fatal("a backup of the restored store differs from the original backup past the header")
	}
}

// Every cut at a record boundary must be refused: a record checksum cannot
// see it, only the end marker can. So must every cut inside the header or
// the end marker, and cuts inside records.
func TestRestoreRefusesCutBackup(t *testing.T) {
	f := backupOfRealData(t)
	l := parseLayout(t, f.backup)
	cases := map[string][]byte{}
	add := func(n int) { cases[fmt.Sprintf("cut at %08d", n)] = f.backup[:n] }
	add(l.header)
	for _, end := range l.records {
		add(end)
	}
	for n := 1; n < l.header; n++ {
		add(n)
	}
	for n := l.end + 1; n < len(f.backup); n++ {
		add(n)
	}
	// Inside records: in the lengths, the key, the value, the checksum.
	for i := 0; i < len(l.records)-1; i += max(1, len(l.records)/50) {
		start, end := l.records[i], l.records[i+1]
		for _, n := range []int{start + 1, start + 5, start + 9, (start + end) / 2, end - 2} {
			if n > start && n < end {
				add(n)
			}
		}
	}
	t.Logf("%d cuts of a backup of %d records", len(cases), len(l.records))
	allRefused(t, cases, regexp.MustCompile(`cut short|not a cbb backup`))
	// The message says how far the backup goes.
	if msg := refused(f.backup[:l.records[9]], regexp.MustCompile(`backup is cut short after 10 records \(no end marker\)`)); msg != "" {
		t.Error(msg)
	}
}

// A changed byte anywhere must be refused: in the header, in any part of
// a record, in the end marker.
func TestRestoreRefusesDamagedBackup(t *testing.T) {
	f := backupOfRealData(t)
	l := parseLayout(t, f.backup)
	cases := map[string][]byte{}
	flip := func(n int, mask byte) {
		b := slices.Clone(f.backup)
		b[n] ^= mask
		cases[fmt.Sprintf("byte %08d ^ %02x", n, mask)] = b
	}
	for n := 0; n < l.header; n++ {
		flip(n, 0x01)
	}
	for n := l.end; n < len(f.backup); n++ {
		flip(n, 0x80)
	}
	// Every part of a sample of records: tag, lengths, key, value, checksum.
	for i := 0; i < len(l.records)-1; i += max(1, len(l.records)/40) {
		start, end := l.records[i], l.records[i+1]
		for _, n := range []int{start, start + 1, start + 4, start + 8, start + 9, (start + end) / 2, end - 5, end - 1} {
			if n >= start && n < end {
				flip(n, 0x01)
			}
		}
	}
	// A record's tag turned into the end marker's.
	flip(l.records[len(l.records)/2], 'R'^'E')
	// The first record's key length pointing far beyond the input.
	flip(l.header+1, 0x30)
	t.Logf("%d damaged copies", len(cases))
	allRefused(t, cases, regexp.MustCompile(`damaged|cut short|not a cbb backup|format version|incomplete`))

	// Data after the end marker is refused too.
	if msg := refused(append(slices.Clone(f.backup), '\n'), regexp.MustCompile(`data after its end marker`)); msg != "" {
		t.Error(msg)
	}
	// A whole record left out, and two swapped, with the checksums intact.
	a, b := l.records[4], l.records[5]
	dropped := slices.Concat(f.backup[:a], f.backup[b:])
	if msg := refused(dropped, regexp.MustCompile(`incomplete: its end marker counts`)); msg != "" {
		t.Error("a dropped record:", msg)
	}
	c := l.records[6]
	swapped := slices.Concat(f.backup[:a], f.backup[b:c], f.backup[a:b], f.backup[c:])
	if msg := refused(swapped, regexp.MustCompile(`out of order`)); msg != "" {
		t.Error("swapped records:", msg)
	}
}

// A backup larger than what Restore reads ahead is loaded as it streams,
// into a folder made before the end is known: cut or damaged past that
// point, it must still be refused, and the folder removed.
func TestRestoreRefusesLargeBadBackup(t *testing.T) {
	ctx := context.Background()
	s, err := data.Open(ctx, filepath.Join(t.TempDir(), "store"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.PutMember(ctx, model.Administrator, model.Member{ID: "acme", Name: "Acme", Kind: model.OtherKind, Status: model.Active}); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("a part described at length, ", 80)
	for p := range 30 {
		b := &model.Batch{Origin: fmt.Sprintf("p%d", p), Actor: "acme"}
		prod := largeItem(model.LevelProduct, fmt.Sprintf("p%d", p), "")
		b.Add(prod)
		for i := range 100 {
			part := largeItem(model.LevelPart, fmt.Sprintf("p%d-%d", p, i), long)
			b.Add(part)
			b.Use(model.Edge{Parent: prod.ID, Child: part.ID, Quantity: 1})
		}
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := s.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	backup := buf.Bytes()
	l := parseLayout(t, backup)
	const readAhead = 4 << 20 // readAheadBytes in backup.go
	if len(backup) < 3*readAhead/2 {
		t.Fatalf("the backup of %d bytes is too small to test restoring past the read-ahead", len(backup))
	}
	cases := map[string][]byte{}
	for i := len(l.records) - 1; i > 0 && l.records[i] > readAhead+(1<<20); i -= len(l.records) / 20 {
		cases[fmt.Sprintf("cut after record %d", i+1)] = backup[:l.records[i]]
	}
	for _, n := range []int{len(backup) - 40, len(backup) - 3 - (len(backup)-readAhead)/2} {
		b := slices.Clone(backup)
		b[n] ^= 0x04
		cases[fmt.Sprintf("byte %d changed", n)] = b
	}
	t.Logf("%d bad copies of a backup of %d bytes", len(cases), len(backup))
	allRefused(t, cases, regexp.MustCompile(`cut short|damaged`))

	dir := filepath.Join(t.TempDir(), "restored")
	if err := data.Restore(ctx, dir, bytes.NewReader(backup)); err != nil {
		t.Fatal(err)
	}
	r, err := data.Open(ctx, dir, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	d1, _ := s.Digest(ctx)
	if d2, err := r.Digest(ctx); err != nil || d1 != d2 {
		t.Fatalf("digests differ: %x %x %v", d1, d2, err)
	}
}

func largeItem(level model.Level, ext, desc string) model.Item {
	return model.Item{
		ID: model.OwnedID("acme", model.NewID("test", ext)), Level: level, Name: ext, Description: desc,
		Lifecycle: model.Released, Owner: "acme", Scope: model.Scope{Kind: model.ScopeAlliance},
		Source: model.SourceRef{Namespace: "acme", System: "test", ExternalID: ext},
	}
}

// Input that is no cbb backup at all is refused with a message that says
// so, and leaves nothing behind.
func TestRestoreRefusesForeignInput(t *testing.T) {
	var pngFile bytes.Buffer
	if err := png.Encode(&pngFile, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	jsonFile, err := os.ReadFile("../../testdata/nopscadlib/beanz__m-draw-scad/bom.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		input []byte
		want  string
	}{
		{"empty", nil, `not a cbb backup \(the input is empty\)`},
		{"png", pngFile.Bytes(), `not a cbb backup \(no header; it looks like a PNG image\)`},
		{"json", jsonFile, `not a cbb backup \(no header; it looks like JSON\)`},
		{"text", []byte("hello\n"), `not a cbb backup \(no header\)`},
		{"magic only", []byte("CBBBACKUP\n"), `cut short in its header`},
		{"badger", badgerBackup(t), `not a cbb backup \(no header; it may be a backup of an older cbb`},
	} {
		if msg := refused(c.input, regexp.MustCompile(c.want)); msg != "" {
			t.Errorf("%s: %s", c.name, msg)
		}
	}
}

// badgerBackup is a backup in badger's own format, which cbb wrote before
// it had a format of its own.
func badgerBackup(t *testing.T) []byte {
	db, err := badger.Open(badger.DefaultOptions("").WithInMemory(true).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(txn *badger.Txn) error {
		for k, v := range map[string]string{"v": "1", "n": `{"next_batch":2}`, "i/x": "head", "m/acme": `{"id":"acme"}`} {
			if err := txn.Set([]byte(k), []byte(v)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := db.Backup(&buf, 0); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The error names the input when the reader has a name (an *os.File).
func TestRestoreNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(p, []byte("not a backup"), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	err = data.Restore(context.Background(), filepath.Join(dir, "store"), in)
	if model.Code(err) != model.Invalid || !strings.Contains(err.Error(), p+": not a cbb backup (no header)") {
		t.Fatalf("err = %v", err)
	}
}

// A restore killed midway leaves its temporary folder; the next restore
// into the same store removes those whose process is gone, and only those.
func TestRestoreRemovesStaleFolders(t *testing.T) {
	f := backupOfRealData(t)
	dead := exec.Command(os.Args[0], "-test.run=^$")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	deadPid := strconv.Itoa(dead.Process.Pid)
	parent := t.TempDir()
	mk := func(name string) {
		if err := os.MkdirAll(filepath.Join(parent, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(parent, name, "000001.vlog"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	live := ".store.restore-" + strconv.Itoa(os.Getppid()) + "-2"
	other := ".other.restore-" + deadPid + "-4"
	for _, name := range []string{
		".store.restore-" + deadPid + "-1",                   // killed
		"store.restore-" + deadPid,                           // killed, of cbb before backup format 1
		".store.restore-" + strconv.Itoa(os.Getpid()) + "-3", // of an earlier process with this pid
		live,  // of a process still running: maybe a restore in progress
		other, // another store's
	} {
		mk(name)
	}
	if err := data.Restore(context.Background(), filepath.Join(parent, "store"), bytes.NewReader(f.backup)); err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(parent)
	if got, want := names(left), []string{other, live, "store"}; !slices.Equal(got, want) {
		t.Fatalf("left %v, want %v", got, want)
	}
}

func TestRestoreRefusesNonEmptyFolder(t *testing.T) {
	f := backupOfRealData(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := data.Restore(context.Background(), dir, bytes.NewReader(f.backup))
	if model.Code(err) != model.Conflict {
		t.Fatalf("err = %v, want conflict", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Fatalf("the folder now holds %v", names(left))
	}
	// An empty folder is fine: it becomes the store.
	empty := t.TempDir()
	if err := data.Restore(context.Background(), empty, bytes.NewReader(f.backup)); err != nil {
		t.Fatal(err)
	}
}

// A store has an identity from its creation on, keeps it, and a store
// made before identities existed gets one when opened.
func TestIdentity(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := data.Open(ctx, dir, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.Identity(ctx)
	if err != nil || !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Fatalf("identity %q, %v", id, err)
	}
	s.Close()
	if again := identityOf(t, dir); again != id {
		t.Fatalf("identity changed on reopening: %s, then %s", id, again)
	}
	if other := identityOf(t, t.TempDir()); other == id {
		t.Fatal("two stores have one identity")
	}

	// Take the identity away, as in a store made before identities.
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(txn *badger.Txn) error { return txn.Delete([]byte("id")) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if got := identityOf(t, dir); got == "" || got == id {
		t.Fatalf("identity after opening a store without one: %q", got)
	}
}

func identityOf(t *testing.T, dir string) string {
	t.Helper()
	s, err := data.Open(context.Background(), dir, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id, err := s.Identity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Backup reads one snapshot: writes while it runs are either wholly in it
// or not at all, and the backup restores.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	s, err := data.Open(ctx, filepath.Join(t.TempDir(), "store"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put := func(i int) error {
		id := model.MemberID(fmt.Sprintf("m%04d", i))
		return s.PutMember(ctx, model.Administrator, model.Member{ID: id, Name: string(id), Kind: model.OtherKind, Status: model.Active})
	}
	for i := range 500 {
		if err := put(i); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	done := make(chan error)
	go func() {
		for i := 500; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if err := put(i); err != nil {
				done <- err
				return
			}
		}
	}()
	var backups [][]byte
	for range 3 {
		var buf bytes.Buffer
		if err := s.Backup(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		backups = append(backups, buf.Bytes())
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for i, b := range backups {
		if err := data.Restore(ctx, filepath.Join(t.TempDir(), "r"), bytes.NewReader(b)); err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
	}
}

// Restore never panics, whatever it reads; what it accepts opens as a
// store, and what it refuses leaves nothing behind.
func FuzzRestore(f *testing.F) {
	ctx := context.Background()
	small, err := os.MkdirTemp("", "cbb-fuzz-seed-")
	if err != nil {
		f.Fatal(err)
	}
	s, err := data.Open(ctx, small, data.Options{})
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	err = s.Backup(ctx, &buf)
	s.Close()
	os.RemoveAll(small)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(backupOfRealData(f).backup)
	f.Add([]byte{})
	f.Add([]byte("CBBBACKUP\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "store")
		if err := data.Restore(ctx, dir, bytes.NewReader(b)); err != nil {
			if left, _ := os.ReadDir(parent); len(left) != 0 {
				t.Fatalf("a failed restore (%v) left %v", err, names(left))
			}
			return
		}
		s, err := data.Open(ctx, dir, data.Options{})
		if err != nil {
			t.Fatalf("the restored store does not open: %v", err)
		}
		defer s.Close()
		if _, err := s.Digest(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
