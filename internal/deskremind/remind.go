// Package deskremind runs the investment desk's reminders: it applies the
// escalation rule to every open barrier, then tells the officers in
// charge by e-mail and a webhook by signed JSON about overdue next
// actions and barriers past their target. Each reminder is claimed in the
// store before it is sent, under a key per reminder and channel, so a
// reminder is never sent twice; a delivery that fails after its retries
// is marked failed and tried again by the next run. Every attempt is
// logged.
package deskremind

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/setu-council/setu/internal/store"
)

// Channels of reminders.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// Config says where reminders go. A channel without its address is off.
type Config struct {
	SMTPAddr     string // host:port of the SMTP server; empty: no e-mail
	SMTPFrom     string // the sender's address
	SMTPUser     string // for PLAIN authentication, if set (TLS or localhost only)
	SMTPPassword string
	MailTo       string // the desk's address, for reminders without an officer in charge

	WebhookURL    string // empty: no webhook
	WebhookSecret string // the HMAC-SHA256 key of the X-Setu-Signature header
	BatchSize     int    // items per webhook request (default 500)

	BaseURL  string        // of the site, for links (default none)
	Attempts int           // per delivery, with back-off (default 4)
	Backoff  time.Duration // before the second attempt, doubling after (default 1s)
	Client   *http.Client  // default: 10 s timeout
}

func (c *Config) defaults() {
	if c.BatchSize <= 0 {
		c.BatchSize = 500
	}
	if c.Attempts <= 0 {
		c.Attempts = 4
	}
	if c.Backoff <= 0 {
		c.Backoff = time.Second
	}
	if c.Client == nil {
		c.Client = &http.Client{Timeout: 10 * time.Second}
	}
}

// Check reports a configuration that cannot work.
func (c *Config) Check() error {
	var problems []error
	if c.SMTPAddr != "" && c.SMTPFrom == "" {
		problems = append(problems, errors.New("an SMTP server needs a sender (--smtp-from, SETU_SMTP_FROM)"))
	}
	if c.SMTPAddr != "" && c.MailTo == "" {
		problems = append(problems, errors.New("e-mail needs the desk's address for reminders without an officer (--mail-to, SETU_DESK_MAIL_TO)"))
	}
	if c.WebhookURL != "" && c.WebhookSecret == "" {
		problems = append(problems, errors.New("a webhook needs a secret to sign with (SETU_WEBHOOK_SECRET)"))
	}
	return errors.Join(problems...)
}

// Report is what a run did.
type Report struct {
	RunID      string `json:"run_id"`
	Escalated  int    `json:"escalated"`
	Due        int    `json:"due"`        // reminders due and not yet sent, over all channels
	Sent       int    `json:"sent"`       // reminders delivered
	Failed     int    `json:"failed"`     // reminders whose delivery failed; tried again next run
	Deliveries int    `json:"deliveries"` // delivery attempts (messages and requests)
}

// Run runs the reminders once at now: escalation first, then each
// channel that is configured.
func Run(ctx context.Context, st *store.Store, cfg Config, now time.Time) (Report, error) {
	cfg.defaults()
	if err := cfg.Check(); err != nil {
		return Report{}, err
	}
	r := Report{RunID: "run-" + now.UTC().Format("20060102T150405Z") + "-" + randomHex()}
	esc, err := st.AutoEscalate(ctx, now)
	if err != nil {
		return r, err
	}
	r.Escalated = len(esc)
	var log []store.Delivery
	for _, ch := range []string{ChannelEmail, ChannelWebhook} {
		if (ch == ChannelEmail && cfg.SMTPAddr == "") || (ch == ChannelWebhook && cfg.WebhookURL == "") {
			continue
		}
		due, err := st.PendingReminders(ctx, ch, now)
		if err != nil {
			return r, err
		}
		r.Due += len(due)
		claimed, err := st.ClaimReminders(ctx, r.RunID, ch, due)
		if err != nil {
			return r, err
		}
		var sent, failed []string
		var ds []store.Delivery
		if ch == ChannelEmail {
			sent, failed, ds = sendMail(ctx, cfg, r.RunID, claimed, now)
		} else {
			sent, failed, ds = sendWebhook(ctx, cfg, r.RunID, claimed, now)
		}
		log = append(log, ds...)
		if err := st.FailReminders(ctx, failed); err != nil {
			return r, err
		}
		r.Sent += len(sent)
		r.Failed += len(failed)
	}
	r.Deliveries = len(log)
	if err := st.LogDeliveries(ctx, r.RunID, log, r); err != nil {
		return r, err
	}
	if r.Failed > 0 {
		return r, fmt.Errorf("desk remind: %d reminders not delivered; the next run tries them again", r.Failed)
	}
	return r, nil
}

// retry calls try up to cfg.Attempts times, waiting cfg.Backoff, then
// twice as long, and so on, between attempts; it stops early when try
// succeeds, says the failure is final, or ctx ends. Every attempt is
// logged through record.
func retry(ctx context.Context, cfg Config, try func(attempt int) (final bool, err error)) error {
	wait := cfg.Backoff
	var err error
	for attempt := 1; attempt <= cfg.Attempts; attempt++ {
		var final bool
		if final, err = try(attempt); err == nil || final || attempt == cfg.Attempts {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait *= 2
	}
	return err
}

func randomHex() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// link is the page of a reminder's subject.
func link(base string, it store.ReminderItem) string {
	if base == "" {
		return ""
	}
	if it.Kind == store.ReminderNextAction {
		return base + "/desk/leads/" + it.Subject
	}
	return base + "/desk/barriers#" + it.Subject
}
