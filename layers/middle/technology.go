package middle

import (
	"context"
	"fmt"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Technology kinds: a member's IP is mostly patents and know-how.
const (
	Patent  = "patent"
	KnowHow = "know-how"
)

// Attributes of a technology item.
const (
	AttrTechnologyKind = "technology_kind" // enum: patent or know-how
	AttrPatent         = "patent"          // text: the patent's number
)

// Technology is a core, key or common technology a member brings in: a
// patent with its number, or know-how, and the modules and parts that
// embody it.
type Technology struct {
	Name        string
	Kind        string // Patent or KnowHow
	Patent      string // the number, for a patent
	Description string
	Scope       model.Scope
	// EmbodiedIn are the member's own modules and parts that embody the
	// technology; stating them again replaces the list.
	EmbodiedIn []model.ItemID
}

// PutTechnology records a technology of the acting member as an item of
// the technology level, owned and keyed like any of its records (by the
// patent number, else the name), with an embodiment edge to each item
// that embodies it. Only the member's own items may be named: a member
// cannot claim its technology is inside another's design. It returns the
// technology item.
func (l *Library) PutTechnology(ctx context.Context, t Technology) (model.Item, model.BatchResult, error) {
	v := l.Viewer
	if err := l.mayAct(); err != nil {
		return model.Item{}, model.BatchResult{}, err
	}
	if v.Admin {
		return model.Item{}, model.BatchResult{}, model.Errorf(model.Forbidden, "the administrator owns nothing: a technology is a member's")
	}
	t.Name = strings.TrimSpace(t.Name)
	switch {
	case t.Name == "":
		return model.Item{}, model.BatchResult{}, model.Errorf(model.Invalid, "a technology needs a name")
	case t.Kind == Patent && strings.TrimSpace(t.Patent) == "":
		return model.Item{}, model.BatchResult{}, model.Errorf(model.Invalid, "technology %q: a patent needs its number", t.Name)
	case t.Kind != Patent && t.Kind != KnowHow:
		return model.Item{}, model.BatchResult{}, model.Errorf(model.Invalid, "technology %q: kind %q (want %s or %s)", t.Name, t.Kind, Patent, KnowHow)
	}
	if t.Scope.Kind == "" {
		t.Scope = model.Scope{Kind: model.ScopeOwner}
	}
	key := "name:" + strings.ToLower(t.Name)
	class := model.ClassPath("Technologies/Know-how")
	if t.Kind == Patent {
		key, class = "patent:"+strings.ToUpper(strings.Join(strings.Fields(t.Patent), "")), "Technologies/Patents"
	}
	it := model.Item{
		ID:    model.OwnedID(v.Member, model.NewID("technology", key)),
		Level: model.LevelTechnology, Name: t.Name, Description: t.Description, Class: class,
		Lifecycle: model.Released, Owner: v.Member, Scope: t.Scope,
		Source: model.SourceRef{Namespace: v.Member, System: "technology", ExternalID: key},
	}
	it.SetAttr(model.EnumAttr(AttrTechnologyKind, t.Kind, ""))
	if t.Kind == Patent {
		it.SetAttr(model.TextAttr(AttrPatent, t.Patent))
	}
	b := &model.Batch{Origin: "technology " + t.Name, Actor: v.Member}
	b.Add(it)
	for _, id := range t.EmbodiedIn {
		e, err := l.items().Item(ctx, id)
		if err != nil {
			return model.Item{}, model.BatchResult{}, err
		}
		if e.Owner != v.Member {
			return model.Item{}, model.BatchResult{}, model.Errorf(model.Forbidden, "technology %q: %s %q is %s's, not yours", t.Name, e.Level, e.Name, e.Owner)
		}
		if e.Level != model.LevelModule && e.Level != model.LevelPart && e.Level != model.LevelProduct && e.Level != model.LevelFamily {
			return model.Item{}, model.BatchResult{}, model.Errorf(model.Invalid, "technology %q: a %s cannot embody a technology", t.Name, e.Level)
		}
		b.Use(model.Edge{Parent: it.ID, Child: id, Kind: model.Embodiment})
	}
	res, err := l.Store.Apply(ctx, b)
	if err != nil {
		return model.Item{}, res, fmt.Errorf("technology %q: %w", t.Name, err)
	}
	return it, res, nil
}

// tableEmbodiment keeps the members' statements that their items embody a
// technology, as documents keyed <item>/<technology>: the item's owner
// states them (a PDM re-import of the item leaves them standing), and the
// technology may be another member's that the owner may see (licensed,
// shared): reusing the item then credits that member too.
const tableEmbodiment = "embodiment"

// Embody states that item, the acting member's own module or part, embodies
// the technology tech, which the member may see.
func (l *Library) Embody(ctx context.Context, item, tech model.ItemID) error {
	if err := l.mayAct(); err != nil {
		return err
	}
	it, err := l.items().Item(ctx, item)
	if err != nil {
		return err
	}
	if it.Owner != l.Viewer.Member && !l.Viewer.Admin {
		return model.Errorf(model.Forbidden, "%s %q is %s's: only its owner says what it embodies", it.Level, it.Name, it.Owner)
	}
	if it.Level == model.LevelTechnology {
		return model.Errorf(model.Invalid, "a technology does not embody another")
	}
	t, err := l.items().Item(ctx, tech)
	if err != nil {
		return err
	}
	if t.Level != model.LevelTechnology {
		return model.Errorf(model.Invalid, "%s %q is not a technology", t.Level, t.Name)
	}
	entry := l.audit(model.AuditTechnologyAdd, string(item), fmt.Sprintf("%s embodies %s (%s's %q)", item, tech, t.Owner, t.Name))
	return l.Store.PutDocs(ctx, tableEmbodiment, map[string]any{string(item) + "/" + string(tech): map[string]string{"item": string(item), "technology": string(tech)}}, false, entry)
}
