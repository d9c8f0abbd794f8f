package model

import (
	"encoding/json"
	"time"
)

// Run is a stored analysis run (a rationalization analysis): what was
// analysed, with which parameters and seed, what came out and how long it
// took, so that it can be shown again and repeated.
type Run struct {
	// ID is given by the store, in the order runs are stored.
	ID string `json:"id"`
	// Kind names the analysis ("cells", "dsm", "commonality", ...).
	Kind string    `json:"kind"`
	At   time.Time `json:"at"`
	// Input says what was analysed: a file with its SHA-256, or a scope
	// of the store with the last batch applied to it.
	Input string `json:"input"`
	// Params are the analysis's parameters, seed included, as given to
	// it: repeating the run means running Kind on Input with Params.
	Params json.RawMessage `json:"params"`
	Seed   int64           `json:"seed"`
	// Result is the analysis's result; Summary one line of it for lists.
	Result  json.RawMessage `json:"result"`
	Summary string          `json:"summary"`
	Took    time.Duration   `json:"took_ns"`
	// Actor is the member the run was made as: a run on the store saw
	// what that member may see, and only that member (and the
	// administrator) may see the run.
	Actor MemberID `json:"actor,omitempty"`
}
