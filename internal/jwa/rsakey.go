package jwa

import (
	"crypto/rsa"
	"errors"
	"fmt"
)

// MaxRSAExponent bounds an RSA public exponent. Verification costs one modular multiplication per bit
// of e and one per set bit, so e = 2^31−1 (what crypto/rsa still takes) costs about four times
// e = 65537 for the same key; every key generator in use picks 65537 (or 3).
const MaxRSAExponent = 65537

// CheckRSAPublicKey reports whether k is an RSA public key jwtguard verifies with: a modulus of
// MinRSABits to maxBits bits (maxBits is MaxRSABits for an identity provider's keys; a caller facing
// keys its clients choose may bound them tighter) and an odd exponent e with 3 ≤ e ≤ MaxRSAExponent.
// An even e or e < 3 is no RSA key at all (RFC 8017 §3.1); a larger one only multiplies the work.
// It reads only the key's sizes, so it is cheap enough to run before any signature work.
func CheckRSAPublicKey(k *rsa.PublicKey, maxBits int) error {
	if k == nil || k.N == nil || k.N.Sign() <= 0 {
		return errors.New("RSA key without modulus")
	}
	switch bits := k.N.BitLen(); {
	case bits < MinRSABits:
		return fmt.Errorf("RSA key of %d bits, want at least %d", bits, MinRSABits)
	case bits > maxBits || bits > MaxRSABits:
		return fmt.Errorf("RSA key of %d bits, want at most %d", bits, min(maxBits, MaxRSABits))
	}
	switch {
	case k.E < 3:
		return fmt.Errorf("RSA exponent %d, want at least 3", k.E)
	case k.E%2 == 0:
		return fmt.Errorf("RSA exponent %d is even", k.E)
	case k.E > MaxRSAExponent:
		return fmt.Errorf("RSA exponent %d, want at most %d", k.E, MaxRSAExponent)
	}
	return nil
}
