package revocation

import (
	"math/bits"
	"sync/atomic"
	"unsafe"
)

// filter is a blocked Bloom filter: each identifier sets two bits of one 64-bit word, over at least
// 32 bits per entry (64 just after it is built), so an identifier that is not revoked finds a bit
// unset in all but at most about 0.5% of lookups. Revoked then answers from one memory read per
// identifier, whatever the number of entries. Bits are only ever set; Memory replaces the filter to
// drop entries or to grow it.
type filter struct {
	filterFields
	_ [64 - unsafe.Sizeof(filterFields{})]byte // a line of its own, as Memory's hot fields
}

type filterFields struct {
	words []atomic.Uint64
	mask  uint64 // number of words − 1, a power of two
	used  atomic.Bool
}

// minFilterBits keeps a small list's filter at 512 bytes.
const minFilterBits = 1 << 12

// bitsPerEntry bounds the false-positive rate near 0.5% at capacity.
const bitsPerEntry = 32

// newFilter returns an empty filter with room for at least n entries.
func newFilter(n int) *filter {
	nbits := uint64(minFilterBits)
	if want := uint64(n) * bitsPerEntry * 2; want > nbits {
		nbits = 1 << bits.Len64(want-1) // room to grow to twice n before the next rebuild
	}
	return &filter{filterFields: filterFields{words: make([]atomic.Uint64, nbits/64), mask: nbits/64 - 1}}
}

// capacity is how many entries the filter takes at bitsPerEntry.
func (f *filter) capacity() int { return int((f.mask + 1) * 64 / bitsPerEntry) }

// empty reports that nothing was ever added.
func (f *filter) empty() bool { return !f.used.Load() }

// probe returns the word and the two bits h selects: the word from h's low bits, the bits from two
// 6-bit fields of its high half, independent bits of a well-mixed hash.
func (f *filter) probe(h uint64) (*atomic.Uint64, uint64) {
	return &f.words[h&f.mask], 1<<(h>>52&63) | 1<<(h>>58)
}

// add sets h's bits.
func (f *filter) add(h uint64) {
	w, b := f.probe(h)
	w.Or(b)
	f.used.Store(true)
}

// mayHold reports whether h's bits are set: false means h was never added.
func (f *filter) mayHold(h uint64) bool {
	w, b := f.probe(h)
	return w.Load()&b == b
}
