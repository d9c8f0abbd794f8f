// Package api is the echo HTTP API, its OpenAPI document, authentication
// and the web UI through which members' PDM systems and engineers reach the
// store. Every echo type stays inside this package.
//
// Nothing is built here yet; the HTTP API comes with a later issue.
package api
