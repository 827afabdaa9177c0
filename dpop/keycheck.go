package dpop

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"

	"github.com/jwtguard/jwtguard/internal/jwa"
)

// Bounds on an RSA proof key, tighter than those on an identity provider's keys (jwa's): the client,
// not the provider, chooses this key, and the holder of a bound token (its own, or a leaked one) can
// make every request verify a signature under it. An RSA check grows with the square of the modulus
// and with the exponent's bits: a 16384-bit key with e = 2³¹−1, which JWKS bounds admit, costs some
// 300 RS256 validations; within these bounds a proof costs at most one RSA-4096 check (about 4×).
// DPoP clients use ES256 or EdDSA, or RSA keys of at most 4096 bits with e = 65537.
const (
	MaxProofRSABits     = 4096
	MaxProofRSAExponent = 65537
)

// checkProofKey reports whether key, read from a proof's jwk header, may verify a proof signed with
// a. It reads only the key's sizes and encoding, so it runs before any signature work: the key fits
// a (jwa's table), passes the fitness rules every public key must (publicKeyFitness: RSA e odd and
// at least 3, Ed25519 not a small-order point — under one a made-up signature verifies — and
// canonically encoded), and an RSA key is within MaxProofRSABits and MaxProofRSAExponent.
func checkProofKey(a *jwa.Algorithm, key crypto.PublicKey) error {
	// The fitness rules come first, for the precise refusal; Fits applies them too.
	err := publicKeyFitness(key)
	switch k := key.(type) {
	case *rsa.PublicKey:
		if err != nil || k.N.BitLen() > MaxProofRSABits || k.E > MaxProofRSAExponent {
			return invalid("proof key is outside the accepted RSA sizes and exponents")
		}
	case ed25519.PublicKey:
		if err != nil {
			return invalid("proof key is a small-order or non-canonical Ed25519 point")
		}
	}
	if err != nil || !a.Fits(key) {
		return invalid("proof key does not fit its algorithm")
	}
	return nil
}

// publicKeyFitness applies the rules every public key must meet, whatever its use: the one check of
// internal/jwa, which key sets are held to as well.
func publicKeyFitness(key crypto.PublicKey) error { return jwa.CheckPublicKey(key) }
