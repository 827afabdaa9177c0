package dpop

import "context"

// NonceSource issues and checks the server nonces of RFC 9449 §9, which let a server bound how long
// a proof may be used without trusting the client's clock. Implementations must be safe for
// concurrent use; replicas must share their secret or store so any of them accepts another's nonces.
type NonceSource interface {
	// Nonce returns the nonce clients should put in their next proofs. The HTTP answer sends it in
	// the DPoP-Nonce header. It must be unguessable and consist of NQCHAR (RFC 9449 §8.1).
	Nonce(ctx context.Context) (string, error)
	// ValidNonce reports whether nonce, read from a proof, is one this source issued and still accepts.
	ValidNonce(ctx context.Context, nonce string) bool
}
