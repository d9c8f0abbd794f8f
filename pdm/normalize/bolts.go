package normalize

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// bearingSize is a bearing's main dimensions in metres.
type bearingSize struct{ bore, outer, width float64 }

// readBLT reads one BOLTS file: its classes' standards (equivalence groups
// and class names) and its bearing tables. BOLTS files repeat keys now and
// then, which yaml.v3 refuses when decoding into Go values, so the file is
// walked as nodes.
func (r *registry) readBLT(data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return err
	}
	if len(doc.Content) == 0 {
		return nil
	}
	for _, class := range items(get(doc.Content[0], "classes")) {
		name := text(get(get(class, "names"), "name"))
		var keys []string
		for _, st := range items(get(class, "standards")) {
			k, d, ok := parseStandard(text(get(st, "standard")))
			if !ok {
				continue
			}
			r.add(k, d)
			r.kinds[k] = name
			keys = append(keys, k)
			if rk, rd, ok := parseStandard(text(get(st, "replaces"))); ok {
				r.add(rk, rd)
				r.union(rk, k)
			}
		}
		for _, k := range keys[min(1, len(keys)):] {
			r.union(keys[0], k)
		}
		r.readBearingTables(get(class, "parameters"))
	}
	return nil
}

// readBearingTables reads the tables indexed by key with d1, d2 and B
// columns (bore, outer diameter, width in mm), and the protection type
// table's postfixes ("-2RS", "-ZZ").
func (r *registry) readBearingTables(params *yaml.Node) {
	for _, t := range items(get(params, "tables")) {
		data := get(t, "data")
		if data == nil || data.Kind != yaml.MappingNode {
			continue
		}
		cols := map[string]int{}
		for i, c := range items(get(t, "columns")) {
			cols[c.Value] = i
		}
		switch text(get(t, "index")) {
		case "type":
			for i := 0; i+1 < len(data.Content); i += 2 {
				if v := items(data.Content[i+1]); len(v) > 0 && v[0].Value != "" {
					seal := strings.TrimPrefix(v[0].Value, "-")
					r.seals[seal] = data.Content[i].Value
				}
			}
		case "key":
			d1, ok1 := cols["d1"]
			d2, ok2 := cols["d2"]
			b, ok3 := cols["B"]
			if !ok1 || !ok2 || !ok3 {
				continue
			}
			for i := 0; i+1 < len(data.Content); i += 2 {
				row := items(data.Content[i+1])
				size, ok := bearingRow(row, d1, d2, b)
				if _, seen := r.bearings[data.Content[i].Value]; ok && !seen {
					r.bearings[data.Content[i].Value] = size
				}
			}
		}
	}
}

func bearingRow(row []*yaml.Node, d1, d2, b int) (bearingSize, bool) {
	if max(d1, d2, b) >= len(row) {
		return bearingSize{}, false
	}
	var v [3]float64
	for i, c := range []int{d1, d2, b} {
		f, err := strconv.ParseFloat(row[c].Value, 64)
		if err != nil {
			return bearingSize{}, false
		}
		v[i] = f / 1000
	}
	return bearingSize{bore: v[0], outer: v[1], width: v[2]}, true
}

// get returns the value of key in a mapping node, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// items returns a sequence's items, or a single node as a one-item list.
func items(n *yaml.Node) []*yaml.Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.SequenceNode:
		return n.Content
	default:
		return []*yaml.Node{n}
	}
}

// text returns a scalar's value, or the "nice" form of a {safe, nice} pair.
func text(n *yaml.Node) string {
	switch {
	case n == nil:
		return ""
	case n.Kind == yaml.ScalarNode:
		return n.Value
	default:
		return text(get(n, "nice"))
	}
}
