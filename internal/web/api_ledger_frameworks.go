package web

import (
	"context"
	"net/http"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/store"
)

func (s *Server) frameworkRecord() ledgerRecord[ledger.Framework] {
	return ledgerRecord[ledger.Framework]{name: "framework", path: "/api/v1/frameworks/",
		id:  func(f *ledger.Framework) *string { return &f.ID },
		get: s.store.Framework, create: s.store.CreateFramework, update: s.store.UpdateFramework, delete: s.store.DeleteFramework}
}

// commitmentView is a commitment as the API shows it: with its status,
// derived on the day of the request (never stored or accepted).
type commitmentView struct {
	ledger.Commitment
	Status   ledger.Status   `json:"status"`
	Progress ledger.Progress `json:"progress"`
}

func (s *Server) commitmentRecord() ledgerRecord[ledger.Commitment] {
	return ledgerRecord[ledger.Commitment]{name: "commitment", path: "/api/v1/commitments/",
		id:  func(c *ledger.Commitment) *string { return &c.ID },
		get: s.store.Commitment, create: s.store.CreateCommitment, update: s.store.UpdateCommitment, delete: s.store.DeleteCommitment}
}

// commitmentViews adds the derived status to each commitment.
func (s *Server) commitmentViews(ctx context.Context, cs []ledger.Commitment) ([]commitmentView, error) {
	states, err := s.store.CommitmentStates(ctx, today())
	if err != nil {
		return nil, err
	}
	vs := make([]commitmentView, len(cs))
	for i, c := range cs {
		st := states[c.ID]
		vs[i] = commitmentView{Commitment: c, Status: st.Status, Progress: st.Progress}
	}
	return vs, nil
}

// commitmentView wraps one commitment for a single-record answer.
func (s *Server) commitmentView(r *http.Request) func(*ledger.Commitment) any {
	return func(c *ledger.Commitment) any {
		vs, err := s.commitmentViews(r.Context(), []ledger.Commitment{*c})
		if err != nil {
			return c // the record is still right; only its status is missing
		}
		return vs[0]
	}
}

// listFrameworks serves GET /api/v1/frameworks, filtered by a party's
// country.
func (s *Server) listFrameworks(w http.ResponseWriter, r *http.Request) error {
	q, err := ledgerQuery(r, "list frameworks", "country")
	if err != nil {
		return err
	}
	fs, total, err := s.store.ListFrameworks(r.Context(), q)
	if err != nil {
		return err
	}
	return listLedger(w, r, q, fs, total)
}

// listCommitments serves GET /api/v1/commitments, filtered by framework,
// a party's country, layer, domain and derived status.
func (s *Server) listCommitments(w http.ResponseWriter, r *http.Request) error {
	q, err := ledgerQuery(r, "list commitments", "country", "layer", "domain", "framework", "commitment-status")
	if err != nil {
		return err
	}
	cs, total, err := s.store.ListCommitments(r.Context(), q, today())
	if err != nil {
		return err
	}
	vs, err := s.commitmentViews(r.Context(), cs)
	if err != nil {
		return err
	}
	return listLedger(w, r, q, vs, total)
}

// frameworkScorecard serves GET /api/v1/frameworks/{id}/scorecard: the
// figures of one framework and the status of each of its commitments.
func (s *Server) frameworkScorecard(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.store.Scorecard(r.Context(), r.PathValue("id"), today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sc)
}

// ledgerScorecard serves GET /api/v1/ledger/scorecard: the figures of the
// whole ledger and of each framework. sample=false leaves the sample
// projects out; sample=true keeps only them.
func (s *Server) ledgerScorecard(w http.ResponseWriter, r *http.Request) error {
	qp := newQueryParams(r.URL.Query())
	sample := qp.boolean("sample")
	if err := qp.err("ledger scorecard"); err != nil {
		return err
	}
	sc, err := s.store.LedgerScorecard(r.Context(), store.ScorecardQuery{Sample: sample}, today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sc)
}
