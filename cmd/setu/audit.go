package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/store"
)

func auditCommand() command {
	return command{name: "audit", summary: "verify or print the hash-chained audit trail", run: runAudit}
}

const auditHelp = `Usage: setu audit verify|log [--db DATABASE]

Every change to the registry appends an entry to the audit trail in the
transaction of the change: who, when, what, and the record before and
after. Each entry's hash covers the previous entry's hash, so an entry
altered or removed breaks the chain from there on.`

func runAudit(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "setu audit", auditHelp, []command{auditVerifyCommand(), auditLogCommand()}, args)
}

func auditVerifyCommand() command {
	return command{name: "verify", summary: "walk the chain and report the first entry altered or removed", run: runAuditVerify}
}

const auditVerifyHelp = `Usage: setu audit verify [--db DATABASE]

Audit verify walks the audit trail from its first entry and checks that no
entry is missing, that each links to the hash of the one before and that
each matches its own hash. It prints "audit trail intact: N entries", or
the first entry that was altered or removed, with its number, and exits
with status 1.`

func runAuditVerify(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu audit verify", auditVerifyHelp)
	db := dbFlag(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(fs, pos); err != nil {
		return err
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.VerifyAudit(ctx)
	var b *store.AuditBreak
	if errors.As(err, &b) {
		return fmt.Errorf("audit trail broken at entry %d: %s (%d entries before it are intact)", b.Seq, b.Reason, n)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "audit trail intact: %d entries\n", n)
	return nil
}

func auditLogCommand() command {
	return command{name: "log", summary: "print audit entries, of one record or all", run: runAuditLog}
}

const auditLogHelp = `Usage: setu audit log [--entity TYPE/ID] [--last N] [--json] [--db DATABASE]

Audit log prints audit entries, oldest first: all of them, or those of one
record (--entity organisation/ror-057zh3y96, person/per-..., import/FILE),
or the last N. Each line gives the entry number, time, actor, action and
record, and the fields that changed; --json prints each entry whole, one
JSON object a line. A person's entries are sealed (see docs/operations.md).`

func runAuditLog(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu audit log", auditLogHelp)
	db := dbFlag(fs)
	entity := fs.String("entity", "", "only the entries of the record TYPE/ID")
	last := fs.Int("last", 0, "only the last N entries")
	asJSON := fs.Bool("json", false, "print entries as JSON Lines")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(fs, pos); err != nil {
		return err
	}
	q := store.AuditQuery{Limit: *last}
	if *entity != "" {
		typ, id, ok := strings.Cut(*entity, "/")
		if !ok || typ == "" || id == "" {
			return usageError{fs.Name(), "--entity wants TYPE/ID, e.g. organisation/ror-057zh3y96"}
		}
		q.EntityType, q.EntityID = typ, id
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	entries, err := st.AuditLog(ctx, q)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	for _, en := range entries {
		if *asJSON {
			if err := enc.Encode(en); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s %s/%s", en.Seq, en.At.Format(time.RFC3339), en.Actor, en.Action, en.EntityType, en.EntityID)
		if changes := store.DiffAudit(en); len(changes) > 0 {
			names := make([]string, len(changes))
			for i, c := range changes {
				names[i] = c.Field
			}
			fmt.Fprintf(e.stdout, "\t%s", strings.Join(names, ", "))
		}
		fmt.Fprintln(e.stdout)
	}
	return nil
}
