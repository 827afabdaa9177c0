package jwks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
)

// ErrReadOnly is wrapped by the error of every jwkset.Storage method that would change a Set's keys:
// a Set holds what its identity provider publishes, and only its own fetcher replaces them.
var ErrReadOnly = errors.New("jwks: set is read-only")

// A Set is a read-only jwkset.Storage, so keyfunc/v3 — and anything else built on jwkset — looks keys
// up in it, fed by the Set's own fetcher.
var _ jwkset.Storage = (*Set)(nil)

// KeyRead returns the public JWK published under keyID. It implements jwkset.Storage.
//
// A held kid is answered from memory without locks. A kid the Set does not hold triggers the same
// coalesced refetch as VerificationKey (at most one per WithUnknownKIDGap, waited for at most
// WithUnknownKIDWait and never past ctx); if the kid is still unknown the error wraps
// jwkset.ErrKeyNotFound and ErrKeyNotFound. While the Set holds no keys, or after Close, the error
// wraps ErrKeysUnavailable. When several keys share keyID, the first published is returned; KeyReadAll
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
	all := make([]jwkset.JWK, 0, snap.count)
	for _, k := range snap.byKID[""] {
		all = append(all, k.jwk)
	}
	for _, kid := range snap.kids {
		for _, k := range snap.byKID[kid] {
			all = append(all, k.jwk)
		}
	}
	return all, nil
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

// Keyfunc returns a keyfunc/v3 Keyfunc over the Set, made by keyfunc.New with the Set as its
// jwkset.Storage: golang-jwt users write jwt.Parse(token, set.Keyfunc().Keyfunc, ...) exactly as
// keyfunc users do, and jwtguard's validator looks keys up through the same Keyfunc.
//
// The token's "kid" is read with KeyRead (so an unknown kid causes the Set's coalesced refetch; Keyfunc
// has no context and waits at most WithUnknownKIDWait, KeyfuncCtx waits no longer than its context); a
// token without kid gets every held key whose JWK "alg" does not contradict its own, as a
// jwt.VerificationKeySet. Pass the algorithms you accept to the parser (jwt.WithValidMethods): a
// Keyfunc hands out keys, the parser decides what they may verify.
func (s *Set) Keyfunc() keyfunc.Keyfunc {
	// keyfunc.New fails only when given no Storage.
	k, _ := keyfunc.New(keyfunc.Options{Storage: s})
	return k
}
