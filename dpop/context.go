package dpop

import (
	"context"
	"crypto"
	"time"
)

// Proof is a verified DPoP proof, as handlers see it through FromContext.
type Proof struct {
	// Thumbprint is the RFC 7638 SHA-256 thumbprint of the proof key (base64url), equal to the access
	// token's cnf.jkt: a stable identifier of the client's key.
	Thumbprint string
	// Key is the proof's public key, from its jwk header.
	Key crypto.PublicKey
	// Algorithm is the proof's alg.
	Algorithm string
	// ID is the proof's jti.
	ID string
	// IssuedAt is the proof's iat.
	IssuedAt time.Time
	// Nonce is the proof's nonce, "" when it has none.
	Nonce string
}

// proofKey is unexported so no other package can read or overwrite the proof stored in a context.
type proofKey struct{}

// NewContext returns a copy of ctx carrying proof. Adapters call it after a successful Verify.
func NewContext(ctx context.Context, proof *Proof) context.Context {
	return context.WithValue(ctx, proofKey{}, proof)
}

// FromContext returns the verified proof NewContext stored in ctx, and whether there was one: false
// for a request made with a Bearer token.
func FromContext(ctx context.Context) (*Proof, bool) {
	proof, ok := ctx.Value(proofKey{}).(*Proof)
	return proof, ok && proof != nil
}
