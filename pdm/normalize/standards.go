package normalize

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The fastener standards data: BOLTS class definitions and FreeCAD
// FastenersWB's alias tables (see standards/SOURCES.md).
//
//go:embed standards/*.blt standards/DERIVED_aliases.tsv
var standardsFS embed.FS

// EquivalentStandards returns the standards equivalent to std, std's own
// group included, canonical first and the rest sorted, in display form
// ("ISO 4762", "DIN EN ISO 4762", "DIN 912"). A standard the data does not
// know is equivalent only to itself; text that is not a standard designation
// gives nil.
//
// Equivalences come from the embedded data only:
//   - all the standards one BOLTS class lists are equivalent, and so is the
//     standard a BOLTS entry says it replaces (ISO 4032 replaces DIN 934);
//   - FreeCAD FastenersWB's type aliases are equivalences;
//   - its icon aliases (one standard drawn with another's icon) are taken
//     only between different bodies (DIN 933 → ISO 4017: a national standard
//     and its ISO counterpart; ISO 4018 → ISO 4017 is a variant, not an
//     equivalent), only when they do not contradict BOLTS (ISO 7040 → DIN 985
//     is dropped: BOLTS pairs ISO 7040 with DIN 982), and only when
//     unambiguous (ISO 7041, ISO 10511 and ISO 10512 all alias DIN 985, so
//     none is taken).
func EquivalentStandards(std string) []string {
	key, display, ok := parseStandard(std)
	if !ok {
		return nil
	}
	reg := loadStandards()
	key = reg.resolve(key)
	members := reg.groups[reg.find(key)]
	if len(members) == 0 {
		return []string{display}
	}
	out := make([]string, 0, len(members))
	for _, m := range members {
		out = append(out, reg.display[m])
	}
	return out
}

// CanonicalStandard returns the canonical designation of std's equivalence
// group (see EquivalentStandards): its ISO standard when it has one, else its
// first standard by body (EN before DIN) and number. Unknown standards come
// back in display form ("din912" → "DIN 912"); text that is not a standard
// designation comes back trimmed.
func CanonicalStandard(std string) string {
	if eq := EquivalentStandards(std); len(eq) > 0 {
		return eq[0]
	}
	return strings.TrimSpace(std)
}

// standardBodies are the standards bodies, compound ones first so that the
// longest matches. The value is the display form.
var standardBodies = []struct{ compact, display string }{
	{"DINENISO", "DIN EN ISO"}, {"DINISO", "DIN ISO"}, {"DINEN", "DIN EN"}, {"ENISO", "EN ISO"},
	{"ASME", "ASME"}, {"ANSI", "ANSI"}, {"GOST", "GOST"}, {"DIN", "DIN"}, {"ISO", "ISO"},
	{"NFE", "NF E"}, {"SAE", "SAE"}, {"IEC", "IEC"}, {"JIS", "JIS"}, {"EN", "EN"}, {"GN", "GN"},
}

// bodyRank orders bodies for the canonical choice; unlisted bodies come last.
var bodyRank = map[string]int{"ISO": 0, "DINENISO": 1, "ENISO": 2, "DINISO": 3, "EN": 4, "DINEN": 5, "DIN": 6}

var standardNumber = regexp.MustCompile(`^[A-Z]?\d+[A-Z0-9.\-]*$`)

// parseStandard reads a standard designation: key is its compact form
// ("DINENISO4762"), display its spaced form ("DIN EN ISO 4762").
func parseStandard(s string) (key, display string, ok bool) {
	u := strings.ToUpper(strings.Join(strings.Fields(s), " "))
	compact := strings.ReplaceAll(u, " ", "")
	for _, b := range standardBodies {
		if !strings.HasPrefix(compact, b.compact) {
			continue
		}
		rest := strings.TrimLeft(compact[len(b.compact):], "-")
		if !standardNumber.MatchString(rest) {
			return "", "", false
		}
		// Keep the spacing of the number as written: "DIN 125 A".
		shown := rest
		if i := strings.IndexAny(u, "0123456789"); i >= 0 && strings.ReplaceAll(u[i:], " ", "") == rest {
			shown = u[i:]
		}
		return b.compact + rest, b.display + " " + shown, true
	}
	return "", "", false
}

func bodyOf(key string) string {
	for _, b := range standardBodies {
		if strings.HasPrefix(key, b.compact) {
			return b.compact
		}
	}
	return ""
}

// registry holds the standards equivalence groups.
type registry struct {
	parent  map[string]string
	display map[string]string
	// groups maps a root to its members, canonical first.
	groups map[string][]string
	// kinds maps a standard to the BOLTS class name it belongs to.
	kinds    map[string]string
	bearings map[string]bearingSize
	seals    map[string]string
}

var (
	registryOnce sync.Once
	theRegistry  *registry
)

func loadStandards() *registry {
	registryOnce.Do(func() {
		r, err := buildRegistry()
		if err != nil {
			panic(fmt.Sprintf("normalize: embedded standards data: %v", err))
		}
		theRegistry = r
	})
	return theRegistry
}

func (r *registry) find(k string) string {
	for r.parent[k] != "" && r.parent[k] != k {
		k = r.parent[k]
	}
	return k
}

func (r *registry) union(a, b string) {
	ra, rb := r.find(a), r.find(b)
	if ra != rb {
		r.parent[ra] = rb
	}
}

func (r *registry) add(key, display string) {
	if _, ok := r.parent[key]; !ok {
		r.parent[key] = key
	}
	if _, ok := r.display[key]; !ok {
		r.display[key] = display
	}
}

// resolve maps a designation without its form letter to form A when only
// the lettered forms are known: "DIN 125" is DIN 125 A (form A is the
// default form of a DIN standard).
func (r *registry) resolve(key string) string {
	if _, ok := r.parent[key]; !ok {
		if _, ok := r.parent[key+"A"]; ok {
			return key + "A"
		}
	}
	return key
}

func buildRegistry() (*registry, error) {
	r := &registry{parent: map[string]string{}, display: map[string]string{}, groups: map[string][]string{},
		kinds: map[string]string{}, bearings: map[string]bearingSize{}, seals: map[string]string{}}
	files, err := standardsFS.ReadDir("standards")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if path.Ext(f.Name()) != ".blt" {
			continue
		}
		data, err := standardsFS.ReadFile("standards/" + f.Name())
		if err != nil {
			return nil, err
		}
		if err := r.readBLT(data); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name(), err)
		}
	}
	aliases, err := standardsFS.ReadFile("standards/DERIVED_aliases.tsv")
	if err != nil {
		return nil, err
	}
	if err := r.readAliases(aliases); err != nil {
		return nil, fmt.Errorf("DERIVED_aliases.tsv: %w", err)
	}
	r.collect()
	return r, nil
}

// collect fills groups, canonical member first.
func (r *registry) collect() {
	for k := range r.parent {
		root := r.find(k)
		r.groups[root] = append(r.groups[root], k)
	}
	for root, ms := range r.groups {
		sort.Slice(ms, func(i, j int) bool { return r.less(ms[i], ms[j]) })
		r.groups[root] = ms
	}
}

func (r *registry) less(a, b string) bool {
	ra, rb := rank(bodyOf(a)), rank(bodyOf(b))
	if ra != rb {
		return ra < rb
	}
	if len(a) != len(b) {
		return len(a) < len(b) // "ISO 4032" before "ISO 10511"
	}
	return a < b
}

func rank(body string) int {
	if r, ok := bodyRank[body]; ok {
		return r
	}
	return len(bodyRank)
}

// readAliases reads FreeCAD's alias table (see EquivalentStandards for the
// rules). BOLTS must have been read first.
func (r *registry) readAliases(data []byte) error {
	type pair struct{ a, b string }
	var icons []pair
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		f := strings.Split(sc.Text(), "\t")
		if line == 1 || len(f) < 3 {
			continue
		}
		ka, da, okA := parseStandard(f[1])
		kb, db, okB := parseStandard(f[2])
		if !okA || !okB {
			continue
		}
		r.add(ka, da)
		r.add(kb, db)
		switch f[0] {
		case "FSTypeAliases":
			r.union(ka, kb)
		case "FSIconAliases":
			if bodyOf(ka) != bodyOf(kb) {
				icons = append(icons, pair{ka, kb})
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	// Drop icon aliases that contradict the groups, then ambiguous ones.
	var kept []pair
	count := map[[2]string]int{}
	for _, p := range icons {
		if r.hasOtherOfBody(p.a, p.b) || r.hasOtherOfBody(p.b, p.a) {
			continue
		}
		kept = append(kept, p)
		count[[2]string{r.find(p.b), bodyOf(p.a)}]++
		count[[2]string{r.find(p.a), bodyOf(p.b)}]++
	}
	for _, p := range kept {
		if count[[2]string{r.find(p.b), bodyOf(p.a)}] == 1 && count[[2]string{r.find(p.a), bodyOf(p.b)}] == 1 {
			r.union(p.a, p.b)
		}
	}
	return nil
}

// hasOtherOfBody reports whether in's group holds a standard of other's body
// other than other itself.
func (r *registry) hasOtherOfBody(in, other string) bool {
	root, body := r.find(in), bodyOf(other)
	for k := range r.parent {
		if k != other && bodyOf(k) == body && r.find(k) == root && r.find(other) != root {
			return true
		}
	}
	return false
}

// knownStandards lists every standard the data names, for tests.
func knownStandards() []string {
	reg := loadStandards()
	var out []string
	for k := range reg.parent {
		out = append(out, reg.display[k])
	}
	slices.Sort(out)
	return out
}
