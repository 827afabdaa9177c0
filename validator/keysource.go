package validator

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"errors"
	"sync"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/internal/jwa"
)

// KeySource supplies the public keys tokens are verified with. *jwks.Set satisfies it, FromKeyfunc
// makes one of any keyfunc/v3 Keyfunc, and a caller may write their own (a fixed test key, say).
//
// A KeySource that also has a method Keyfunc() keyfunc.Keyfunc — as *jwks.Set and FromKeyfunc's do —
// is looked up through that Keyfunc instead of VerificationKey: its Keyfunc finds the key by kid (or
// offers every key for a token without kid), and the validator then checks that each key fits the
// token's alg and that its JWK allows verification.
type KeySource interface {
	// VerificationKey returns the public key published under kid that may verify a token signed with
	// alg. kid is "" when the token's header names none; a source may then answer with its only key
	// suitable for alg.
	//
	// found is false when the source holds no such key — after whatever refresh it chose to make within
	// ctx — or when the key under kid may not be used with alg (another key type, curve, or a JWK "alg"
	// that differs). err is non-nil only when the source has no keys to offer at all, for instance
	// because its JWKS could not be fetched yet; the validator then answers ErrKeysUnavailable.
	//
	// It is called on every validation and must be safe for concurrent use; once keys are loaded it
	// should not wait on the network except for the bounded unknown-kid refresh.
	VerificationKey(ctx context.Context, kid, alg string) (key crypto.PublicKey, found bool, err error)
}

// KeyEpocher is implemented by a KeySource whose key set can change over time. Epoch returns a number
// that changes whenever a key is added, removed or replaced, and whenever the source stops or starts
// offering keys at all (closed, keys expired). The validator's token cache (WithCache) drops every
// entry made under an older epoch, so a removed or rotated key stops verifying cached tokens at once,
// and a source without keys gets the answer an uncached validation gives.
type KeyEpocher interface {
	Epoch() uint64
}

// keyfuncSource is a KeySource that is looked up through a keyfunc/v3 Keyfunc.
type keyfuncSource interface {
	Keyfunc() keyfunc.Keyfunc
}

// FromKeyfunc makes a KeySource of any keyfunc/v3 Keyfunc: keyfunc.NewDefaultCtx over JWK Set URLs,
// keyfunc.NewJWKSetJSON, or a *jwks.Set's own. Keys are looked up through k and checked as for any
// KeySource. The result implements no KeyEpocher, so WithCache refuses it: nothing would tell the cache
// that k's keys changed.
func FromKeyfunc(k keyfunc.Keyfunc) KeySource {
	return keyfuncKeys{k}
}

type keyfuncKeys struct{ k keyfunc.Keyfunc }

// Keyfunc returns the Keyfunc the source was made of.
func (s keyfuncKeys) Keyfunc() keyfunc.Keyfunc { return s.k }

// VerificationKey returns the first key the Keyfunc offers for kid that fits alg.
func (s keyfuncKeys) VerificationKey(ctx context.Context, kid, alg string) (crypto.PublicKey, bool, error) {
	a, i, ok := lookupAlgorithm(alg)
	if !ok || a.Family == jwa.HMAC {
		return nil, false, nil
	}
	var buf [4]any
	keys, err := keyLookup{k: s.k}.candidates(ctx, a, i, kid, buf[:0])
	if err != nil {
		if errors.Is(err, ErrKeysUnavailable) {
			return nil, false, err
		}
		return nil, false, nil
	}
	return keys[0], true, nil
}

// keyLookup finds the keys that may have signed a token: through a Keyfunc when the source has one,
// else through KeySource.VerificationKey.
type keyLookup struct {
	k      keyfunc.Keyfunc // nil: use source
	source KeySource
}

func newKeyLookup(source KeySource) keyLookup {
	if s, ok := source.(keyfuncSource); ok {
		return keyLookup{k: s.Keyfunc()}
	}
	return keyLookup{source: source}
}

// candidates appends to dst every key that may verify a token signed with a (at index i) under kid, each
// one fitting a — its type, curve and size — and published for signature verification. It fails with a
// *Error: ErrKeysUnavailable when the source has no keys to offer, ErrUnknownKey when none fits.
func (l keyLookup) candidates(ctx context.Context, a *algorithm, i int, kid string, dst []any) ([]any, error) {
	if l.k == nil {
		key, found, err := l.source.VerificationKey(ctx, kid, a.Name)
		if err != nil {
			return nil, newError(ErrKeysUnavailable, "no verification keys available", err)
		}
		if found && a.Fits(key) {
			return append(dst, key), nil
		}
		return nil, errNoKey
	}
	got, err := l.find(ctx, a, i, kid)
	if err != nil {
		return nil, keyfuncFailure(err)
	}
	storage := l.k.Storage()
	if set, ok := got.(jwt.VerificationKeySet); ok || kid == "" {
		// No kid: every key the Keyfunc offers is tried; their JWKs are read once, together.
		all, err := storage.KeyReadAll(ctx)
		if err != nil {
			return nil, keyfuncFailure(err)
		}
		var offered []jwt.VerificationKey
		if ok {
			offered = set.Keys
		} else {
			offered = []jwt.VerificationKey{got}
		}
		for _, key := range offered {
			if a.Fits(key) && published(all, kid, key, a) {
				dst = append(dst, key)
			}
		}
	} else if a.Fits(got) {
		// The Keyfunc has checked the JWK's alg; its use and key_ops are checked here.
		if jwk, err := storage.KeyRead(ctx, kid); err == nil && sameKey(jwk.Key(), got) && usable(jwk, a) {
			dst = append(dst, got)
		}
	}
	if kid != "" {
		// Several keys may share a kid (during a rotation, or one per key type); KeyRead answers one.
		// The others are read only when that one does not fit, which a signature failure also calls for.
		if len(dst) == 0 {
			all, err := storage.KeyReadAll(ctx)
			if err != nil {
				return nil, keyfuncFailure(err)
			}
			dst = appendSameKID(dst, all, kid, a)
		}
	}
	if len(dst) == 0 {
		return nil, errNoKey
	}
	return dst, nil
}

// more appends the keys published under kid that fit a other than those in tried: what a token whose
// signature failed with the first key is tried with next.
func (l keyLookup) more(ctx context.Context, a *algorithm, kid string, tried, dst []any) []any {
	if l.k == nil || kid == "" {
		return dst
	}
	all, err := l.k.Storage().KeyReadAll(ctx)
	if err != nil {
		return dst
	}
	for _, key := range appendSameKID(nil, all, kid, a) {
		if !containsKey(tried, key) {
			dst = append(dst, key)
		}
	}
	return dst
}

// tokenPool recycles the jwt.Token a Keyfunc reads the header from; only "alg" and "kid" are set, and
// the token never outlives the call.
var tokenPool = sync.Pool{New: func() any { return &jwt.Token{Header: make(map[string]any, 2)} }}

// find asks the Keyfunc for the key of a token with this alg and kid.
func (l keyLookup) find(ctx context.Context, a *algorithm, i int, kid string) (any, error) {
	t := tokenPool.Get().(*jwt.Token)
	t.Method = a.Method
	t.Header["alg"] = algHeaderValues[i]
	if kid != "" {
		t.Header["kid"] = kid
	}
	got, err := l.k.KeyfuncCtx(ctx)(t)
	delete(t.Header, "kid")
	tokenPool.Put(t)
	return got, err
}

var errNoKey = newError(ErrUnknownKey, "no trusted key for the token's kid and alg", nil)

// keyfuncFailure classifies a Keyfunc's error. Not found (jwkset.ErrKeyNotFound), or a refusal of the
// Keyfunc's own (only keyfunc.ErrKeyfunc: a JWK alg or use that does not match), is the token's fault:
// ErrUnknownKey. Any other failure came from the storage — a Set with no keys yet, or closed — and is
// ours: ErrKeysUnavailable, with the cause kept for logs.
func keyfuncFailure(err error) error {
	if errors.Is(err, jwkset.ErrKeyNotFound) || onlyKeyfuncErrors(err) {
		return errNoKey
	}
	return newError(ErrKeysUnavailable, "no verification keys available", err)
}

// onlyKeyfuncErrors reports whether every error err wraps, down to the leaves, is keyfunc.ErrKeyfunc.
func onlyKeyfuncErrors(err error) bool {
	switch e := err.(type) {
	case interface{ Unwrap() error }:
		return onlyKeyfuncErrors(e.Unwrap())
	case interface{ Unwrap() []error }:
		for _, inner := range e.Unwrap() {
			if !onlyKeyfuncErrors(inner) {
				return false
			}
		}
		return true
	}
	return err == keyfunc.ErrKeyfunc
}

// usable reports whether a published JWK may verify a's signatures: its alg, when given, is a, and its
// use and key_ops allow verification.
func usable(jwk jwkset.JWK, a *algorithm) bool {
	m := jwk.Marshal()
	return (m.ALG == "" || string(m.ALG) == a.Name) && jwa.CheckJWKUse(&m) == nil
}

// published reports whether key is published in all (under kid, unless kid is "") as usable for a at
// least once.
func published(all []jwkset.JWK, kid string, key any, a *algorithm) bool {
	for _, jwk := range all {
		if (kid == "" || jwk.Marshal().KID == kid) && sameKey(jwk.Key(), key) && usable(jwk, a) {
			return true
		}
	}
	return false
}

// appendSameKID appends the keys in all published under kid that fit a.
func appendSameKID(dst []any, all []jwkset.JWK, kid string, a *algorithm) []any {
	for _, jwk := range all {
		if jwk.Marshal().KID == kid && a.Fits(jwk.Key()) && usable(jwk, a) {
			dst = append(dst, jwk.Key())
		}
	}
	return dst
}

func containsKey(keys []any, key any) bool {
	for _, k := range keys {
		if sameKey(k, key) {
			return true
		}
	}
	return false
}

// sameKey reports whether a and b are the same public key.
func sameKey(a, b any) bool {
	// The storage usually hands back the very key the Keyfunc returned: a pointer comparison settles
	// it. ecdsa's Equal re-encodes both points (four allocations, on every validation) to compare them.
	switch ka := a.(type) {
	case *ecdsa.PublicKey:
		if kb, ok := b.(*ecdsa.PublicKey); ok && ka == kb {
			return true
		}
	case *rsa.PublicKey:
		if kb, ok := b.(*rsa.PublicKey); ok && ka == kb {
			return true
		}
	}
	k, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(b)
}
