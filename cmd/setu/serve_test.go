package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/dataset"
)

// server is a running "setu serve".
type server struct {
	url    string
	stderr *syncBuffer
	stop   func() int // stops the server and returns its exit status
}

var servingRe = regexp.MustCompile(`Setu is serving on (http://127\.0\.0\.1:\d+)\n`)

// startServe runs "setu serve" on a free port with extra args, and waits
// until it says where it listens.
func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, args...)
	go func() {
		done <- run(ctx, args, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
	}()
	srv := &server{stderr: &stderr, stop: func() int { cancel(); return <-done }}
	deadline := time.After(2 * time.Minute)
	for {
		if m := servingRe.FindStringSubmatch(stdout.String()); m != nil {
			srv.url = m[1]
			t.Cleanup(func() { cancel() })
			return srv
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d before listening\nstderr: %s", code, stderr.String())
		case <-deadline:
			cancel()
			t.Fatalf("serve did not listen within 2 minutes\nstderr: %s", stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// logMessages returns the "msg" of each JSON log line.
func logMessages(t *testing.T, logs string) []string {
	t.Helper()
	var msgs []string
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		var l struct{ Msg string }
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("log line %q is not JSON: %v", sc.Text(), err)
		}
		msgs = append(msgs, l.Msg)
	}
	return msgs
}

func count(l []string, s string) int {
	n := 0
	for _, x := range l {
		if x == s {
			n++
		}
	}
	return n
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestServe(t *testing.T) {
	db := tempDB(t)
	start := time.Now()
	srv := startServe(t, "--db", db)
	t.Logf("first start, loading the shipped data: listening after %v", time.Since(start))
	if code, body := get(t, srv.url+"/healthz"); code != http.StatusOK || !strings.Contains(body, `"ok"`) {
		t.Errorf("/healthz: got %d %q, want 200 ok", code, body)
	}
	if code, _ := get(t, srv.url+"/"); code != http.StatusOK {
		t.Errorf("/: got %d, want 200", code)
	}
	if code := srv.stop(); code != 0 {
		t.Errorf("first serve: exit %d, want 0\nstderr: %s", code, srv.stderr)
	}
	msgs := logMessages(t, srv.stderr.String())
	shipped := len(dataset.Shipped())
	if n := count(msgs, "data set loaded"); n != shipped {
		t.Errorf("first start: %d data sets loaded, want %d\n%s", n, shipped, srv.stderr)
	}
	for _, m := range []string{"shipped data ready", "listening", "shutting down", "stopped"} {
		if count(msgs, m) != 1 {
			t.Errorf("first start: no %q in the logs\n%s", m, srv.stderr)
		}
	}
	total := countOrgs(t, db)

	start = time.Now()
	srv = startServe(t, "--db", db)
	t.Logf("second start: listening after %v", time.Since(start))
	if code, _ := get(t, srv.url+"/readyz"); code != http.StatusOK {
		t.Errorf("/readyz: got %d, want 200", code)
	}
	if code := srv.stop(); code != 0 {
		t.Errorf("second serve: exit %d, want 0", code)
	}
	msgs = logMessages(t, srv.stderr.String())
	if loaded, current := count(msgs, "data set loaded"), count(msgs, "data set up to date"); loaded != 0 || current != shipped {
		t.Errorf("second start: %d loaded, %d up to date; want 0 and %d\n%s", loaded, current, shipped, srv.stderr)
	}
	if got := countOrgs(t, db); got != total {
		t.Errorf("after the second start: %d organisations, want %d", got, total)
	}
}

func TestServeNoLoad(t *testing.T) {
	db := tempDB(t)
	srv := startServe(t, "--db", db, "--no-load")
	if code, _ := get(t, srv.url+"/healthz"); code != http.StatusOK {
		t.Errorf("/healthz: got %d, want 200", code)
	}
	srv.stop()
	if n := countOrgs(t, db); n != 0 {
		t.Errorf("--no-load: got %d organisations, want 0", n)
	}
}

func TestServeAddrInUse(t *testing.T) {
	srv := startServe(t, "--db", tempDB(t), "--no-load")
	defer srv.stop()
	addr := strings.TrimPrefix(srv.url, "http://")
	r := setu(t, nil, "serve", "--db", tempDB(t), "--no-load", "--addr", addr)
	if r.code != 1 || !strings.Contains(r.stderr, "address already in use") {
		t.Errorf("got exit %d, stderr %q; want 1 and address already in use", r.code, r.stderr)
	}
}
