package deskremind

import (
	"context"
	"fmt"
	"net"
	"net/smtp"
	"slices"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/store"
)

// sendMail sends one message per recipient listing its reminders (the
// officer in charge, or the desk), and returns the keys delivered, those
// not, and the attempts.
func sendMail(ctx context.Context, cfg Config, runID string, items []store.ReminderItem, now time.Time) (sent, failed []string, log []store.Delivery) {
	byTo := map[string][]store.ReminderItem{}
	for _, it := range items {
		to := it.To
		if to == "" {
			to = cfg.MailTo
		}
		byTo[to] = append(byTo[to], it)
	}
	var auth smtp.Auth
	if cfg.SMTPUser != "" {
		host, _, _ := net.SplitHostPort(cfg.SMTPAddr)
		auth = smtp.PlainAuth("", cfg.SMTPUser, cfg.SMTPPassword, host)
	}
	for _, to := range slices.Sorted(mapKeys(byTo)) {
		its := byTo[to]
		msg := message(cfg, runID, to, its, now)
		err := retry(ctx, cfg, func(attempt int) (bool, error) {
			err := smtp.SendMail(cfg.SMTPAddr, auth, cfg.SMTPFrom, []string{to}, msg)
			d := store.Delivery{RunID: runID, Channel: ChannelEmail, Target: to, Attempt: attempt, Items: len(its), OK: err == nil,
				Status: "accepted", At: time.Now().UTC()}
			if err != nil {
				d.Status, d.Error = "", err.Error()
			}
			log = append(log, d)
			// A permanent SMTP refusal (5xx) is not retried.
			return err != nil && strings.HasPrefix(err.Error(), "5"), err
		})
		for _, it := range its {
			if err == nil {
				sent = append(sent, it.Key)
			} else {
				failed = append(failed, it.Key)
			}
		}
	}
	return sent, failed, log
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// message is the RFC 5322 text of a reminder e-mail: plain UTF-8 text,
// one paragraph per reminder.
func message(cfg Config, runID, to string, items []store.ReminderItem, now time.Time) []byte {
	var b strings.Builder
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", cfg.SMTPFrom)
	header("To", to)
	header("Subject", fmt.Sprintf("Setu desk: %d reminder%s", len(items), plural(len(items))))
	header("Date", now.UTC().Format(time.RFC1123Z))
	header("Message-ID", fmt.Sprintf("<%s.%d@setu.desk>", runID, now.UnixNano()))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "8bit")
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	fmt.Fprintf(&b, "The investment desk has %d reminder%s for you.\r\n\r\n", len(items), plural(len(items)))
	for _, it := range items {
		fmt.Fprintf(&b, "* %s\r\n  %s %s, due %s", oneLine(it.Title), kindLabel(it.Kind), it.Subject, it.Due)
		if it.Level != "" {
			fmt.Fprintf(&b, ", now with the %s", it.Level)
		}
		b.WriteString("\r\n")
		if l := link(cfg.BaseURL, it); l != "" {
			fmt.Fprintf(&b, "  %s\r\n", l)
		}
		b.WriteString("\r\n")
	}
	b.WriteString("-- \r\nSetu, the council's investment and fast-track desk. Sent once per reminder.\r\n")
	return []byte(b.String())
}

func kindLabel(kind string) string {
	if kind == store.ReminderNextAction {
		return "Lead"
	}
	return "Barrier"
}

// oneLine keeps a text from breaking the message's lines (or starting a
// line with a dot).
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
