package validator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"

	"github.com/golang-jwt/jwt/v5"
)

// minRSABits is the smallest RSA modulus accepted (RFC 7518 §3.3 requires 2048 bits or larger).
const minRSABits = 2048

// minHMACKeyBytes is the smallest HS* secret accepted: RFC 7518 §3.2 requires a key at least as long as
// the hash output, and HS256's is 32 bytes.
const minHMACKeyBytes = 32

type keyFamily uint8

const (
	familyRSA keyFamily = iota + 1
	familyEC
	familyEd25519
	familyHMAC
)

// algorithm describes one JWS "alg" value this package can verify.
type algorithm struct {
	name   string
	family keyFamily
	curve  elliptic.Curve // for familyEC only
	method jwt.SigningMethod
}

// algorithms are all the algorithms the validator knows; their index is their bit in an algSet.
var algorithms = [...]algorithm{
	{"RS256", familyRSA, nil, jwt.SigningMethodRS256},
	{"RS384", familyRSA, nil, jwt.SigningMethodRS384},
	{"RS512", familyRSA, nil, jwt.SigningMethodRS512},
	{"PS256", familyRSA, nil, jwt.SigningMethodPS256},
	{"PS384", familyRSA, nil, jwt.SigningMethodPS384},
	{"PS512", familyRSA, nil, jwt.SigningMethodPS512},
	{"ES256", familyEC, elliptic.P256(), jwt.SigningMethodES256},
	{"ES384", familyEC, elliptic.P384(), jwt.SigningMethodES384},
	{"ES512", familyEC, elliptic.P521(), jwt.SigningMethodES512},
	{"EdDSA", familyEd25519, nil, jwt.SigningMethodEdDSA},
	{"HS256", familyHMAC, nil, jwt.SigningMethodHS256},
	{"HS384", familyHMAC, nil, jwt.SigningMethodHS384},
	{"HS512", familyHMAC, nil, jwt.SigningMethodHS512},
}

// algSet is a set of algorithms as a bit mask over their index in algorithms.
type algSet uint16

// asymmetricAlgorithms is the default: every public-key algorithm, never "none", never HS*.
const asymmetricAlgorithms algSet = 1<<10 - 1

// symmetricAlgorithms are HS256, HS384 and HS512.
const symmetricAlgorithms algSet = 7 << 10

// lookupAlgorithm returns the algorithm named exactly name (JWS alg values are case-sensitive).
func lookupAlgorithm(name string) (*algorithm, algSet, bool) {
	for i := range algorithms {
		if algorithms[i].name == name {
			return &algorithms[i], 1 << i, true
		}
	}
	return nil, 0, false
}

// fits reports whether key is usable with the algorithm: the right key type, the curve the alg names,
// and an RSA modulus of at least minRSABits.
func (a *algorithm) fits(key crypto.PublicKey) bool {
	switch a.family {
	case familyRSA:
		k, ok := key.(*rsa.PublicKey)
		return ok && k.N != nil && k.N.BitLen() >= minRSABits
	case familyEC:
		k, ok := key.(*ecdsa.PublicKey)
		return ok && k.Curve == a.curve
	case familyEd25519:
		k, ok := key.(ed25519.PublicKey)
		return ok && len(k) == ed25519.PublicKeySize
	}
	return false
}
