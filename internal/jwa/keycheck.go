package jwa

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"errors"
	"fmt"
)

// RSA key bounds. 2048 bits is RFC 7518 §3.3's floor; above 16384 bits verification gets expensive
// enough to be a denial-of-service lever, and no identity provider publishes such keys. An exponent
// above MaxRSAExponent (2³¹−1, crypto/rsa's own ceiling) costs a verification more without making it
// any safer.
const (
	MinRSABits     = 2048
	MaxRSABits     = 16384
	MaxRSAExponent = 1<<31 - 1
)

var (
	// ErrKeyType is wrapped by CheckPublicKey and KeyAlgorithms for a key that is no
	// signature-verification public key jwtguard knows.
	ErrKeyType = errors.New("not a signature key type jwtguard verifies with")
	// ErrUnfitKey is wrapped by CheckPublicKey and KeyAlgorithms for a key of a known type that may
	// not verify anything: an RSA modulus out of bounds or an unusable exponent, an EC key on an
	// unsupported curve, an Ed25519 key of small order or non-canonically encoded.
	ErrUnfitKey = errors.New("key refused")
)

// The reasons CheckPublicKey gives, preallocated: Fits runs on every validation and must not allocate.
var (
	errRSANoModulus   = fmt.Errorf("%w: RSA key without modulus", ErrUnfitKey)
	errRSAEvenModulus = fmt.Errorf("%w: RSA modulus is even", ErrUnfitKey)
	errRSAExponent    = fmt.Errorf("%w: RSA exponent must be odd, at least 3 and at most %d", ErrUnfitKey, MaxRSAExponent)
	errRSASize        = fmt.Errorf("%w: RSA modulus size out of bounds", ErrUnfitKey)
	errECCurve        = fmt.Errorf("%w: EC key on an unsupported curve", ErrUnfitKey)
	errEdLength       = fmt.Errorf("%w: Ed25519 key of wrong length", ErrUnfitKey)
	errEdNonCanonical = fmt.Errorf("%w: Ed25519 key is not canonically encoded", ErrUnfitKey)
	errEdSmallOrder   = fmt.Errorf("%w: Ed25519 key is a point of small order", ErrUnfitKey)
)

// CheckPublicKey reports whether pub may verify signatures at all, whatever the algorithm: the one
// place the rules for a published key live, applied to JWK Set keys when they load and to DPoP proof
// keys before any signature work. It refuses, wrapping ErrUnfitKey:
//
//   - RSA: a modulus outside [MinRSABits, MaxRSABits] bits or even; an exponent that is even, below
//     3 or above MaxRSAExponent (an even e has no inverse; RFC 8017 §3.1);
//   - EC: a curve other than P-256, P-384 and P-521;
//   - Ed25519: a key of the wrong length, a non-canonical encoding (y ≥ 2²⁵⁵−19, RFC 8032 §5.1.3),
//     or one of the points of small order, under which one made-up signature verifies a share of all
//     messages (crypto/ed25519 does not refuse them).
//
// Any other type, private keys included, wraps ErrKeyType.
func CheckPublicKey(pub crypto.PublicKey) error {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		err := checkRSA(k)
		if err == errRSASize {
			return rsaSizeError(k) // names the size, for the Warn line of a skipped JWK
		}
		return err
	case *ecdsa.PublicKey:
		for i := range NumAsymmetric {
			if a := &Algorithms[i]; a.Family == EC && k != nil && k.Curve == a.Curve {
				return nil
			}
		}
		return errECCurve
	case ed25519.PublicKey:
		return checkEd25519(k)
	}
	return fmt.Errorf("%w: %T", ErrKeyType, pub)
}

// checkRSA is CheckPublicKey for an RSA key, with preallocated errors.
func checkRSA(k *rsa.PublicKey) error {
	switch {
	case k == nil || k.N == nil:
		return errRSANoModulus
	case k.N.BitLen() < MinRSABits || k.N.BitLen() > MaxRSABits:
		return errRSASize
	case k.N.Bit(0) == 0:
		return errRSAEvenModulus
	case k.E < 3 || k.E&1 == 0 || k.E > MaxRSAExponent:
		return errRSAExponent
	}
	return nil
}

func rsaSizeError(k *rsa.PublicKey) error {
	bits := k.N.BitLen()
	if bits < MinRSABits {
		return fmt.Errorf("%w: RSA key of %d bits, want at least %d", ErrUnfitKey, bits, MinRSABits)
	}
	return fmt.Errorf("%w: RSA key of %d bits, want at most %d", ErrUnfitKey, bits, MaxRSABits)
}

// edSmallOrderY are the y coordinates, little-endian, of the eight points of small order on
// edwards25519 (the torsion subgroup): 1 (the identity), p−1 (order 2), 0 (the two points of order 4)
// and the two y of the four points of order 8. The sign bit, which only picks x, is cleared before
// comparing, so each entry refuses both encodings. libsodium's crypto_sign_verify_detached refuses
// the same list.
var edSmallOrderY = [...][ed25519.PublicKeySize]byte{
	{0x01},
	{0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
	{},
	{0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
		0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05},
	{0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
		0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a},
}

// checkEd25519 is CheckPublicKey for an Ed25519 key, with preallocated errors.
func checkEd25519(k ed25519.PublicKey) error {
	if len(k) != ed25519.PublicKeySize {
		return errEdLength
	}
	var y [ed25519.PublicKeySize]byte
	copy(y[:], k)
	y[31] &= 0x7f // the sign of x
	if !belowP(&y) {
		return errEdNonCanonical
	}
	for i := range edSmallOrderY {
		if y == edSmallOrderY[i] {
			return errEdSmallOrder
		}
	}
	return nil
}

// belowP reports whether the little-endian 255-bit y is below p = 2²⁵⁵−19, that is, a canonical
// field element. Only y in [p, 2²⁵⁵) is not: top bytes all 0xff (0x7f for the last) and the lowest
// byte at least 0xed.
func belowP(y *[ed25519.PublicKeySize]byte) bool {
	if y[31] != 0x7f {
		return true
	}
	for i := 30; i >= 1; i-- {
		if y[i] != 0xff {
			return true
		}
	}
	return y[0] < 0xed
}

// KeyAlgorithms returns the asymmetric algorithms pub may verify by its type, curve and size alone,
// or why it verifies none (CheckPublicKey's reason).
func KeyAlgorithms(pub crypto.PublicKey) (Set, error) {
	if err := CheckPublicKey(pub); err != nil {
		return 0, err
	}
	var fits Set
	for i := range NumAsymmetric {
		if Algorithms[i].Fits(pub) {
			fits |= Bit(i)
		}
	}
	return fits, nil
}
