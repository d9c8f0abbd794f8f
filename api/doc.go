// Package api is the application core both faces of cbb call: the
// command line and the HTTP service. Service is the Go interface of what a
// member (or the alliance administrator) may do; Session, made by Core for
// one identity, implements it over the store in-process, and package
// api/client implements it over HTTP against `cbb serve` (package
// api/httpapi, the only place echo is used). The same scenario tests run
// against both.
//
// Every call acts as the session's identity: reads go through the
// member's data.View, writes are checked and audited by the data and
// middle layers, and a key's role bounds what it may do (model.Role).
package api
