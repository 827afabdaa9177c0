package jwks

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"errors"
	"fmt"
)

// RSA size bounds. 2048 bits is the NIST floor for signatures; above 16384 bits verification gets
// expensive enough to be a denial-of-service lever and no identity provider publishes such keys.
const (
	minRSABits = 2048
	maxRSABits = 16384
)

// Signature algorithms a JWK Set key may serve, as indexes into algSet and snapshot.only.
const (
	algRS256 = iota
	algRS384
	algRS512
	algPS256
	algPS384
	algPS512
	algES256
	algES384
	algES512
	algEdDSA
	numAlgs
)

// algSet is a bitmask over the algorithm indexes: the algorithms one key may verify.
type algSet uint16

func bit(i int) algSet { return 1 << i }

const (
	rsaAlgs = algSet(1<<algRS256 | 1<<algRS384 | 1<<algRS512 | 1<<algPS256 | 1<<algPS384 | 1<<algPS512)
)

// algIndex maps a JWS "alg" to its index, or -1 for an algorithm no JWK Set key may serve (HS*, none,
// and anything unknown). A switch, not a map, keeps the lookup path allocation-free and fast.
func algIndex(alg string) int {
	switch alg {
	case "RS256":
		return algRS256
	case "RS384":
		return algRS384
	case "RS512":
		return algRS512
	case "PS256":
		return algPS256
	case "PS384":
		return algPS384
	case "PS512":
		return algPS512
	case "ES256":
		return algES256
	case "ES384":
		return algES384
	case "ES512":
		return algES512
	case "EdDSA":
		return algEdDSA
	}
	return -1
}

var errKeyType = errors.New("not a signature key type this package serves")

// keyAlgs reports which algorithms pub may verify by its type, curve and size alone.
func keyAlgs(pub crypto.PublicKey) (algSet, error) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N == nil {
			return 0, errors.New("RSA key without modulus")
		}
		bits := k.N.BitLen()
		if bits < minRSABits {
			return 0, fmt.Errorf("RSA key of %d bits, want at least %d", bits, minRSABits)
		}
		if bits > maxRSABits {
			return 0, fmt.Errorf("RSA key of %d bits, want at most %d", bits, maxRSABits)
		}
		return rsaAlgs, nil
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			return bit(algES256), nil
		case elliptic.P384():
			return bit(algES384), nil
		case elliptic.P521():
			return bit(algES512), nil
		}
		return 0, errors.New("EC key on an unsupported curve")
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return 0, errors.New("Ed25519 key of wrong length")
		}
		return bit(algEdDSA), nil
	}
	return 0, fmt.Errorf("%w: %T", errKeyType, pub)
}
