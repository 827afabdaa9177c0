package issuertest

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/MicahParks/jwkset"
)

// Key describes one key the issuer publishes in its JWKS.
type Key struct {
	// ID is the key's kid, as it appears in the JWKS and in the header of tokens it signs.
	ID string
	// Algorithm is the JWK "alg" the key is published for, e.g. "RS256".
	Algorithm string
	// Public is the public key: *rsa.PublicKey, *ecdsa.PublicKey or ed25519.PublicKey.
	Public crypto.PublicKey
	// Current reports whether Mint signs with this key by default for Algorithm.
	Current bool
}

// issuedKey is a private key the issuer made, with the JWK text it publishes while published is true.
type issuedKey struct {
	kid       string
	alg       string
	signer    crypto.Signer
	jwk       json.RawMessage
	published bool
}

// newKey generates a key for alg and its public JWK. The kid carries a random part so that two
// issuers in one test process never publish the same kid.
func newKey(alg, prefix string, seq int) (*issuedKey, error) {
	signer, err := families[alg].generate()
	if err != nil {
		return nil, fmt.Errorf("issuertest: generate %s key: %w", alg, err)
	}
	kid := fmt.Sprintf("%s%s-%d-%s", prefix, strings.ToLower(alg), seq, randomHex(4))
	jwk, err := jwkset.NewJWKFromKey(signer.Public(), jwkset.JWKOptions{
		Metadata: jwkset.JWKMetadataOptions{ALG: jwkset.ALG(alg), KID: kid, USE: jwkset.UseSig},
	})
	if err != nil {
		return nil, fmt.Errorf("issuertest: encode %s key as JWK: %w", alg, err)
	}
	text, err := json.Marshal(jwk.Marshal())
	if err != nil {
		return nil, fmt.Errorf("issuertest: encode %s key as JWK: %w", alg, err)
	}
	return &issuedKey{kid: kid, alg: alg, signer: signer, jwk: text}, nil
}

// randomHex returns n random bytes as hex; crypto/rand.Read never fails (Go 1.24+).
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// generateCurrent makes one new current key for each of algs, in parallel because RSA key generation
// dominates an issuer's start-up. Nothing changes unless every key could be made.
func (i *Issuer) generateCurrent(algs []string) error {
	i.mu.Lock()
	first := i.seq + 1
	i.seq += len(algs)
	i.mu.Unlock()

	made := make([]*issuedKey, len(algs))
	errs := make([]error, len(algs))
	var wg sync.WaitGroup
	for n, alg := range algs {
		wg.Go(func() { made[n], errs[n] = newKey(alg, "", first+n) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}

	i.mu.Lock()
	defer i.mu.Unlock()
	for _, k := range made {
		k.published = true
		i.keys = append(i.keys, k)
		i.current[k.alg] = k
	}
	return nil
}

// Rotate gives each named algorithm a new current key, or every enabled algorithm when none is named.
// Mint signs with the new keys from now on; the previous keys stay published, as an identity
// provider keeps them until tokens they signed have expired. Retire removes them.
func (i *Issuer) Rotate(algs ...string) error {
	if len(algs) == 0 {
		algs = i.cfg.algorithms
	}
	var distinct []string
	for _, alg := range algs {
		if !slices.Contains(i.cfg.algorithms, alg) {
			return fmt.Errorf("issuertest: rotate %q: algorithm not enabled (see WithAlgorithms)", alg)
		}
		if !slices.Contains(distinct, alg) {
			distinct = append(distinct, alg)
		}
	}
	return i.generateCurrent(distinct)
}

// Retire stops publishing the key kid and reports whether it was published. A retired key that is
// still current for its algorithm keeps signing — so tests can present tokens whose key the issuer
// no longer vouches for — until Rotate replaces it.
func (i *Issuer) Retire(kid string) bool {
	i.mu.Lock()
	defer i.mu.Unlock()
	for _, k := range i.keys {
		if k.kid == kid && k.published {
			k.published = false
			return true
		}
	}
	return false
}

// Keys lists the published keys, oldest first.
func (i *Issuer) Keys() []Key {
	i.mu.Lock()
	defer i.mu.Unlock()
	var keys []Key
	for _, k := range i.keys {
		if k.published {
			keys = append(keys, Key{ID: k.kid, Algorithm: k.alg, Public: k.signer.Public(), Current: i.current[k.alg] == k})
		}
	}
	return keys
}

// KeyIDs lists the kids of the published keys, oldest first.
func (i *Issuer) KeyIDs() []string {
	var ids []string
	for _, k := range i.Keys() {
		ids = append(ids, k.ID)
	}
	return ids
}

// CurrentKeyID returns the kid Mint puts in tokens signed with alg, or "" if alg is not enabled.
func (i *Issuer) CurrentKeyID(alg string) string {
	i.mu.Lock()
	defer i.mu.Unlock()
	if k, ok := i.current[alg]; ok {
		return k.kid
	}
	return ""
}

// JWKS returns the JWK Set the issuer serves at JWKSURL: the public part of every published key,
// with kid, alg and use. It suits a fixed key source, e.g. jwks.Static(iss.JWKS()).
func (i *Issuer) JWKS() []byte {
	i.mu.Lock()
	defer i.mu.Unlock()
	var buf bytes.Buffer
	buf.WriteString(`{"keys":[`)
	sep := ""
	for _, k := range i.keys {
		if k.published {
			buf.WriteString(sep)
			buf.Write(k.jwk)
			sep = ","
		}
	}
	buf.WriteString("]}")
	return buf.Bytes()
}

// keyByID returns any key the issuer made under kid, published or not.
func (i *Issuer) keyByID(kid string) (*issuedKey, bool) {
	i.mu.Lock()
	defer i.mu.Unlock()
	for _, k := range i.keys {
		if k.kid == kid {
			return k, true
		}
	}
	for _, k := range i.strangers {
		if k.kid == kid {
			return k, true
		}
	}
	return nil, false
}

// currentKey returns the key Mint signs alg tokens with by default.
func (i *Issuer) currentKey(alg string) (*issuedKey, bool) {
	i.mu.Lock()
	defer i.mu.Unlock()
	k, ok := i.current[alg]
	return k, ok
}

// strangerKey returns this issuer's never-published key for alg, made on first use: the key of an
// attacker or of another issuer, whose kid no JWKS of this issuer will ever list.
func (i *Issuer) strangerKey(alg string) (*issuedKey, error) {
	i.mu.Lock()
	defer i.mu.Unlock()
	if k, ok := i.strangers[alg]; ok {
		return k, nil
	}
	i.seq++
	k, err := newKey(alg, "unknown-", i.seq)
	if err != nil {
		return nil, err
	}
	i.strangers[alg] = k
	return k, nil
}
