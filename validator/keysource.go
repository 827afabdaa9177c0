package validator

import (
	"context"
	"crypto"
)

// KeySource supplies the public keys tokens are verified with. *jwks.Set satisfies it; so can any
// type a caller writes (a multi-tenant key store, a fixed test key).
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
