package httpapi

import _ "embed"

// OpenAPI is the OpenAPI 3 document of the routes, served at
// /openapi.json; the tests validate every request and response against it.
//
//go:embed openapi.json
var OpenAPI []byte
