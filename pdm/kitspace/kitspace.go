package kitspace

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// System is the source system name of the items this package makes, the
// first half of their source key.
const System = "kitspace"

// AttrURL is the text attribute holding a project's Kitspace page (or its
// repository when the page is unknown).
const AttrURL = "url"

// Format reads Kitspace project scrapes. It is stateless and safe for
// concurrent use.
type Format struct{}

var _ pdm.Format = Format{}

// Name returns "kitspace".
func (Format) Name() string { return "kitspace" }

// Detect reports whether the input is a .json file whose head is a JSON
// object mentioning "scraped_data" and either a kitspace.org address or
// the "total_projects" key. It looks at in.Head only.
func (Format) Detect(in pdm.Input) bool {
	if in.Dir || in.Ext() != "json" || !pdm.Sniff(in.Head, "{") {
		return false
	}
	h := in.Head
	return bytes.Contains(h, []byte(`"scraped_data"`)) &&
		(bytes.Contains(h, []byte("kitspace.org")) || bytes.Contains(h, []byte(`"total_projects"`)))
}

// Read reads the whole input and parses it (see Parse).
func (Format) Read(ctx context.Context, in pdm.Input, opt pdm.Options) (*model.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := in.ReadAll("")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", in.Display, err)
	}
	name := in.Display
	if name == "" {
		name = in.Path
	}
	return Parse(name, data, opt)
}

// Summary counts what a parse read and skipped.
type Summary struct {
	// Projects is the number of projects in scraped_data; WithBOM of them
	// have BOM lines and became products; WithoutBOM were skipped.
	Projects, WithBOM, WithoutBOM int
	// Lines is the number of BOM lines of the projects with a BOM;
	// SkippedLines of them had neither a part number nor a description.
	Lines, SkippedLines int
}

// Parse reads a Kitspace scrape named name: each project with a bill of
// materials becomes a product in the batch's items, each BOM line's part a
// ref, and each line an edge from the project to the part. Options are not
// used: the file names its projects.
//
// Errors are *model.Error values naming name, the line and the field.
func Parse(name string, data []byte, opt pdm.Options) (*model.Batch, error) {
	b, _, err := ParseSummary(name, data, opt)
	return b, err
}

// ParseSummary is Parse that also counts what it read and skipped.
func ParseSummary(name string, data []byte, _ pdm.Options) (*model.Batch, Summary, error) {
	raws, err := scan(name, data)
	if err != nil {
		return nil, Summary{}, err
	}
	lc := lineCounter{data}
	b := &model.Batch{Origin: name}
	sum := Summary{Projects: len(raws)}
	used := map[string]bool{}
	for i, rp := range raws {
		p, err := decodeProject(name, lc, i, rp)
		if err != nil {
			return nil, Summary{}, err
		}
		if len(p.lines) == 0 {
			sum.WithoutBOM++
			continue
		}
		ext := projectID(p, used)
		if ext == "" {
			return nil, Summary{}, model.ParseError(name, lc.at(rp.start), fmt.Sprintf("scraped_data[%d].project_name", i),
				"a project with a bill of materials has no name nor address")
		}
		sum.WithBOM++
		sum.Lines += len(p.lines)
		sum.SkippedLines += addProject(b, ext, p)
	}
	b.Compact()
	return b, sum, nil
}

// projectID returns a project's external id: its name, else the last
// element of its Kitspace page or repository address. A name already used
// in the file is qualified by the page's path ("owner/name"), then by a
// counter, so that two projects never share an id.
func projectID(p project, used map[string]bool) string {
	name := strings.TrimSpace(string(p.ProjectName))
	pagePath := addressPath(string(p.URL))
	if name == "" {
		name = lastElem(pagePath)
	}
	if name == "" {
		name = lastElem(addressPath(string(p.RepositoryLink)))
	}
	if name == "" {
		return ""
	}
	id := name
	if used[id] && pagePath != "" {
		id = pagePath
	}
	for n := 2; used[id]; n++ {
		id = fmt.Sprintf("%s#%d", name, n)
	}
	used[id] = true
	return id
}

// addressPath returns the path of an address without its slashes at the
// ends ("8BitMixtape/NextLevelEdition").
func addressPath(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return ""
	}
	return strings.Trim(u.Path, "/")
}

func lastElem(p string) string {
	if p == "" {
		return ""
	}
	return path.Base(p)
}

// addProject adds a project, its parts and its BOM to b, and returns the
// number of lines skipped for having neither a part number nor a
// description.
func addProject(b *model.Batch, ext string, p project) int {
	prod := model.Item{
		ID:          model.NewID(System, ext),
		Level:       model.LevelProduct,
		Name:        ext,
		Description: strings.TrimSpace(string(p.Description)),
		Source:      model.SourceRef{System: System, ExternalID: ext},
	}
	if strings.TrimSpace(string(p.ProjectName)) != "" {
		prod.Name = strings.TrimSpace(string(p.ProjectName))
	}
	if u := firstOf(string(p.URL), string(p.RepositoryLink)); u != "" {
		prod.SetAttr(model.TextAttr(AttrURL, u))
	}
	b.Add(prod)
	skipped := 0
	for _, l := range p.lines {
		part, ok := partItem(l)
		if !ok {
			skipped++
			continue
		}
		b.Ref(part)
		refs := SplitRefs(string(l.Reference))
		qty := float64(l.Quantity)
		if qty <= 0 {
			qty = float64(max(len(refs), 1))
		}
		b.Use(model.Edge{Parent: prod.ID, Child: part.ID, Kind: model.BOM, Quantity: qty, RefDes: refs})
	}
	return skipped
}

// partItem makes the part of a BOM line: keyed by its manufacturer part
// number ("mpn:" + NormalizeMPN), else by its description ("desc:" +
// NormalizeDescription). ok is false for a line with neither.
func partItem(l line) (model.Item, bool) {
	mpn := strings.TrimSpace(string(l.MPN))
	desc := strings.Join(strings.Fields(string(l.Description)), " ")
	var ext string
	switch {
	case mpn != "":
		ext = "mpn:" + NormalizeMPN(mpn)
	case desc != "":
		ext = "desc:" + NormalizeDescription(desc)
	default:
		return model.Item{}, false
	}
	it := model.Item{
		ID:          model.NewID(System, ext),
		Level:       model.LevelPart,
		Name:        firstOf(mpn, desc),
		Description: desc,
		Source:      model.SourceRef{System: System, ExternalID: ext},
	}
	if desc != "" {
		it.SetAttr(model.TextAttr(model.AttrValue, desc))
	}
	it.AddMPN(model.ManufacturerPart{Manufacturer: strings.TrimSpace(string(l.Manufacturer)), MPN: mpn})
	retailers := make([]string, 0, len(l.Retailers))
	for r := range l.Retailers {
		retailers = append(retailers, r)
	}
	slices.Sort(retailers)
	for _, r := range retailers {
		if sku := strings.TrimSpace(string(l.Retailers[r])); sku != "" && strings.TrimSpace(r) != "" {
			it.AddSupplierPart(model.SupplierPart{Supplier: strings.TrimSpace(r), SKU: sku})
		}
	}
	return it, true
}

// NormalizeMPN returns the form of a manufacturer part number that part
// external ids use: upper case, without white space.
func NormalizeMPN(mpn string) string {
	return strings.Join(strings.Fields(strings.ToUpper(mpn)), "")
}

// NormalizeDescription returns the form of a description that part
// external ids use: lower case, runs of white space collapsed to one space.
func NormalizeDescription(desc string) string {
	return strings.Join(strings.Fields(strings.ToLower(desc)), " ")
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// Shared reports the parts BOM lines name by manufacturer part number, and
// the standard parts they describe, as catalogue items (pdm.KeyedShared);
// projects and the parts they describe in their own words are their
// makers' own.
func (Format) Shared(it *model.Item) bool { return pdm.KeyedShared(it) }
