package jwks

import (
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"

	"github.com/jwtguard/jwtguard/internal/jwa"
)

// ErrReadOnly is wrapped by the error of every jwkset.Storage method that would change a Set's keys:
// a Set holds what its identity provider publishes, and only its own fetcher replaces them.
var ErrReadOnly = errors.New("jwks: set is read-only")

// A Set is a read-only jwkset.Storage, so keyfunc/v3 — and anything else built on jwkset — looks keys
// up in it, fed by the Set's own fetcher.
var _ jwkset.Storage = (*Set)(nil)

// KeyRead returns the public JWK published under keyID. It implements jwkset.Storage.
//
// A held kid is answered from memory without locks. A kid the Set does not hold triggers one coalesced
// refetch (at most one per WithUnknownKIDGap, waited for at most WithUnknownKIDWait and never past
// ctx); if the kid is still unknown the error wraps jwkset.ErrKeyNotFound and ErrKeyNotFound — unless
// the last fetch failed: then the Set cannot tell a forged kid from a freshly rotated one, and the
// error wraps ErrKeysUnavailable, until a fetch succeeds without the kid. While the Set holds no keys,
// or after Close, the error wraps ErrKeysUnavailable too. When several keys share keyID, the first published is returned; KeyReadAll
// returns them all.
func (s *Set) KeyRead(ctx context.Context, keyID string) (jwkset.JWK, error) {
	snap, err := s.usableKeys()
	if err != nil {
		return jwkset.JWK{}, err
	}
	if ks := snap.byKID[keyID]; len(ks) > 0 {
		return ks[0].jwk, nil
	}
	if !s.static {
		if ctx == nil {
			ctx = context.Background()
		}
		s.awaitRefresh(ctx)
		if snap, err = s.usableKeys(); err != nil {
			return jwkset.JWK{}, err
		}
		if ks := snap.byKID[keyID]; len(ks) > 0 {
			return ks[0].jwk, nil
		}
	}
	if err := s.failingFetch(); err != nil {
		// A rotated kid may be on the endpoint we cannot reach: not knowing is our outage, not the
		// token's fault (503 keys_unavailable, not 401 unknown_key).
		return jwkset.JWK{}, fmt.Errorf("%w: kid %.64q not held, and the last fetch failed: %w", ErrKeysUnavailable, keyID, err)
	}
	// %.64q: the kid comes from a token; keep an oversized one from flooding logs.
	return jwkset.JWK{}, fmt.Errorf("%w: %w: kid %.64q", ErrKeyNotFound, jwkset.ErrKeyNotFound, keyID)
}

// KeyReadAll returns every held public JWK: those without a kid first, then by kid. It implements
// jwkset.Storage; the error wraps ErrKeysUnavailable while the Set holds no keys.
func (s *Set) KeyReadAll(context.Context) ([]jwkset.JWK, error) {
	snap, err := s.usableKeys()
	if err != nil {
		return nil, err
	}
	return snap.all(), nil
}

// Marshal returns the held public keys as a JWK Set. It implements jwkset.Storage.
func (s *Set) Marshal(ctx context.Context) (jwkset.JWKSMarshal, error) {
	all, err := s.KeyReadAll(ctx)
	if err != nil {
		return jwkset.JWKSMarshal{}, err
	}
	m := jwkset.JWKSMarshal{Keys: make([]jwkset.JWKMarshal, len(all))}
	for i, jwk := range all {
		m.Keys[i] = jwk.Marshal()
	}
	return m, nil
}

// MarshalWithOptions is Marshal: a Set holds public keys only, so no option can add private material.
// It implements jwkset.Storage.
func (s *Set) MarshalWithOptions(ctx context.Context, _ jwkset.JWKMarshalOptions, _ jwkset.JWKValidateOptions) (jwkset.JWKSMarshal, error) {
	return s.Marshal(ctx)
}

// JSON returns the held public keys as JWK Set JSON. It implements jwkset.Storage.
func (s *Set) JSON(ctx context.Context) (json.RawMessage, error) {
	m, err := s.Marshal(ctx)
	if err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

// JSONPublic is JSON: every key a Set holds is public. It implements jwkset.Storage.
func (s *Set) JSONPublic(ctx context.Context) (json.RawMessage, error) { return s.JSON(ctx) }

// JSONPrivate is JSON: a Set never keeps private key material, even when a provider publishes it by
// mistake. It implements jwkset.Storage.
func (s *Set) JSONPrivate(ctx context.Context) (json.RawMessage, error) { return s.JSON(ctx) }

// JSONWithOptions is JSON, for the reason given at MarshalWithOptions. It implements jwkset.Storage.
func (s *Set) JSONWithOptions(ctx context.Context, _ jwkset.JWKMarshalOptions, _ jwkset.JWKValidateOptions) (json.RawMessage, error) {
	return s.JSON(ctx)
}

// KeyWrite fails with ErrReadOnly. It implements jwkset.Storage.
func (s *Set) KeyWrite(context.Context, jwkset.JWK) error {
	return fmt.Errorf("%w: KeyWrite", ErrReadOnly)
}

// KeyReplaceAll fails with ErrReadOnly. It implements jwkset.Storage.
func (s *Set) KeyReplaceAll(context.Context, []jwkset.JWK) error {
	return fmt.Errorf("%w: KeyReplaceAll", ErrReadOnly)
}

// KeyDelete fails with ErrReadOnly. It implements jwkset.Storage.
func (s *Set) KeyDelete(context.Context, string) (bool, error) {
	return false, fmt.Errorf("%w: KeyDelete", ErrReadOnly)
}

// Keyfunc returns a keyfunc/v3 Keyfunc over the Set: golang-jwt users write
// jwt.Parse(token, set.Keyfunc().Keyfunc, ...) exactly as keyfunc users do, and jwtguard's validator
// and VerificationKey look keys up through the same Keyfunc.
//
// The token's "kid" is read with KeyRead (so an unknown kid causes the Set's coalesced refetch; Keyfunc
// has no context and waits at most WithUnknownKIDWait, KeyfuncCtx waits no longer than its context). A
// token without kid gets every held key whose JWK "alg" does not contradict its own, as a
// jwt.VerificationKeySet — leaving out the keys of every algorithm that more than four held keys fit,
// so a forged token without kid never costs more than four signature checks however many keys the
// identity provider publishes (a token of such an algorithm finds no key: unknown key). Pass the algorithms
// you accept to the parser (jwt.WithValidMethods): a Keyfunc hands out keys, the parser decides what
// they may verify.
func (s *Set) Keyfunc() keyfunc.Keyfunc { return s.kf }

// VerificationKey returns the key published under kid that may verify a token signed with alg. It
// implements validator.KeySource, and goes the validator's way: the Set's Keyfunc finds the key and
// the key it returns is checked against alg (type, curve, size), nothing more.
//
// A held kid is answered from memory, without locks. A kid the Set does not hold triggers one
// coalesced refetch (see KeyRead); a held kid whose key does not fit alg answers found=false without
// refetching, as does an alg no JWK Set key may serve (HS*, none). An empty kid finds the one held key
// that fits alg, if exactly one does.
//
// err is non-nil, wrapping ErrKeysUnavailable, when the Set cannot tell: it has no keys to use at all
// (the first fetch has not succeeded yet, the keys outlived WithLastKnownGoodLifetime, the Set was
// closed), or kid is not held and the last fetch failed.
func (s *Set) VerificationKey(ctx context.Context, kid, alg string) (key crypto.PublicKey, found bool, err error) {
	if _, err := s.usableKeys(); err != nil {
		return nil, false, err
	}
	i := algIndex(alg)
	if i < 0 {
		return nil, false, nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	var buf [2]any
	keys, err := jwa.FindKeys(ctx, s.kf, i, kid, buf[:0])
	switch {
	case errors.Is(err, ErrKeysUnavailable):
		return nil, false, err
	case err != nil, kid == "" && len(keys) != 1:
		return nil, false, nil
	}
	return keys[0], true, nil
}

// lookupView is the Set as token lookups read it (through jwa.Storage): KeyReadAll offers what a token
// without kid may be tried against, and KeyReadKID reads the keys under one kid, neither copying the
// whole set.
type lookupView struct{ *Set }

// KeyReadAll returns the keys a token without kid is offered: jwa.KeysWithoutKID of the held keys.
func (v lookupView) KeyReadAll(context.Context) ([]jwkset.JWK, error) {
	snap, err := v.usableKeys()
	if err != nil {
		return nil, err
	}
	return slices.Clone(snap.withoutKID), nil
}

// KeyReadKID returns the JWKs held under kid, without refetching. It implements jwa.KIDReader.
func (v lookupView) KeyReadKID(_ context.Context, kid string) ([]jwkset.JWK, error) {
	snap, err := v.usableKeys()
	if err != nil {
		return nil, err
	}
	ks := snap.byKID[kid]
	out := make([]jwkset.JWK, len(ks))
	for i, k := range ks {
		out[i] = k.jwk
	}
	return out, nil
}
