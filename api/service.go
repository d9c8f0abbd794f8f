package api

import (
	"context"
	"encoding/json"
	"io"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/design"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm/ingest"
	"github.com/cbb-alliance/cbb/retrieval"
)

// Service is what one identity may ask of cbb. Every method returns a
// *model.Error with a code for the caller's mistakes: NotFound for an item
// it may not see (as for one that does not exist), Forbidden for an action
// its member or role may not take, Invalid for malformed input, Conflict
// for a clash with the current state, Busy when the store is held.
type Service interface {
	// Whoami says whom the session acts as.
	Whoami(ctx context.Context) (Identity, error)
	// Item reads an item by id, source key (SYSTEM:EXTERNAL-ID) or exact
	// name, as the session sees it; history adds every revision.
	Item(ctx context.Context, ref string, history bool) (ItemView, error)
	// WhereUsed lists the item's users: direct ones, or with deep the whole
	// tree up to the products; users the session may not see are counted.
	WhereUsed(ctx context.Context, ref string, deep bool) (Usage, error)
	// Stats counts what the session may see.
	Stats(ctx context.Context) (model.Stats, error)
	// Query ranks candidates for a requirement (its member must be the
	// session's, or empty).
	Query(ctx context.Context, req model.Requirement, limit int) (retrieval.Result, error)
	// Plan decides configure, variant or new for each item of a
	// requirement, and one valid configuration; nothing is written.
	Plan(ctx context.Context, req model.Requirement, opt PlanOptions) (design.Report, error)
	// Record plans again and records the plan: the R&D requests of its new
	// items and the credits of its reuse. The plan is made here, never
	// taken from the caller. An infeasible plan records nothing and is
	// returned as it is (Feasible false, the conflicts named).
	Record(ctx context.Context, req model.Requirement, opt PlanOptions) (Recorded, error)
	// Duplicates lists an item's near-duplicates the session may see.
	Duplicates(ctx context.Context, ref string, threshold float64) ([]retrieval.Duplicate, error)
	// Import reads files (a PDM export, BOMs) as the session's member's
	// records and writes them: everything read before anything is
	// written, as `cbb import` does.
	Import(ctx context.Context, files []File, opt ImportOptions) (ingest.Report, error)
	// Items lists the items the session may see, by level then id,
	// filtered, a page at a time: Next is the cursor of the next page ("":
	// the last page).
	Items(ctx context.Context, f ItemFilter) (ItemPage, error)
	// Members lists the alliance's members.
	Members(ctx context.Context) ([]model.Member, error)
	// AddMember admits a member (the administrator's).
	AddMember(ctx context.Context, m model.Member) (model.Member, error)
	// SetMemberStatus changes a member's standing (the administrator's).
	// With ifMatch (a version from MemberVersion) the change is made only
	// if the member is still as the caller saw it, else model.Stale.
	SetMemberStatus(ctx context.Context, id model.MemberID, status model.MemberStatus, ifMatch string) (model.Member, error)
	// Projects lists the alliance projects; AddProject sets one up (the
	// administrator's).
	Projects(ctx context.Context) ([]model.Project, error)
	AddProject(ctx context.Context, p model.Project) (model.Project, error)
	// Rules lists the design rules (latest versions; status filters);
	// RuleVersions every version of one.
	Rules(ctx context.Context, status model.RuleStatus) ([]model.Rule, error)
	RuleVersions(ctx context.Context, id string) ([]model.Rule, error)
	// PutRules stores rules as new versions, authored by the session's
	// member; SetRuleStatus accepts or retires one (a new version).
	PutRules(ctx context.Context, rules []model.Rule) ([]model.Rule, error)
	SetRuleStatus(ctx context.Context, id string, status model.RuleStatus) (model.Rule, error)
	// Variability reads an item's variability (stated, or derived from its
	// variants); PutVariability states it (the item's owner's).
	Variability(ctx context.Context, ref string) (model.Variability, error)
	PutVariability(ctx context.Context, v model.Variability) error
	// Requests lists the R&D requests the session may see (state filters);
	// AssignRequest and CloseRequest move one on.
	Requests(ctx context.Context, state model.RequestState) ([]model.Request, error)
	AssignRequest(ctx context.Context, id string, to model.MemberID) (model.Request, error)
	CloseRequest(ctx context.Context, id string, result string) (model.Request, error)
	// StartRun starts a rationalization analysis (commonality, platform,
	// modules, families, rules) of what the session sees, in the
	// background; Job tells its progress, CancelJob stops it. The run it
	// stores, and its SVG pictures, are read with Run and Picture; Runs
	// lists the session's runs.
	StartRun(ctx context.Context, kind string, params json.RawMessage) (Job, error)
	Job(ctx context.Context, id string) (Job, error)
	CancelJob(ctx context.Context, id string) (Job, error)
	Runs(ctx context.Context) ([]model.Run, error)
	Run(ctx context.Context, id string) (model.Run, error)
	Picture(ctx context.Context, run, name string) ([]byte, error)
	// Credits is the technology credits ledger: effort saved by reuse, per
	// member credited.
	Credits(ctx context.Context) (map[model.MemberID]float64, error)
	// Licences lists the licences the session granted or holds.
	Licences(ctx context.Context) ([]model.Licence, error)
	// GrantLicence grants a licence on an item the session's member owns.
	GrantLicence(ctx context.Context, l model.Licence) (model.Licence, error)
	// RevokeLicence revokes a licence the session's member granted.
	RevokeLicence(ctx context.Context, id string) (model.Licence, error)
	// CreateKey makes an API key (the administrator any; a member admin
	// its member's) and returns its secret, shown this once.
	CreateKey(ctx context.Context, k model.Key) (model.Key, string, error)
	// Keys lists the keys the session may manage, without secrets.
	Keys(ctx context.Context) ([]model.Key, error)
	// RevokeKey revokes a key.
	RevokeKey(ctx context.Context, id string) (model.Key, error)
	// AuditLog lists audit entries (the administrator's).
	AuditLog(ctx context.Context, q data.AuditQuery) ([]model.AuditEntry, error)
}

// Identity is whom a session acts as.
type Identity struct {
	Member model.MemberID `json:"member"`
	Role   model.Role     `json:"role"`
	Key    string         `json:"key,omitempty"` // the API key's id, when the session has one
	Active bool           `json:"active"`
}

// ItemView is an item as a viewer sees it: its BOM lists only children
// the viewer may see; its where-used names the parents the viewer may see
// and counts the others (HiddenUsers).
type ItemView struct {
	model.Item
	Revision    int              `json:"revision"`
	Children    []EdgeView       `json:"children,omitempty"`
	UsedIn      []EdgeView       `json:"used_in,omitempty"`
	HiddenUsers int              `json:"hidden_users,omitempty"`
	Revisions   []model.Revision `json:"revisions,omitempty"`
}

// EdgeView is an edge with the name and level of the item at its far end.
type EdgeView struct {
	model.Edge
	Name  string      `json:"name"`
	Level model.Level `json:"level"`
}

// Usage is one node of a where-used tree: a parent, how many of the child
// it uses, and, at depth, its own parents: those the viewer may see, with
// the others counted (Hidden), not named.
type Usage struct {
	ID       model.ItemID   `json:"id"`
	Name     string         `json:"name"`
	Level    model.Level    `json:"level"`
	Kind     model.EdgeKind `json:"kind,omitempty"`
	Quantity float64        `json:"quantity,omitempty"`
	UsedIn   []Usage        `json:"used_in,omitempty"`
	Hidden   int            `json:"hidden_users,omitempty"`
	// Repeated marks an item met again in the tree: its users are listed
	// where it was met first.
	Repeated bool `json:"repeated,omitempty"`
}

// PlanOptions tune a design plan.
type PlanOptions struct {
	// ReuseOnly forbids new designs.
	ReuseOnly bool `json:"reuse_only,omitempty"`
	// Candidates is the number retrieved per level and item (default 8).
	Candidates int `json:"candidates,omitempty"`
}

// Recorded is a recorded design: the plan and the R&D requests opened.
type Recorded struct {
	design.Report
	Requests []model.Request `json:"rd_requests,omitempty"`
}

// File is one file of an import: its slash-separated path within the
// import (folders keep formats such as a NopSCADlib bom/ folder whole) and
// its content.
type File struct {
	Name string
	Body io.Reader
}

// ImportOptions are an import's: the scope, lifecycle and product name of
// `cbb import`, and whether unreadable inputs are reported and skipped.
type ImportOptions struct {
	// Owner is whose records they are: the session's member, or, for the
	// administrator, the member named.
	Owner     model.MemberID  `json:"owner,omitempty"`
	Scope     model.Scope     `json:"scope"`
	Lifecycle model.Lifecycle `json:"lifecycle,omitempty"`
	Product   string          `json:"product,omitempty"`
	Format    string          `json:"format,omitempty"`
	KeepGoing bool            `json:"keep_going,omitempty"`
	// Mapping overrides the header mapping of tabular BOMs (as a mapping
	// file's Options give it).
	Mapping map[string]string `json:"mapping,omitempty"`
	// MaxBatch caps items and edges per transaction (0: the default);
	// Progress, when set, is told how far the import is (in-process only).
	MaxBatch int                   `json:"-"`
	Progress func(ingest.Progress) `json:"-"`
}

// ItemFilter chooses the items of a listing.
type ItemFilter struct {
	Level model.Level     `json:"level,omitempty"`
	Class model.ClassPath `json:"class,omitempty"` // this class or below
	Owner model.MemberID  `json:"owner,omitempty"`
	// After is the cursor a previous page returned.
	After string `json:"after,omitempty"`
	// Limit is the page size (default 100, at most 1000).
	Limit int `json:"limit,omitempty"`
}

// ItemPage is one page of a listing.
type ItemPage struct {
	Items []model.Item `json:"items"`
	Next  string       `json:"next,omitempty"`
}

// MemberVersion is a member's version for If-Match (model.Member.Version).
func MemberVersion(m model.Member) string { return m.Version() }
