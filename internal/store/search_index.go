package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/setu-council/setu/internal/fulltext"
	"github.com/setu-council/setu/internal/orgindex"
)

// A search is answered from the registry's search index in memory
// (package orgindex) once it is built, on both databases; until then, and
// whenever it cannot be brought up to date cheaply, from the database's
// own full-text index (searchSQLite, searchSQL), which gives the same
// results. The index follows the change log of migration 0015: every
// search first applies the organisations changed after the version the
// index holds, so a search sees every committed change, made by this
// process or another. See docs/search.md, "The search index in memory".

// searchIndex holds a store's search index and its state.
type searchIndex struct {
	mu       sync.Mutex // guards idx, building, failed, off
	idx      *orgindex.Index
	building bool      // a build runs in the background
	failed   time.Time // the last build failed then: wait before the next
	off      bool      // search without the index (tests)

	buildMu sync.Mutex // one build in a request or WarmSearchIndex at a time
	syncMu  sync.Mutex // one catch-up at a time

	bg   context.Context // cancelled by Close; background builds run in it
	stop context.CancelFunc
	wg   sync.WaitGroup
}

// Thresholds of the search index (fields of searchTuning).
const (
	// indexBuildInline is the registry size up to which the first search
	// builds the index itself (about 0.3 s at 50,000); a larger registry
	// is indexed in the background while searches use the database.
	indexBuildInline = 50_000
	// indexMaxApply is the number of pending changes up to which a search
	// applies them; more (a large import elsewhere) rebuild the index in
	// the background.
	indexMaxApply = 20_000
	// indexRetry is how long after a failed build the next is tried.
	indexRetry = time.Minute
)

// indexRebuildAt is the number of changed organisations at which the
// index is built again in the background: searches merge changed
// organisations in one by one, so their number is kept small.
func indexRebuildAt(n int) int { return 2_000 + n/50 }

// WarmSearchIndex builds the search index now if it is not built, so that
// the first searches of a large registry need not wait for it or fall
// back to the database. It returns the number of organisations indexed.
func (s *Store) WarmSearchIndex(ctx context.Context) (int, error) {
	si := &s.search
	si.buildMu.Lock()
	defer si.buildMu.Unlock()
	idx := si.current()
	if idx == nil {
		var err error
		if idx, err = s.buildAndInstall(ctx); err != nil {
			return 0, fmt.Errorf("store: %w", err)
		}
	}
	return idx.Len(), nil
}

// current returns the installed search index, or nil.
func (si *searchIndex) current() *orgindex.Index {
	si.mu.Lock()
	defer si.mu.Unlock()
	return si.idx
}

// buildAndInstall builds a new search index and installs it; the caller
// holds buildMu.
func (s *Store) buildAndInstall(ctx context.Context) (*orgindex.Index, error) {
	idx, err := s.buildSearchIndex(ctx)
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	s.search.mu.Lock()
	s.search.idx = idx
	s.search.mu.Unlock()
	return idx, nil
}

// currentSearchIndex returns the search index brought up to date, or nil
// when the search should use the database.
func (s *Store) currentSearchIndex(ctx context.Context) (*orgindex.Index, error) {
	si := &s.search
	si.mu.Lock()
	idx, off, wait := si.idx, si.off, si.building || time.Since(si.failed) < indexRetry
	si.mu.Unlock()
	if off {
		return nil, nil
	}
	if idx == nil {
		if wait {
			return nil, nil
		}
		var err error
		if idx, err = s.buildNowOrLater(ctx, nil); idx == nil || err != nil {
			return nil, err
		}
	}
	return s.catchUp(ctx, idx)
}

// buildNowOrLater builds the search index, unless one newer than old is
// in place already: here for a small registry, returning it; in the
// background for a large one, returning nil meanwhile.
func (s *Store) buildNowOrLater(ctx context.Context, old *orgindex.Index) (*orgindex.Index, error) {
	si := &s.search
	si.buildMu.Lock()
	defer si.buildMu.Unlock()
	if idx := si.current(); idx != nil && idx != old {
		return idx, nil // built by another search meanwhile
	}
	small, err := s.registryAtMost(ctx, s.tune.indexBuildInline)
	if err != nil {
		return nil, err
	}
	if !small {
		s.buildSearchIndexLater()
		return nil, nil
	}
	return s.buildAndInstall(ctx)
}

// registryAtMost reports whether the registry holds at most n
// organisations.
func (s *Store) registryAtMost(ctx context.Context, n int) (bool, error) {
	var c int
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM (SELECT 1 FROM organisations LIMIT ?) o`), n+1).Scan(&c)
	return c <= n, err
}

// catchUp applies the organisations changed after idx's version and
// returns the index to search. When there are too many to apply in a
// search, the registry is read again (buildNowOrLater): for a small one
// here, and the new index caught up in turn; for a large one in the
// background, and catchUp returns nil, for the database to answer.
func (s *Store) catchUp(ctx context.Context, idx *orgindex.Index) (*orgindex.Index, error) {
	for range 2 {
		applied, err := s.applyChanges(ctx, idx)
		if err != nil || applied {
			return idx, err
		}
		if idx, err = s.buildNowOrLater(ctx, idx); idx == nil || err != nil {
			return nil, err
		}
	}
	return nil, nil // changing faster than it can be read: the database answers
}

// applyChanges applies the organisations changed after idx's version,
// unless there are more than a search should apply (false).
func (s *Store) applyChanges(ctx context.Context, idx *orgindex.Index) (bool, error) {
	si := &s.search
	si.syncMu.Lock()
	defer si.syncMu.Unlock()
	changes, version, more, err := s.orgChanges(ctx, idx.Version(), s.tune.indexMaxApply)
	if err != nil {
		return false, fmt.Errorf("search index: changes: %w", err)
	}
	if more {
		return false, nil
	}
	idx.Apply(version, changes)
	if idx.Changed() > indexRebuildAt(idx.Len()) {
		s.buildSearchIndexLater()
	}
	return true, nil
}

// buildSearchIndexLater builds the search index again in the background,
// unless a build runs already; searches use the current index, or the
// database, until it is done.
func (s *Store) buildSearchIndexLater() {
	si := &s.search
	si.mu.Lock()
	if si.building {
		si.mu.Unlock()
		return
	}
	si.building = true
	si.wg.Add(1)
	si.mu.Unlock()
	go func() {
		defer si.wg.Done()
		idx, err := s.buildSearchIndex(si.bg)
		si.mu.Lock()
		defer si.mu.Unlock()
		si.building = false
		if err != nil {
			si.failed = time.Now()
			return
		}
		si.idx = idx // it catches up at the next search
	}()
}

// buildSearchIndex reads every organisation into a new index. The version
// is read first: a change committed during the reads has a later version
// and is applied again at the next search, which is harmless.
func (s *Store) buildSearchIndex(ctx context.Context) (*orgindex.Index, error) {
	var version int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM organisation_changes`).Scan(&version); err != nil {
		return nil, err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM organisations`).Scan(&n); err != nil {
		return nil, err
	}
	b := orgindex.NewBuilder(version, n)
	if err := s.readIndexRows(ctx, "", nil, b); err != nil {
		return nil, err
	}
	return b.Index(), nil
}

// orgChanges returns the organisations changed after version, as index
// changes (a removed organisation has no Doc), and the version they bring
// the index to. more is true, and nothing returned, when there are more
// than max.
func (s *Store) orgChanges(ctx context.Context, after int64, max int) (changes []orgindex.Change, version int64, more bool, err error) {
	var seqs []int64
	version = after
	err = s.eachRow(ctx, `SELECT org_seq, version FROM organisation_changes WHERE version > ? ORDER BY version LIMIT ?`, []any{after, max + 1},
		func(rows *sql.Rows) error {
			var seq int64
			if err := rows.Scan(&seq, &version); err != nil {
				return err
			}
			seqs = append(seqs, seq)
			return nil
		})
	if err != nil || len(seqs) == 0 {
		return nil, version, false, err
	}
	if len(seqs) > max || slices.Contains(seqs, everyOrganisation) {
		return nil, after, true, nil
	}
	docs, err := s.indexDocs(ctx, seqs)
	if err != nil {
		return nil, after, false, err
	}
	found := make(map[int64]*orgindex.Doc, len(docs))
	for i := range docs {
		found[docs[i].Seq] = &docs[i]
	}
	for _, seq := range seqs {
		changes = append(changes, orgindex.Change{Seq: seq, Doc: found[seq]})
	}
	return changes, version, false, nil
}

// indexDocBatch is how many keys one query of indexDocs names.
const indexDocBatch = 500

// indexDocs reads the organisations with keys seqs as the index sees
// them.
func (s *Store) indexDocs(ctx context.Context, seqs []int64) ([]orgindex.Doc, error) {
	c := &docCollector{at: map[int64]int{}}
	for part := range slices.Chunk(seqs, indexDocBatch) {
		if err := s.readIndexRows(ctx, ` WHERE %s IN (`+placeholders(len(part))+`)`, int64sAny(part), c); err != nil {
			return nil, err
		}
	}
	return c.docs, nil
}

// indexSink takes the rows readIndexRows reads: an orgindex.Builder for
// a whole registry, a docCollector for changed organisations.
type indexSink interface {
	Add(seq int64, id, name string)
	Tag(seq int64, tags ...string)
	Tokens(seq int64, names, body []string)
}

// docCollector gathers the rows of readIndexRows as documents.
type docCollector struct {
	docs []orgindex.Doc
	at   map[int64]int // key → position in docs
}

func (c *docCollector) Add(seq int64, id, name string) {
	if _, ok := c.at[seq]; !ok {
		c.at[seq] = len(c.docs)
		c.docs = append(c.docs, orgindex.Doc{Seq: seq, ID: id, Name: name})
	}
}

func (c *docCollector) Tag(seq int64, tags ...string) {
	if i, ok := c.at[seq]; ok { // not an organisation added since
		c.docs[i].Tags = append(c.docs[i].Tags, tags...)
	}
}

func (c *docCollector) Tokens(seq int64, names, body []string) {
	if i, ok := c.at[seq]; ok {
		c.docs[i].Names, c.docs[i].Body = names, body
	}
}

// readIndexRows reads what the index keeps of the organisations that pass
// where (a condition on the key with %s for its column; "" for all) into
// sink, in passes, so that a whole registry's documents are never all in
// memory at once: names and filters first, then the documents' tokens,
// then layers and domains. An organisation is added before its other rows;
// rows of one added since the first pass are dropped by the sink.
func (s *Store) readIndexRows(ctx context.Context, where string, args []any, sink indexSink) error {
	cond := func(col string) string {
		if where == "" {
			return ""
		}
		return fmt.Sprintf(where, col)
	}
	err := s.eachRow(ctx, `SELECT seq, id, name, country, kind, sample FROM organisations`+cond("seq"), args, func(rows *sql.Rows) error {
		var seq int64
		var id, name, country, kind string
		var sample bool
		if err := rows.Scan(&seq, &id, &name, &country, &kind, &sample); err != nil {
			return err
		}
		sink.Add(seq, id, name)
		sink.Tag(seq, countryTag(country), tagWord('k', kind), sampleTag(sample))
		return nil
	})
	if err != nil {
		return fmt.Errorf("organisations: %w", err)
	}
	err = s.eachRow(ctx, `SELECT seq, search_names, search_body FROM organisations`+cond("seq"), args, func(rows *sql.Rows) error {
		var seq int64
		var names, body string
		if err := rows.Scan(&seq, &names, &body); err != nil {
			return err
		}
		sink.Tokens(seq, strings.Fields(names), strings.Fields(body))
		return nil
	})
	if err != nil {
		return fmt.Errorf("search documents: %w", err)
	}
	for _, child := range []struct {
		query  string
		prefix byte
	}{{`SELECT org_seq, layer FROM organisation_layers`, 'l'}, {`SELECT org_seq, domain FROM organisation_domains`, 'd'}} {
		err := s.eachRow(ctx, child.query+cond("org_seq"), args, func(rows *sql.Rows) error {
			var seq int64
			var v string
			if err := rows.Scan(&seq, &v); err != nil {
				return err
			}
			sink.Tag(seq, tagWord(child.prefix, v))
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// indexFilters returns the filters of q as the index's tag sets.
func indexFilters(q *OrgQuery) []orgindex.Filter {
	var fs []orgindex.Filter
	for _, c := range ftsTagNamedConds(q) {
		fs = append(fs, orgindex.Filter{Name: c.name, Tags: c.tags})
	}
	return fs
}

// facetTagPrefixes are the first letters of each facet's tags.
var facetTagPrefixes = map[string]string{"country": "c", "kind": "k", "layer": "l", "domain": "d"}

// searchIndexed answers a search from the index.
func (s *Store) searchIndexed(ctx context.Context, idx *orgindex.Index, q *OrgQuery, terms []fulltext.Term, res *OrgResults) error {
	iq := orgindex.Query{Filters: indexFilters(q), Offset: (q.Page - 1) * q.PerPage, Limit: q.PerPage}
	for _, t := range terms {
		iq.Terms = append(iq.Terms, orgindex.Term{Token: t.Token, Prefix: t.Prefix})
	}
	if len(terms) > 0 {
		exact, err := s.seqs(ctx, s.dialect.rebind(`SELECT org_seq FROM organisation_names WHERE name_key = ?`), fulltext.Key(q.Q))
		if err != nil {
			return fmt.Errorf("exact names: %w", err)
		}
		iq.Exact = exact
	}
	if q.Facets {
		iq.Facets = facetTagPrefixes
	}
	r := idx.Search(iq)
	res.setTotal(r.Total, s.tune.countCap)
	if err := s.loadPage(ctx, r.Page, res); err != nil {
		return err
	}
	if q.Facets {
		res.Facets = map[string][]Facet{}
		for name, tcs := range r.Facets {
			fs := make([]Facet, 0, len(tcs))
			for _, tc := range tcs {
				v := untagWord(tc.Tag)
				if name == "country" {
					v = strings.ToUpper(v)
				}
				fs = append(fs, Facet{Value: v, Count: tc.Count})
			}
			sortFacets(fs)
			res.Facets[name] = fs
		}
	}
	return nil
}
