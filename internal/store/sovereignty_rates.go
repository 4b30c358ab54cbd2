package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/sovereignty"
)

// The entity types of the sovereignty view's settings in the audit trail.
const (
	AuditExchangeRate = "exchange-rate"
	AuditPartnerGroup = "partner-group"
)

// ExchangeRate is a row of the exchange-rate table, and whether it
// shipped with Setu as a sample.
type ExchangeRate struct {
	sovereignty.Rate
	Sample bool `json:"sample"`
}

// ExchangeRates returns the exchange-rate table by currency and date.
func (s *Store) ExchangeRates(ctx context.Context) ([]ExchangeRate, error) {
	return s.exchangeRates(ctx, s.db)
}

func (s *Store) exchangeRates(ctx context.Context, q querier) ([]ExchangeRate, error) {
	rows, err := q.QueryContext(ctx, `SELECT currency, date, rate, source, sample FROM exchange_rates ORDER BY currency, date`)
	if err != nil {
		return nil, fmt.Errorf("store: exchange rates: %w", err)
	}
	defer rows.Close()
	out := []ExchangeRate{}
	for rows.Next() {
		var r ExchangeRate
		if err := rows.Scan(&r.Currency, &r.Date, &r.Rate.Rate, &r.Source, &r.Sample); err != nil {
			return nil, fmt.Errorf("store: exchange rates: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PutExchangeRate adds the rate of r.Currency on r.Date, or replaces it
// (a replaced sample rate is no longer a sample).
func (s *Store) PutExchangeRate(ctx context.Context, r sovereignty.Rate) error {
	r.Normalize()
	if err := r.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.exchangeRate(ctx, tx, r.Currency, r.Date)
		if err != nil && errs.KindOf(err) != errs.NotFound {
			return err
		}
		var old any
		if err == nil {
			old = before
			_, err = tx.ExecContext(ctx, s.dialect.rebind(`UPDATE exchange_rates SET rate = ?, source = ?, sample = 0 WHERE currency = ? AND date = ?`),
				r.Rate, r.Source, r.Currency, r.Date)
		} else {
			_, err = tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO exchange_rates (currency, date, rate, source, sample) VALUES (?, ?, ?, ?, 0)`),
				r.Currency, r.Date, r.Rate, r.Source)
		}
		if err != nil {
			return fmt.Errorf("store: put exchange rate: %w", err)
		}
		return s.recordAudit(ctx, tx, "put", AuditExchangeRate, r.Currency+"@"+r.Date, old, ExchangeRate{Rate: r})
	})
}

// DeleteExchangeRate removes the rate of currency on date.
func (s *Store) DeleteExchangeRate(ctx context.Context, currency, date string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.exchangeRate(ctx, tx, currency, date)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM exchange_rates WHERE currency = ? AND date = ?`), currency, date); err != nil {
			return fmt.Errorf("store: delete exchange rate: %w", err)
		}
		return s.recordAudit(ctx, tx, "delete", AuditExchangeRate, currency+"@"+date, before, nil)
	})
}

func (s *Store) exchangeRate(ctx context.Context, q querier, currency, date string) (ExchangeRate, error) {
	r := ExchangeRate{Rate: sovereignty.Rate{Currency: currency, Date: date}}
	err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT rate, source, sample FROM exchange_rates WHERE currency = ? AND date = ?`),
		currency, date).Scan(&r.Rate.Rate, &r.Source, &r.Sample)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.E("exchange rate", errs.NotFound, "no rate for %s on %s", currency, date)
	}
	if err != nil {
		return r, fmt.Errorf("store: exchange rate: %w", err)
	}
	return r, nil
}

// ImportRatesDataset loads the sample rates shipped with Setu, in one
// transaction that also records the data set's name and SHA-256. A rate
// the secretariat has set for the same currency and date is kept.
func (s *Store) ImportRatesDataset(ctx context.Context, name, sha string, rates []sovereignty.Rate) (ImportStats, error) {
	var st ImportStats
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for i, r := range rates {
			r.Normalize()
			if err := r.Validate(); err != nil {
				return fmt.Errorf("rate %d: %w", i+1, err)
			}
			old, err := s.exchangeRate(ctx, tx, r.Currency, r.Date)
			switch {
			case errs.KindOf(err) == errs.NotFound:
				_, err = tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO exchange_rates (currency, date, rate, source, sample) VALUES (?, ?, ?, ?, 1)`),
					r.Currency, r.Date, r.Rate, r.Source)
				st.Created++
			case err != nil:
			case !old.Sample || (old.Rate.Rate == r.Rate && old.Source == r.Source):
				st.Unchanged++
			default:
				_, err = tx.ExecContext(ctx, s.dialect.rebind(`UPDATE exchange_rates SET rate = ?, source = ? WHERE currency = ? AND date = ?`),
					r.Rate, r.Source, r.Currency, r.Date)
				st.Updated++
			}
			if err != nil {
				return fmt.Errorf("store: import rate %d: %w", i+1, err)
			}
		}
		if err := s.recordImport(ctx, tx, "import-dataset", "exchange-rates", name, sha, len(rates), st); err != nil {
			return err
		}
		return s.recordDataset(ctx, tx, name, sha, st)
	})
	if err != nil {
		return ImportStats{}, err
	}
	return st, nil
}
