package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/model"
)

// alliance makes a store with members acme, beta and gamma.
func alliance(t *testing.T) string {
	t.Helper()
	store := filepath.Join(t.TempDir(), "store")
	for _, m := range []string{"acme", "beta", "gamma"} {
		cbbAs(t, store, "admin", exitOK, "member", "add", m, "--name", strings.ToUpper(m))
	}
	return store
}

// fixture writes a file under dir, making its folders.
func fixture(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// showJSON is `cbb show --json` as a member; ok false when the member
// may not see the item (exit 1, "no item").
func showJSON(t *testing.T, store, member, item string) (api.ItemView, bool) {
	t.Helper()
	var out, errb strings.Builder
	code := Run(t.Context(), []string{"--store", store, "--member", member, "show", "--json", item}, &out, &errb)
	if code != exitOK {
		if !strings.Contains(errb.String(), "no item") {
			t.Fatalf("show %s as %s: exit %d: %s", item, member, code, errb.String())
		}
		return api.ItemView{}, false
	}
	var v api.ItemView
	if err := json.Unmarshal([]byte(out.String()), &v); err != nil {
		t.Fatal(err)
	}
	return v, true
}

const acmeBOM = `IPN,Description,Qty,Manufacturer,MPN
ACME-1,Sensor bridge resistor trimmed to 4.7k,2,,
,Washer ISO 7089 M3,4,,
ACME-3,Capacitor 2.2uF 25V X7R 0805,1,Murata,GRM21BR71E225KA73L
`

const betaBOM = `IPN,Description,Qty,Manufacturer,MPN
B-9,Motor driver board,1,,
B-10,Washer ISO 7089 M3,8,,
`

// Finding 1: one member's import cannot replace, take over or read another
// member's product of the same file name, nor its parts of the same
// internal part number.
func TestIdentityKeyedWithinMembers(t *testing.T) {
	store := alliance(t)
	dir := t.TempDir()
	// Two projects holding a file of one path: the same source key.
	acme := fixture(t, filepath.Join(dir, "acme", "boms", "bom.csv"), acmeBOM)
	beta := fixture(t, filepath.Join(dir, "beta", "boms", "bom.csv"), betaBOM)
	fixture(t, filepath.Join(dir, "acme", ".cbbroot"), "")
	fixture(t, filepath.Join(dir, "beta", ".cbbroot"), "")
	cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", "--scope", "owner", acme)
	cbbAs(t, store, "beta", exitOK, "import", "--progress", "never", beta)
	// beta imports acme's very file, as public: its own copy, nothing of acme's changes.
	cbbAs(t, store, "beta", exitOK, "import", "--progress", "never", "--scope", "public", "--product", "boms/bom.csv", acme)

	own, ok := showJSON(t, store, "acme", "bom:boms/bom.csv")
	if !ok || own.Owner != "acme" || own.Scope.Kind != model.ScopeOwner || len(own.Children) != 3 {
		t.Fatalf("acme's product after beta's imports: %+v (ok %v)", own, ok)
	}
	if _, ok := showJSON(t, store, "gamma", string(own.ID)); ok {
		t.Error("gamma reads acme's owner-only product")
	}
	theirs, ok := showJSON(t, store, "beta", "bom:boms/bom.csv")
	if !ok || theirs.Owner != "beta" || theirs.ID == own.ID {
		t.Fatalf("beta's product: %+v", theirs)
	}
	// beta's copy of acme's file, named as beta's own product, revised
	// beta's product: gamma sees that one product, public, and none of acme's.
	if st := statsOfAs(t, store, "gamma"); st.Products != 1 {
		t.Errorf("gamma sees %d products, want beta's one", st.Products)
	}
	// A part named by acme's own part number is acme's; beta's copy of
	// the line is beta's own record, another item.
	acmePart, ok := showJSON(t, store, "acme", "bom:ipn:ACME-1")
	if !ok || acmePart.Owner != "acme" {
		t.Fatalf("acme's own part: %+v", acmePart)
	}
	betaPart, ok := showJSON(t, store, "beta", "bom:ipn:ACME-1")
	if !ok || betaPart.Owner != "beta" || betaPart.ID == acmePart.ID {
		t.Fatalf("beta's import of the same IPN: %+v", betaPart)
	}
	// The same InvenTree and gitplm exports imported by two members are two
	// sets of records: PDM keys (part:<pk>, IPNs) are keyed within members.
	for _, in := range []string{"../../testdata/inventree", "../../pdm/gitplm/testdata"} {
		before := statsOfAs(t, store, "admin")
		cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", in)
		mid := statsOfAs(t, store, "admin")
		cbbAs(t, store, "beta", exitOK, "import", "--progress", "never", in)
		after := statsOfAs(t, store, "admin")
		if mid.Items == before.Items || after.Items == mid.Items {
			t.Errorf("%s: items %d, %d after acme, %d after beta: the second member's import must add its own records", in, before.Items, mid.Items, after.Items)
		}
	}
}

// Finding 1, last case: a file's product does not depend on how its path
// was typed.
func TestProductIdentityIgnoresPathSpelling(t *testing.T) {
	store := alliance(t)
	dir := t.TempDir()
	fixture(t, filepath.Join(dir, "x", "boms", "bom.csv"), acmeBOM)
	for _, p := range []string{"x/boms/../boms", "x/boms/..", "x/boms", "x/boms/", "./x/boms/bom.csv", filepath.Join(dir, "x", "boms", "bom.csv")} {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", p)
	}
	if st := statsOfAs(t, store, "acme"); st.Products != 1 {
		t.Errorf("one file imported by six spellings of its path: %d products", st.Products)
	}
	// In a project (a .cbbroot file or a version-control folder), the name
	// runs from the project's root, wherever the project sits.
	fixture(t, filepath.Join(dir, "x", ".cbbroot"), "")
	cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", filepath.Join(dir, "x", "boms"))
	if _, ok := showJSON(t, store, "acme", "bom:boms/bom.csv"); !ok {
		t.Error("the product of x/boms/bom.csv in project x is not named boms/bom.csv")
	}
}

func statsOfAs(t *testing.T, store, member string) model.Stats {
	t.Helper()
	var st model.Stats
	if err := json.Unmarshal([]byte(cbbAs(t, store, member, exitOK, "stats", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// Finding 2: a standard part is a catalogue item, public whoever met it
// first: acme's owner-only BOM does not hide the washer from gamma's own
// product.
func TestSharedPartIsPublic(t *testing.T) {
	store := alliance(t)
	dir := t.TempDir()
	cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", "--scope", "owner", fixture(t, filepath.Join(dir, "a.csv"), acmeBOM))
	cbbAs(t, store, "gamma", exitOK, "import", "--progress", "never", "--scope", "alliance",
		fixture(t, filepath.Join(dir, "g.csv"), "Description,Qty\nWasher ISO 7089 M3,6\nGamma gearbox housing,1\n"))
	res := queryJSON(t, store, "--member", "gamma", "--text", "washer M3", "--level", "part")
	found := false
	for _, c := range res.Items[0].Candidates {
		if c.Owner == model.Catalogue && strings.Contains(strings.ToLower(c.Name), "washer") {
			found = true
		}
	}
	if !found {
		t.Errorf("gamma does not find the M3 washer of its own product: %+v", res.Items[0].Candidates)
	}
	// Where-used of the washer, as gamma: its own product named, acme's
	// owner-only one counted, not named.
	v, ok := showJSON(t, store, "gamma", res.Items[0].Candidates[0].Name)
	if !ok || len(v.UsedIn) != 1 || v.UsedIn[0].Name == "a" || v.HiddenUsers != 1 {
		t.Errorf("washer as gamma: used in %+v, hidden %d", v.UsedIn, v.HiddenUsers)
	}
}

// Finding 3: every read takes the acting member's view.
func TestReadsFollowScopes(t *testing.T) {
	store := alliance(t)
	dir := t.TempDir()
	cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", "--scope", "owner", "--product", "Secret rig", fixture(t, filepath.Join(dir, "a.csv"), acmeBOM))
	cbbAs(t, store, "beta", exitOK, "import", "--progress", "never", "--scope", "alliance", fixture(t, filepath.Join(dir, "b.csv"), betaBOM))
	secret, ok := showJSON(t, store, "acme", "Secret rig")
	if !ok {
		t.Fatal("acme does not see its product")
	}
	id := string(secret.ID)
	for _, args := range [][]string{
		{"show", id}, {"show", "Secret rig"}, {"where-used", id}, {"duplicates", id},
		{"rationalize", "commonality", "--product", id, "--no-save"},
		{"variability", "show", id},
	} {
		out := cbbAs(t, store, "gamma", exitError, args...)
		if !strings.Contains(out, "no item") || strings.Contains(out, "ACME") {
			t.Errorf("%v as gamma: %s", args, out)
		}
	}
	// Where-used of the shared washer names beta's product and counts
	// acme's.
	out := cbbAs(t, store, "gamma", exitOK, "where-used", "--products", "bom:mpn:GRM21BR71E225KA73L")
	if strings.Contains(out, "Secret rig") || !strings.Contains(out, "1 items you may not see") {
		t.Errorf("where-used as gamma:\n%s", out)
	}
	if st, all := statsOfAs(t, store, "gamma"), statsOfAs(t, store, "admin"); st.Products != 1 || all.Products != 2 || st.Items >= all.Items {
		t.Errorf("stats as gamma %+v, as the administrator %+v", st, all)
	}
	out = cbbAs(t, store, "gamma", exitOK, "rationalize", "families", "--all-parts", "--no-save", "--json")
	if strings.Contains(out, "ACME-1") || strings.Contains(out, "trimmed") {
		t.Errorf("families --all-parts as gamma names acme's part:\n%s", out)
	}
	out = cbbAs(t, store, "gamma", exitError, "rationalize", "commonality", "--owner", "acme", "--no-save")
	if !strings.Contains(out, "no products") || strings.Contains(out, "Secret") {
		t.Errorf("commonality of acme's products as gamma:\n%s", out)
	}
	for _, args := range [][]string{{"backup", filepath.Join(dir, "b.cbb")}, {"audit", "list"}, {"audit", "verify"}} {
		if out := cbbAs(t, store, "acme", exitError, args...); !strings.Contains(out, "administrator only") {
			t.Errorf("%v as acme: %s", args, out)
		}
	}
	// Reading another member's non-public item is recorded.
	cbbAs(t, store, "admin", exitOK, "show", id)
	if out := cbbAs(t, store, "admin", exitOK, "audit", "list", "--action", "read"); !strings.Contains(out, id) {
		t.Errorf("the administrator's read of acme's item is not in the audit log:\n%s", out)
	}
}

// Findings 4 and the licences of the agreement: a member that leaves
// writes nothing, reads nothing of others' but public items, cannot
// reinstate itself, and its items leave the others' view but for the
// licences it granted, which keep working.
func TestExpulsionAndLicences(t *testing.T) {
	store := alliance(t)
	dir := t.TempDir()
	cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", "--scope", "owner", "--product", "Rig", fixture(t, filepath.Join(dir, "a.csv"), acmeBOM))
	cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", "--scope", "alliance", "--product", "Open rig", fixture(t, filepath.Join(dir, "o.csv"), "IPN,Description,Qty\nACME-20,Frame plate,1\n"))
	cbbAs(t, store, "beta", exitOK, "import", "--progress", "never", "--scope", "alliance", "--product", "Beta board", fixture(t, filepath.Join(dir, "b.csv"), betaBOM))
	if _, ok := showJSON(t, store, "beta", "Rig"); ok {
		t.Fatal("beta sees acme's owner-only rig before any licence")
	}
	if out := cbbAs(t, store, "beta", exitError, "licence", "grant", "Beta board", "--to", "nobody"); !strings.Contains(out, "no such member") {
		t.Errorf("licence to an unknown member: %s", out)
	}
	rig, _ := showJSON(t, store, "acme", "Rig")
	if out := cbbAs(t, store, "beta", exitError, "licence", "grant", string(rig.ID), "--to", "beta"); !strings.Contains(out, "no item") {
		t.Errorf("beta licenses acme's item: %s", out)
	}
	cbbAs(t, store, "acme", exitOK, "licence", "grant", "Rig", "--to", "beta", "--purpose", "industrialization")
	v, ok := showJSON(t, store, "beta", "Rig")
	if !ok || len(v.Children) != 3 {
		t.Fatalf("beta with a licence on the rig: %+v (ok %v): the licence covers what it contains", v, ok)
	}
	if _, ok := showJSON(t, store, "gamma", "Rig"); ok {
		t.Error("gamma sees the rig licensed to beta")
	}

	cbbAs(t, store, "admin", exitOK, "member", "set-status", "acme", "expelled")
	// acme's licence to beta survives; its alliance-wide product leaves the view.
	if _, ok := showJSON(t, store, "beta", "Rig"); !ok {
		t.Error("the licence acme granted before its expulsion no longer works")
	}
	if _, ok := showJSON(t, store, "gamma", "Open rig"); ok {
		t.Error("gamma still sees the alliance product of expelled acme")
	}
	// acme: no writes, no reads of others' non-public items, no self-reinstatement.
	if out := cbbAs(t, store, "acme", exitError, "import", "--progress", "never", fixture(t, filepath.Join(dir, "n.csv"), betaBOM)); !strings.Contains(out, "left the alliance") {
		t.Errorf("expelled acme imports: %s", out)
	}
	if _, ok := showJSON(t, store, "acme", "Beta board"); ok {
		t.Error("expelled acme reads beta's alliance product")
	}
	if _, ok := showJSON(t, store, "acme", "Rig"); !ok {
		t.Error("expelled acme no longer sees its own pre-existing IP")
	}
	if out := cbbAs(t, store, "acme", exitError, "member", "set-status", "acme", "active"); !strings.Contains(out, "administrator only") {
		t.Errorf("acme reinstates itself: %s", out)
	}
	if out := cbbAs(t, store, "acme", exitError, "licence", "grant", "Open rig", "--to", "gamma"); !strings.Contains(out, "left the alliance") {
		t.Errorf("expelled acme grants a licence: %s", out)
	}
	var members []model.Member
	if err := json.Unmarshal([]byte(cbb(t, store, exitOK, "--member", "beta", "member", "list", "--json")), &members); err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if m.ID == "acme" && (len(m.History) != 2 || m.History[1].Status != model.Expelled || m.History[1].Actor != model.Administrator) {
			t.Errorf("acme's history: %+v", m.History)
		}
	}
	// Revoked licences end; a licence to a project reaches its members.
	cbbAs(t, store, "admin", exitOK, "member", "set-status", "acme", "active")
	cbbAs(t, store, "admin", exitOK, "project", "add", "p1", "--members", "gamma")
	cbbAs(t, store, "acme", exitOK, "licence", "grant", "Rig", "--project", "p1", "--until", "2099-12-31")
	if _, ok := showJSON(t, store, "gamma", "Rig"); !ok {
		t.Error("gamma, in project p1, does not see the rig licensed to p1")
	}
	cbbAs(t, store, "acme", exitOK, "licence", "revoke", "L000002")
	if _, ok := showJSON(t, store, "gamma", "Rig"); ok {
		t.Error("the revoked licence still works")
	}
	if out := cbbAs(t, store, "gamma", exitOK, "licence", "list"); strings.Contains(out, "L000001") {
		t.Errorf("gamma lists acme's licence to beta:\n%s", out)
	}
}

// Finding 5: every write names its actor.
func TestActorsRecorded(t *testing.T) {
	store := alliance(t)
	dir := t.TempDir()
	cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", "--product", "Rig", fixture(t, filepath.Join(dir, "a.csv"), acmeBOM))
	if out := cbbAs(t, store, "acme", exitOK, "show", "--history", "Rig"); !strings.Contains(out, "by acme") {
		t.Errorf("revision without its actor:\n%s", out)
	}
	out := cbbAs(t, store, "beta", exitOK, "rule", "add", "testdata/rules.yaml")
	if !strings.Contains(out, "v1 proposed") {
		t.Fatal(out)
	}
	var rules []model.Rule
	if err := json.Unmarshal([]byte(cbbAs(t, store, "beta", exitOK, "rule", "list", "--json")), &rules); err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.Author != "beta" {
			t.Errorf("rule %s authored by %q, not the acting member", r.ID, r.Author)
		}
	}
	log := cbbAs(t, store, "admin", exitOK, "audit", "list")
	for _, want := range []string{"admin      member.add", "acme       import", "beta       rule.add"} {
		if !strings.Contains(log, want) {
			t.Errorf("audit log lacks %q:\n%s", want, log)
		}
	}
	if out := cbbAs(t, store, "admin", exitOK, "audit", "verify"); !strings.Contains(out, "intact") {
		t.Errorf("verify: %s", out)
	}
}

// Finding 9: read commands do not create stores; a failed first import
// leaves none; restore refuses what is not a backup.
func TestNoStoreByAccident(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "typo")
	for _, args := range [][]string{{"stats"}, {"query", "--text", "resistor"}, {"show", "x"}, {"rationalize", "runs"}} {
		out := cbb(t, store, exitError, args...)
		if !strings.Contains(out, "no store at "+store) {
			t.Errorf("%v on a missing store: %s", args, out)
		}
		if _, err := os.Stat(store); !os.IsNotExist(err) {
			t.Fatalf("%v created %s", args, store)
		}
	}
	bad := fixture(t, filepath.Join(dir, "bad.json"), `{"not": "a bom"`)
	cbb(t, store, exitError, "import", "--format", "inventree", bad)
	if _, err := os.Stat(store); !os.IsNotExist(err) {
		t.Errorf("a failed first import left %s behind", store)
	}
	if out := cbbAs(t, store, "admin", exitError, "restore", bad); !strings.Contains(out, "not a cbb backup") {
		t.Errorf("restore of a JSON file: %s", out)
	}
	if out := cbbAs(t, store, "acme", exitError, "restore", bad); !strings.Contains(out, "administrator only") {
		t.Errorf("restore by a member: %s", out)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "bad.json" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// A backup taken by the administrator restores to the same store.
func TestBackupRestoreByAdministrator(t *testing.T) {
	store := alliance(t)
	dir := t.TempDir()
	cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", fixture(t, filepath.Join(dir, "a.csv"), acmeBOM))
	file := filepath.Join(dir, "s.cbb")
	cbbAs(t, store, "admin", exitOK, "backup", file)
	copy := filepath.Join(dir, "copy")
	cbbAs(t, copy, "admin", exitOK, "restore", file)
	if a, b := statsOfAs(t, store, "admin"), statsOfAs(t, copy, "admin"); a.Items != b.Items || a.Edges != b.Edges {
		t.Errorf("restored %+v, backed up %+v", b, a)
	}
	if out := cbbAs(t, copy, "admin", exitOK, "audit", "list"); !strings.Contains(out, "restore") || !strings.Contains(out, "backup") {
		t.Errorf("audit after restore:\n%s", out)
	}
}

// Technologies: a member records its patent, embodied in its module; the
// module's reuse credits the patent's owner.
func TestTechnology(t *testing.T) {
	store := alliance(t)
	dir := t.TempDir()
	cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", "--product", "Rig", fixture(t, filepath.Join(dir, "a.csv"), acmeBOM))
	if out := cbbAs(t, store, "beta", exitError, "technology", "add", "Bridge trim", "--patent", "CN1", "--embodied-in", "bom:ipn:ACME-1"); !strings.Contains(out, "no item") {
		t.Errorf("beta claims acme's part embodies its patent: %s", out)
	}
	out := cbbAs(t, store, "acme", exitOK, "technology", "add", "Bridge trim", "--patent", "CN 114 000 001 A", "--embodied-in", "bom:ipn:ACME-1")
	if !strings.Contains(out, "recorded") {
		t.Fatal(out)
	}
	if out := cbbAs(t, store, "acme", exitOK, "technology", "list"); !strings.Contains(out, "embodied in") || !strings.Contains(out, "CN 114 000 001 A") {
		t.Errorf("technology list:\n%s", out)
	}
	if out := cbbAs(t, store, "beta", exitOK, "technology", "list"); strings.Contains(out, "Bridge trim") {
		t.Errorf("beta sees acme's owner-only technology:\n%s", out)
	}
	if st := statsOfAs(t, store, "acme"); st.Technologies != 1 || st.Embodiments != 1 {
		t.Errorf("stats %+v", st)
	}
}

// What the security review found: histories that name importers, runs by
// members who left, families and rules that republish licensed parts, and
// a local member made in an alliance's store.
func TestReviewFindings(t *testing.T) {
	store := alliance(t)
	dir := t.TempDir()
	cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", "--scope", "owner", "--product", "Rig", fixture(t, filepath.Join(dir, "a.csv"), acmeBOM))
	// The catalogue capacitor's history does not say whose BOM brought it.
	if out := cbbAs(t, store, "gamma", exitOK, "show", "--history", "bom:mpn:GRM21BR71E225KA73L"); strings.Contains(out, "acme") {
		t.Errorf("history of a catalogue part names its importer:\n%s", out)
	}
	if out := cbbAs(t, store, "acme", exitOK, "show", "--history", "Rig"); !strings.Contains(out, "by acme") {
		t.Errorf("the owner's own history lost its actor:\n%s", out)
	}
	// A member that left stores no runs.
	cbbAs(t, store, "admin", exitOK, "member", "set-status", "gamma", "withdrawn")
	if out := cbbAs(t, store, "gamma", exitError, "rationalize", "cells", "--save", filepath.Join(cellsFixtures, "king-nakornchai-1982-fig1a.txt")); !strings.Contains(out, "left the alliance") {
		t.Errorf("a withdrawn member stores a run: %s", out)
	}
	cbbAs(t, store, "admin", exitOK, "member", "set-status", "gamma", "active")
	// beta, licensed acme's rig, accepts part families of it: they stay beta's own.
	cbbAs(t, store, "acme", exitOK, "licence", "grant", "Rig", "--to", "beta")
	cbbAs(t, store, "beta", exitOK, "rationalize", "families", "--all-parts", "--accept", "--progress", "never")
	var st model.Stats
	if err := json.Unmarshal([]byte(cbbAs(t, store, "gamma", exitOK, "stats", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	out := cbbAs(t, store, "gamma", exitOK, "query", "--text", "resistor 4.7k", "--level", "family", "--json")
	if strings.Contains(out, "trimmed") || strings.Contains(out, "ACME-1") {
		t.Errorf("gamma sees a family made of acme's licensed parts:\n%s", out)
	}
	// A rule about acme's licensed part is not beta's to publish.
	rig, _ := showJSON(t, store, "beta", "Rig")
	var part string
	for _, c := range rig.Children {
		if strings.Contains(c.Name, "ACME-1") || strings.Contains(c.Name, "trimmed") {
			part = string(c.Child)
		}
	}
	if part == "" {
		t.Fatalf("acme's own part not found in %+v", rig.Children)
	}
	rules := fixture(t, filepath.Join(dir, "r.yaml"), "rules:\n  - id: leak\n    kind: requires\n    if: ["+part+"]\n    then: [\"name:washer\"]\n")
	if out := cbbAs(t, store, "beta", exitError, "rule", "add", rules); !strings.Contains(out, "not yours to tell") {
		t.Errorf("beta publishes a rule about acme's part: %s", out)
	}
	// local is not made in an alliance's store by an import.
	if out := cbb(t, store, exitError, "import", "--progress", "never", fixture(t, filepath.Join(dir, "l.csv"), betaBOM)); !strings.Contains(out, "no member local") {
		t.Errorf("import as local in an alliance's store: %s", out)
	}
}

// A member's module embodies another member's shared patent: the module's
// candidates name the patent, and its owner is credited too.
func TestEmbodiedTechnologyOfAnotherMember(t *testing.T) {
	store := alliance(t)
	dir := t.TempDir()
	cbbAs(t, store, "acme", exitOK, "import", "--progress", "never", "--product", "Rig", fixture(t, filepath.Join(dir, "a.csv"), acmeBOM))
	cbbAs(t, store, "beta", exitOK, "technology", "add", "Laser trimming", "--patent", "CN 1 A", "--scope", "alliance")
	if out := cbbAs(t, store, "gamma", exitError, "technology", "embody", "Laser trimming", "--in", "bom:ipn:ACME-1"); !strings.Contains(out, "no item") && !strings.Contains(out, "only its owner") {
		t.Errorf("gamma states what acme's part embodies: %s", out)
	}
	cbbAs(t, store, "acme", exitOK, "technology", "embody", "Laser trimming", "--in", "bom:ipn:ACME-1")
	res := queryJSON(t, store, "--member", "gamma", "--text", "sensor bridge resistor trimmed", "--level", "part")
	found := false
	for _, c := range res.Items[0].Candidates {
		for _, tech := range c.Technologies {
			if tech.Owner == "beta" && tech.Name == "Laser trimming" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("acme's part does not name beta's patent it embodies: %+v", res.Items[0].Candidates)
	}
}
