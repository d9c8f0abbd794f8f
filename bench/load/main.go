// Command load measures `cbb serve` under load: ranked queries per second
// and their latency at a number of connections, as several members, on a
// synthetic catalogue (package retrieval/synth, learned from the real parts
// in ../shared/data). It is a benchmark tool, not part of cbb.
//
//	go run ./bench/load prepare --store /tmp/load --parts 1000000
//	go run ./cmd/cbb --store /tmp/load serve --addr 127.0.0.1:8090 &
//	go run ./bench/load run --server http://127.0.0.1:8090 --keys /tmp/load.keys --conns 64 --duration 30s
//
// prepare writes the catalogue into a new store, one engineer key per
// member into STORE.keys; run sends the generated queries, each as its
// member, over the given number of connections and prints the throughput
// and the latency percentiles.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cbb-alliance/cbb/api/client"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/synth"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: load prepare|run|bad [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "prepare":
		err = prepare(os.Args[2:])
	case "run":
		err = run(os.Args[2:])
	case "bad":
		err = bad(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q (want prepare or run)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// model learns the catalogue generator from the shared data.
func learn(ctx context.Context, shared string) (*synth.Model, error) {
	var paths []string
	for _, s := range synth.Sources {
		paths = append(paths, filepath.Join(shared, s))
	}
	parts, err := synth.ReadParts(ctx, paths...)
	if err != nil {
		return nil, err
	}
	return synth.Learn(parts), nil
}

func prepare(args []string) error {
	fs := flag.NewFlagSet("prepare", flag.ExitOnError)
	store := fs.String("store", "", "new store folder")
	n := fs.Int("parts", 100000, "catalogue size")
	shared := fs.String("shared", "../shared/data", "the shared data the generator learns from")
	fs.Parse(args)
	ctx := context.Background()
	m, err := learn(ctx, *shared)
	if err != nil {
		return err
	}
	s, err := data.Open(ctx, *store, data.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	keys := map[model.MemberID]string{}
	for _, id := range synth.Members() {
		if err := s.PutMember(ctx, model.Administrator, model.Member{ID: id, Name: string(id), Kind: model.OtherKind, Status: model.Active}); err != nil {
			return err
		}
		_, secret, err := s.CreateKey(ctx, model.Administrator, model.Key{Member: id, Role: model.RoleEngineer, Name: "load"})
		if err != nil {
			return err
		}
		keys[id] = secret
	}
	start := time.Now()
	err = m.Batches(1, *n, 2000, func(b *model.Batch) error {
		_, err := s.Apply(ctx, b)
		return err
	})
	if err != nil {
		return err
	}
	b, _ := json.Marshal(keys)
	if err := os.WriteFile(filepath.Clean(*store)+".keys", b, 0o600); err != nil {
		return err
	}
	fmt.Printf("%d parts in %s (%.0f parts/s); keys in %s.keys\n", *n, time.Since(start).Round(time.Millisecond), float64(*n)/time.Since(start).Seconds(), filepath.Clean(*store))
	return nil
}

func run(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	server := fs.String("server", "http://127.0.0.1:8090", "the server")
	keysFile := fs.String("keys", "", "the keys prepare wrote")
	conns := fs.Int("conns", 64, "connections")
	dur := fs.Duration("duration", 30*time.Second, "how long to send")
	nq := fs.Int("queries", 2000, "distinct queries, sent round robin")
	shared := fs.String("shared", "../shared/data", "the shared data the generator learns from")
	fs.Parse(args)
	ctx := context.Background()
	b, err := os.ReadFile(*keysFile)
	if err != nil {
		return err
	}
	var keys map[model.MemberID]string
	if err := json.Unmarshal(b, &keys); err != nil {
		return err
	}
	m, err := learn(ctx, *shared)
	if err != nil {
		return err
	}
	qs := m.Queries(1, *nq)
	transport := &http.Transport{MaxIdleConns: *conns, MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns}
	clients := map[model.MemberID]*client.Client{}
	for id, k := range keys {
		clients[id] = &client.Client{Base: *server, Key: k, HTTP: &http.Client{Transport: transport, Timeout: 30 * time.Second}}
	}
	var next, errs atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	deadline := time.Now().Add(*dur)
	var wg sync.WaitGroup
	for range *conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				q := qs[int(next.Add(1))%len(qs)]
				c := clients[q.Viewer]
				if c == nil || !q.Active {
					continue // a generated query of an expelled member: no key works for it
				}
				t0 := time.Now()
				if _, err := c.Query(ctx, q.Requirement(), 10); err != nil {
					errs.Add(1)
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(lat)
	if len(lat) == 0 {
		return fmt.Errorf("no query answered (%d errors)", errs.Load())
	}
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("%d connections, %s: %d queries answered, %.0f/s, p50 %s, p99 %s, max %s, %d errors\n",
		*conns, *dur, len(lat), float64(len(lat))/dur.Seconds(), pct(0.50).Round(100*time.Microsecond),
		pct(0.99).Round(100*time.Microsecond), lat[len(lat)-1].Round(100*time.Microsecond), errs.Load())
	return nil
}

// bad sends malformed requests of every kind, n of each, and reports the
// answers by status and the server's resident memory before and after
// (from its /metrics).
func bad(args []string) error {
	fs := flag.NewFlagSet("bad", flag.ExitOnError)
	server := fs.String("server", "http://127.0.0.1:8090", "the server")
	keysFile := fs.String("keys", "", "the keys prepare wrote")
	n := fs.Int("n", 1000, "requests of each kind")
	adminKey := fs.String("admin-key", "", "the administrator's key, to read the server's memory from /metrics")
	fs.Parse(args)
	b, err := os.ReadFile(*keysFile)
	if err != nil {
		return err
	}
	var keys map[model.MemberID]string
	if err := json.Unmarshal(b, &keys); err != nil {
		return err
	}
	var key string
	for _, k := range keys {
		key = k
		break
	}
	big := strings.Repeat("x", 70<<20)
	kinds := []struct {
		name, method, path, ctype, body, key string
	}{
		{"malformed JSON", "POST", "/v1/query", "application/json", `{"requirement":`, key},
		{"wrong content type", "POST", "/v1/query", "text/plain", `{}`, key},
		{"unknown field", "POST", "/v1/query", "application/json", `{"requirement":{"items":[]},"x":1}`, key},
		{"invalid UTF-8", "POST", "/v1/query", "application/json", "{\"requirement\":{\"name\":\"\xff\",\"items\":[]}}", key},
		{"id with ../", "GET", "/v1/items/..%2F..%2Fetc%2Fpasswd", "", "", key},
		{"no key", "GET", "/v1/stats", "", "", ""},
		{"made-up key", "GET", "/v1/stats", "", "", "cbbk_abc_def"},
		{"oversized body (70 MiB)", "POST", "/v1/query", "application/json", big, key},
	}
	rss := func() string {
		req, _ := http.NewRequest("GET", *server+"/metrics", nil)
		req.Header.Set("Authorization", "Bearer "+*adminKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "?"
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "process_resident_memory_bytes "); ok {
				f, _ := strconv.ParseFloat(v, 64)
				return fmt.Sprintf("%.0f MB", f/1e6)
			}
		}
		return "?"
	}
	fmt.Printf("server resident memory before: %s\n", rss())
	for _, k := range kinds {
		count := *n
		if len(k.body) > 1<<20 {
			count = min(count, 20)
		}
		statuses := map[int]int{}
		for range count {
			var body io.Reader
			if k.body != "" {
				body = strings.NewReader(k.body)
			}
			req, _ := http.NewRequest(k.method, *server+k.path, body)
			if k.ctype != "" {
				req.Header.Set("Content-Type", k.ctype)
			}
			if k.key != "" {
				req.Header.Set("Authorization", "Bearer "+k.key)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				statuses[0]++
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			statuses[resp.StatusCode]++
		}
		fmt.Printf("%-26s %5d requests: %v\n", k.name, count, statuses)
	}
	fmt.Printf("server resident memory after: %s\n", rss())
	return nil
}
