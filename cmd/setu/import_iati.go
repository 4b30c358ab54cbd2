package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/iati"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

func importIATICommand() command {
	return command{name: "iati", summary: "import projects from an IATI 2.01-2.03 activity file", run: runImportIATI}
}

const importIATIHelp = `Usage: setu import iati FILE [--db DATABASE]

Import iati reads an IATI activity file (versions 2.01 to 2.03) into the
cooperation ledger's projects, with their milestones and outputs when the
file carries Setu's extension elements (as 'setu export iati' writes them).
The file is imported in one transaction: any error writes nothing.
Activities are written as they are read, so memory does not grow with
the file.

Participating organisations are matched to the registry by identifier:
XI-ROR-<ror id> is the organisation with that ROR id, XI-SETU-<id> the
organisation with that Setu id. Any other organisation is created, with
kind "other", its country taken from its identifier's prefix or else the
activity's first recipient country, and a provenance that says it needs
review.

Findings (codes missing from the IATI codelists and the like) are printed
with their severity, line and element. An activity identifier that repeats
one in the file or one already stored is a conflict. Findings of severity
error or critical stop the import.`

func runImportIATI(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu import iati", importIATIHelp)
	db := dbFlag(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{fs.Name(), "want one FILE"}
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	stats, err := importIATI(ctx, e, st, pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", pos[0], stats)
	return nil
}

// importIATI imports one IATI file into st, printing its findings to
// e.stderr.
func importIATI(ctx context.Context, e *env, st *store.Store, name string) (store.ImportStats, error) {
	in, err := e.openInput(name)
	if err != nil {
		return store.ImportStats{}, err
	}
	defer in.Close()
	sum := sha256.New()
	ctx = store.WithImportDigest(ctx, func() string { return hex.EncodeToString(sum.Sum(nil)) })
	ctx = cliContext(ctx) // the audit trail records the import as "cli"
	rd := iati.NewReader(io.TeeReader(in.r, sum), name)
	imp, err := st.BeginProjectImport(ctx, name)
	if err != nil {
		return store.ImportStats{}, err
	}
	defer imp.Rollback() // unless committed
	im := &iatiImport{ctx: ctx, st: st, imp: imp, name: name, known: map[string]string{}}
	worst := iati.Severity(0)
	for r := range readActivities(ctx, rd) {
		if r.err != nil {
			return store.ImportStats{}, r.err
		}
		for _, f := range r.findings {
			fmt.Fprintln(e.stderr, f)
		}
		worst = max(worst, iati.Worst(r.findings))
		if worst >= iati.Error {
			continue // report every finding of the file, then stop
		}
		if err := im.add(&r.a, r.line); err != nil {
			return store.ImportStats{}, err
		}
	}
	if worst >= iati.Error {
		return store.ImportStats{}, fmt.Errorf("%s: not imported: findings of severity %s", name, worst)
	}
	return imp.Commit(ctx)
}

// readActivity is one activity read, with its findings and the line it
// ends on, or the error that ended the reading.
type readActivity struct {
	a        iati.Activity
	findings []iati.Finding
	line     int
	err      error
}

// readActivities reads the activities of rd on a goroutine of its own, a
// few ahead of the store that writes them, so that parsing and writing
// overlap on two cores; memory holds at most the channel's few
// activities. The sequence ends at the end of the file, after an error, or
// when the caller stops ranging.
func readActivities(ctx context.Context, rd *iati.Reader) iter.Seq[readActivity] {
	return func(yield func(readActivity) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		ch := make(chan readActivity, 32)
		go func() {
			defer close(ch)
			for {
				a, findings, err := rd.Next()
				if errors.Is(err, io.EOF) {
					return
				}
				r := readActivity{a: a, findings: findings, line: rd.Line(), err: err}
				select {
				case ch <- r:
				case <-ctx.Done():
					return
				}
				if err != nil {
					return
				}
			}
		}()
		for r := range ch {
			if !yield(r) {
				cancel()
				for range ch { // let the reader finish before the input closes
				}
				return
			}
		}
	}
}

// iatiImport writes the records of one file as they are read, so that
// memory does not grow with the file; the store's import holds them in one
// transaction until the file has been read.
type iatiImport struct {
	ctx   context.Context
	st    *store.Store
	imp   *store.ProjectImport
	name  string
	known map[string]string // IATI ref or name -> registry id
}

// add maps one activity to a project with its milestones and outputs and
// writes them.
func (im *iatiImport) add(a *iati.Activity, line int) error {
	where := func(elem string, err error) error {
		return &errs.Error{Op: fmt.Sprintf("%s:%d: activity %s: %s", im.name, line, a.Identifier, elem), Kind: errs.KindOf(err), Err: err}
	}
	status, _ := strconv.Atoi(a.Status)
	p := ledger.Project{ID: a.Identifier, ReportingOrg: a.ReportingOrg.Ref, Title: text(a.Title, a.Lang), Status: ledger.ActivityStatus(status),
		Participants: []ledger.Participant{}, Countries: []string{}, Layers: []string{}, Domains: []string{},
		Budgets: []ledger.Budget{}, Transactions: []ledger.Transaction{}, Commitments: []string{},
		Provenance: registry.Provenance{Source: "iati", SourceID: a.Identifier}}
	for _, d := range a.Descriptions {
		if d.Type == "" || d.Type == "1" {
			p.Description = text(d.Narratives, a.Lang)
			break
		}
	}
	for _, c := range a.Countries {
		p.Countries = append(p.Countries, c.Code)
	}
	for i, po := range a.ParticipatingOrgs {
		id, err := im.org(po.Ref, text(po.Names, a.Lang), a)
		if err != nil {
			return where(fmt.Sprintf("participating-org[%d]", i+1), err)
		}
		if id == "" {
			continue
		}
		role, _ := strconv.Atoi(po.Role)
		p.Participants = append(p.Participants, ledger.Participant{OrgID: id, Role: ledger.Role(role), Home: po.Home})
	}
	for _, d := range a.Dates {
		switch d.Type {
		case iati.DatePlannedStart:
			p.PlannedStart = dateOf(d.Date)
		case iati.DateActualStart:
			p.ActualStart = dateOf(d.Date)
		case iati.DatePlannedEnd:
			p.PlannedEnd = dateOf(d.Date)
		case iati.DateActualEnd:
			p.ActualEnd = dateOf(d.Date)
		}
	}
	for _, s := range a.Sectors {
		switch {
		case s.Vocabulary == iati.VocabularyReportingOrg && s.VocabularyURI == layerVocabURI:
			p.Layers = append(p.Layers, s.Code)
		case s.Vocabulary == iati.VocabularyReportingOrg2 && s.VocabularyURI == domainVocabURI:
			p.Domains = append(p.Domains, s.Code)
		}
	}
	for i, b := range a.Budgets {
		v, cur, err := amountOf(b.Value, a.DefaultCurrency)
		if err != nil {
			return where(fmt.Sprintf("budget[%d]/value", i+1), err)
		}
		p.Budgets = append(p.Budgets, ledger.Budget{PeriodStart: dateOf(b.Start), PeriodEnd: dateOf(b.End), Value: v, Currency: cur})
	}
	for i, t := range a.Transactions {
		v, cur, err := amountOf(t.Value, a.DefaultCurrency)
		if err != nil {
			return where(fmt.Sprintf("transaction[%d]/value", i+1), err)
		}
		typ, _ := strconv.Atoi(t.Type)
		p.Transactions = append(p.Transactions, ledger.Transaction{Type: ledger.TransactionType(typ), Date: dateOf(t.Date), Value: v, Currency: cur})
	}
	for _, c := range a.Commitments {
		p.Commitments = append(p.Commitments, c.Ref)
	}
	for _, r := range a.RelatedActivities {
		if r.Type == iati.RelatedParent {
			p.ParentID = r.Ref
		}
	}
	for _, x := range a.Extra {
		if x.Name.Space != ledgerNS {
			continue
		}
		switch x.Name.Local {
		case "sample":
			p.Sample = x.Text == "true"
		case "provenance":
			p.Provenance = registry.Provenance{Source: attrOf(x, "source"), SourceID: attrOf(x, "source-id"), Release: attrOf(x, "release"), Licence: attrOf(x, "licence")}
		}
	}
	if err := im.imp.AddProject(im.ctx, &p); err != nil {
		return where("iati-activity", err)
	}
	for i, m := range a.Milestones {
		ms := ledger.Milestone{ID: m.Ref, ProjectID: p.ID, Title: m.Title, Due: dateOf(m.Due), Completed: dateOf(m.Completed), Evidence: m.Evidence}
		if err := im.imp.AddMilestone(im.ctx, &ms); err != nil {
			return where(fmt.Sprintf("milestone[%d]", i+1), err)
		}
	}
	for i, r := range a.Results {
		if r.Output == nil || r.Output.Kind == "" {
			continue // a result that is not a ledger output
		}
		o := ledger.Output{ID: r.Output.Ref, ProjectID: p.ID, Kind: r.Output.Kind, Title: text(r.Title, a.Lang), Licence: r.Output.Licence, LicensedHome: r.Output.LicensedHome}
		if r.Output.IPHolder != "" {
			id, err := im.org(r.Output.IPHolder, "", a)
			if err != nil {
				return where(fmt.Sprintf("result[%d]/output", i+1), err)
			}
			o.IPHolder = id
		}
		if len(r.DocumentLinks) > 0 {
			o.Link, o.Date = r.DocumentLinks[0].URL, dateOf(r.DocumentLinks[0].Date)
		}
		for _, x := range r.Extra {
			switch {
			case x.Name.Space != ledgerNS:
			case x.Name.Local == "date":
				o.Date, _ = ledger.ParseDate(x.Text)
			case x.Name.Local == "count":
				o.Count, _ = strconv.Atoi(x.Text)
			}
		}
		if err := im.imp.AddOutput(im.ctx, &o); err != nil {
			return where(fmt.Sprintf("result[%d]", i+1), err)
		}
	}
	return nil
}

// org returns the registry id of the organisation with IATI identifier ref
// (or, without one, name), creating a record flagged for review if the
// registry has none. It returns "" for an organisation with neither.
func (im *iatiImport) org(ref, name string, a *iati.Activity) (string, error) {
	key := ref
	if key == "" {
		key = "name:" + name
	}
	if ref == "" && name == "" {
		return "", nil
	}
	if id, ok := im.known[key]; ok {
		return id, nil
	}
	if id, ok := orgIDOfRef(ref); ok {
		_, err := im.st.Organisation(im.ctx, id)
		if err == nil {
			im.known[key] = id
			return id, nil
		}
		if !errs.Is(err, errs.NotFound) {
			return "", err
		}
	}
	o := &registry.Organisation{Name: name, Kind: "other",
		Description: "Created by setu import iati from " + im.name + "; needs review.",
		Provenance:  registry.Provenance{Source: "iati (needs review)", SourceID: ref}}
	if o.Name == "" {
		o.Name = ref
	}
	if rest, ok := strings.CutPrefix(ref, rorPrefix); ok && rest != "" {
		o.ExternalIDs = []registry.ExternalID{{Scheme: registry.SchemeROR, Value: strings.ToLower(rest)}}
	}
	if len(ref) > 2 && ref[2] == '-' && registry.IsCountry(strings.ToUpper(ref[:2])) {
		o.Country = strings.ToUpper(ref[:2])
	} else if len(a.Countries) > 0 {
		o.Country = a.Countries[0].Code
	} else {
		return "", errs.E("organisation "+key, errs.Invalid, "not in the registry, and no country to create it with: give it an identifier with a country prefix or the activity a recipient-country")
	}
	o.ID = store.NewOrganisationID()
	if len(o.ExternalIDs) > 0 {
		o.ID = "ror-" + o.ExternalIDs[0].Value
	}
	if err := im.imp.AddOrganisation(im.ctx, o); err != nil {
		return "", err
	}
	im.known[key] = o.ID
	return o.ID, nil
}

// text picks the narrative in the activity's language, else the first.
func text(ns []iati.Narrative, lang string) string {
	for _, n := range ns {
		if n.Lang == "" || n.Lang == lang {
			return n.Text
		}
	}
	if len(ns) > 0 {
		return ns[0].Text
	}
	return ""
}

func amountOf(v iati.Value, defaultCurrency string) (ledger.Amount, string, error) {
	cur := v.Currency
	if cur == "" {
		cur = defaultCurrency
	}
	a, err := ledger.ParseAmount(v.Amount)
	if err != nil {
		return 0, cur, errs.E("value", errs.Invalid, "%q: %v", v.Amount, err)
	}
	return a, cur, nil
}

func attrOf(x iati.Element, name string) string {
	for _, a := range x.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
