package jwks

import (
	"cmp"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/MicahParks/jwkset"
	"github.com/jwtguard/jwtguard/internal/jwa"
)

// key is one usable verification key, reduced to what lookups and change detection need.
type key struct {
	kid  string
	pub  crypto.PublicKey
	algs algSet
	der  []byte     // PKIX encoding of pub: compares key material across refreshes
	jwk  jwkset.JWK // the public JWK as published, what the jwkset.Storage methods answer
}

// skipped records a JWK that was left out of a set, so it can be logged without failing the refresh.
type skipped struct {
	index  int
	kid    string
	reason error
}

// parsedSet is the outcome of parsing one JWK Set document.
type parsedSet struct {
	keys    []key
	skipped []skipped
	private int // how many JWKs carried private material that was dropped
}

// parseSet parses a JWK Set ({"keys": [...]}). Each JWK is judged on its own: a bad one is skipped and
// reported, the rest still load. The document as a whole fails only if it is not a JWK Set or if no key
// is usable.
func parseSet(data []byte) (parsedSet, error) {
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return parsedSet{}, fmt.Errorf("parsing JWK Set: %w", err)
	}
	if doc.Keys == nil {
		return parsedSet{}, errors.New(`parsing JWK Set: no "keys" array`)
	}
	var p parsedSet
	for i, raw := range doc.Keys {
		k, hadPrivate, err := parseJWK(raw)
		if hadPrivate {
			p.private++
		}
		if err != nil {
			p.skipped = append(p.skipped, skipped{index: i, kid: k.kid, reason: err})
			continue
		}
		p.keys = append(p.keys, k)
	}
	if len(p.keys) == 0 {
		return p, fmt.Errorf("%w: %s", errNoUsableKeys, describeSkipped(p.skipped))
	}
	return p, nil
}

// maxSkippedNamed bounds how many skipped keys an error names, so a huge set cannot make a huge line.
const maxSkippedNamed = 8

// describeSkipped says, on one line, which keys were left out of a set without usable keys and why.
func describeSkipped(sk []skipped) string {
	if len(sk) == 0 {
		return "the set is empty"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d skipped: ", len(sk))
	for i, k := range sk[:min(len(sk), maxSkippedNamed)] {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "#%d kid %q: %v", k.index, k.kid, k.reason)
	}
	if n := len(sk) - maxSkippedNamed; n > 0 {
		fmt.Fprintf(&b, "; and %d more", n)
	}
	return b.String()
}

// parseDocument accepts a JWK Set or a single JWK, as Static does.
func parseDocument(data []byte) (parsedSet, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return parsedSet{}, fmt.Errorf("parsing JWK or JWK Set: %w", err)
	}
	if _, ok := probe["keys"]; ok {
		return parseSet(data)
	}
	k, hadPrivate, err := parseJWK(data)
	p := parsedSet{}
	if hadPrivate {
		p.private = 1
	}
	if err != nil {
		return p, fmt.Errorf("parsing JWK: %w", err)
	}
	p.keys = []key{k}
	return p, nil
}

// parseJWK turns one JWK into a key, or says why it is not a verification key we may use. The returned
// key carries the kid even on error, for logging. hadPrivate reports private material that was dropped.
func parseJWK(raw []byte) (k key, hadPrivate bool, err error) {
	var m jwkset.JWKMarshal
	if err := json.Unmarshal(raw, &m); err != nil {
		return key{}, false, fmt.Errorf("malformed JWK: %w", err)
	}
	k.kid = m.KID
	hadPrivate = dropPrivate(&m)
	switch {
	case m.KTY == jwkset.KtyOct:
		return k, hadPrivate, errors.New(`symmetric ("oct") keys are never served from a JWK Set`)
	}
	if err := jwa.CheckJWKUse(&m); err != nil {
		return k, hadPrivate, err
	}
	// x5u is never fetched here; clearing it keeps jwkset from rejecting a key over an http x5u we
	// would not have used anyway.
	m.X5U = ""
	jwk, err := jwkset.NewJWKFromMarshal(m, jwkset.JWKMarshalOptions{}, jwkset.JWKValidateOptions{})
	if err != nil {
		return k, hadPrivate, err
	}
	k.jwk, k.pub = jwk, jwk.Key()
	if k.algs, err = keyAlgs(k.pub); err != nil {
		return k, hadPrivate, err
	}
	if m.ALG != "" {
		i := algIndex(string(m.ALG))
		if i < 0 || k.algs&bit(i) == 0 {
			return k, hadPrivate, fmt.Errorf("key does not fit its own \"alg\" %q", m.ALG)
		}
		k.algs = bit(i)
	}
	if k.der, err = x509.MarshalPKIXPublicKey(k.pub); err != nil {
		return k, hadPrivate, err
	}
	return k, hadPrivate, nil
}

// dropPrivate clears private and symmetric key members so that no secret published by mistake is parsed
// or retained; only the public half of the key is used.
func dropPrivate(m *jwkset.JWKMarshal) bool {
	had := m.D != "" || m.P != "" || m.Q != "" || m.DP != "" || m.DQ != "" || m.QI != "" || len(m.OTH) > 0 || m.K != ""
	m.D, m.P, m.Q, m.DP, m.DQ, m.QI, m.OTH, m.K = "", "", "", "", "", "", nil, ""
	return had
}

// numAlgs is how many algorithms a JWK Set key may serve: the asymmetric ones of the shared table.
const numAlgs = jwa.NumAsymmetric

// algSet is a bitmask over the algorithm indexes: the algorithms one key may verify.
type algSet = jwa.Set

func bit(i int) algSet { return jwa.Bit(i) }

// algIndex maps a JWS "alg" to its index, or -1 for an algorithm no JWK Set key may serve (HS*, none,
// and anything unknown).
func algIndex(alg string) int {
	if i := jwa.Index(alg); i < numAlgs {
		return i
	}
	return -1
}

// keyAlgs reports which algorithms pub may verify by its type, curve and size alone.
func keyAlgs(pub crypto.PublicKey) (algSet, error) { return jwa.KeyAlgorithms(pub) }

// Indexes of single algorithms, named for readability where one is meant.
var (
	algRS256 = jwa.Index("RS256")
	algPS384 = jwa.Index("PS384")
	algES256 = jwa.Index("ES256")
	algES384 = jwa.Index("ES384")
	algES512 = jwa.Index("ES512")
	algEdDSA = jwa.Index("EdDSA")
)

// rsaAlgs are RS256 … PS512, the first six algorithms of the table: what any usable RSA key serves.
const rsaAlgs = algSet(1<<6 - 1)

// snapshot is an immutable view of the keys held at one moment. Lookups read it through an atomic
// pointer without locking; a refresh builds a new one and swaps it in.
type snapshot struct {
	byKID map[string][]key
	kids  []string // sorted, unique, non-empty
	count int
	// withoutKID is what a token without kid is offered (jwa.KeysWithoutKID), decided once per key
	// set rather than per token.
	withoutKID  []jwkset.JWK
	fingerprint [sha256.Size]byte
}

func newSnapshot(keys []key) *snapshot {
	s := &snapshot{byKID: make(map[string][]key, len(keys)), count: len(keys)}
	for _, k := range keys {
		s.byKID[k.kid] = append(s.byKID[k.kid], k)
	}
	for kid := range s.byKID {
		if kid != "" {
			s.kids = append(s.kids, kid)
		}
	}
	slices.Sort(s.kids)
	s.withoutKID = jwa.KeysWithoutKID(s.all())
	s.fingerprint = fingerprint(keys)
	return s
}

// all returns every held JWK: those without a kid first, then by kid.
func (s *snapshot) all() []jwkset.JWK {
	all := make([]jwkset.JWK, 0, s.count)
	for _, k := range s.byKID[""] {
		all = append(all, k.jwk)
	}
	for _, kid := range s.kids {
		for _, k := range s.byKID[kid] {
			all = append(all, k.jwk)
		}
	}
	return all
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
