// Package dataset loads the data that ships inside Setu into a database:
// the ROR extract, the sample organisations and people, and the cooperation
// ledger's frameworks and sample projects. Each data set is
// loaded in one transaction that also records its SHA-256, so a second
// start loads nothing again, and a data set that changes with a new Setu
// release is imported again, which updates its records in place.
package dataset

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/setu-council/setu/data"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/orgfile"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/ror"
	"github.com/setu-council/setu/internal/sovereignty"
	"github.com/setu-council/setu/internal/store"
)

// Format says how a data set is written and what it holds.
type Format int

// The formats of data sets.
const (
	ROR           Format = iota // ROR compact JSON Lines or v2 dump, maybe gzipped
	Organisations               // Setu JSON Lines of registry.Organisation
	People                      // Setu JSON Lines of registry.Person
	Ledger                      // a ledger.Ledger in JSON (frameworks, commitments, projects, milestones, outputs)
	Rates                       // an exchange-rate table in CSV (sovereignty.ReadRates)
)

// Set is one data set.
type Set struct {
	Name   string // the name recorded in dataset_loads, e.g. "ror-asia"
	File   string // the file name, for error messages
	Format Format
	Data   []byte
}

// SHA256 returns the hex SHA-256 of the data set's bytes as shipped.
func (s Set) SHA256() string {
	sum := sha256.Sum256(s.Data)
	return hex.EncodeToString(sum[:])
}

// Shipped returns the data sets embedded in Setu, in the order they must
// load: organisations before the people who belong to them.
func Shipped() []Set {
	return []Set{
		{Name: "ror-asia", File: data.RORAsiaName, Format: ROR, Data: data.RORAsia},
		{Name: "sample-organisations", File: "sample/organisations.jsonl", Format: Organisations, Data: data.SampleOrganisations},
		{Name: "sample-people", File: "sample/people.jsonl", Format: People, Data: data.SamplePeople},
		{Name: "ledger-frameworks", File: data.LedgerFrameworksName, Format: Ledger, Data: data.LedgerFrameworks},
		{Name: "sample-ledger-projects", File: data.LedgerSampleProjectsName, Format: Ledger, Data: data.LedgerSampleProjects},
		{Name: "sample-exchange-rates", File: data.SampleRatesName, Format: Rates, Data: data.SampleRates},
	}
}

// Result says what loading one data set did.
type Result struct {
	Name     string
	SHA256   string
	Skipped  bool // already loaded with this SHA-256
	Stats    store.ImportStats
	Duration time.Duration
}

// Load loads each data set that st lacks, or has with another SHA-256, in
// order, and stops at the first that fails.
func Load(ctx context.Context, st *store.Store, sets []Set) ([]Result, error) {
	results := make([]Result, 0, len(sets))
	for _, s := range sets {
		r, err := load(ctx, st, s)
		if err != nil {
			return results, fmt.Errorf("load data set %s: %w", s.Name, err)
		}
		results = append(results, r)
	}
	return results, nil
}

func load(ctx context.Context, st *store.Store, s Set) (Result, error) {
	start := time.Now()
	r := Result{Name: s.Name, SHA256: s.SHA256()}
	old, err := st.DatasetSHA(ctx, s.Name)
	if err != nil {
		return r, err
	}
	if old == r.SHA256 {
		r.Skipped = true
		r.Duration = time.Since(start)
		return r, nil
	}
	switch s.Format {
	case ROR:
		next, err := rorSource(s)
		if err != nil {
			return r, err
		}
		r.Stats, err = st.ImportDataset(ctx, s.Name, r.SHA256, next, nil)
	case Organisations:
		rd := orgfile.NewJSONLReader[registry.Organisation](bytes.NewReader(s.Data), s.File)
		r.Stats, err = st.ImportDataset(ctx, s.Name, r.SHA256, func() (*registry.Organisation, string, error) {
			o, err := rd.Next()
			return o, where(s.File, rd.Line()), err
		}, nil)
	case People:
		rd := orgfile.NewJSONLReader[registry.Person](bytes.NewReader(s.Data), s.File)
		r.Stats, err = st.ImportPeopleDataset(ctx, s.Name, r.SHA256, func() (*registry.Person, string, error) {
			p, err := rd.Next()
			return p, where(s.File, rd.Line()), err
		}, nil)
	case Ledger:
		var l *ledger.Ledger
		if l, err = ledger.Decode(bytes.NewReader(s.Data)); err == nil {
			r.Stats, err = st.ImportLedgerDataset(ctx, s.Name, r.SHA256, l)
		}
	case Rates:
		var rs []sovereignty.Rate
		if rs, err = sovereignty.ReadRates(bytes.NewReader(s.Data), s.File); err == nil {
			r.Stats, err = st.ImportRatesDataset(ctx, s.Name, r.SHA256, rs)
		}
	default:
		err = fmt.Errorf("unknown format %d", s.Format)
	}
	r.Duration = time.Since(start)
	return r, err
}

func rorSource(s Set) (store.ImportSource, error) {
	rd, err := ror.NewReader(bytes.NewReader(s.Data), s.File)
	if err != nil {
		return nil, err
	}
	return func() (*registry.Organisation, string, error) {
		rec, err := rd.Next()
		if err != nil {
			return nil, "", err
		}
		return rec.Organisation(), where(s.File, rd.Line()), nil
	}, nil
}

func where(file string, line int) string { return file + ":" + strconv.Itoa(line) }
