// Package loadtest drives a Setu server over loopback with many concurrent
// clients doing mixed reads and writes, and checks afterwards that every
// acknowledged write is stored exactly once. The test in this package
// runs it for 30 s with 64 clients when SETU_LOAD=1 (docs/reliability.md).
package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Config says how hard and how long to drive the server.
type Config struct {
	BaseURL  string        // e.g. http://127.0.0.1:PORT
	Token    string        // an API token allowed to write organisations
	Clients  int           // concurrent clients
	Duration time.Duration // how long they run
	OrgIDs   []string      // stored organisations to read
	Seed     uint64
}

// Report is what a run did.
type Report struct {
	Requests     int
	Reads        Latencies
	Writes       Latencies
	ServerErrors int            // 5xx responses
	Failures     int            // requests that got no response
	Statuses     map[int]int    // responses by status
	Created      map[string]int // organisation name -> acknowledged creations
	Updated      int            // acknowledged updates
	Elapsed      time.Duration
}

// Latencies is a set of request durations.
type Latencies []time.Duration

// Quantile returns the q-quantile (0..1), or 0 if there are none.
func (l Latencies) Quantile(q float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := slices.Clone(l)
	slices.Sort(s)
	i := int(q * float64(len(s)-1))
	return s[i]
}

// String summarises the latencies: count, p50, p95, p99 and max.
func (l Latencies) String() string {
	return fmt.Sprintf("%d requests, p50 %v, p95 %v, p99 %v, max %v", len(l),
		l.Quantile(0.50).Round(time.Microsecond), l.Quantile(0.95).Round(time.Microsecond),
		l.Quantile(0.99).Round(time.Microsecond), l.Quantile(1).Round(time.Microsecond))
}

// clientResult is one client's share of the report.
type clientResult struct {
	reads, writes    Latencies
	statuses         map[int]int
	failures         int
	created          []string
	updated          int
	createdIDs       []string
	lastErr          error
	serverErrorFirst string
}

// Run drives the server at cfg.BaseURL with cfg.Clients clients for
// cfg.Duration. Each client, in a loop, searches (50%), reads an
// organisation by id (20%), reads an organisation's page (10%), creates
// an organisation with a name unique to it (15%) or updates one it
// created (5%).
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if len(cfg.OrgIDs) == 0 {
		return nil, fmt.Errorf("loadtest: no organisations to read")
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	tr := &http.Transport{MaxIdleConns: cfg.Clients, MaxIdleConnsPerHost: cfg.Clients}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	results := make([]clientResult, cfg.Clients)
	start := time.Now()
	var wg sync.WaitGroup
	for c := range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[c] = runClient(ctx, hc, cfg, c)
		}()
	}
	wg.Wait()
	r := &Report{Statuses: map[int]int{}, Created: map[string]int{}, Elapsed: time.Since(start)}
	for _, cr := range results {
		r.Reads = append(r.Reads, cr.reads...)
		r.Writes = append(r.Writes, cr.writes...)
		for code, n := range cr.statuses {
			r.Statuses[code] += n
			r.Requests += n
			if code >= 500 {
				r.ServerErrors += n
			}
		}
		r.Failures += cr.failures
		r.Requests += cr.failures
		for _, name := range cr.created {
			r.Created[name]++
		}
		r.Updated += cr.updated
	}
	return r, nil
}

func runClient(ctx context.Context, hc *http.Client, cfg Config, c int) clientResult {
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(c)))
	res := clientResult{statuses: map[int]int{}}
	words := []string{"robot", "chip", "model", "tokyo", "india", "health", "data", "un", "ai", "lab"}
	for n := 0; ctx.Err() == nil; n++ {
		var (
			method, path string
			body         []byte
			write        bool
			want         int
		)
		switch k := rng.IntN(100); {
		case k < 50:
			method, path, want = "GET", "/api/v1/organisations?q="+url.QueryEscape(words[rng.IntN(len(words))])+"&per_page=20", 200
		case k < 70:
			method, path, want = "GET", "/api/v1/organisations/"+cfg.OrgIDs[rng.IntN(len(cfg.OrgIDs))], 200
		case k < 80:
			method, path, want = "GET", "/organisations/"+cfg.OrgIDs[rng.IntN(len(cfg.OrgIDs))], 200
		case k < 95 || len(res.createdIDs) == 0:
			name := fmt.Sprintf("Load client %d record %d", c, n)
			body, _ = json.Marshal(map[string]any{"name": name, "kind": "company", "country": "IN", "city": "Pune",
				"description": "Made by the load test."})
			method, path, write, want = "POST", "/api/v1/organisations", true, 201
		default:
			id := res.createdIDs[rng.IntN(len(res.createdIDs))]
			body, _ = json.Marshal(map[string]any{"name": "Updated " + id, "kind": "company", "country": "IN",
				"city": fmt.Sprintf("Pune %d", n)})
			method, path, write, want = "PUT", "/api/v1/organisations/"+id, true, 200
		}
		req, err := http.NewRequestWithContext(context.WithoutCancel(ctx), method, cfg.BaseURL+path, bytes.NewReader(body))
		if err != nil {
			res.failures++
			res.lastErr = err
			continue
		}
		req.Header.Set("Authorization", "Bearer "+cfg.Token)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		t0 := time.Now()
		resp, err := hc.Do(req)
		d := time.Since(t0)
		if err != nil {
			res.failures++
			res.lastErr = err
			continue
		}
		respBody, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		res.statuses[resp.StatusCode]++
		if resp.StatusCode >= 500 && res.serverErrorFirst == "" {
			res.serverErrorFirst = fmt.Sprintf("%s %s: %d %s", method, path, resp.StatusCode, respBody)
		}
		if write {
			res.writes = append(res.writes, d)
		} else {
			res.reads = append(res.reads, d)
		}
		if resp.StatusCode != want {
			continue
		}
		switch method {
		case "POST":
			var o struct{ ID, Name string }
			if json.Unmarshal(respBody, &o) == nil {
				res.created = append(res.created, o.Name)
				res.createdIDs = append(res.createdIDs, o.ID)
			}
		case "PUT":
			res.updated++
		}
	}
	return res
}
