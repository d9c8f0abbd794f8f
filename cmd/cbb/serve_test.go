package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cbb-alliance/cbb/api/client"

	"github.com/cbb-alliance/cbb/layers/data"
)

// serving starts `cbb serve` on 127.0.0.1:0 over store and returns its
// address and a stop function that waits for it to end.
func serving(t *testing.T, store string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var out, errb bytes.Buffer
	go func() {
		done <- Run(ctx, []string{"--store", store, "serve", "--addr", "127.0.0.1:0", "--grace", "0s"}, &out, &errb)
	}()
	var info serveInfo
	for range 200 {
		if b, err := os.ReadFile(filepath.Join(store, serveInfoFile)); err == nil && json.Unmarshal(b, &info) == nil && info.URL != "" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if info.URL == "" {
		cancel()
		t.Fatalf("the server did not start: %s", errb.String())
	}
	return info.URL, func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
		if _, err := os.Stat(filepath.Join(store, serveInfoFile)); !os.IsNotExist(err) {
			t.Error("the server left its address behind")
		}
	}
}

// keyFor makes an API key in-process (before the server holds the store)
// and returns its secret, which alone is on standard output.
func keyFor(t *testing.T, store, member, role string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"--store", store, "--member", "admin", "key", "create", "--for", member, "--role", role}, &out, &errb); code != exitOK {
		t.Fatalf("key create: %s", errb.String())
	}
	return strings.TrimSpace(out.String())
}

// The CLI talks to a running server: named with --server, or found in the
// store it holds; an import goes through it; the server stops cleanly.
func TestServeAndCLI(t *testing.T) {
	store := alliance(t)
	acme := keyFor(t, store, "acme", "member-admin")
	beta := keyFor(t, store, "beta", "engineer")
	url, stop := serving(t, store)
	defer stop()

	out := cbb(t, store, exitOK, "--key", acme, "import", "--progress", "never", "--scope", "owner", "../../testdata/kicad/StickIt-Hat.xml")
	if !strings.Contains(out, "held by a running server") || !strings.Contains(out, "created") {
		t.Errorf("import while the server holds the store:\n%s", out)
	}
	out = cbb(t, store, exitOK, "--server", url, "--key", acme, "show", "--json", "StickIt-Hat")
	var v struct{ ID, Owner string }
	if err := json.Unmarshal([]byte(out), &v); err != nil || v.Owner != "acme" {
		t.Fatalf("show through the server: %v\n%s", err, out)
	}
	if out := cbb(t, store, exitError, "--server", url, "--key", beta, "show", v.ID); !strings.Contains(out, "no item") {
		t.Errorf("beta reads acme's owner-only board through the server: %s", out)
	}
	if out := cbb(t, store, exitError, "--server", url, "--key", beta, "import", "../../testdata/kicad/LedTest.xml"); !strings.Contains(out, "may not import") {
		t.Errorf("an engineer's key imports: %s", out)
	}
	if out := cbb(t, store, exitUsage, "--server", url, "stats"); !strings.Contains(out, "needs an API key") {
		t.Errorf("no key: %s", out)
	}
	if out := cbb(t, store, exitError, "--server", url, "--key", "cbbk_x_y", "stats"); !strings.Contains(out, "invalid API key") && !strings.Contains(out, "API key") {
		t.Errorf("a made-up key: %s", out)
	}
	res := queryJSON(t, store, "--server", url, "--key", acme, "--text", "LED 0805", "--level", "part")
	if res.Member != "acme" {
		t.Errorf("query through the server ran as %q", res.Member)
	}
	// Analyses run as jobs of the server; the picture comes back.
	cbb(t, store, exitOK, "--key", acme, "import", "--progress", "never", "../../testdata/kicad/LedTest.xml", "../../testdata/kicad/Decoder.xml")
	svg := filepath.Join(t.TempDir(), "incidence.svg")
	out = cbb(t, store, exitOK, "--key", acme, "rationalize", "platform", "--owner", "acme", "--progress", "never", "--svg", svg)
	if !strings.Contains(out, "analysing through it") || !strings.Contains(out, "stored on the server as run") {
		t.Errorf("platform through the server:\n%s", out)
	}
	if b, err := os.ReadFile(svg); err != nil || !bytes.Contains(b, []byte("<svg")) {
		t.Errorf("the picture of the run: %v", err)
	}
	out = cbb(t, store, exitOK, "--server", url, "--key", acme, "rationalize", "commonality", "--product", "StickIt-Hat", "--product", "LedTest", "--progress", "never")
	if !strings.Contains(out, "DCI") {
		t.Errorf("commonality through the server:\n%s", out)
	}
	if out := cbb(t, store, exitError, "--server", url, "--key", beta, "rationalize", "commonality", "--owner", "acme"); !strings.Contains(out, "may not rationalize") {
		t.Errorf("an engineer's analysis: %s", out)
	}
	// A key made and revoked through the server stops working at once;
	// another member cannot revoke it.
	out = cbb(t, store, exitOK, "--server", url, "--key", acme, "key", "create", "--for", "acme", "--role", "integration")
	pdm := strings.Fields(out[strings.Index(out, "cbbk_"):])[0] // the secret, on stdout
	pdmID := strings.Split(pdm, "_")[1]
	cbb(t, store, exitOK, "--server", url, "--key", pdm, "stats")
	cbb(t, store, exitError, "--server", url, "--key", beta, "key", "revoke", pdmID)
	if out := cbb(t, store, exitOK, "--server", url, "--key", acme, "key", "revoke", pdmID); !strings.Contains(out, "revoked key "+pdmID) {
		t.Errorf("key revoke through the server: %s", out)
	}
	if out := cbb(t, store, exitError, "--server", url, "--key", pdm, "stats"); !strings.Contains(out, "API key") {
		t.Errorf("a revoked key still answers: %s", out)
	}
}

// SIGTERM (here: the command's context) during imports stops the server
// with every batch whole or absent, and the audit chain intact.
func TestServeShutdownDuringImport(t *testing.T) {
	store := alliance(t)
	acme := keyFor(t, store, "acme", "member-admin")
	url, stop := serving(t, store)
	done := make(chan string, 1)
	go func() {
		var out, errb bytes.Buffer
		Run(context.Background(), []string{"--store", store, "--server", url, "--key", acme, "import", "--keep-going", "../../testdata/inventree", "../../testdata/nopscadlib", "../../testdata/mendel90", "../../testdata/kicad", "../../testdata/kitspace"}, &out, &errb)
		done <- out.String() + errb.String()
	}()
	time.Sleep(150 * time.Millisecond)
	stop()
	t.Logf("import as the server stopped: %.200s", <-done)

	ctx := context.Background()
	s, err := data.Open(ctx, store, data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	counted, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.Viewer(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	// acme sees every item of this store (its own, and catalogue parts):
	// the view's recount must equal the counters every batch updates.
	seen, err := s.As(v).Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if seen.Items != counted.Items || seen.Edges != counted.Edges || seen.Variants != counted.Variants {
		t.Errorf("after the shutdown the counters say %+v, the items %+v: a batch is there in part", counted, seen)
	}
	err = s.BatchesAfter(ctx, "", func(r data.BatchRecord) error {
		for _, w := range r.Written {
			if _, err := s.Item(ctx, w.ID); err != nil {
				t.Errorf("batch %s: item %s missing: %v", r.ID, w.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.VerifyAudit(ctx)
	if err != nil || !rep.OK() {
		t.Errorf("audit after the shutdown: %+v %v", rep, err)
	}

}

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// the pool that trusts it.
func selfSigned(t *testing.T, dir string) (cert, key string, pool *x509.CertPool) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "cbb test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	parsed, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(parsed)
	return cert, key, pool
}

// With --tls-cert and --tls-key the server speaks HTTPS only.
func TestServeTLS(t *testing.T) {
	store := alliance(t)
	key := keyFor(t, store, "acme", "engineer")
	cert, pkey, pool := selfSigned(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- Run(ctx, []string{"--store", store, "serve", "--addr", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", pkey}, io.Discard, &errb)
	}()
	defer func() {
		cancel()
		<-done
	}()
	var info serveInfo
	for range 200 {
		if b, err := os.ReadFile(filepath.Join(store, serveInfoFile)); err == nil && json.Unmarshal(b, &info) == nil && info.URL != "" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.HasPrefix(info.URL, "https://") {
		t.Fatalf("the server's address %q is not https (%s)", info.URL, errb.String())
	}
	c := &client.Client{Base: info.URL, Key: key, HTTP: &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}}
	if id, err := c.Whoami(context.Background()); err != nil || id.Member != "acme" {
		t.Fatalf("whoami over TLS: %+v %v", id, err)
	}
	plain := &client.Client{Base: strings.Replace(info.URL, "https://", "http://", 1), Key: key}
	if _, err := plain.Whoami(context.Background()); err == nil {
		t.Error("the TLS server answered plain HTTP")
	}
}

// The README's first command: the demo, then the server up.
func TestDemoServes(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var out, errb bytes.Buffer
	go func() { done <- Run(ctx, []string{"--store", store, "demo", "--serve", "127.0.0.1:0"}, &out, &errb) }()
	var info serveInfo
	for range 1500 {
		if b, err := os.ReadFile(filepath.Join(store, serveInfoFile)); err == nil && json.Unmarshal(b, &info) == nil && info.URL != "" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if info.URL == "" {
		cancel()
		<-done
		t.Fatalf("the demo did not serve: %s", errb.String())
	}
	resp, err := http.Get(info.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("the demo's server: %v", err)
	} else {
		resp.Body.Close()
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("demo --serve exited %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "serving the demo's store") || !strings.Contains(out.String(), "cbbk_") {
		t.Errorf("the demo's serving banner:\n%.500s", out.String())
	}
}
