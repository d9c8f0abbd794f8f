package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api/httpapi"
)

// serveInfo is what a running server leaves in its store, so that a
// command that finds the store held can talk to the server instead.
type serveInfo struct {
	URL string `json:"url"`
	PID int    `json:"pid"`
}

const serveInfoFile = "serve.json"

type serveFlags struct {
	addr, tlsCert, tlsKey string
	grace                 time.Duration
	rate                  float64
	burst                 int
}

func (a *app) serveCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the store over HTTP to every member and PDM system at once",
		Long: `Serve the store over HTTP (see docs/API.md; the OpenAPI document is at
/openapi.json). Every request carries an API key ('cbb key create'), which
says the acting member and its role. On SIGTERM or SIGINT the server stops
accepting, lets running requests finish within --grace (an import stops
between transactions: no half batch), and exits.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.serve(cmd.Context(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on (port 0: any free port)")
	fl.StringVar(&f.tlsCert, "tls-cert", "", "TLS certificate file (PEM); with --tls-key, serve HTTPS")
	fl.StringVar(&f.tlsKey, "tls-key", "", "TLS private key file (PEM)")
	fl.DurationVar(&f.grace, "grace", 30*time.Second, "how long running requests may finish on shutdown")
	fl.Float64Var(&f.rate, "rate", 50, "requests per second allowed per API key")
	fl.IntVar(&f.burst, "burst", 100, "requests a key may send at once above its rate")
	return cmd
}

func (a *app) serve(ctx context.Context, f serveFlags) error {
	if (f.tlsCert == "") != (f.tlsKey == "") {
		return usageError{fmt.Errorf("give both --tls-cert and --tls-key, or neither")}
	}
	if _, err := a.openStore(ctx, false); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	scheme := "http"
	if f.tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(f.tlsCert, f.tlsKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("serve: %w", err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		scheme = "https"
	}
	url := scheme + "://" + ln.Addr().String()
	h := httpapi.New(a.core, httpapi.Options{Log: a.log, Rate: f.rate, Burst: f.burst})
	var stopping atomic.Bool
	h.SetReady(func() bool { return !stopping.Load() })
	// Requests' contexts end when the grace period does, so that work
	// still running is cancelled cleanly between transactions.
	base, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	// Handlers still running when the grace period ends are waited for
	// (their work was cancelled: an import stops after its current
	// transaction) before the store is closed under them.
	var running sync.WaitGroup
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		running.Add(1)
		defer running.Done()
		h.ServeHTTP(w, r)
	})
	srv := &http.Server{
		Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Minute, WriteTimeout: 10 * time.Minute,
		IdleTimeout: 2 * time.Minute, BaseContext: func(net.Listener) context.Context { return base },
		ErrorLog: slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	info := filepath.Join(a.storeDir, serveInfoFile)
	if b, err := json.Marshal(serveInfo{URL: url, PID: os.Getpid()}); err == nil {
		if err := os.WriteFile(info, b, 0o644); err != nil {
			a.log.Warn("cannot leave the server's address in the store", "err", err)
		}
	}
	defer os.Remove(info)
	// The index follows the store in the background, so queries never
	// wait behind the catch-up of an import.
	if err := a.core.Follow(base, 250*time.Millisecond); err != nil {
		ln.Close()
		return err
	}
	// CBB_PPROF=127.0.0.1:6060 serves Go's profiler beside the API, for
	// measuring the server (docs/BENCHMARKS.md); never on by default.
	if addr := os.Getenv("CBB_PPROF"); addr != "" {
		mux := http.NewServeMux()
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		go func() { a.log.Warn("profiler stopped", "err", http.ListenAndServe(addr, mux)) }()
	}
	fmt.Fprintf(a.stderr, "cbb serving %s on %s\n", a.storeDir, url)
	a.log.Info("serving", "store", a.storeDir, "url", url)

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sig)
	select {
	case err := <-done:
		cancel()
		running.Wait()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	case s := <-sig:
		a.log.Info("stopping", "signal", s.String())
	}
	stopping.Store(true)
	sctx, scancel := context.WithTimeout(context.Background(), f.grace)
	defer scancel()
	err = srv.Shutdown(sctx)
	cancel() // whatever still runs is aborted, each batch whole or not at all
	if errors.Is(err, context.DeadlineExceeded) {
		srv.Close()
		err = nil
	}
	if serr := <-done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	running.Wait()
	fmt.Fprintf(a.stderr, "cbb stopped serving %s\n", a.storeDir)
	return err
}
