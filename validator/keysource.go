package validator

import (
	"context"
	"crypto"
	"errors"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"

	"github.com/jwtguard/jwtguard/internal/jwa"
)

// KeySource supplies the public keys tokens are verified with. *jwks.Set satisfies it, FromKeyfunc
// makes one of any keyfunc/v3 Keyfunc, and a caller may write their own (a fixed test key, say).
//
// A KeySource that also has a method Keyfunc() keyfunc.Keyfunc — as *jwks.Set and FromKeyfunc's do —
// is looked up through that Keyfunc instead of VerificationKey, in one trip: keyfunc/v3 finds the key
// by kid (or, for a token without kid, the keys that fit its alg while at most four do), over a
// Storage that offers only JWKs published for verification, and the validator checks that what it
// returns fits the token's alg.
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
// keyfunc.NewJWKSetJSON, or a *jwks.Set's own. Keys are found by keyfunc/v3 over k's Storage, which
// offers a token only JWKs whose "use" and "key_ops" allow verification (a Keyfunc's own Options, such
// as a UseWhitelist, are not consulted), and checked as for any KeySource. A token without kid is
// tried against the keys that fit its alg only while at most four do. The result implements no KeyEpocher, so
// WithCache refuses it: nothing would tell the cache that k's keys changed.
func FromKeyfunc(k keyfunc.Keyfunc) KeySource {
	return keyfuncKeys{jwa.Keyfunc(k)}
}

type keyfuncKeys struct{ k keyfunc.Keyfunc }

// Keyfunc returns the Keyfunc the source looks keys up through.
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
		return keyLookup{k: jwa.Keyfunc(s.Keyfunc())}
	}
	return keyLookup{source: source}
}

// candidates appends to dst every key that may verify a token signed with a (at index i) under kid, in
// one trip: the Keyfunc finds them (jwa.FindKeys), its Storage having offered only JWKs published for
// verification, and each key it returns is checked to fit a — type, curve, size. It fails with a
// *Error: ErrKeysUnavailable when the source cannot offer keys, ErrUnknownKey when none fits.
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
	keys, err := jwa.FindKeys(ctx, l.k, i, kid, dst)
	if err != nil {
		return nil, keyfuncFailure(err)
	}
	return keys, nil
}

// more appends the keys published under kid that fit a other than those in tried: what a token whose
// signature failed with the first key is tried with next.
func (l keyLookup) more(ctx context.Context, i int, kid string, tried, dst []any) []any {
	if l.k == nil {
		return dst
	}
	return jwa.MoreKeys(ctx, l.k.Storage(), i, kid, tried, dst)
}

var errNoKey = newError(ErrUnknownKey, "no trusted key for the token's kid and alg", nil)

// keyfuncFailure classifies an error of jwa.FindKeys. No fitting key (jwa.ErrNoKey, wrapping
// jwkset.ErrKeyNotFound) is the token's fault: ErrUnknownKey. Any other failure came from the storage
// — a Set with no keys yet, closed, or whose last fetch failed while the token's kid is unknown — and
// is ours: ErrKeysUnavailable, with the cause kept for logs.
func keyfuncFailure(err error) error {
	if errors.Is(err, jwkset.ErrKeyNotFound) {
		return errNoKey
	}
	return newError(ErrKeysUnavailable, "no verification keys available", err)
}
