package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"cbb/layers/data"
)

func (a *app) backupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a full backup of the store to FILE (- for standard output)",
		Args:  cobra.ExactArgs(1),
		RunE: a.withStore(func(ctx context.Context, s *data.Store, args []string) error {
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
		Short: "Create the store from a backup (the store folder must not exist or be empty)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var r *os.File
			if args[0] == "-" {
				r = os.Stdin
			} else {
				f, err := os.Open(args[0])
				if err != nil {
					return fmt.Errorf("restore: %w", err)
				}
				defer f.Close()
				r = f
			}
			if err := data.Restore(cmd.Context(), a.storeDir, bufio.NewReader(r)); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "restored %s from %s\n", a.storeDir, args[0])
			return nil
		},
	}
}
