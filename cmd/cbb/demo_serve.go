package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/api/client"
	"github.com/cbb-alliance/cbb/api/httpapi"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

// demoServe brings the HTTP service up on a free local port, pushes a BOM
// over HTTP as a member's PDM system would, queries as two members, and
// shuts the service down.
func (a *app) demoServe(ctx context.Context, s *data.Store, dir string) error {
	fmt.Fprintf(a.stdout, "\n== the alliance service over HTTP (cbb serve): a PDM system pushes a BOM, two members query\n\n")
	keys := map[model.MemberID]string{}
	for _, k := range []model.Key{{Member: "beta", Role: model.RoleIntegration, Name: "demo PDM sync"}, {Member: "local", Role: model.RoleEngineer, Name: "demo"}, {Member: "beta", Role: model.RoleEngineer, Name: "demo"}} {
		got, secret, err := s.CreateKey(ctx, model.Administrator, k)
		if err != nil {
			return err
		}
		keys[k.Member+"/"+model.MemberID(k.Role)] = secret
		fmt.Fprintf(a.stdout, "$ cbb --member admin key create --for %s --role %s   # key %s, secret shown once\n", k.Member, k.Role, got.ID)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: httpapi.New(a.core, httpapi.Options{Log: a.log})}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(a.stdout, "$ cbb serve --addr %s\n", ln.Addr())

	bom := filepath.Join(dir, "bom", "kicad_grouped.csv")
	f, err := os.Open(bom)
	if err != nil {
		return err
	}
	pdm := &client.Client{Base: url, Key: keys["beta/integration"]}
	rep, err := pdm.Import(ctx, []api.File{{Name: "sync/" + filepath.Base(bom), Body: f}}, api.ImportOptions{Scope: model.Scope{Kind: model.ScopeOwner}, Product: "Beta sensor board"})
	f.Close()
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "$ curl -H 'Authorization: Bearer $KEY' -F 'options={\"scope\":{\"kind\":\"owner\"},\"product\":\"Beta sensor board\"}' -F file=@%s %s/v1/imports\n", bom, url)
	fmt.Fprintf(a.stdout, "  # beta's PDM: %d items created, %d unchanged, %d BOM lines, owner-only\n", rep.Result.Created, rep.Result.Unchanged, rep.Lines())
	for _, who := range []model.MemberID{"beta", "local"} {
		c := &client.Client{Base: url, Key: keys[who+"/engineer"]}
		res, err := c.Query(ctx, retrieval.TextRequirement("Beta sensor board", model.LevelProduct, ""), 3)
		if err != nil {
			return err
		}
		found := "not found: owner-only to beta"
		for _, cd := range res.Items[0].Candidates {
			if cd.Name == "Beta sensor board" {
				found = fmt.Sprintf("found %s (owner %s)", cd.ID, cd.Owner)
			}
		}
		fmt.Fprintf(a.stdout, "$ curl -H 'Authorization: Bearer $KEY' -H 'Content-Type: application/json' -d '{\"requirement\":{\"items\":[{\"name\":\"board\",\"text\":\"Beta sensor board\",\"level\":\"product\"}]}}' %s/v1/query   # as %s: %s\n", url, who, found)
	}
	sctx, cancel := context.WithCancel(ctx)
	cancel() // nothing runs any more: stop at once
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(a.stdout, "# the service stopped")
	return nil
}

// demoServeOn serves the demo's store at addr until interrupted, after
// printing keys to try it with: the administrator's, and an engineer's
// of the local member.
func (a *app) demoServeOn(ctx context.Context, addr string) error {
	s, err := a.openStore(ctx, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n== serving the demo's store at http://%s (Ctrl-C stops it); keys to try it, shown once:\n\n", addr)
	for _, k := range []model.Key{{Member: model.Administrator, Role: model.RoleAllianceAdmin, Name: "demo"}, {Member: localMember.ID, Role: model.RoleEngineer, Name: "demo"}} {
		_, secret, err := s.CreateKey(ctx, model.Administrator, k)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "  %-6s %-15s %s\n", k.Member, k.Role, secret)
	}
	fmt.Fprintf(a.stdout, "\n  curl -H \"Authorization: Bearer $KEY\" http://%s/v1/stats\n\n", addr)
	return a.serve(ctx, serveFlags{addr: addr, grace: 5 * time.Second, rate: 50, burst: 100})
}
