package inventree

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// System is the source system name of the items this package makes, the
// first half of their source key.
const System = "inventree"

// Format reads InvenTree exports. It is stateless and safe for concurrent
// use.
type Format struct{}

var _ pdm.Format = Format{}

// Name returns "inventree".
func (Format) Name() string { return "inventree" }

// apps are InvenTree's Django applications; a fixture whose first record
// belongs to one of them is taken for an InvenTree export.
var apps = []string{
	"part", "company", "stock", "build", "order", "common",
	"users", "auth", "label", "report", "plugin",
}

// Detect reports whether the input is a .json file whose head is a JSON
// array whose first element is a Django fixture record ("model" and "pk")
// of one of InvenTree's applications. It looks at in.Head only.
func (Format) Detect(in pdm.Input) bool {
	if in.Dir || in.Ext() != "json" {
		return false
	}
	return detectHead(in.Head)
}

// detectHead checks the first record of a fixture, reading tokens until
// that record ends or the head does.
func detectHead(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\uFEFF"))
	if !pdm.Sniff(head, "[") {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(head))
	for _, want := range []json.Delim{'[', '{'} {
		if tok, err := dec.Token(); err != nil || tok != want {
			return false
		}
	}
	mdl, hasPK := "", false
	for {
		tok, err := dec.Token()
		if err != nil {
			// The head ended inside the first record: judge on what it held.
			return knownModel(mdl)
		}
		key, ok := tok.(string)
		if !ok { // the closing '}'
			return hasPK && knownModel(mdl)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return knownModel(mdl)
		}
		switch key {
		case "model":
			if json.Unmarshal(v, &mdl) != nil {
				return false
			}
		case "pk":
			hasPK = true
		}
	}
}

// knownModel reports whether m is "<app>.<model>" of an InvenTree app.
func knownModel(m string) bool {
	app, name, ok := strings.Cut(m, ".")
	return ok && name != "" && !strings.ContainsAny(name, ". ") && slices.Contains(apps, app)
}

// Read reads the export in.Path into one batch holding every part, with
// its BOM and variant edges. Errors are *model.Error values naming the
// file, the line, and the record's model, pk and field.
func (Format) Read(ctx context.Context, in pdm.Input, opt pdm.Options) (*model.Batch, error) {
	data, err := in.ReadAll("")
	if err != nil {
		return nil, &model.Error{Code: model.Invalid, File: in.Display, Msg: "read InvenTree export", Err: err}
	}
	return parse(ctx, in.Display, data)
}

// Parse reads an export held in memory; name is the file's name for
// messages and the batch's origin. See Format.Read. The options are not
// used: package ingest stamps owner, scope and lifecycle.
func Parse(name string, data []byte, opt pdm.Options) (*model.Batch, error) {
	return parse(context.Background(), name, data)
}

func parse(ctx context.Context, name string, data []byte) (*model.Batch, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // on line 1: lines stay right
	f, err := decodeFixture(ctx, name, data)
	if err != nil {
		return nil, fmt.Errorf("inventree: %w", err)
	}
	b, err := build(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("inventree: %w", err)
	}
	return b, nil
}
