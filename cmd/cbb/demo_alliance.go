package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/formats"
	"github.com/cbb-alliance/cbb/pdm/ingest"
)

// demoMembers are the two members of the demo's alliance scene.
var demoMembers = []model.Member{
	{ID: "acme", Name: "Acme Instruments", Kind: model.Enterprise},
	{ID: "beta", Name: "Beta Institute", Kind: model.Institute},
}

// demoAlliance shows the alliance's rules at work on the sample data:
// acme's board imported owner-only stays acme's, however many members
// import the same file; a licence lets beta see it; acme is expelled and
// its licence to beta keeps working while acme may write nothing more.
func (a *app) demoAlliance(ctx context.Context, s *data.Store, dir string) error {
	fmt.Fprintf(a.stdout, "\n== the alliance: members own their records; scopes, licences and expulsion decide who sees what\n\n")
	for _, m := range demoMembers {
		if cur, err := s.Member(ctx, m.ID); err == nil {
			if cur.Status == model.Active {
				continue
			}
			m = cur // a demo run before expelled acme: readmit it
		} else if model.Code(err) != model.NotFound {
			return err
		} else {
			m.Joined = time.Now().UTC()
		}
		m.Status = model.Active
		if err := s.PutMember(ctx, model.Administrator, m); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "$ cbb --member admin member add %s --kind %s\n", m.ID, m.Kind)
	}
	board := filepath.Join(dir, "kicad", "StickIt-Hat.xml")
	for _, m := range []struct {
		id    model.MemberID
		scope model.ScopeKind
	}{{"acme", model.ScopeOwner}, {"beta", model.ScopeAlliance}} {
		im := &ingest.Importer{Store: s, Formats: formats.All(), Log: a.log, Actor: m.id,
			Options: pdm.Options{Owner: m.id, Scope: model.Scope{Kind: m.scope}, Lifecycle: model.Released}}
		rep, err := im.Import(ctx, []string{board})
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "$ cbb --member %s import --scope %s %s   # %d created, %d unchanged\n", m.id, m.scope, board, rep.Result.Created, rep.Result.Unchanged)
	}
	acmeBoard, err := ownProduct(ctx, s, "acme")
	if err != nil {
		return err
	}
	show := func(who model.MemberID) error {
		ses, err := a.core.AsMember(ctx, who)
		if err != nil {
			return err
		}
		v, err := ses.Item(ctx, string(acmeBoard), false)
		switch {
		case model.Code(err) == model.NotFound:
			fmt.Fprintf(a.stdout, "$ cbb --member %s show %s   # no item: %s may not see it\n", who, acmeBoard, who)
		case err != nil:
			return err
		default:
			fmt.Fprintf(a.stdout, "$ cbb --member %s show %s   # %q, owner %s, scope %s, %d BOM lines visible\n", who, acmeBoard, v.Name, v.Owner, v.Scope.Kind, len(v.Children))
		}
		return nil
	}
	fmt.Fprintln(a.stdout, "\nthe same file is two products, one per member; acme's is owner-only:")
	for _, who := range []model.MemberID{"acme", "beta"} {
		if err := show(who); err != nil {
			return err
		}
	}
	l, err := demoLicence(ctx, s, acmeBoard)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n$ cbb --member acme licence grant %s --to beta --purpose industrialization   # %s\n", acmeBoard, l.ID)
	if err := show("beta"); err != nil {
		return err
	}
	m, err := s.Member(ctx, "acme")
	if err != nil {
		return err
	}
	m.Status = model.Expelled
	if err := s.PutMember(ctx, model.Administrator, m); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n$ cbb --member admin member set-status acme expelled\n")
	fmt.Fprintln(a.stdout, "the licence acme granted before it left keeps working; acme keeps its own IP but may write nothing:")
	if err := show("beta"); err != nil {
		return err
	}
	if err := show("acme"); err != nil {
		return err
	}
	im := &ingest.Importer{Store: s, Formats: formats.All(), Log: a.log, Actor: "acme",
		Options: pdm.Options{Owner: "acme", Scope: model.Scope{Kind: model.ScopeOwner}, Lifecycle: model.Released}}
	if _, err := im.Import(ctx, []string{filepath.Join(dir, "kicad", "LedTest.xml")}); model.Code(err) == model.Forbidden {
		fmt.Fprintf(a.stdout, "$ cbb --member acme import %s   # refused: %v\n", filepath.Join(dir, "kicad", "LedTest.xml"), err)
	} else {
		return fmt.Errorf("an expelled member's import was not refused: %v", err)
	}
	rep, err := s.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n$ cbb --member admin audit verify   # %d entries, chain intact: %v\n", rep.Entries, rep.OK())
	return nil
}

// ownProduct is the product member owns: in the demo, acme's board.
func ownProduct(ctx context.Context, s *data.Store, member model.MemberID) (model.ItemID, error) {
	v, err := s.Viewer(ctx, member)
	if err != nil {
		return "", err
	}
	var id model.ItemID
	err = s.As(v).Items(ctx, model.LevelProduct, func(it model.Item) error {
		if it.Owner == member {
			id = it.ID
		}
		return nil
	})
	if err == nil && id == "" {
		err = model.Errorf(model.NotFound, "%s owns no product", member)
	}
	return id, err
}

// demoLicence grants beta a licence on acme's board, or finds the one a
// former run granted.
func demoLicence(ctx context.Context, s *data.Store, board model.ItemID) (model.Licence, error) {
	ls, err := s.Licences(ctx, model.Viewer{Member: "acme", Active: true})
	if err != nil {
		return model.Licence{}, err
	}
	for _, l := range ls {
		if l.Item == board && l.InForce(time.Now()) {
			return l, nil
		}
	}
	return s.GrantLicence(ctx, "acme", model.Licence{Item: board, Licensees: []model.MemberID{"beta"}, Purpose: model.Industrialization})
}
