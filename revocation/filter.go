package revocation

import (
	"math/bits"
	"sync/atomic"
)

// filter is a Bloom filter with two probes per entry over at least 32 bits per entry (64 just after
// it is built), so an identifier that is not revoked finds a probe unset in all but 0.1–0.4% of
// lookups: Revoked then answers from two memory reads per identifier, whatever the number of entries. Bits are only ever set;
// Memory replaces the filter to drop entries or to grow it.
type filter struct {
	words []atomic.Uint64
	mask  uint64 // number of bits − 1, a power of two
	used  atomic.Bool
}

// minFilterBits keeps a small list's filter at 512 bytes.
const minFilterBits = 1 << 12

// bitsPerEntry keeps the false-positive rate at most (1 − e^(−2/32))² ≈ 0.37% at capacity.
const bitsPerEntry = 32

// newFilter returns an empty filter with room for at least n entries.
func newFilter(n int) *filter {
	nbits := uint64(minFilterBits)
	if want := uint64(n) * bitsPerEntry * 2; want > nbits {
		nbits = 1 << bits.Len64(want-1) // room to grow to twice n before the next rebuild
	}
	return &filter{words: make([]atomic.Uint64, nbits/64), mask: nbits - 1}
}

// capacity is how many entries the filter takes at bitsPerEntry.
func (f *filter) capacity() int { return int((f.mask + 1) / bitsPerEntry) }

// empty reports that nothing was ever added.
func (f *filter) empty() bool { return !f.used.Load() }

// add sets h's two bits. The probes are taken from the low and high halves of h, independent bits
// of a well-mixed hash.
func (f *filter) add(h uint64) {
	i, j := h&f.mask, (h>>32)&f.mask
	f.words[i/64].Or(1 << (i % 64))
	f.words[j/64].Or(1 << (j % 64))
	f.used.Store(true)
}

// mayHold reports whether h's two bits are set: false means h was never added.
func (f *filter) mayHold(h uint64) bool {
	i, j := h&f.mask, (h>>32)&f.mask
	return f.words[i/64].Load()&(1<<(i%64)) != 0 && f.words[j/64].Load()&(1<<(j%64)) != 0
}
