package store

import (
	"slices"
	"sync"
)

// bridgeCache keeps computed country bridges while nothing is written,
// like sovereigntyCache: its generation is the audit trail's head
// sequence number, which every write moves. The generation is read before
// a bridge is computed, so a write during the computation leaves an entry
// at worst newer than its generation says, and the next request, seeing
// the moved head, computes the bridge again.
type bridgeCache struct {
	mu      sync.Mutex
	gen     int64
	bridges map[bridgeKey]*Bridge
}

type bridgeKey struct {
	a, b  string
	pairs int
}

// maxCachedBridges bounds the cache: past it, the cache starts again
// empty (there are a few hundred country pairs worth asking for).
const maxCachedBridges = 512

// get returns a copy of the cached bridge of k if it is of generation gen.
func (c *bridgeCache) get(gen int64, k bridgeKey) (*Bridge, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	br, ok := c.bridges[k]
	if !ok || c.gen != gen {
		return nil, false
	}
	return br.clone(), true
}

// put caches a copy of br for k at generation gen, dropping everything
// older.
func (c *bridgeCache) put(gen int64, k bridgeKey, br *Bridge) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen < c.gen {
		return
	}
	if gen > c.gen || c.bridges == nil || len(c.bridges) >= maxCachedBridges {
		c.gen = gen
		c.bridges = map[bridgeKey]*Bridge{}
	}
	c.bridges[k] = br.clone()
}

// clone copies br and its lists of cells and pairs, so that a caller may
// change what it was given without changing the cache.
func (br *Bridge) clone() *Bridge {
	c := *br
	c.Cells = slices.Clone(br.Cells)
	c.Pairs = slices.Clone(br.Pairs)
	return &c
}
