package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"

	"github.com/setu-council/setu/internal/fulltext"
)

// A prefix term ("university"*) makes FTS5 merge the doclists of every
// token that starts with it into one list before it can intersect it with
// anything, on every query: at 1M organisations about 15 ms for
// "university", paid by the count and again by each query of the page.
// When the index holds only a few such tokens, naming them ("university"
// OR "universitys") gives the same matches, and FTS5 then reads the
// doclists lazily and skips through them. Finding the tokens costs a read
// of their doclists too (the fts5vocab table counts them), so the
// expansion is kept until the index changes: FTS5 rewrites its structure
// record on every change, and a search compares that record, one row, with
// the one its expansions were made from.

// maxExpansion is the number of tokens up to which a prefix term is
// written as their alternatives.
const maxExpansion = 8

// prefixTerms caches the tokens of the index that start with each prefix.
type prefixTerms struct {
	mu        sync.Mutex
	structure []byte              // the FTS5 structure record they were read at
	tokens    map[string][]string // prefix -> tokens; nil: too many
}

// ftsStructure reads the FTS5 structure record of organisation_fts.
func (s *Store) ftsStructure(ctx context.Context) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, `SELECT block FROM organisation_fts_data WHERE id = 10`).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return b, err
}

// ftsTerm is a query term and, for a prefix term, the tokens of the index
// that start with it, if they are few (nil: use the prefix).
type ftsTerm struct {
	fulltext.Term
	Alts []string
}

// expandPrefixes returns terms with each prefix term that the index has
// few tokens for replaced by those tokens as alternatives (Alts).
func (s *Store) expandPrefixes(ctx context.Context, terms []fulltext.Term) ([]ftsTerm, error) {
	out := make([]ftsTerm, len(terms))
	for i, t := range terms {
		out[i] = ftsTerm{Term: t}
	}
	if !hasPrefixTerm(terms) {
		return out, nil
	}
	cur, err := s.ftsStructure(ctx)
	if err != nil {
		return nil, err
	}
	p := &s.prefixes
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tokens == nil || !bytes.Equal(p.structure, cur) {
		p.structure, p.tokens = cur, map[string][]string{}
	}
	for i, t := range terms {
		if !t.Prefix {
			continue
		}
		toks, ok := p.tokens[t.Token]
		if !ok {
			if toks, err = s.tokensWithPrefix(ctx, t.Token); err != nil {
				return nil, err
			}
			p.tokens[t.Token] = toks
		}
		out[i].Alts = toks
	}
	return out, nil
}

func hasPrefixTerm(terms []fulltext.Term) bool {
	for _, t := range terms {
		if t.Prefix {
			return true
		}
	}
	return false
}

// tokensWithPrefix returns the tokens of the index that start with
// prefix, or nil if there are more than maxExpansion.
func (s *Store) tokensWithPrefix(ctx context.Context, prefix string) ([]string, error) {
	// Terms are in byte order; every token with the prefix sorts at or
	// after it and before the prefix followed by a 0xFF byte, which no
	// UTF-8 text holds.
	rows, err := s.db.QueryContext(ctx, `SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?`, prefix, prefix+"\xff", maxExpansion+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var toks []string
	for rows.Next() {
		var tok string
		if err := rows.Scan(&tok); err != nil {
			return nil, err
		}
		if strings.HasPrefix(tok, prefix) {
			toks = append(toks, tok)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(toks) > maxExpansion {
		return nil, nil
	}
	return toks, nil
}
