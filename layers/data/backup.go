package data

// # The cbb backup format, version 1
//
// A backup is a stream of three parts; every integer is big-endian.
//
//	header  "CBBBACKUP\n"                 magic, 10 bytes
//	        uint16 version                1
//	        uint32 n, n bytes of JSON     {"store": identity, "time": RFC 3339 UTC,
//	                                      "schema": schema version}
//	        uint32 CRC-32C                of version, n and the JSON
//	record  'R'                           one per key, in strictly increasing key order
//	        uint32 key length             1 to 65,000
//	        uint32 value length           up to 1 GiB - 1
//	        key, value
//	        uint32 CRC-32C                of the tag, the lengths, the key and the value
//	end     'E'
//	        uint64 records                how many records came before
//	        uint64 items                  how many of them are item heads (keys "i/...")
//	        [32]byte SHA-256              of every record's uint64 key length, key,
//	                                      uint64 value length and value: Store.Digest
//	                                      of the store the backup was taken from
//	        uint32 CRC-32C                of the end marker before it
//
// Nothing may follow the end marker. The checksums (CRC-32C, Castagnoli) find
// a damaged header, record or end marker where it is; the end marker finds a
// backup cut short at a record boundary, which no record checksum can; the
// key order and the counts find records repeated, reordered or lost; the
// digest covers all records once more and is checked again against the
// restored store, so what Restore renames into place is exactly what was
// backed up. The header's identity and schema version must match the
// store's own "id" and "v" records.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

const (
	backupMagic   = "CBBBACKUP\n"
	backupVersion = 1

	tagRecord = 'R'
	tagEnd    = 'E'

	maxHeaderLen = 64 << 10
	maxKeyLen    = 65000     // badger's limit
	maxValueLen  = 1<<30 - 1 // badger's default value log file size, its limit
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// backupHeader is the JSON of a backup's header.
type backupHeader struct {
	Store  string    `json:"store"`  // Store.Identity
	Time   time.Time `json:"time"`   // when the snapshot was read
	Schema string    `json:"schema"` // the store's schema version
}

// Backup writes a full, consistent snapshot of the store to w in the cbb
// backup format (see above), while the store stays open for reads and
// writes: every key is read in one read transaction. It streams; the
// backup is never held in memory. w is buffered here.
func (s *Store) Backup(ctx context.Context, w io.Writer) error {
	if err := s.view(ctx, func(txn *badger.Txn) error { return writeBackup(ctx, txn, w) }); err != nil {
		return fmt.Errorf("back up store %s: %w", s.dir, err)
	}
	return nil
}

func writeBackup(ctx context.Context, txn *badger.Txn, w io.Writer) error {
	id, err := getValue(txn, identityKey)
	if err != nil {
		return fmt.Errorf("read store identity: %w", err)
	}
	schema, err := getValue(txn, []byte("v"))
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	if _, err := bw.Write(encodeHeader(backupHeader{Store: string(id), Time: time.Now().UTC(), Schema: string(schema)})); err != nil {
		return err
	}

	digest := sha256.New()
	var records, items uint64
	var rec []byte
	it := txn.NewIterator(badger.DefaultIteratorOptions)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if records%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		k := it.Item().Key()
		err := it.Item().Value(func(v []byte) error {
			rec = appendRecord(rec[:0], k, v)
			return nil
		})
		if err != nil {
			return fmt.Errorf("read %q: %w", k, err)
		}
		if _, err := bw.Write(rec); err != nil {
			return err
		}
		hashRecord(digest, rec[9:9+len(k)], rec[9+len(k):len(rec)-4])
		records++
		if bytes.HasPrefix(k, []byte("i/")) {
			items++
		}
	}
	var sum [32]byte
	digest.Sum(sum[:0])
	if _, err := bw.Write(encodeEnd(records, items, sum)); err != nil {
		return err
	}
	return bw.Flush()
}

func encodeHeader(h backupHeader) []byte {
	js, _ := json.Marshal(h) // strings and a time: cannot fail
	b := []byte(backupMagic)
	b = binary.BigEndian.AppendUint16(b, backupVersion)
	b = binary.BigEndian.AppendUint32(b, uint32(len(js)))
	b = append(b, js...)
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b[len(backupMagic):], castagnoli))
}

func appendRecord(b, k, v []byte) []byte {
	start := len(b)
	b = append(b, tagRecord)
	b = binary.BigEndian.AppendUint32(b, uint32(len(k)))
	b = binary.BigEndian.AppendUint32(b, uint32(len(v)))
	b = append(b, k...)
	b = append(b, v...)
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b[start:], castagnoli))
}

func encodeEnd(records, items uint64, sum [32]byte) []byte {
	b := []byte{tagEnd}
	b = binary.BigEndian.AppendUint64(b, records)
	b = binary.BigEndian.AppendUint64(b, items)
	b = append(b, sum[:]...)
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// hashRecord adds a key and value to a digest as Digest does.
func hashRecord(h hash.Hash, k, v []byte) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(k)))
	h.Write(n[:])
	h.Write(k)
	binary.BigEndian.PutUint64(n[:], uint64(len(v)))
	h.Write(n[:])
	h.Write(v)
}

// backupReader reads and verifies a backup stream, one part at a time.
type backupReader struct {
	r      *bufio.Reader
	name   string // the input's name for messages, if known
	off    int64  // bytes read so far
	header backupHeader

	records, items uint64
	digest         hash.Hash
	last           []byte // the previous record's key
	id, schema     []byte // the "id" and "v" records, when seen
	done           bool   // the end marker has been read and checked
}

func newBackupReader(r io.Reader, name string) *backupReader {
	return &backupReader{r: bufio.NewReaderSize(r, 256<<10), name: name, digest: sha256.New()}
}

// invalid is the error for input that is not a whole, intact backup: a
// model.Invalid error naming the input when its name is known.
func (b *backupReader) invalid(format string, args ...any) error {
	return &model.Error{Code: model.Invalid, File: b.name, Msg: fmt.Sprintf(format, args...)}
}

// read fills p, turning a short read into a model.Invalid error that says
// what was cut: part names what p is.
func (b *backupReader) read(p []byte, part string) error {
	n, err := io.ReadFull(b.r, p)
	b.off += int64(n)
	if err == nil {
		return nil
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return b.invalid("backup is cut short in %s (the input ends at byte %d)", part, b.off)
	}
	return b.readError(err)
}

func (b *backupReader) readError(err error) error {
	if b.name != "" {
		return fmt.Errorf("read %s: %w", b.name, err)
	}
	return fmt.Errorf("read backup: %w", err)
}

// readHeader reads and checks the header.
func (b *backupReader) readHeader() error {
	magic := make([]byte, len(backupMagic))
	n, err := io.ReadFull(b.r, magic)
	b.off += int64(n)
	switch {
	case n == 0 && errors.Is(err, io.EOF):
		return b.invalid("not a cbb backup (the input is empty)")
	case err != nil && !errors.Is(err, io.ErrUnexpectedEOF):
		return b.readError(err)
	case !bytes.Equal(magic[:n], []byte(backupMagic)[:n]):
		return b.invalid("not a cbb backup (no header%s)", sniff(magic[:n]))
	case err != nil:
		return b.invalid("backup is cut short in its header (the input ends at byte %d)", b.off)
	}
	var fixed [6]byte
	if err := b.read(fixed[:], "its header"); err != nil {
		return err
	}
	version := binary.BigEndian.Uint16(fixed[:2])
	if version != backupVersion {
		return b.invalid("backup has format version %d, this cbb reads version %d", version, backupVersion)
	}
	n32 := binary.BigEndian.Uint32(fixed[2:])
	if n32 > maxHeaderLen {
		return b.invalid("backup header is damaged (it claims %d bytes)", n32)
	}
	rest := make([]byte, n32+4)
	if err := b.read(rest, "its header"); err != nil {
		return err
	}
	js, sum := rest[:n32], binary.BigEndian.Uint32(rest[n32:])
	crc := crc32.Update(crc32.Checksum(fixed[:], castagnoli), castagnoli, js)
	if crc != sum {
		return b.invalid("backup header is damaged (checksum mismatch)")
	}
	if err := json.Unmarshal(js, &b.header); err != nil {
		return b.invalid("backup header is damaged: %v", err)
	}
	if b.header.Store == "" || b.header.Schema == "" {
		return b.invalid("backup header names no store or schema version")
	}
	return nil
}

// sniff names a few common kinds of file by their first bytes, so that the
// message for a wrong file says what it is.
func sniff(head []byte) string {
	for _, k := range []struct{ prefix, kind string }{
		{"\x89PNG", "a PNG image"},
		{"%PDF", "a PDF document"},
		{"PK\x03\x04", "a ZIP archive"},
		{"\x1f\x8b", "a gzip file"},
		{"{", "JSON"},
		{"[", "JSON"},
	} {
		if bytes.HasPrefix(head, []byte(k.prefix)) {
			return "; it looks like " + k.kind
		}
	}
	// badger's own backups (what cbb wrote before format 1) start with the
	// little-endian uint64 length of a protocol buffer, whose high bytes
	// are zero, then the buffer's first field tag.
	if len(head) >= 9 && bytes.Equal(head[4:8], make([]byte, 4)) && head[8] == 0x0a {
		return "; it may be a backup of an older cbb, which wrote badger's own format: restore it with that cbb and back it up again"
	}
	return ""
}

// next reads the next record, verified; end is true after the end marker,
// which has then been verified with everything before it.
func (b *backupReader) next() (k, v []byte, end bool, err error) {
	var tag [1]byte
	n, err := io.ReadFull(b.r, tag[:])
	b.off += int64(n)
	if errors.Is(err, io.EOF) {
		return nil, nil, false, b.invalid("backup is cut short after %d records (no end marker)", b.records)
	}
	if err != nil {
		return nil, nil, false, b.readError(err)
	}
	at := b.off - 1
	switch tag[0] {
	case tagEnd:
		return nil, nil, true, b.readEnd(at)
	case tagRecord:
	default:
		return nil, nil, false, b.invalid("backup is damaged at byte %d, after %d records (no record or end marker there)", at, b.records)
	}
	no := b.records + 1
	part := fmt.Sprintf("record %d at byte %d", no, at)
	var lens [8]byte
	if err := b.read(lens[:], part); err != nil {
		return nil, nil, false, err
	}
	kl, vl := binary.BigEndian.Uint32(lens[:4]), binary.BigEndian.Uint32(lens[4:])
	if kl == 0 || kl > maxKeyLen || vl > maxValueLen {
		return nil, nil, false, b.invalid("backup is damaged in %s: a key of %d bytes and a value of %d", part, kl, vl)
	}
	k = make([]byte, kl)
	if err := b.read(k, part); err != nil {
		return nil, nil, false, err
	}
	if v, err = b.readValue(int(vl), part); err != nil {
		return nil, nil, false, err
	}
	var sum [4]byte
	if err := b.read(sum[:], part); err != nil {
		return nil, nil, false, err
	}
	crc := crc32.Update(crc32.Update(crc32.Update(crc32.Checksum(tag[:], castagnoli), castagnoli, lens[:]), castagnoli, k), castagnoli, v)
	if crc != binary.BigEndian.Uint32(sum[:]) {
		return nil, nil, false, b.invalid("backup is damaged in %s (checksum mismatch)", part)
	}
	// Checked only now, past the checksum: a damaged key is reported as
	// damage, not as a misplaced key.
	if bytes.HasPrefix(k, []byte("!badger!")) {
		return nil, nil, false, b.invalid("backup is damaged in %s: a key of badger's own", part)
	}
	if b.last != nil && bytes.Compare(k, b.last) <= 0 {
		return nil, nil, false, b.invalid("backup is damaged in %s: key %q is out of order", part, k)
	}
	b.last = k
	b.records++
	if bytes.HasPrefix(k, []byte("i/")) {
		b.items++
	}
	switch {
	case bytes.Equal(k, identityKey):
		b.id = v
	case bytes.Equal(k, []byte("v")):
		b.schema = v
	}
	hashRecord(b.digest, k, v)
	return k, v, false, nil
}

// readValue reads n bytes; a large value is read in steps, so that a
// damaged length costs no more memory than the input really holds.
func (b *backupReader) readValue(n int, part string) ([]byte, error) {
	if n <= 1<<20 {
		v := make([]byte, n)
		return v, b.read(v, part)
	}
	var buf bytes.Buffer
	m, err := io.CopyN(&buf, b.r, int64(n))
	b.off += m
	if err == io.EOF {
		return nil, b.invalid("backup is cut short in %s (the input ends at byte %d)", part, b.off)
	}
	if err != nil {
		return nil, b.readError(err)
	}
	return buf.Bytes(), nil
}

// readEnd reads the end marker (its tag already read at byte at) and checks
// it against the records read, and that nothing follows it.
func (b *backupReader) readEnd(at int64) error {
	var rest [8 + 8 + 32 + 4]byte
	if err := b.read(rest[:], fmt.Sprintf("its end marker at byte %d", at)); err != nil {
		return err
	}
	crc := crc32.Update(crc32.Checksum([]byte{tagEnd}, castagnoli), castagnoli, rest[:48])
	if crc != binary.BigEndian.Uint32(rest[48:]) {
		return b.invalid("backup is damaged in its end marker at byte %d (checksum mismatch)", at)
	}
	records, items := binary.BigEndian.Uint64(rest[:8]), binary.BigEndian.Uint64(rest[8:16])
	if records != b.records || items != b.items {
		return b.invalid("backup is incomplete: its end marker counts %d records and %d items, it holds %d and %d", records, items, b.records, b.items)
	}
	var sum [32]byte
	b.digest.Sum(sum[:0])
	if !bytes.Equal(sum[:], rest[16:48]) {
		return b.invalid("backup is damaged: its records do not match the digest in its end marker")
	}
	if _, err := b.r.ReadByte(); err == nil {
		return b.invalid("backup has data after its end marker (byte %d)", at+int64(len(rest))+1)
	} else if !errors.Is(err, io.EOF) {
		return b.readError(err)
	}
	switch {
	case b.id == nil || b.schema == nil:
		return b.invalid("backup holds no store identity or schema version")
	case string(b.id) != b.header.Store:
		return b.invalid("backup header names store %s, its records store %s", b.header.Store, b.id)
	case string(b.schema) != b.header.Schema:
		return b.invalid("backup header names schema version %s, its records %s", b.header.Schema, b.schema)
	}
	return nil
}

// Restore creates a store in dir from a backup in the cbb backup format
// read from r, and verifies all of it: the header, every record's checksum,
// the end marker with its counts and digest, and the restored store's
// digest. dir must not exist or be empty (else a model.Conflict error).
// Input that is not a whole, intact cbb backup (empty, foreign, cut short,
// damaged, or a backup in badger's own format) is refused with a
// model.Invalid error; when r has a Name method (an *os.File), the error
// names it.
//
// The backup is loaded into a new folder beside dir, ".<dir>.restore-<pid>-*",
// which is renamed to dir only once everything has loaded and checked out;
// on any failure it is removed, and dir is left as it was. The folder is
// made only after the header and the first 4 MiB of records have been read
// and checked, so a bad small backup never touches the disk. A restore killed
// midway cannot remove its folder; a later Restore into the same dir removes
// such folders whose process is gone (the pid in the name; a folder of this
// process's pid that no running Restore of this process owns was left by an
// earlier process of that pid). A folder whose pid has been reused by an
// unrelated running process is left; it is hidden, takes no name a later
// run needs, and goes once that process ends.
func Restore(ctx context.Context, dir string, r io.Reader) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	dir = filepath.Clean(dir)
	removeStaleRestores(dir)
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return model.Errorf(model.Conflict, "restore into %s: the folder is not empty", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("restore into %s: %w", dir, err)
	}
	name := ""
	if n, ok := r.(interface{ Name() string }); ok {
		name = n.Name()
	}
	br := newBackupReader(r, name)
	if err := br.readHeader(); err != nil {
		return fmt.Errorf("restore into %s: %w", dir, err)
	}
	if err := checkBackupSchema(br); err != nil {
		return fmt.Errorf("restore into %s: %w", dir, err)
	}
	ahead, err := br.readAhead(ctx)
	if err != nil {
		return fmt.Errorf("restore into %s: %w", dir, err)
	}
	if err := restoreInto(ctx, dir, br, ahead); err != nil {
		return fmt.Errorf("restore into %s: %w", dir, err)
	}
	return nil
}

// readAheadBytes bounds the records Restore reads before it makes a
// folder: a backup that size or smaller is verified whole before anything
// touches the disk, so a bad one leaves no trace at all, and the memory a
// restore takes stays bounded whatever the size of the backup.
const readAheadBytes = 4 << 20

// readAhead reads the first records of the backup, up to about
// readAheadBytes of them, or all of them with the end marker (then
// br.done).
func (b *backupReader) readAhead(ctx context.Context) ([][2][]byte, error) {
	var kvs [][2][]byte
	size := 0
	for size < readAheadBytes {
		k, v, err := b.nextRecord(ctx)
		if err != nil || k == nil {
			return kvs, err
		}
		kvs = append(kvs, [2][]byte{k, v})
		size += len(k) + len(v)
	}
	return kvs, nil
}

// nextRecord is next, checking ctx now and then; it returns a nil key
// after the end marker.
func (b *backupReader) nextRecord(ctx context.Context) (k, v []byte, err error) {
	if b.records%4096 == 0 {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
	}
	k, v, end, err := b.next()
	if end {
		b.done = true
	}
	return k, v, err
}

// checkBackupSchema refuses a backup of a schema newer than this cbb's: it
// could not open the store. An older one is restored as it is; opening it
// then says how to migrate it.
func checkBackupSchema(br *backupReader) error {
	theirs, err1 := strconv.Atoi(br.header.Schema)
	ours, err2 := strconv.Atoi(schemaVersion)
	if err1 != nil || (err2 == nil && theirs > ours) {
		return model.Errorf(model.Conflict, "backup has schema version %q, this cbb reads %q", br.header.Schema, schemaVersion)
	}
	return nil
}

// restoreInto makes the temporary folder, loads into it the records read
// ahead and the rest of the backup, and renames it to dir.
func restoreInto(ctx context.Context, dir string, br *backupReader, ahead [][2][]byte) (err error) {
	parent, base := splitDir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	restoreMu.Lock()
	tmp, err := os.MkdirTemp(parent, fmt.Sprintf(".%s.restore-%d-*", base, os.Getpid()))
	if err == nil {
		restoring[tmp] = true
	}
	restoreMu.Unlock()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
		restoreMu.Lock()
		delete(restoring, tmp)
		restoreMu.Unlock()
	}()
	// MkdirTemp makes the folder for its owner only; Open makes stores 0755.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}

	// Open gives the new store a schema version and an identity; the
	// backup's own "v" and "id" records replace them.
	s, err := Open(ctx, tmp, Options{})
	if err != nil {
		return err
	}
	if err := load(ctx, s, br, ahead); err != nil {
		s.Close()
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	os.Remove(dir) // an empty folder is in the way of the rename
	if err := os.Rename(tmp, dir); err != nil {
		return err
	}
	syncDir(parent) // so the rename survives a crash
	return nil
}

// load writes the records read ahead and the rest of the backup into s in
// write batches, then checks that s holds exactly what the backup
// described.
func load(ctx context.Context, s *Store, br *backupReader, ahead [][2][]byte) error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel() // after Flush, a no-op
	// Keys and values are fresh slices, never reused, so the batch may
	// keep them until it commits.
	for _, kv := range ahead {
		if err := wb.Set(kv[0], kv[1]); err != nil {
			return fmt.Errorf("write %q: %w", kv[0], err)
		}
	}
	for !br.done {
		k, v, err := br.nextRecord(ctx)
		if err != nil {
			return err
		}
		if k == nil {
			break
		}
		if err := wb.Set(k, v); err != nil {
			return fmt.Errorf("write %q: %w", k, err)
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	got, err := s.Digest(ctx)
	if err != nil {
		return err
	}
	var want [32]byte
	br.digest.Sum(want[:0])
	if got != want {
		return fmt.Errorf("the restored store's digest %s differs from the backup's %s", hex.EncodeToString(got[:8]), hex.EncodeToString(want[:8]))
	}
	return nil
}

// restoring holds the temporary folders of the Restores running in this
// process, which removeStaleRestores must leave alone; restoreMu guards it
// and makes a folder's creation and its entry here one step.
var (
	restoreMu sync.Mutex
	restoring = map[string]bool{}
)

// splitDir returns the folder dir is in, absolute, and dir's name.
func splitDir(dir string) (parent, base string) {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Dir(dir), filepath.Base(dir)
}

// removeStaleRestores removes the temporary folders of restores into dir
// that were killed: ".<base>.restore-<pid>-*" whose process is gone, and
// "<base>.restore-<pid>", the folder of cbb before backup format 1. It is
// best effort: a folder it cannot remove is in nobody's way.
func removeStaleRestores(dir string) {
	parent, base := splitDir(dir)
	restoreMu.Lock()
	defer restoreMu.Unlock()
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		var pid string
		if rest, ok := strings.CutPrefix(e.Name(), "."+base+".restore-"); ok {
			pid, _, ok = strings.Cut(rest, "-")
			if !ok {
				continue
			}
		} else if rest, ok := strings.CutPrefix(e.Name(), base+".restore-"); ok {
			pid = rest
		} else {
			continue
		}
		n, err := strconv.Atoi(pid)
		if err != nil || n <= 0 {
			continue
		}
		path := filepath.Join(parent, e.Name())
		if restoring[path] {
			continue
		}
		if n == os.Getpid() || !processAlive(n) {
			os.RemoveAll(path)
		}
	}
}

// processAlive reports whether a process with the pid runs. It errs on the
// side of yes: only a definite "no such process" is a no.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false // Windows: no such process
	}
	err = p.Signal(syscall.Signal(0))
	return !errors.Is(err, os.ErrProcessDone)
}

func syncDir(path string) {
	if f, err := os.Open(path); err == nil {
		f.Sync()
		f.Close()
	}
}

// Digest returns a SHA-256 over every key and value in the store, in key
// order: two stores with equal digests hold exactly the same data. It
// equals the digest in the end marker of a backup of the store.
func (s *Store) Digest(ctx context.Context) ([32]byte, error) {
	h := sha256.New()
	err := s.view(ctx, func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			err := it.Item().Value(func(v []byte) error {
				hashRecord(h, k, v)
				return nil
			})
			if err != nil {
				return fmt.Errorf("digest: %w", err)
			}
		}
		return nil
	})
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, err
}
