package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/api/client"
	"github.com/cbb-alliance/cbb/api/httpapi"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize"
	"github.com/cbb-alliance/cbb/retrieval"
)

// world is a random alliance: members with standings, projects, items of
// every level and scope in BOMs that cross members, catalogue parts,
// licences (to members and projects, expired, revoked) and technologies.
type world struct {
	members  []model.MemberID
	status   map[model.MemberID]model.MemberStatus
	projects map[model.ProjectID][]model.MemberID
	items    map[model.ItemID]model.Item
	children map[model.ItemID][]model.Edge
	licences []model.Licence
	keys     map[model.MemberID]string // each member's (and the administrator's) API key
}

// mayRead is the oracle: the alliance's rules, written again from the
// agreement rather than from model.Viewer, so that the test checks the
// implementation against an independent reading.
func (w *world) mayRead(v model.MemberID, id model.ItemID) bool {
	it := w.items[id]
	switch {
	case v == model.Administrator, it.Owner == v:
		return true
	case it.Owner == model.Catalogue, it.Scope.Kind == model.ScopePublic:
		return true
	case w.status[v] != model.Active:
		return false // a member that left reads nothing of others' but public items
	}
	now := time.Now()
	for _, l := range w.licences {
		if !l.Revoked.IsZero() || (!l.Until.IsZero() && l.Until.Before(now)) {
			continue
		}
		to := slices.Contains(l.Licensees, v) || (l.Project != "" && slices.Contains(w.projects[l.Project], v))
		if to && w.contains(l.Item, id, l.Owner) {
			return true // licences outlive their grantor's membership
		}
	}
	if w.status[it.Owner] != model.Active {
		return false // a member that left takes its items out of the others' view
	}
	return it.Scope.Kind == model.ScopeAlliance || (it.Scope.Kind == model.ScopePartners && slices.Contains(it.Scope.Partners, v))
}

// contains reports whether root holds id through BOM and family edges, as
// far as owner owns the items on the way.
func (w *world) contains(root, id model.ItemID, owner model.MemberID) bool {
	if w.items[root].Owner != owner {
		return false
	}
	if root == id {
		return true
	}
	for _, e := range w.children[root] {
		if e.Kind != model.Embodiment && w.contains(e.Child, id, owner) {
			return true
		}
	}
	return false
}

var words = []string{"M3 cap screw", "hex nut M4", "10k resistor 0603", "100nF capacitor 0402", "stepper motor NEMA17", "608 bearing", "aluminium bracket", "sensor board", "gear motor", "heater cartridge"}

// newWorld builds a random alliance in a new store, through the same
// writes the commands use.
func newWorld(t *testing.T, seed uint64) (*world, *data.Store, string) {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 7))
	dir := filepath.Join(t.TempDir(), "store")
	s, err := data.Open(ctx, dir, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{status: map[model.MemberID]model.MemberStatus{}, projects: map[model.ProjectID][]model.MemberID{},
		items: map[model.ItemID]model.Item{}, children: map[model.ItemID][]model.Edge{}}
	for i := range 5 {
		m := model.MemberID(fmt.Sprintf("m%d", i))
		w.members = append(w.members, m)
		w.status[m] = model.Active
		if err := s.PutMember(ctx, model.Administrator, model.Member{ID: m, Name: string(m), Kind: model.Enterprise, Status: model.Active}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 2 {
		p := model.Project{ID: model.ProjectID(fmt.Sprintf("p%d", i))}
		for _, m := range w.members {
			if rng.IntN(2) == 0 {
				p.Members = append(p.Members, m)
			}
		}
		if len(p.Members) == 0 {
			p.Members = w.members[:1]
		}
		if _, err := s.AddProject(ctx, model.Administrator, p); err != nil {
			t.Fatal(err)
		}
		w.projects[p.ID] = p.Members
	}
	scope := func() model.Scope {
		switch rng.IntN(4) {
		case 0:
			return model.Scope{Kind: model.ScopeOwner}
		case 1:
			sc := model.Scope{Kind: model.ScopePartners}
			for _, m := range w.members {
				if rng.IntN(3) == 0 {
					sc.Partners = append(sc.Partners, m)
				}
			}
			if len(sc.Partners) == 0 {
				sc.Partners = []model.MemberID{w.members[rng.IntN(len(w.members))]}
			}
			return sc
		case 2:
			return model.Scope{Kind: model.ScopeAlliance}
		}
		return model.Scope{Kind: model.ScopePublic}
	}
	n := 0
	newItem := func(owner model.MemberID, level model.Level) model.Item {
		n++
		word := words[rng.IntN(len(words))]
		it := model.Item{Level: level, Name: fmt.Sprintf("%s %s-%s-%d", word, level, owner, n), Lifecycle: model.Released,
			Owner: owner, Scope: scope(), Source: model.SourceRef{Namespace: owner, System: "leak", ExternalID: fmt.Sprint(n)}}
		it.ID = model.OwnedID(owner, model.NewID("leak", fmt.Sprint(n)))
		if owner == model.Catalogue {
			it.Scope, it.Source.Namespace = model.Scope{Kind: model.ScopePublic}, ""
			it.ID = model.NewID("leak", fmt.Sprint(n))
		}
		return it
	}
	// Catalogue parts, written by whoever met them first.
	cat := &model.Batch{Origin: "catalogue", Actor: w.members[0]}
	for range 6 {
		cat.Add(newItem(model.Catalogue, model.LevelPart))
	}
	apply := func(b *model.Batch) {
		t.Helper()
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		for _, it := range slices.Concat(b.Items, b.Refs) {
			w.items[it.ID] = it
		}
		for _, e := range b.Edges {
			w.children[e.Parent] = append(w.children[e.Parent], e)
		}
	}
	apply(cat)
	// Each member: parts, modules of its parts and of what it may see
	// of others', products of modules, a technology embodied in a module.
	for round := range 2 {
		for _, m := range w.members {
			b := &model.Batch{Origin: fmt.Sprintf("%s-%d", m, round), Actor: m}
			var parts, modules []model.Item
			for range 3 {
				parts = append(parts, newItem(m, model.LevelPart))
			}
			var seen []model.ItemID
			for id := range w.items {
				if w.mayRead(m, id) && w.items[id].Level == model.LevelPart {
					seen = append(seen, id)
				}
			}
			slices.Sort(seen)
			for range 2 {
				mod := newItem(m, model.LevelModule)
				modules = append(modules, mod)
				for _, p := range parts {
					if rng.IntN(2) == 0 {
						b.Use(model.Edge{Parent: mod.ID, Child: p.ID, Quantity: float64(1 + rng.IntN(4))})
					}
				}
				for range 2 {
					if len(seen) > 0 {
						b.Use(model.Edge{Parent: mod.ID, Child: seen[rng.IntN(len(seen))], Quantity: 1})
					}
				}
			}
			prod := newItem(m, model.LevelProduct)
			for _, mod := range modules {
				b.Use(model.Edge{Parent: prod.ID, Child: mod.ID, Quantity: 1})
			}
			b.Use(model.Edge{Parent: prod.ID, Child: parts[0].ID, Quantity: 2})
			tech := newItem(m, model.LevelTechnology)
			b.Use(model.Edge{Parent: tech.ID, Child: modules[0].ID, Kind: model.Embodiment})
			for _, it := range slices.Concat(parts, modules, []model.Item{prod, tech}) {
				b.Add(it)
			}
			apply(b)
		}
	}
	// Licences: each member grants a few on its items, to members or a
	// project; some expire, some are revoked.
	var owned = map[model.MemberID][]model.ItemID{}
	for id, it := range w.items {
		if it.Owner != model.Catalogue {
			owned[it.Owner] = append(owned[it.Owner], id)
		}
	}
	for _, m := range w.members {
		slices.Sort(owned[m])
		for range 3 {
			l := model.Licence{Item: owned[m][rng.IntN(len(owned[m]))], Purpose: model.Research}
			if rng.IntN(3) == 0 {
				l.Project = model.ProjectID(fmt.Sprintf("p%d", rng.IntN(2)))
			} else {
				for l.Licensees == nil {
					if o := w.members[rng.IntN(len(w.members))]; o != m {
						l.Licensees = []model.MemberID{o}
					}
				}
			}
			if rng.IntN(4) == 0 {
				l.Until = time.Now().Add(-time.Hour)
			}
			got, err := s.GrantLicence(ctx, m, l)
			if err != nil {
				t.Fatal(err)
			}
			if rng.IntN(5) == 0 {
				if got, err = s.RevokeLicence(ctx, m, got.ID); err != nil {
					t.Fatal(err)
				}
			}
			w.licences = append(w.licences, got)
		}
	}
	// Every member and the administrator get a key, before some leave.
	w.keys = map[model.MemberID]string{}
	for _, m := range append(slices.Clone(w.members), model.Administrator) {
		role := model.RoleMemberAdmin
		if m == model.Administrator {
			role = model.RoleAllianceAdmin
		}
		_, secret, err := s.CreateKey(ctx, model.Administrator, model.Key{Member: m, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		w.keys[m] = secret
	}
	// Standing changes last: members leave after granting.
	for _, m := range w.members[1:] {
		switch rng.IntN(4) {
		case 0:
			w.status[m] = model.Expelled
		case 1:
			w.status[m] = model.Withdrawn
		default:
			continue
		}
		mem, err := s.Member(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		mem.Status = w.status[m]
		if err := s.PutMember(ctx, model.Administrator, mem); err != nil {
			t.Fatal(err)
		}
	}
	return w, s, dir
}

// leakCheck counts the checks of the leak tests.
type leakCheck struct {
	t *testing.T
	n int
}

func (c *leakCheck) check(ok bool, format string, args ...any) {
	c.t.Helper()
	c.n++
	if !ok {
		c.t.Errorf(format, args...)
	}
}

// checkService runs every read of the service as who and checks what comes
// back against the world's rules: nothing outside who's rights returned,
// named or counted.
func checkService(ctx context.Context, c *leakCheck, w *world, seed uint64, who model.MemberID, svc api.Service) {
	t := c.t
	t.Helper()
	ids := make([]model.ItemID, 0, len(w.items))
	for id := range w.items {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	hidden := func(id model.ItemID) bool { return !w.mayRead(who, id) }
	// noneHidden: a rendered answer names no hidden item, by id or by its
	// (unique) name.
	noneHidden := func(what string, out any) {
		t.Helper()
		b, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, id := range ids {
			if hidden(id) {
				c.check(!strings.Contains(text, string(id)) && !strings.Contains(text, w.items[id].Name),
					"seed %d: %s as %s names hidden item %s (%s)", seed, what, who, id, w.items[id].Name)
			}
		}
	}
	visible := 0
	for _, id := range ids {
		want := w.mayRead(who, id)
		if want {
			visible++
		}
		iv, err := svc.Item(ctx, string(id), true)
		c.check((err == nil) == want, "seed %d: item %s (%s) as %s: %v, want visible %v", seed, id, w.items[id].Name, who, err, want)
		if err != nil && model.Code(err) != model.NotFound {
			t.Fatalf("item %s as %s: %v", id, who, err)
		}
		_, err = svc.Item(ctx, w.items[id].Name, false)
		c.check((err == nil) == want, "seed %d: item by name %s as %s: %v, want visible %v", seed, w.items[id].Name, who, err, want)
		if src := w.items[id].Source; src.Namespace == who {
			_, err = svc.Item(ctx, src.System+":"+src.ExternalID, false)
			c.check(err == nil, "seed %d: own source key %s as %s: %v", seed, src, who, err)
		}
		if !want {
			continue
		}
		noneHidden("show "+string(id), iv)
		hiddenUsers := 0
		for _, parents := range w.children {
			for _, e := range parents {
				// A hidden technology is no user: counting it would tell of
				// a secret embodied in the item.
				if e.Child == id && hidden(e.Parent) && e.Kind != model.Embodiment {
					hiddenUsers++
				}
			}
		}
		c.check(iv.HiddenUsers == hiddenUsers, "seed %d: show %s as %s counts %d hidden users, want %d", seed, id, who, iv.HiddenUsers, hiddenUsers)
		tree, err := svc.WhereUsed(ctx, string(id), true)
		if err != nil {
			t.Fatal(err)
		}
		noneHidden("where-used "+string(id), tree)
	}
	st, err := svc.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c.check(st.Items == visible, "seed %d: stats as %s count %d items, want %d", seed, who, st.Items, visible)
	edges := 0
	for parent, es := range w.children {
		for _, e := range es {
			if e.Kind == model.BOM && !hidden(parent) && !hidden(e.Child) {
				edges++
			}
		}
	}
	c.check(st.Edges == edges, "seed %d: stats as %s count %d BOM edges, want %d", seed, who, st.Edges, edges)
	for _, text := range words {
		res, err := svc.Query(ctx, retrieval.TextRequirement(text, model.LevelAny, ""), 50)
		if err != nil {
			t.Fatal(err)
		}
		noneHidden("query "+text, res)
		for _, ir := range res.Items {
			for _, cd := range ir.Candidates {
				users := 0
				for parent, es := range w.children {
					for _, e := range es {
						if e.Child == cd.ID && e.Kind != model.Embodiment && !hidden(parent) {
							users++
						}
					}
				}
				c.check(cd.UsedIn == users, "seed %d: query as %s: %s used in %d, want %d visible users", seed, who, cd.ID, cd.UsedIn, users)
			}
		}
	}
	for _, id := range ids[:12] {
		if hidden(id) {
			_, err := svc.Duplicates(ctx, string(id), 0)
			c.check(model.Code(err) == model.NotFound, "seed %d: duplicates of hidden %s as %s: %v", seed, id, who, err)
			continue
		}
		dups, err := svc.Duplicates(ctx, string(id), 0.3)
		if err != nil {
			t.Fatal(err)
		}
		noneHidden("duplicates", dups)
	}
	req := model.Requirement{Name: "leak", Items: []model.RequirementItem{
		{Name: "screw", Text: "M3 cap screw", Level: model.LevelAny, Quantity: 1},
		{Name: "drive", Text: "stepper motor NEMA17", Level: model.LevelAny, Quantity: 1},
	}}
	rep, err := svc.Plan(ctx, req, api.PlanOptions{Candidates: 8})
	if err != nil {
		t.Fatal(err)
	}
	noneHidden("design", rep)
	ls, err := svc.Licences(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		c.check(who == model.Administrator || l.Owner == who || slices.Contains(l.Licensees, who) ||
			(l.Project != "" && slices.Contains(w.projects[l.Project], who)),
			"seed %d: licence %s listed to %s", seed, l.ID, who)
	}
}

// TestNoReadLeaks runs every read of the application core as every member
// of random alliances, in-process and over HTTP (a real server on
// 127.0.0.1:0, each member with its API key), and the reads that only the
// store's face has (listings, analyses) in-process; nothing outside the
// member's rights may be returned, named or counted.
func TestNoReadLeaks(t *testing.T) {
	ctx := context.Background()
	c := &leakCheck{t: t}
	for seed := range uint64(4) {
		w, s, dir := newWorld(t, seed)
		core := api.NewCore(s, nil)
		srv := httptest.NewServer(httpapi.New(core, httpapi.Options{Rate: 1e6, Burst: 1e6}))
		a := &app{store: s, core: core, storeDir: dir, stdout: io.Discard, stderr: io.Discard}
		for _, who := range append(slices.Clone(w.members), model.Administrator) {
			ses, err := core.AsMember(ctx, who)
			if err != nil {
				t.Fatal(err)
			}
			checkService(ctx, c, w, seed, who, ses)
			remote := &client.Client{Base: srv.URL, Key: w.keys[who]}
			if who != model.Administrator && w.status[who] != model.Active {
				// A member that left: its keys no longer open anything.
				_, err := remote.Stats(ctx)
				c.check(model.Code(err) == model.Forbidden, "seed %d: the key of %s, who left, still works: %v", seed, who, err)
				continue
			}
			checkService(ctx, c, w, seed, who, remote)
			a.member = string(who)
			v := s.As(ses.Viewer())
			n := 0
			if err := v.Items(ctx, "", func(it model.Item) error {
				c.check(w.mayRead(who, it.ID), "list as %s: %s", who, it.ID)
				n++
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			for id, it := range w.items {
				if it.Source.Namespace == "" {
					continue
				}
				_, err := v.Lookup(ctx, it.Source)
				c.check((err == nil) == w.mayRead(who, id), "seed %d: lookup %s as %s: %v", seed, it.Source, who, err)
			}
			env, done, err := a.env(ctx, s, "never")
			if err != nil {
				t.Fatal(err)
			}
			for kind, params := range map[string]any{
				"commonality": rationalize.CommonalityParams{},
				"platform":    rationalize.PlatformParams{Restarts: 3},
				"families":    rationalize.FamiliesParams{AllParts: true},
				"rules":       rationalize.RulesParams{},
			} {
				run, err := rationalize.Execute(ctx, env, kind, params)
				if err != nil && model.Code(err) != model.NotFound && model.Code(err) != model.Invalid {
					t.Fatalf("%s as %s: %v", kind, who, err)
				}
				b, _ := json.Marshal(run)
				for id, it := range w.items {
					if !w.mayRead(who, id) {
						c.check(!strings.Contains(string(b), string(id)) && !strings.Contains(string(b), it.Name),
							"seed %d: rationalize %s as %s names hidden item %s", seed, kind, who, id)
					}
				}
			}
			done()
		}
		srv.Close()
		core.Close()
	}
	if c.n < 10000 {
		t.Errorf("%d checks, want at least 10,000", c.n)
	}
	t.Logf("%d checks", c.n)
}
