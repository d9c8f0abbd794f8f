package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
)

func (a *app) backupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a full backup of the store to FILE (- for standard output); the administrator's",
		Args:  cobra.ExactArgs(1),
		RunE: a.withAdmin("backing up the store", func(ctx context.Context, s *data.Store, args []string) error {
			// The backup holds the entry that records it.
			if _, err := s.Audit(ctx, model.AuditEntry{Actor: model.MemberID(a.member), Action: model.AuditBackup, Target: args[0]}); err != nil {
				return err
			}
			if args[0] == "-" {
				w := bufio.NewWriter(a.stdout)
				if err := s.Backup(ctx, w); err != nil {
					return err
				}
				return w.Flush()
			}
			// Write beside the target and rename, so FILE is either the
			// whole backup or untouched.
			tmp, err := os.CreateTemp(filepath.Dir(args[0]), ".cbb-backup-*")
			if err != nil {
				return fmt.Errorf("backup: %w", err)
			}
			defer os.Remove(tmp.Name())
			w := bufio.NewWriter(tmp)
			if err := s.Backup(ctx, w); err != nil {
				tmp.Close()
				return err
			}
			if err := w.Flush(); err != nil {
				tmp.Close()
				return fmt.Errorf("backup: %w", err)
			}
			if err := tmp.Sync(); err != nil {
				tmp.Close()
				return fmt.Errorf("backup: %w", err)
			}
			if err := tmp.Close(); err != nil {
				return fmt.Errorf("backup: %w", err)
			}
			if err := os.Rename(tmp.Name(), args[0]); err != nil {
				return fmt.Errorf("backup: %w", err)
			}
			fmt.Fprintf(a.stderr, "backed up %s to %s\n", a.storeDir, args[0])
			return nil
		}),
	}
}

func (a *app) restoreCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "restore FILE",
		Short: "Create the store from a backup (the store folder must not exist or be empty); the administrator's",
		Long: `Create the store from a backup written by cbb backup (- reads standard input).
The whole backup is verified (its header, every record's checksum, the end
marker's counts and digest) while it loads into a new folder beside the store,
which becomes the store only once all of it checked out: a damaged, cut or
foreign file is refused and leaves nothing behind.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if model.MemberID(a.member) != model.Administrator {
				return model.Errorf(model.Forbidden, "restoring the store is for the alliance administrator only (run as --member %s)", model.Administrator)
			}
			// data.Restore buffers, and names the input in its errors when
			// the reader has a name: hand it the file itself.
			var r io.Reader = namedReader{os.Stdin, "standard input"}
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return fmt.Errorf("restore: %w", err)
				}
				defer f.Close()
				r = f
			}
			if err := data.Restore(cmd.Context(), a.storeDir, r); err != nil {
				return err
			}
			s, err := a.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			if _, err := s.Audit(cmd.Context(), model.AuditEntry{Actor: model.MemberID(a.member), Action: model.AuditRestore, Target: args[0]}); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "restored %s from %s\n", a.storeDir, args[0])
			return nil
		},
	}
}

// namedReader gives a reader a name for messages.
type namedReader struct {
	io.Reader
	name string
}

func (n namedReader) Name() string { return n.name }
