package data

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/dgraph-io/badger/v4"

	"cbb/layers/model"
)

// Backup writes a full, consistent snapshot of the store to w, while the
// store stays open for reads and writes.
func (s *Store) Backup(ctx context.Context, w io.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := s.db.Backup(w, 0); err != nil {
		return fmt.Errorf("back up store %s: %w", s.dir, err)
	}
	return nil
}

// Restore creates a store in dir from a backup read from r. dir must not
// exist or be empty. The backup is loaded into a folder beside dir that is
// renamed to dir only once the whole backup has loaded, so a bad or cut
// backup leaves nothing behind.
func Restore(ctx context.Context, dir string, r io.Reader) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return model.Errorf(model.Conflict, "restore into %s: the folder is not empty", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("restore into %s: %w", dir, err)
	}
	tmp := fmt.Sprintf("%s.restore-%d", dir, os.Getpid())
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("restore into %s: %w", dir, err)
	}
	fail := func(err error) error {
		os.RemoveAll(tmp)
		return fmt.Errorf("restore into %s: %w", dir, err)
	}
	s, err := Open(ctx, tmp, Options{})
	if err != nil {
		return fail(err)
	}
	if err := s.db.Load(r, 256); err != nil {
		s.Close()
		return fail(fmt.Errorf("load backup: %w", err))
	}
	if err := s.checkSchema(); err != nil {
		s.Close()
		return fail(err)
	}
	if err := s.Close(); err != nil {
		return fail(err)
	}
	os.Remove(dir) // an empty folder is in the way of the rename
	if err := os.Rename(tmp, dir); err != nil {
		return fail(err)
	}
	return nil
}

// Digest returns a SHA-256 over every key and value in the store, in key
// order: two stores with equal digests hold exactly the same data. Backup
// streams are not byte-for-byte reproducible; digests are.
func (s *Store) Digest(ctx context.Context) ([32]byte, error) {
	h := sha256.New()
	err := s.view(ctx, func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		var n [8]byte
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			binary.BigEndian.PutUint64(n[:], uint64(len(k)))
			h.Write(n[:])
			h.Write(k)
			err := it.Item().Value(func(v []byte) error {
				binary.BigEndian.PutUint64(n[:], uint64(len(v)))
				h.Write(n[:])
				h.Write(v)
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
