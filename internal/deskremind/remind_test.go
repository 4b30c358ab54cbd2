package deskremind

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// smtpServer is a tiny SMTP server on loopback that keeps the messages
// it accepts; it refuses the first failFirst transactions with a 451.
type smtpServer struct {
	ln        net.Listener
	mu        sync.Mutex
	failFirst int
	msgs      []smtpMessage
}

type smtpMessage struct {
	from string
	to   []string
	data string
}

func startSMTP(t testing.TB, failFirst int) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln, failFirst: failFirst}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { io.WriteString(c, line+"\r\n") }
	say("220 test ESMTP")
	var m smtpMessage
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-test")
			say("250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			s.mu.Lock()
			refuse := s.failFirst > 0
			if refuse {
				s.failFirst--
			}
			s.mu.Unlock()
			if refuse {
				say("451 try again later")
				continue
			}
			m = smtpMessage{from: strings.TrimSpace(line[10:])}
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			m.to = append(m.to, strings.Trim(strings.TrimSpace(line[8:]), "<>"))
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			m.data = b.String()
			s.mu.Lock()
			s.msgs = append(s.msgs, m)
			s.mu.Unlock()
			say("250 queued")
		case cmd == "RSET", cmd == "NOOP":
			say("250 ok")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("502 unknown")
		}
	}
}

func (s *smtpServer) messages() []smtpMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]smtpMessage(nil), s.msgs...)
}

// hookServer verifies each request's signature and keeps the payloads;
// it answers 503 to the first failFirst requests.
type hookServer struct {
	*httptest.Server
	mu        sync.Mutex
	failFirst int
	payloads  []Payload
	bad       int
}

func startHook(t testing.TB, secret string, failFirst int) *hookServer {
	h := &hookServer{failFirst: failFirst}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		if !Verify(secret, body, r.Header.Get(SignatureHeader)) {
			h.bad++
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if h.failFirst > 0 {
			h.failFirst--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		var p Payload
		if err := json.Unmarshal(body, &p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		h.payloads = append(h.payloads, p)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookServer) got() ([]Payload, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Payload(nil), h.payloads...), h.bad
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// fixture stores an investor, a lead whose next action is due on 9 March
// and a visa barrier (target 14 days) opened on 2 March 2026.
func fixture(t *testing.T, st *store.Store) (*clock, *desk.Lead, *desk.Barrier) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	st.SetClock(c.now)
	ctx := auth.WithPrincipal(context.Background(), auth.Principal{UserID: "usr-desk", Role: auth.Secretariat})
	if err := st.CreateOrganisation(ctx, &registry.Organisation{ID: "jp-fab", Name: "Kumamoto Fab Partners", Kind: "company", Country: "JP"}); err != nil {
		t.Fatal(err)
	}
	l := &desk.Lead{Investor: "jp-fab", OriginCountry: "JP", Segment: "chip-fabrication", Officer: "officer@desk.example",
		NextAction: "Send the land offer", NextActionDue: "2026-03-09"}
	if err := st.CreateLead(ctx, l); err != nil {
		t.Fatal(err)
	}
	b := &desk.Barrier{LeadID: l.ID, Category: "visas-work-permits", Jurisdiction: "national", Description: "Visas for 40 engineers", Agency: "MHA"}
	if err := st.OpenBarrier(ctx, b); err != nil {
		t.Fatal(err)
	}
	return c, l, b
}

func TestRunSendsOnce(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, st *store.Store) {
		c, l, b := fixture(t, st)
		mail := startSMTP(t, 1) // the first attempt is refused for now
		hook := startHook(t, "s3cret", 1)
		cfg := Config{SMTPAddr: mail.ln.Addr().String(), SMTPFrom: "desk@setu.example", MailTo: "desk@setu.example",
			WebhookURL: hook.URL, WebhookSecret: "s3cret", BaseURL: "https://setu.example", Backoff: time.Millisecond}
		ctx := context.Background()

		r, err := Run(ctx, st, cfg, c.t)
		if err != nil || r.Due != 0 || r.Sent != 0 || len(mail.messages()) != 0 {
			t.Fatalf("nothing due yet: got %+v, %v, %d messages", r, err, len(mail.messages()))
		}

		c.t = c.t.Add(20 * 24 * time.Hour) // next action overdue, visa target passed
		r, err = Run(ctx, st, cfg, c.t)
		if err != nil {
			t.Fatal(err)
		}
		if r.Escalated != 1 || r.Due != 4 || r.Sent != 4 || r.Failed != 0 || r.Deliveries != 4 {
			t.Errorf("first run: got %+v, want 1 escalated, 4 sent in 4 attempts (one retry per channel)", r)
		}
		msgs := mail.messages()
		if len(msgs) != 1 || msgs[0].to[0] != "officer@desk.example" {
			t.Fatalf("mail: got %+v, want one message to the officer", msgs)
		}
		for _, want := range []string{"Subject: Setu desk: 2 reminders", "Next action overdue: Send the land offer", "due 2026-03-09",
			"Visas and work permits barrier (national, MHA) past its target, now with the ministry", "https://setu.example/desk/leads/" + l.ID} {
			if !strings.Contains(msgs[0].data, want) {
				t.Errorf("message lacks %q:\n%s", want, msgs[0].data)
			}
		}
		payloads, bad := hook.got()
		if bad != 0 || len(payloads) != 1 || len(payloads[0].Items) != 2 || payloads[0].Items[1].Subject != b.ID || payloads[0].Items[1].Level != "ministry" {
			t.Fatalf("webhook: got %+v (%d bad signatures)", payloads, bad)
		}
		if strings.Contains(hook.URL, "officer") {
			t.Error("no personal data in the webhook")
		}
		ds, err := st.Deliveries(ctx, r.RunID)
		if err != nil || len(ds) != 4 || ds[0].OK || !ds[1].OK || ds[2].Status != "503 Service Unavailable" || !ds[3].OK {
			t.Errorf("deliveries: got %+v, %v", ds, err)
		}

		again, err := Run(ctx, st, cfg, c.t.Add(time.Hour))
		if err != nil || again.Due != 0 || again.Sent != 0 || len(mail.messages()) != 1 {
			t.Errorf("second run: got %+v, %v, %d messages, want nothing sent twice", again, err, len(mail.messages()))
		}
		if p, _ := hook.got(); len(p) != 1 {
			t.Errorf("second run: got %d webhook payloads, want 1", len(p))
		}

		c.t = c.t.Add(10 * 24 * time.Hour) // a second period: to the council
		third, err := Run(ctx, st, cfg, c.t)
		if err != nil || third.Escalated != 1 || third.Sent != 2 {
			t.Errorf("third run: got %+v, %v, want the council reminder on both channels", third, err)
		}
		if m := mail.messages(); len(m) != 2 || !strings.Contains(m[1].data, "now with the council") {
			t.Errorf("third run mail: got %d messages", len(m))
		}
	})
}

func TestRunFailureIsRetriedNextRun(t *testing.T) {
	st := storetest.MustOpenSQLite(t)
	c, _, _ := fixture(t, st)
	c.t = c.t.Add(20 * 24 * time.Hour)
	hook := startHook(t, "s3cret", 3) // all three attempts fail
	cfg := Config{WebhookURL: hook.URL, WebhookSecret: "s3cret", Attempts: 3, Backoff: time.Millisecond}
	r, err := Run(context.Background(), st, cfg, c.t)
	if err == nil || r.Failed != 2 || r.Deliveries != 3 {
		t.Fatalf("failing run: got %+v, %v, want 2 failed in 3 attempts", r, err)
	}
	r, err = Run(context.Background(), st, cfg, c.t)
	if err != nil || r.Sent != 2 {
		t.Fatalf("next run: got %+v, %v, want the 2 sent", r, err)
	}
	if p, _ := hook.got(); len(p) != 1 {
		t.Errorf("got %d payloads, want 1", len(p))
	}
}

func TestSignature(t *testing.T) {
	body := []byte(`{"a":1}`)
	sig := Sign("k", body)
	if !strings.HasPrefix(sig, "sha256=") || len(sig) != 7+64 || !Verify("k", body, sig) {
		t.Errorf("got %q", sig)
	}
	if Verify("other", body, sig) || Verify("k", []byte(`{"a":2}`), sig) {
		t.Error("a signature verified under another key or body")
	}
}

func TestConfigCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"nothing", Config{}, ""},
		{"smtp without from", Config{SMTPAddr: "x:25", MailTo: "d@x"}, "sender"},
		{"smtp without desk address", Config{SMTPAddr: "x:25", SMTPFrom: "d@x"}, "mail-to"},
		{"webhook without secret", Config{WebhookURL: "http://x"}, "secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Check()
			if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}
