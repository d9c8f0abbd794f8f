package mendel90

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Root is the assembly that is the whole machine: its contents are the
// product's.
const Root = "machine_assembly"

// folder is the files of one bom/ folder, by slash-separated name relative
// to it ("bom.txt", "x_axis_assembly.txt", "accessories/y_assembly.txt").
type folder struct {
	display string // for errors: the folder as people know it
	files   map[string][]byte
	refused string // why the folder was not read (a base variant's); files is then empty
}

func (f *folder) path(name string) string { return f.display + "/" + name }

// machine is a variant being read.
type machine struct {
	variant  string  // the folder name, which names the base variant
	product  string  // the product's external id (variant unless overridden); qualifies module and printed-part ids
	own      *folder // the variant's folder
	base     *folder // the base variant's, for delta variants; may be nil
	siblings []string
	totals   *bomTotals
	asms     map[string]*assemblyFile // key (dir + canonical name) -> file
	order    []string                 // keys: the machine's assemblies from the root down, then accessories
	usedBase bool                     // an assembly came from the base folder
}

// loadFile reads the assembly named name, from the variant's folder or else
// the base variant's.
func (m *machine) loadFile(name, dir string, from *entry, parentFile string) (*assemblyFile, error) {
	if a, ok := m.asms[dir+name]; ok {
		return a, nil
	}
	file := dir + name + ".txt"
	src := m.own
	data, ok := m.own.files[file]
	if !ok && m.base != nil {
		src = m.base
		data, ok = m.base.files[file]
	}
	if !ok {
		msg := fmt.Sprintf("assembly %s: no %s in %s", name, file, m.own.display)
		switch {
		case m.base != nil && m.base.refused != "":
			msg += fmt.Sprintf(", and the base variant folder %s is %s", m.base.display, m.base.refused)
		case m.base != nil:
			msg += " nor in the base variant's " + m.base.display
		default:
			if base, cut := baseName(m.variant); cut {
				msg += fmt.Sprintf(" and no base variant folder %s beside it", base)
			}
		}
		if from != nil {
			return nil, model.ParseError(parentFile, from.line, secSubs, "%s", msg)
		}
		return nil, model.ParseError(m.own.display, 0, "", "%s", msg)
	}
	if src == m.base && dir == "" {
		m.usedBase = true
	}
	a, err := parseAssembly(src.path(file), name, data)
	if err != nil {
		return nil, err
	}
	m.asms[dir+name] = a
	return a, nil
}

// walk loads the assemblies under the one named name in folder dir ("" or
// accessoryDir), depth first in the order they are first met, appending
// their keys (dir + name) to m.order, and rejects cycles.
func (m *machine) walk(ctx context.Context, dir, name string, state map[string]int) error {
	a, err := m.loadFile(name, dir, nil, "")
	if err != nil {
		return err
	}
	return m.visit(ctx, dir, a, state)
}

func (m *machine) visit(ctx context.Context, dir string, a *assemblyFile, state map[string]int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	const open, done = 1, 2
	state[dir+a.name] = open
	m.order = append(m.order, dir+a.name)
	for i := range a.subs {
		s := &a.subs[i]
		switch state[dir+s.text] {
		case open:
			return model.ParseError(a.file, s.line, secSubs, "%s contains %s, which contains it: the assemblies form a cycle", a.name, s.text)
		case done:
			continue
		}
		c, err := m.loadFile(s.text, dir, s, a.file)
		if err != nil {
			return err
		}
		if err := m.visit(ctx, dir, c, state); err != nil {
			return err
		}
	}
	state[dir+a.name] = done
	return nil
}

// uses counts how often each assembly is used by the files of the others
// (totals over the users' instances).
func (m *machine) uses() map[string]int {
	used := map[string]int{}
	for _, key := range m.order {
		dir := keyDir(key)
		for _, s := range m.asms[key].subs {
			used[dir+s.text] += s.count
		}
	}
	return used
}

// keyDir returns the folder part of an assembly key.
func keyDir(key string) string {
	if strings.HasPrefix(key, accessoryDir) {
		return accessoryDir
	}
	return ""
}

// instances returns how many instances of each assembly one machine
// holds. For the machine's assemblies it is bom.txt's Sub-assemblies
// count, which must equal the sum of the uses in their parents' files
// (themselves totals over the parents' instances); for accessories, one of
// each accessory not used by another, and the uses for the others. A
// header is plural exactly when there are several instances.
func (m *machine) instances() (map[string]int, error) {
	used := m.uses()
	used[Root] = 1
	n := map[string]int{}
	for _, key := range m.order {
		a := m.asms[key]
		count := used[key]
		if keyDir(key) == accessoryDir {
			count = max(count, 1)
		} else {
			t, ok := m.totals.instances[key]
			switch {
			case !ok:
				return nil, model.ParseError(m.totals.file, 0, secSubs, "the machine uses %s, which bom.txt does not list", key)
			case t.count != count:
				return nil, model.ParseError(m.totals.file, t.line, secSubs,
					"%d instances of %s, but the assembly files use it %d times", t.count, key, count)
			}
		}
		if a.plural != (count > 1) {
			return nil, model.ParseError(a.file, 1, "", "headed as %s for %d instances", plural(a), count)
		}
		n[key] = count
	}
	for _, name := range slices.Sorted(maps.Keys(m.totals.instances)) {
		if _, ok := n[name]; !ok {
			return nil, model.ParseError(m.totals.file, m.totals.instances[name].line, secSubs,
				"bom.txt lists %s, which the machine assembly does not contain", name)
		}
	}
	return n, nil
}

func plural(a *assemblyFile) string {
	if a.plural {
		return "several (\"_assemblies\")"
	}
	return "one (\"_assembly\")"
}

// checkTotals compares the vitamins and printed parts of all assembly
// files of the machine with bom.txt's total column.
func (m *machine) checkTotals() error {
	for _, sec := range []string{secVitamins, secPrinted} {
		want := m.totals.vitamins
		if sec == secPrinted {
			want = m.totals.printed
		}
		got := map[string]int{}
		for _, key := range m.order {
			if keyDir(key) != "" {
				continue
			}
			a := m.asms[key]
			list := a.vitamins
			if sec == secPrinted {
				list = a.printed
			}
			for _, e := range list {
				got[e.text] += e.count
			}
		}
		for _, k := range slices.Sorted(maps.Keys(want)) {
			if w := want[k]; got[k] != w.count {
				return model.ParseError(m.totals.file, w.line, sec,
					"bom.txt totals %d of %q, the assembly files %d", w.count, k, got[k])
			}
		}
		for _, k := range slices.Sorted(maps.Keys(got)) {
			if _, ok := want[k]; !ok {
				return model.ParseError(m.totals.file, 0, sec, "the assembly files hold %d of %q, which bom.txt does not list", got[k], k)
			}
		}
	}
	return nil
}

// accessories lists the optional assemblies: the variant's accessories/
// files, and for a delta variant the base's ones it does not override.
func (m *machine) accessories() []string {
	set := map[string]bool{}
	for _, f := range []*folder{m.own, m.base} {
		if f == nil || (f == m.base && !m.usedBase) {
			continue
		}
		for name := range f.files {
			if rest, ok := strings.CutPrefix(name, accessoryDir); ok && strings.HasSuffix(rest, "_assembly.txt") && !strings.Contains(rest, "/") {
				set[strings.TrimSuffix(rest, ".txt")] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// accessoryDir is the folder of optional assemblies inside bom/.
const accessoryDir = "accessories/"

// baseName returns the name of the variant a delta variant is based on:
// the name without its last "_suffix" ("dibond" for "dibond_E3D").
func baseName(variant string) (string, bool) {
	i := strings.LastIndex(variant, "_")
	if i <= 0 {
		return "", false
	}
	return variant[:i], true
}
