package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/deskremind"
	"github.com/setu-council/setu/internal/store"
)

func deskCommand() command {
	return command{name: "desk", summary: "run the investment desk's reminders and escalations", run: runDesk}
}

const deskHelp = `Usage: setu desk remind [--db DATABASE] [--smtp-addr HOST:PORT --smtp-from ADDR --mail-to ADDR]
                        [--webhook-url URL] [--base-url URL] [--attempts N] [--backoff DURATION]

Remind runs the investment desk's reminders once, for a cron job. First it
escalates every open barrier whose target has passed (desk -> ministry,
and on to the council once a second target period has passed). Then it
sends reminders of overdue next actions and of barriers past their target:
by e-mail, one message per officer in charge (or to --mail-to for barriers
without one), and to a webhook as JSON signed with HMAC-SHA256 in the
X-Setu-Signature header ("sha256=" and the hex digest of the body). Each
delivery is retried with back-off (--backoff, doubling) up to --attempts
times, and every attempt is logged in the database. A reminder is sent
once per channel: a second run sends only what became due since; one that
failed is tried again.

Flags fall back to the environment: SETU_SMTP_ADDR, SETU_SMTP_FROM,
SETU_SMTP_USER, SETU_SMTP_PASSWORD (environment only), SETU_DESK_MAIL_TO,
SETU_WEBHOOK_URL, SETU_WEBHOOK_SECRET (environment only), SETU_BASE_URL.
A channel without its address is off. Exit status 1 if a delivery failed.`

func runDesk(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "setu desk", deskHelp, []command{
		{name: "remind", summary: "escalate barriers past their target and send reminders once", run: runDeskRemind},
	}, args)
}

// remindFlags registers the reminder flags on fs and returns the
// configuration they give, with the environment's values for flags not
// set.
func remindFlags(fs *flagSet, e *env) func() deskremind.Config {
	str := func(name, env, usage string) *string {
		return fs.String(name, "", usage+" (default $"+env+")")
	}
	smtpAddr := str("smtp-addr", "SETU_SMTP_ADDR", "the SMTP server for reminder e-mail, HOST:PORT")
	smtpFrom := str("smtp-from", "SETU_SMTP_FROM", "the sender of reminder e-mail")
	smtpUser := str("smtp-user", "SETU_SMTP_USER", "the SMTP user (password in $SETU_SMTP_PASSWORD)")
	mailTo := str("mail-to", "SETU_DESK_MAIL_TO", "the desk's address, for reminders without an officer")
	hook := str("webhook-url", "SETU_WEBHOOK_URL", "the webhook for reminders (secret in $SETU_WEBHOOK_SECRET)")
	base := str("base-url", "SETU_BASE_URL", "the site's address, for links in reminders")
	attempts := fs.Int("attempts", 4, "attempts per delivery")
	backoff := fs.Duration("backoff", time.Second, "wait before the second attempt; doubles after")
	return func() deskremind.Config {
		or := func(v *string, env string) string {
			if *v != "" {
				return *v
			}
			return e.getenv(env)
		}
		return deskremind.Config{SMTPAddr: or(smtpAddr, "SETU_SMTP_ADDR"), SMTPFrom: or(smtpFrom, "SETU_SMTP_FROM"),
			SMTPUser: or(smtpUser, "SETU_SMTP_USER"), SMTPPassword: e.getenv("SETU_SMTP_PASSWORD"), MailTo: or(mailTo, "SETU_DESK_MAIL_TO"),
			WebhookURL: or(hook, "SETU_WEBHOOK_URL"), WebhookSecret: e.getenv("SETU_WEBHOOK_SECRET"), BaseURL: or(base, "SETU_BASE_URL"),
			Attempts: *attempts, Backoff: *backoff}
	}
}

func runDeskRemind(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu desk remind", deskHelp)
	db := dbFlag(fs)
	config := remindFlags(fs, e)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(fs, pos); err != nil {
		return err
	}
	cfg := config()
	if err := cfg.Check(); err != nil {
		return usageError{fs.Name(), err.Error()}
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := deskremind.Run(auth.WithPrincipal(ctx, auth.System), st, cfg, time.Now())
	fmt.Fprintf(e.stdout, "%s: %d barriers escalated, %d reminders due, %d sent, %d failed, %d delivery attempts\n",
		r.RunID, r.Escalated, r.Due, r.Sent, r.Failed, r.Deliveries)
	return err
}

// startReminders checks the reminder configuration and, if every is not
// zero, runs the reminders every interval in the background until ctx
// ends; serve calls it for --remind-every.
func startReminders(ctx context.Context, st *store.Store, cfg deskremind.Config, every time.Duration, logger *slog.Logger) error {
	if every <= 0 {
		return nil
	}
	if err := cfg.Check(); err != nil {
		return err
	}
	go remindEvery(ctx, st, cfg, every, logger)
	return nil
}

// remindEvery runs the reminders every interval until ctx ends, logging
// each run.
func remindEvery(ctx context.Context, st *store.Store, cfg deskremind.Config, every time.Duration, logger *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		r, err := deskremind.Run(auth.WithPrincipal(ctx, auth.System), st, cfg, time.Now())
		if err != nil {
			logger.Warn("desk reminders", "run", r.RunID, "err", err)
			continue
		}
		logger.Info("desk reminders", "run", r.RunID, "escalated", r.Escalated, "sent", r.Sent)
	}
}
