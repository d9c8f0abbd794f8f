package data

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

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
