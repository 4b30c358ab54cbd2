package placement

import (
	"hash/maphash"
	"math/bits"
)

// idTable finds repeated ids among many: an open-addressing table of
// (hash, index) pairs, a third of the memory and time of a map[string]int
// for a million ids.
type idTable struct {
	seed  maphash.Seed
	slots []idSlot
	mask  uint64
}

type idSlot struct {
	hash uint32
	idx  int32 // index+1; 0 is empty
}

func newIDTable(n int) *idTable {
	size := uint64(1) << bits.Len(uint(2*n+1))
	return &idTable{seed: maphash.MakeSeed(), slots: make([]idSlot, size), mask: size - 1}
}

// add records ids[i] = s and returns the index of an earlier equal id, or
// -1. id returns the id at an earlier index.
func (t *idTable) add(s string, i int, id func(int) string) int {
	h := maphash.String(t.seed, s)
	tag := uint32(h >> 32)
	for j := h & t.mask; ; j = (j + 1) & t.mask {
		slot := &t.slots[j]
		if slot.idx == 0 {
			*slot = idSlot{tag, int32(i) + 1}
			return -1
		}
		if slot.hash == tag && id(int(slot.idx-1)) == s {
			return int(slot.idx - 1)
		}
	}
}
