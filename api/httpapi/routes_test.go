package httpapi

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/cbb-alliance/cbb/api"
)

// Every route the server answers is an operation of its OpenAPI document,
// and every operation is a route: the document cannot drift from the code.
func TestRoutesMatchOpenAPI(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if method != "parameters" {
				documented = append(documented, strings.ToUpper(method)+" "+path)
			}
		}
	}
	param := regexp.MustCompile(`:([a-z]+)`)
	s := New(&api.Core{}, Options{})
	var served []string
	for _, r := range s.echo.Routes() {
		if r.Method == echo.RouteNotFound { // the group's own catch-all
			continue
		}
		served = append(served, r.Method+" "+param.ReplaceAllString(r.Path, "{$1}"))
	}
	slices.Sort(documented)
	slices.Sort(served)
	if !slices.Equal(slices.Compact(served), documented) {
		t.Errorf("routes and OpenAPI operations differ\nserved:     %v\ndocumented: %v", served, documented)
	}
}
