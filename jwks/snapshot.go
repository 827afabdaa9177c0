package jwks

import (
	"cmp"
	"crypto"
	"crypto/sha256"
	"encoding/binary"
	"slices"
)

// snapshot is an immutable view of the keys held at one moment. Lookups read it through an atomic
// pointer without locking; a refresh builds a new one and swaps it in.
type snapshot struct {
	byKID map[string][]key
	// only[i] is the one key that fits algorithm i, or nil when none or several do; it answers
	// lookups of tokens that carry no kid.
	only        [numAlgs]crypto.PublicKey
	kids        []string // sorted, unique, non-empty
	count       int
	fingerprint [sha256.Size]byte
}

func newSnapshot(keys []key) *snapshot {
	s := &snapshot{byKID: make(map[string][]key, len(keys)), count: len(keys)}
	var fits [numAlgs]int
	for _, k := range keys {
		s.byKID[k.kid] = append(s.byKID[k.kid], k)
		for i := range numAlgs {
			if k.algs&bit(i) != 0 {
				fits[i]++
				s.only[i] = k.pub
			}
		}
	}
	for i, n := range fits {
		if n != 1 {
			s.only[i] = nil
		}
	}
	for kid := range s.byKID {
		if kid != "" {
			s.kids = append(s.kids, kid)
		}
	}
	slices.Sort(s.kids)
	s.fingerprint = fingerprint(keys)
	return s
}

// fingerprint digests the keys independent of their order in the document, so that Epoch changes when
// a kid, its key material or its algorithms change, and not when a provider merely reorders its keys.
func fingerprint(keys []key) [sha256.Size]byte {
	sorted := slices.Clone(keys)
	slices.SortFunc(sorted, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.kid, b.kid), cmp.Compare(a.algs, b.algs), slices.Compare(a.der, b.der))
	})
	h := sha256.New()
	var n [8]byte
	for _, k := range sorted {
		// Length prefixes keep ("ab","c") and ("a","bc") apart.
		binary.BigEndian.PutUint64(n[:], uint64(len(k.kid)))
		h.Write(n[:])
		h.Write([]byte(k.kid))
		binary.BigEndian.PutUint64(n[:], uint64(k.algs))
		h.Write(n[:])
		binary.BigEndian.PutUint64(n[:], uint64(len(k.der)))
		h.Write(n[:])
		h.Write(k.der)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// lookup returns the key under kid that fits algorithm index i. held reports whether kid is in the set
// at all, which tells "unknown kid, worth a refresh" from "known kid, wrong algorithm".
func (s *snapshot) lookup(kid string, i int) (pub crypto.PublicKey, held bool) {
	ks, held := s.byKID[kid]
	for _, k := range ks {
		if k.algs&bit(i) != 0 {
			return k.pub, true
		}
	}
	return nil, held
}
