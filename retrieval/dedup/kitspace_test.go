package dedup

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm/normalize"
)

var showPairs = flag.Bool("dedup.show", false, "print the Kitspace evaluation's wrong and missed pairs")

// kitspaceLine is the part of a Kitspace BOM line the evaluation reads;
// scrapers write numbers where strings belong, hence any.
type kitspaceLine struct {
	Description  any            `json:"description"`
	Manufacturer any            `json:"manufacturer"`
	MPN          any            `json:"mpn"`
	Retailers    map[string]any `json:"retailers"`
}

func str(v any) string {
	if v == nil {
		return ""
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

// evalSet is the Kitspace evaluation set: one item per distinct line text,
// and, kept apart from the items, the part numbers of each.
type evalSet struct {
	items []model.Item
	mpns  map[model.ItemID][]string
	// truth are the pairs of distinct texts sharing a part number, keyed
	// "a\x00b" with a < b; readable marks those whose texts both say
	// something (neither empty nor only reference designators).
	truth    map[string]bool
	readable int
	lines    int
}

// loadKitspace reads kitspace_results.json. Lines are grouped by their
// text (lower case, blanks collapsed): textually identical lines are exact
// duplicates, one item, carrying the part numbers of all its lines.
func loadKitspace(t testing.TB) *evalSet {
	t.Helper()
	path := filepath.Join(shareddata.Dir(t, "osh-datasets", "data"), "kitspace_results.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Projects []struct {
			BOM []kitspaceLine `json:"bill_of_materials"`
		} `json:"scraped_data"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	s := &evalSet{mpns: map[model.ItemID][]string{}, truth: map[string]bool{}}
	byText := map[string]int{}
	byMPN := map[string][]string{} // mpn -> texts (including "")
	for _, p := range doc.Projects {
		for _, l := range p.BOM {
			s.lines++
			desc := strings.Join(strings.Fields(str(l.Description)), " ")
			key := strings.ToLower(desc)
			mpn := normalizePart(str(l.MPN))
			if mpn != "" && !slices.Contains(byMPN[mpn], key) {
				byMPN[mpn] = append(byMPN[mpn], key)
			}
			if desc == "" {
				continue // nothing to read: counted in the truth only
			}
			i, ok := byText[key]
			if !ok {
				i = len(s.items)
				byText[key] = i
				it := model.Item{ID: model.NewID("kitspace-eval", key), Level: model.LevelPart, Name: desc, Description: desc}
				it.SetAttr(model.TextAttr(model.AttrValue, desc))
				s.items = append(s.items, it)
			}
			it := &s.items[i]
			if mpn != "" {
				it.AddMPN(model.ManufacturerPart{Manufacturer: str(l.Manufacturer), MPN: str(l.MPN)})
				if !slices.Contains(s.mpns[it.ID], mpn) {
					s.mpns[it.ID] = append(s.mpns[it.ID], mpn)
				}
			}
			for r, sku := range l.Retailers {
				it.AddSupplierPart(model.SupplierPart{Supplier: r, SKU: str(sku)})
			}
		}
	}
	for i := range s.items {
		normalize.Enrich(&s.items[i])
	}
	for _, texts := range byMPN {
		for x := range texts {
			for y := x + 1; y < len(texts); y++ {
				a, b := texts[x], texts[y]
				k := pairKey(model.NewID("kitspace-eval", a), model.NewID("kitspace-eval", b))
				if s.truth[k] {
					continue
				}
				s.truth[k] = true
				if readableText(a) && readableText(b) {
					s.readable++
				}
			}
		}
	}
	return s
}

// readableText reports whether a line text says anything about a part:
// not empty, not only reference designators ("c24, c33").
func readableText(s string) bool {
	return len(readText(s).tokens) > 0
}

func pairKey(a, b model.ItemID) string {
	if b < a {
		a, b = b, a
	}
	return string(a) + "\x00" + string(b)
}

// score is one threshold's result.
type score struct {
	threshold float64
	// found pairs; judged of them join two texts with part numbers;
	// correct of those share one.
	found, judged, correct int
	truthFound             int
	precision, recall      float64
	recallReadable         float64
	wrong                  []Pair
	// all and heldOut are the precision with the wrong pairs weighed by
	// the audit, with every label or with those of the second sample only
	// (drawn after the method's last change but one, see docs/BENCHMARKS.md).
	all, heldOut audited
}

// audited is a precision estimated from a labelled sample of the wrong
// pairs, with its 95 % interval; NaN when some wrong pair is outside the
// audited population.
type audited struct {
	precision, lo, hi float64
	// labelled is the sample the share rests on; unaudited counts the
	// wrong pairs outside the audited population.
	labelled, unaudited int
}

// maxUnaudited is the share of wrong pairs outside the audited population
// beyond which the audit is stale: label a sample of them (see
// testdata/kitspace_audit.tsv) before trusting it again.
const maxUnaudited = 0.05

func (a audited) String() string {
	if math.IsNaN(a.precision) {
		return fmt.Sprintf("n/a (%d unaudited)", a.unaudited)
	}
	s := fmt.Sprintf("%.2f (%.2f-%.2f, n=%d)", a.precision, a.lo, a.hi, a.labelled)
	if a.unaudited > 0 {
		s += fmt.Sprintf(", %d unaudited", a.unaudited)
	}
	return s
}

// auditLabel is one labelled pair of the audit.
type auditLabel struct{ label, sample string }

// evaluate runs Find with part numbers hidden and scores its pairs
// against the shared part numbers and the audit.
func (s *evalSet) evaluate(t testing.TB, threshold float64, audit map[string]auditLabel) score {
	t.Helper()
	pairs, err := Find(context.Background(), s.items, Options{Threshold: threshold, IgnorePartNumbers: true})
	if err != nil {
		t.Fatal(err)
	}
	r := score{threshold: threshold, found: len(pairs)}
	readableFound := 0
	for _, p := range pairs {
		ma, mb := s.mpns[p.A], s.mpns[p.B]
		if len(ma) == 0 || len(mb) == 0 {
			continue
		}
		r.judged++
		if slices.ContainsFunc(ma, func(m string) bool { return slices.Contains(mb, m) }) {
			r.correct++
		} else {
			r.wrong = append(r.wrong, p)
		}
		if s.truth[pairKey(p.A, p.B)] {
			r.truthFound++
			readableFound++ // a found pair has two readable texts
		}
	}
	r.precision = float64(r.correct) / float64(max(r.judged, 1))
	r.recall = float64(r.truthFound) / float64(max(len(s.truth), 1))
	r.recallReadable = float64(readableFound) / float64(max(s.readable, 1))
	r.all = r.audit(audit, "")
	r.heldOut = r.audit(audit, "2")
	return r
}

// audit weighs the wrong pairs by the audit: pairs of the census stratum
// (sample "c") count as labelled; the others, census pairs labelled "?"
// and pairs outside the audited population, by the share of real
// near-duplicates (D among D and N) in the labelled samples (all, or the
// one named). Pairs outside the population (normalization changed since
// the audit) are assumed like the rest while they are few; beyond
// maxUnaudited of the wrong pairs the audit says nothing.
func (r *score) audit(labels map[string]auditLabel, sample string) audited {
	out := audited{precision: math.NaN(), lo: math.NaN(), hi: math.NaN()}
	d, n := 0, 0             // sampled labels
	censusD, weighed := 0, 0 // census D pairs; pairs weighed by the share
	for _, p := range r.wrong {
		l, ok := labels[pairKey(p.A, p.B)]
		switch {
		case !ok:
			out.unaudited++
		case l.sample == "c" && l.label == "D":
			censusD++
			continue
		case l.sample == "c" && l.label == "N":
			continue
		}
		weighed++
		if sample != "" && l.sample != sample {
			continue
		}
		switch l.label {
		case "D":
			d++
		case "N":
			n++
		}
	}
	out.labelled = d + n
	if out.labelled == 0 || float64(out.unaudited) > maxUnaudited*float64(len(r.wrong)) {
		return out
	}
	share, lo, hi := wilson(d, d+n)
	base, w, j := float64(r.correct+censusD), float64(weighed), float64(max(r.judged, 1))
	out.precision = (base + w*share) / j
	out.lo = (base + w*lo) / j
	out.hi = (base + w*hi) / j
	return out
}

// wilson returns k/n and its 95 % Wilson score interval.
func wilson(k, n int) (p, lo, hi float64) {
	const z = 1.96
	p = float64(k) / float64(n)
	nn := float64(n)
	c := (p + z*z/(2*nn)) / (1 + z*z/nn)
	h := z * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn)) / (1 + z*z/nn)
	return p, c - h, c + h
}

// loadAudit reads testdata/kitspace_audit.tsv: labels by pair key.
func loadAudit(t testing.TB) map[string]auditLabel {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "kitspace_audit.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]auditLabel{}
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 {
			t.Fatalf("kitspace_audit.tsv line %d: want label, text A, text B, sample", i+1)
		}
		a := model.NewID("kitspace-eval", strings.ToLower(f[1]))
		b := model.NewID("kitspace-eval", strings.ToLower(f[2]))
		out[pairKey(a, b)] = auditLabel{label: f[0], sample: f[3]}
	}
	return out
}

// sameReading counts the pairs of texts that read the same once case,
// blanks, word order and the spelling of values are normalized ("10K" and
// "10kOhm"), and how many of them share a part number: the most a
// detector that does not see part numbers can score on such pairs.
func (s *evalSet) sameReading() (pairs, sharing int) {
	groups := map[string][]model.ItemID{}
	for i := range s.items {
		if len(s.mpns[s.items[i].ID]) == 0 {
			continue
		}
		p := newProfile(&s.items[i], true)
		if p.little {
			continue
		}
		sig := fmt.Sprint(p.tokens, p.codes, p.params)
		groups[sig] = append(groups[sig], p.id)
	}
	for _, ids := range groups {
		for x := range ids {
			for y := x + 1; y < len(ids); y++ {
				pairs++
				ma, mb := s.mpns[ids[x]], s.mpns[ids[y]]
				if slices.ContainsFunc(ma, func(m string) bool { return slices.Contains(mb, m) }) {
					sharing++
				}
			}
		}
	}
	return pairs, sharing
}

// Floors the evaluation must keep at DefaultThreshold (measured values
// are in docs/BENCHMARKS.md).
const (
	floorAudited = 0.80
	floorRecall  = 0.15
)

// TestKitspaceEvaluation measures precision and recall of Find against
// the manufacturer part numbers of Kitspace BOM lines, and prints the
// table of docs/BENCHMARKS.md:
//
//	go test ./retrieval/dedup -run TestKitspaceEvaluation -v [-args -dedup.show]
func TestKitspaceEvaluation(t *testing.T) {
	s := loadKitspace(t)
	audit := loadAudit(t)
	t.Logf("%d lines, %d distinct texts, %d true pairs (%d with two readable texts)", s.lines, len(s.items), len(s.truth), s.readable)
	same, sharing := s.sameReading()
	t.Logf("pairs of texts that read the same: %d, sharing a part number: %d (%.3f)", same, sharing, float64(sharing)/float64(max(same, 1)))
	t.Logf("| threshold | pairs | judged | share a PN | precision (PN) | precision (audited, 95%% CI) | precision (sample 2 only) | recall | recall (readable) |")
	t.Logf("|---|---|---|---|---|---|---|---|---|")
	var def score
	for _, th := range []float64{0.5, 0.6, DefaultThreshold, 0.75, 0.8, 0.85, 0.9} {
		r := s.evaluate(t, th, audit)
		t.Logf("| %.2f | %d | %d | %d | %.3f | %v | %v | %.3f | %.3f |", th, r.found, r.judged, r.correct, r.precision, r.all, r.heldOut, r.recall, r.recallReadable)
		if th == DefaultThreshold {
			def = r
		}
	}
	if *showPairs {
		s.show(t, def)
	}
	if math.IsNaN(def.all.precision) {
		t.Errorf("the audit is stale: %d of the %d wrong pairs at the default threshold are outside testdata/kitspace_audit.tsv; label a sample of them", def.all.unaudited, len(def.wrong))
	} else if def.all.precision < floorAudited || def.recall < floorRecall {
		t.Errorf("at the default threshold: audited precision %v (floor %.2f), recall %.3f (floor %.2f)", def.all, floorAudited, def.recall, floorRecall)
	}
}

// show prints the wrong pairs and the missed true pairs of a result.
func (s *evalSet) show(t *testing.T, r score) {
	name := map[model.ItemID]string{}
	for _, it := range s.items {
		name[it.ID] = it.Name
	}
	for _, p := range r.wrong {
		t.Logf("WRONG %.2f %q ~ %q %v", p.Score, name[p.A], name[p.B], p.Reasons)
	}
	pairs, _ := Find(context.Background(), s.items, Options{Threshold: r.threshold, IgnorePartNumbers: true})
	got := map[string]bool{}
	for _, p := range pairs {
		got[pairKey(p.A, p.B)] = true
	}
	byID := map[model.ItemID]*model.Item{}
	for i := range s.items {
		byID[s.items[i].ID] = &s.items[i]
	}
	for k := range s.truth {
		a, b, _ := strings.Cut(k, "\x00")
		ia, ib := byID[model.ItemID(a)], byID[model.ItemID(b)]
		if ia == nil || ib == nil || got[k] {
			continue
		}
		why := "below threshold or vetoed"
		if ps := Of(*ia, []model.Item{*ib}, Options{Threshold: 0.01, IgnorePartNumbers: true}); len(ps) > 0 {
			why = fmt.Sprintf("%.2f %v", ps[0].Score, ps[0].Reasons)
		}
		t.Logf("MISSED %q ~ %q: %s", ia.Name, ib.Name, why)
	}
}
