package jwa

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"sync"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

// MaxKeysWithoutKID bounds the keys a token without "kid" is tried against: when more published keys
// fit its algorithm, it is refused as signed by an unknown key before any signature work, so a forged
// kid-less token costs at most this many verifications however large the set. Identity providers that
// leave kid out of their tokens publish one key per algorithm, two during a rotation.
const MaxKeysWithoutKID = 4

// ErrNoKey is wrapped by the errors of FindKeys and of a Storage lookup when no published key may
// verify the token: nothing under its kid, nothing that fits its alg, or a kid-less token against more
// than MaxKeysWithoutKID keys. It wraps jwkset.ErrKeyNotFound, as keyfunc/v3 callers expect.
var ErrNoKey = fmt.Errorf("%w: no published key fits the token's kid and alg", jwkset.ErrKeyNotFound)

var (
	errUnusableJWK = fmt.Errorf("%w: the JWK under this kid may not verify signatures", ErrNoKey)
	errTooManyKeys = fmt.Errorf("%w: a token without kid is tried against at most %d keys", ErrNoKey, MaxKeysWithoutKID)
)

// KIDReader is implemented by a jwkset.Storage that reads the JWKs published under one kid without
// copying the whole set. *jwks.Set's store does; for others Storage reads every JWK and keeps those.
type KIDReader interface {
	KeyReadKID(ctx context.Context, kid string) ([]jwkset.JWK, error)
}

// Storage returns inner as token lookups read it: KeyRead answers only a JWK whose "use" and
// "key_ops" allow verification (CheckJWKUse), and KeyReadAll — what a token without kid is offered —
// only KeysWithoutKID of inner's. The other methods are inner's. A Storage is returned as it is.
//
// A keyfunc/v3 Keyfunc over it finds every key as usual, and the keys it returns need only fit the
// token's alg (Algorithm.Fits): no second look into the store.
func Storage(inner jwkset.Storage) jwkset.Storage {
	if s, ok := inner.(lookupStorage); ok {
		return s
	}
	return lookupStorage{inner}
}

type lookupStorage struct{ jwkset.Storage }

// Keyfunc returns k if it reads its keys through Storage (a *jwks.Set's does), else a keyfunc/v3
// Keyfunc made by keyfunc.New over Storage(k.Storage()): the Keyfunc token lookups go through.
func Keyfunc(k keyfunc.Keyfunc) keyfunc.Keyfunc {
	if k == nil || k.Storage() == nil {
		return k // nothing to read through; its own lookups fail as they always did
	}
	if _, ok := k.Storage().(lookupStorage); ok {
		return k
	}
	// keyfunc.New fails only when given no Storage.
	kf, _ := keyfunc.New(keyfunc.Options{Storage: Storage(k.Storage())})
	return kf
}

// KeyRead returns inner's JWK under kid if it may verify signatures.
func (s lookupStorage) KeyRead(ctx context.Context, kid string) (jwkset.JWK, error) {
	jwk, err := s.Storage.KeyRead(ctx, kid)
	if err != nil {
		return jwk, err
	}
	if m := jwk.Marshal(); CheckJWKUse(&m) != nil {
		return jwkset.JWK{}, errUnusableJWK
	}
	return jwk, nil
}

// KeyReadAll returns KeysWithoutKID of inner's JWKs: what a token without kid is offered.
func (s lookupStorage) KeyReadAll(ctx context.Context) ([]jwkset.JWK, error) {
	all, err := s.Storage.KeyReadAll(ctx)
	if err != nil {
		return nil, err
	}
	return KeysWithoutKID(all), nil
}

// KeysWithoutKID returns the JWKs of all that a token without kid may be tried against: for each
// algorithm, the keys that may verify it — JWK "use" and "key_ops" allowing verification, the key
// fitting the algorithm (CheckPublicKey, type, curve) and the JWK's "alg", if any, naming it — unless
// more than MaxKeysWithoutKID do; then none for that algorithm. Each JWK is returned once, in the
// order of all. A token of an algorithm with too many keys thus finds none that fits it (keyfunc/v3
// leaves out keys whose "alg" names another algorithm), and no token finds more than
// MaxKeysWithoutKID. A *jwks.Set applies it once per key set; any other store on every lookup.
func KeysWithoutKID(all []jwkset.JWK) []jwkset.JWK {
	algs := make([]Set, len(all))
	var count [NumAsymmetric]int
	for n, jwk := range all {
		fits := JWKAlgorithms(jwk)
		algs[n] = fits
		for i := range NumAsymmetric {
			if fits&Bit(i) != 0 {
				count[i]++
			}
		}
	}
	var allowed Set
	for i, c := range count {
		if c <= MaxKeysWithoutKID {
			allowed |= Bit(i)
		}
	}
	var out []jwkset.JWK
	for n, jwk := range all {
		if algs[n]&allowed != 0 {
			out = append(out, jwk)
		}
	}
	return out
}

// bitOf is the Set holding the asymmetric algorithm named alg, or none.
func bitOf(alg string) Set {
	if i := Index(alg); i >= 0 && i < NumAsymmetric {
		return Bit(i)
	}
	return 0
}

// KeyReadKID returns the JWKs published under kid that may verify signatures.
func (s lookupStorage) KeyReadKID(ctx context.Context, kid string) ([]jwkset.JWK, error) {
	var all []jwkset.JWK
	var err error
	if r, ok := s.Storage.(KIDReader); ok {
		all, err = r.KeyReadKID(ctx, kid)
	} else {
		all, err = s.Storage.KeyReadAll(ctx)
	}
	if err != nil {
		return nil, err
	}
	var out []jwkset.JWK
	for _, jwk := range all {
		if m := jwk.Marshal(); m.KID == kid && CheckJWKUse(&m) == nil {
			out = append(out, jwk)
		}
	}
	return out, nil
}

// FindKeys appends to dst the keys that may verify a token signed with the algorithm at index i
// under kid ("" when the token names none), found by k — keyfunc/v3 over Storage(store) finds every
// key — and each checked with Fits on what k returns:
//
//   - with kid, the key k finds under it; if that one does not fit (several keys may share a kid:
//     during a rotation, or one per key type), the others published under kid that do;
//   - without kid, each key k offers that fits, at most MaxKeysWithoutKID (see KeysWithoutKID).
//
// It fails with an error wrapping ErrNoKey (and jwkset.ErrKeyNotFound) when no key fits, and with k's
// or the store's own error when the store could not be read: the caller tells its outage from the
// token's fault.
func FindKeys(ctx context.Context, k keyfunc.Keyfunc, i int, kid string, dst []any) ([]any, error) {
	a := &Algorithms[i]
	n := len(dst)
	got, err := find(ctx, k, i, kid)
	switch {
	case err != nil && !isNotFound(err):
		return dst, err
	case err != nil:
		// The store holds no usable JWK first under kid; another under the same kid may do.
	case kid == "":
		offered, _ := got.(jwt.VerificationKeySet)
		for _, key := range offered.Keys {
			if a.Fits(key) {
				if len(dst)-n == MaxKeysWithoutKID {
					// Not through Storage (KeysWithoutKID would have left them out): refuse all.
					return dst[:n], errTooManyKeys
				}
				dst = append(dst, key)
			}
		}
	case a.Fits(got):
		return append(dst, got), nil
	}
	if kid != "" {
		dst = MoreKeys(ctx, k.Storage(), i, kid, dst[n:], dst)
	}
	if len(dst) == n {
		return dst, ErrNoKey
	}
	return dst, nil
}

// MoreKeys appends to dst the keys published under kid in store that fit the algorithm at index i,
// other than those in tried: what a token whose signature failed with the first key is tried with
// next. A store that cannot be read adds nothing.
func MoreKeys(ctx context.Context, store jwkset.Storage, i int, kid string, tried, dst []any) []any {
	if kid == "" {
		return dst
	}
	jwks, err := Storage(store).(lookupStorage).KeyReadKID(ctx, kid)
	if err != nil {
		return dst
	}
	for _, jwk := range jwks {
		if key := publicKey(jwk.Key()); JWKAlgorithms(jwk)&Bit(i) != 0 && !containsKey(tried, key) {
			dst = append(dst, key)
		}
	}
	return dst
}

// publicKey is the public half of a JWK's key, as keyfunc/v3 hands it out.
func publicKey(key any) any {
	if pk, ok := key.(interface{ Public() crypto.PublicKey }); ok {
		return pk.Public()
	}
	return key
}

// containsKey reports whether key is among keys. Every public key type Fits accepts has Equal.
func containsKey(keys []any, key any) bool {
	k, ok := key.(interface{ Equal(crypto.PublicKey) bool })
	for _, other := range keys {
		if ok && k.Equal(other) {
			return true
		}
	}
	return false
}

// isNotFound reports whether err says only that no usable key was found: jwkset.ErrKeyNotFound, or
// a refusal of keyfunc's own (keyfunc.ErrKeyfunc alone: a JWK alg or use that does not match).
func isNotFound(err error) bool {
	return errors.Is(err, jwkset.ErrKeyNotFound) || onlyKeyfuncErrors(err)
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

// tokenPool recycles the jwt.Token a Keyfunc reads the header from; only "alg" and "kid" are set, and
// the token never outlives the call.
var tokenPool = sync.Pool{New: func() any { return &jwt.Token{Header: make(map[string]any, 2)} }}

// algHeaderValues are the table's names already boxed as the "alg" header value a Keyfunc reads, so
// that filling the header allocates nothing.
var algHeaderValues = func() (v [len(Algorithms)]any) {
	for i, a := range Algorithms {
		v[i] = a.Name
	}
	return v
}()

// find asks k for the key of a token with the algorithm at index i and kid.
func find(ctx context.Context, k keyfunc.Keyfunc, i int, kid string) (any, error) {
	t := tokenPool.Get().(*jwt.Token)
	t.Method = Algorithms[i].Method
	t.Header["alg"] = algHeaderValues[i]
	if kid != "" {
		t.Header["kid"] = kid
	}
	got, err := k.KeyfuncCtx(ctx)(t)
	delete(t.Header, "kid")
	tokenPool.Put(t)
	return got, err
}
