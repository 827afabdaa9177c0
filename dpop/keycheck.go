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
	if !a.Fits(key) {
		return invalid("proof key does not fit its algorithm")
	}
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
	if err != nil {
		return invalid("proof key is not fit to verify signatures")
	}
	return nil
}

// publicKeyFitness applies the rules every public key must meet, whatever its use. They belong in
// internal/jwa, where the key work of issue 22 (items 10, 11) puts them as jwa.CheckPublicKey; once
// that lands, this function is that call and its table below goes.
func publicKeyFitness(key crypto.PublicKey) error {
	switch k := key.(type) {
	case *rsa.PublicKey:
		if k.E < 3 || k.E%2 == 0 {
			return errUnfitKey
		}
	case ed25519.PublicKey:
		if weakEd25519(k) {
			return errUnfitKey
		}
	}
	return nil
}

// errUnfitKey is publicKeyFitness's refusal; checkProofKey turns it into an ErrInvalidProof.
var errUnfitKey = invalid("unfit public key")

// The y coordinates (little-endian, RFC 8032 §5.1.2) of the eight small-order points of edwards25519:
// the identity (y = 1), the point of order 2 (y = p−1), the two of order 4 (y = 0) and the four of
// order 8 (y = ±y8); the sign bit of x only tells the points of each pair apart.
var smallOrderY = [5][32]byte{
	{1},
	{0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
	{},
	{0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
		0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a},
	{0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
		0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05},
}

// weakEd25519 reports whether k encodes a small-order point, or a y coordinate of p = 2^255−19 or
// more (a non-canonical encoding: one point, two spellings, two thumbprints).
func weakEd25519(k ed25519.PublicKey) bool {
	var y [32]byte
	copy(y[:], k)
	y[31] &= 0x7f // the sign of x
	for _, s := range smallOrderY {
		if y == s {
			return true
		}
	}
	// y ≥ p: compared from the most significant byte down. p is 0x7fff…ffed.
	if y[31] != 0x7f {
		return false
	}
	for _, b := range y[1:31] {
		if b != 0xff {
			return false
		}
	}
	return y[0] >= 0xed
}
