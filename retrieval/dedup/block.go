package dedup

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// maxBlock is the most items a text blocking key (a word, a code) may
// gather and still be used on its own, and maxSignatureBlock the most for a
// signature; a larger block is used only in conjunction with another of the
// item's keys (see blocks). They bound the comparisons per item.
const (
	maxBlock          = 200
	maxSignatureBlock = 1000
)

// combineKeys is how many of an item's oversized keys, rarest first, are
// combined in pairs into narrower keys.
const combineKeys = 4

// maxDrop bounds how many fit groups a signature drops (see signatures):
// two bits of a posting.
const maxDrop = 3

// blockKey is a blocking key of an item; drop is how many fit groups the
// item's signature left out to make it (0 for other keys), and alt marks
// a signature that names the item's mounting style in place of its package
// (see signatures).
type blockKey struct {
	key  string
	drop int
	alt  bool
}

// blockKeys returns the keys an item is blocked under: its part numbers,
// the first six characters of its codes (a code matches another only as
// its prefix), its words, and its signatures. Two items that pair on text
// share a word or a code; two that pair on their parameters share a
// signature (see signatures).
func blockKeys(p *profile, drop int) []blockKey {
	var keys []blockKey
	for _, n := range p.parts {
		keys = append(keys, blockKey{key: "p\x00" + n})
	}
	for _, c := range p.codes {
		keys = append(keys, blockKey{key: "c\x00" + c.full[:6]})
	}
	for _, t := range p.tokens {
		keys = append(keys, blockKey{key: "t\x00" + t})
	}
	keys = append(keys, signatures(p, drop)...)
	slices.SortFunc(keys, func(x, y blockKey) int { return strings.Compare(x.key, y.key) })
	return slices.CompactFunc(keys, func(x, y blockKey) bool { return x.key == y.key })
}

// signatures returns an item's signature keys: its class, its class's
// defining value (a number in its log-spaced bin and the next, so that
// values within relTol share one), and the values of the fit groups it
// states; and the same without each set of up to drop of those groups.
// Two items that pair agree on the defining value and on every fit group
// both state, and each group only one states costs unstatedPenalty, so a
// pair that reaches the threshold differs by at most drop groups, and the
// signatures of both without those groups are one. Two items that leave
// out more than drop groups between them need not be compared under it.
//
// The footprint group is stated by a package, a mounting style or both,
// which agree when they do not conflict ("0603" and "SMD"): an item with a
// package and a mounting style also has alternative signatures naming the
// mounting style alone, under which it meets items that state no package;
// two items both there by an alternative need not be compared (they both
// have packages, which meet or conflict under their main signatures).
//
// Some pairs share no signature and are left to the word keys: items
// whose classes are on one path but of different depths ("Electronics"
// and "Electronics/Passives/Resistors"); a package that implies no
// mounting style against a mounting style alone ("TO-220" and
// "through-hole"); two lengths within relTol that round apart (lengths are
// rounded to three digits, not binned).
func signatures(p *profile, drop int) []blockKey {
	var value []string
	texts := map[uint16]string{}
	pkgBit := fitBit[fitPackage]
	mount := ""
	for _, x := range p.params {
		k := keyParamList[x.index]
		switch {
		case x.name == p.class.defining && !x.enum:
			b, sign := bin(x.lo)
			value = []string{sign + strconv.Itoa(b), sign + strconv.Itoa(b+1)}
		case x.name == p.class.defining:
			value = []string{x.text}
		case x.name == attrMount:
			mount = x.name + "=" + x.text
			if texts[pkgBit] == "" {
				texts[pkgBit] = mount
			}
		case k.fit != "":
			v := x.text
			if !x.enum {
				v = strconv.FormatFloat(x.lo, 'g', 3, 64) + x.unit
			}
			texts[fitBit[k.fit]] = x.name + "=" + v
		}
	}
	if len(texts) == 0 && value == nil {
		return nil // nothing to sign but text
	}
	if value == nil {
		value = []string{""}
	}
	groups := make([]uint16, 0, len(texts))
	for g := range texts {
		groups = append(groups, g)
	}
	slices.Sort(groups)
	drop = min(drop, maxDrop, len(groups))
	var out []blockKey
	sign := func(mask int, alt bool) {
		var b strings.Builder
		for g, bit := range groups {
			switch {
			case mask&(1<<g) != 0:
			case alt && bit == pkgBit:
				b.WriteString("\x00" + mount)
			default:
				b.WriteString("\x00" + texts[bit])
			}
		}
		for _, v := range value {
			out = append(out, blockKey{"s\x00" + p.class.path + "\x00" + v + b.String(), bits.OnesCount(uint(mask)), alt})
		}
	}
	hasAlt := mount != "" && texts[pkgBit] != mount
	for mask := 0; mask < 1<<len(groups); mask++ {
		if bits.OnesCount(uint(mask)) > drop {
			continue
		}
		sign(mask, false)
		if hasAlt && mask&(1<<slices.Index(groups, pkgBit)) == 0 {
			sign(mask, true)
		}
	}
	return out
}

// dropFor returns how many fit groups a pair may differ by and still reach
// threshold: each costs a factor 1 - unstatedPenalty.
func dropFor(threshold float64) int {
	return max(0, int(math.Floor(math.Log(threshold)/math.Log(1-unstatedPenalty)+1e-9)))
}

// bin returns the log-spaced bin of a value, and its sign: bins are 1 %
// wide, twice relTol, so two values within relTol fall in one bin or
// neighbours.
func bin(v float64) (int, string) {
	switch {
	case v == 0 || math.IsNaN(v) || math.IsInf(v, 0):
		return 0, "0"
	case v < 0:
		return int(math.Floor(math.Log10(-v) * 230)), "-"
	}
	return int(math.Floor(math.Log10(v) * 230)), "+"
}

// posting is an item under a key: its index, shifted left three bits,
// whether the key is an alternative signature (bit 2), and how many fit
// groups its signature left out to make the key (bits 0-1).
type posting int32

func newPosting(k blockKey, i int) posting {
	p := posting(i<<3 | k.drop)
	if k.alt {
		p |= 4
	}
	return p
}

func (p posting) item() int { return int(p >> 3) }
func (p posting) drop() int { return int(p & 3) }
func (p posting) alt() bool { return p&4 != 0 }

// skip reports whether two items under a key need not be compared under
// it: together they left out more than drop fit groups, or both are there
// by an alternative signature.
func (p posting) skip(q posting, drop int) bool {
	return p.drop()+q.drop() > drop || p.alt() && q.alt()
}

// blocks returns, for each item, the keys it is compared under, and the
// items under each key. A key shared by more than its limit (maxBlock,
// maxSignatureBlock) is replaced by pairs of the item's oversized keys, so
// that "#1e+04" and "0603", each common, still bring "10k 0603" resistors
// together; a signature that left groups out is not combined (it only
// serves pairs that differ by those groups).
func blocks(keys [][]blockKey) (perItem [][]blockKey, postings map[string][]posting) {
	df := map[string]int{}
	for _, ks := range keys {
		for _, k := range ks {
			df[k.key]++
		}
	}
	limit := func(k string) int {
		if k[0] == 's' {
			return maxSignatureBlock
		}
		return maxBlock
	}
	perItem = make([][]blockKey, len(keys))
	combos := map[string]int{}
	for i, ks := range keys {
		var over []string
		for _, k := range ks {
			switch {
			case df[k.key] <= limit(k.key):
				perItem[i] = append(perItem[i], k)
			case k.drop == 0 && !k.alt:
				over = append(over, k.key)
			}
		}
		slices.SortFunc(over, func(x, y string) int { return cmp.Or(cmp.Compare(df[x], df[y]), cmp.Compare(x, y)) })
		over = over[:min(len(over), combineKeys)]
		slices.Sort(over)
		for x := range over {
			for y := x + 1; y < len(over); y++ {
				k := over[x] + "\x01" + over[y]
				perItem[i] = append(perItem[i], blockKey{key: k})
				combos[k]++
			}
		}
	}
	postings = map[string][]posting{}
	for i, ks := range perItem {
		kept := ks[:0]
		for _, k := range ks {
			n, combo := combos[k.key]
			most := maxBlock
			if !combo {
				n, most = df[k.key], limit(k.key)
			}
			if n < 2 || n > most {
				continue // alone, or still too common
			}
			kept = append(kept, k)
			postings[k.key] = append(postings[k.key], newPosting(k, i))
		}
		perItem[i] = kept
	}
	return perItem, postings
}
