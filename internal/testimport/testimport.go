// Package testimport builds a store from real files for tests of every
// layer: the readers, normalization and ingest as `cbb import` runs them,
// into a store of its own, so tests above the PDM layer start from the
// same data a user would have.
package testimport

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/formats"
	"github.com/cbb-alliance/cbb/pdm/ingest"
)

// Store opens a new store in dir/store, adds the member owner, and imports
// paths as owner's released items shared with the alliance, reporting
// unreadable inputs rather than failing on them (as `cbb import
// --keep-going` does). The caller closes the store.
func Store(ctx context.Context, dir string, owner model.MemberID, paths ...string) (*data.Store, error) {
	s, err := data.Open(ctx, filepath.Join(dir, "store"), data.Options{})
	if err != nil {
		return nil, err
	}
	if err := s.PutMember(ctx, model.Administrator, model.Member{ID: owner, Name: string(owner), Kind: model.OtherKind, Status: model.Active}); err != nil {
		s.Close()
		return nil, err
	}
	im := &ingest.Importer{
		Store: s, Formats: formats.All(), KeepGoing: true, Actor: owner,
		Options: pdm.Options{Owner: owner, Scope: model.Scope{Kind: model.ScopeAlliance}, Lifecycle: model.Released},
	}
	if _, err := im.Import(ctx, paths); err != nil {
		s.Close()
		return nil, fmt.Errorf("import %v: %w", paths, err)
	}
	return s, nil
}
