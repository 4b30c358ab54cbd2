package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/dataset"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/web"
)

func serveCommand() command {
	return command{name: "serve", summary: "serve the web application and API", run: runServe}
}

const serveHelp = `Usage: setu serve [--addr HOST:PORT] [--db DATABASE] [--no-load] [--secure-cookies] [--log-format text|json]

Serve opens the database, applying the migrations it lacks, loads the data
that ships with Setu (the ROR extract and the sample organisations and
people) unless the database has it already, and serves the web application
and API until it is interrupted (SIGINT or SIGTERM), when it finishes the
requests in flight and stops.

While it runs it holds the database's serving lock, shared with other
servers: 'setu restore' refuses the database meanwhile, and serve refuses
to start while a restore runs (docs/operations.md).

It prints "Setu is serving on http://HOST:PORT" once it listens; with port
0 the system picks a free port, and the line tells which. Logs go to
standard error.

With --remind-every DURATION it also runs the investment desk's reminders
at that interval; the reminder flags are those of 'setu desk remind'.`

// Server timeouts: a slow or stalled client cannot hold a connection.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = time.Minute
	writeTimeout      = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 20 * time.Second
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu serve", serveHelp)
	db := dbFlag(fs)
	addr := fs.String("addr", "", "the address to listen on (default $SETU_ADDR, else 127.0.0.1:8080)")
	noLoad := fs.Bool("no-load", false, "do not load the shipped data sets")
	secureCookies := fs.Bool("secure-cookies", false, "mark cookies Secure on every request (behind a proxy that terminates TLS)")
	logFormat := fs.String("log-format", "text", "the log format: text or json")
	remindInterval := fs.Duration("remind-every", 0, "run the desk's reminders (setu desk remind) at this interval; 0: never")
	remindConfig := remindFlags(fs, e)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(fs, pos); err != nil {
		return err
	}
	logger, err := newLogger(e.stderr, *logFormat)
	if err != nil {
		return usageError{fs.Name(), err.Error()}
	}
	if *addr == "" {
		*addr = e.getenv("SETU_ADDR")
	}
	if *addr == "" {
		*addr = "127.0.0.1:8080"
	}

	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	// Hold the serving lock until the server stops, so that 'setu restore'
	// refuses this database meanwhile; refuse to start during a restore.
	release, err := st.HoldServing(ctx)
	if err != nil {
		return err
	}
	defer release() // before st.Close, deferred earlier
	logger.Info("database open", "database", redact(e.database(*db)), "dialect", st.Dialect())
	if !*noLoad {
		if err := loadShipped(ctx, st, logger); err != nil {
			return err
		}
	}
	h, err := web.New(st, logger)
	if err != nil {
		return err
	}
	h.SecureCookies(*secureCookies)
	if err := startReminders(ctx, st, remindConfig(), *remindInterval, logger); err != nil {
		return usageError{fs.Name(), err.Error()}
	}
	// Build the search index while the server starts: until it is built,
	// searches use the database's own full-text index, which is slower on
	// a large registry (docs/search.md).
	var warm sync.WaitGroup
	defer warm.Wait() // before st.Close, deferred earlier
	warm.Go(func() {
		start := time.Now()
		n, err := st.WarmSearchIndex(ctx)
		if err != nil {
			if ctx.Err() == nil {
				logger.Error("search index", "err", err)
			}
			return
		}
		logger.Info("search index built", "organisations", n, "duration", time.Since(start).Round(time.Millisecond))
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return serve(ctx, e, srv, ln, logger)
}

// serve serves on ln until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, e *env, srv *http.Server, ln net.Listener, logger *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Info("listening", "addr", ln.Addr().String())
	fmt.Fprintf(e.stdout, "Setu is serving on http://%s\n", ln.Addr())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// loadShipped loads the shipped data sets the database lacks and logs what
// it did.
func loadShipped(ctx context.Context, st *store.Store, logger *slog.Logger) error {
	start := time.Now()
	// Shipped data is Setu's own write: the audit trail names it "system".
	results, err := dataset.Load(auth.WithPrincipal(ctx, auth.System), st, dataset.Shipped())
	for _, r := range results {
		if r.Skipped {
			logger.Info("data set up to date", "name", r.Name, "sha256", r.SHA256[:12])
			continue
		}
		logger.Info("data set loaded", "name", r.Name, "sha256", r.SHA256[:12], "created", r.Stats.Created,
			"updated", r.Stats.Updated, "unchanged", r.Stats.Unchanged, "duration", r.Duration.Round(time.Millisecond))
	}
	if err != nil {
		return err
	}
	total, samples, err := st.CountOrganisations(ctx)
	if err != nil {
		return err
	}
	logger.Info("shipped data ready", "organisations", total, "samples", samples, "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// newLogger returns a logger to w in format text or json.
func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", format)
}
