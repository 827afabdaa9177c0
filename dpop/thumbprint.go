package dpop

import (
	"crypto"

	"github.com/jwtguard/jwtguard/internal/thumbprint"
)

// Thumbprint returns the RFC 7638 SHA-256 thumbprint of key (an *ecdsa.PublicKey, *rsa.PublicKey or
// ed25519.PublicKey), base64url: the cnf.jkt of a token bound to that key, and Proof.Thumbprint.
func Thumbprint(key crypto.PublicKey) (string, error) {
	return thumbprint.JWK(key)
}
