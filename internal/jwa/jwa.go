// Package jwa is jwtguard's one table of JSON Web Algorithms (RFC 7518): which JWS "alg" values exist
// here, which key each needs, and the golang-jwt SigningMethod that verifies it (jwa.go); the rules a
// public key and a published JWK must meet to verify anything (CheckPublicKey, JWKAlgorithms); and how
// keyfunc/v3 finds the keys for a token, checked on what it returns (FindKeys). The validator, jwks, dpop
// and issuertest all read it, so they never disagree on a key size, a curve or a key's fitness.
package jwa

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"

	"github.com/golang-jwt/jwt/v5"
)

// Family is the kind of key an algorithm verifies with.
type Family uint8

// The key families.
const (
	RSA Family = iota + 1
	EC
	Ed25519
	HMAC
)

// Algorithm is one JWS "alg" value.
type Algorithm struct {
	Name   string
	Family Family
	// Method verifies the signature (issuertest and the CLI also sign with it); resolved here, once,
	// never per token. PS256/384/512 verify with the salt length fixed at the hash size (see pss).
	Method jwt.SigningMethod
	// Curve is the curve an EC algorithm requires; nil otherwise.
	Curve elliptic.Curve
	// MinSecretBytes is, for HMAC, the shortest secret RFC 7518 §3.2 allows: the hash's output size.
	MinSecretBytes int
}

// Algorithms is every algorithm jwtguard knows, asymmetric ones first. An algorithm's index is its bit
// in a Set; "none" is deliberately absent.
var Algorithms = [...]Algorithm{
	{Name: "RS256", Family: RSA, Method: jwt.SigningMethodRS256},
	{Name: "RS384", Family: RSA, Method: jwt.SigningMethodRS384},
	{Name: "RS512", Family: RSA, Method: jwt.SigningMethodRS512},
	{Name: "PS256", Family: RSA, Method: pss(jwt.SigningMethodPS256)},
	{Name: "PS384", Family: RSA, Method: pss(jwt.SigningMethodPS384)},
	{Name: "PS512", Family: RSA, Method: pss(jwt.SigningMethodPS512)},
	{Name: "ES256", Family: EC, Method: jwt.SigningMethodES256, Curve: elliptic.P256()},
	{Name: "ES384", Family: EC, Method: jwt.SigningMethodES384, Curve: elliptic.P384()},
	{Name: "ES512", Family: EC, Method: jwt.SigningMethodES512, Curve: elliptic.P521()},
	{Name: "EdDSA", Family: Ed25519, Method: jwt.SigningMethodEdDSA},
	{Name: "HS256", Family: HMAC, Method: jwt.SigningMethodHS256, MinSecretBytes: 32},
	{Name: "HS384", Family: HMAC, Method: jwt.SigningMethodHS384, MinSecretBytes: 48},
	{Name: "HS512", Family: HMAC, Method: jwt.SigningMethodHS512, MinSecretBytes: 64},
}

// pss returns golang-jwt's RSASSA-PSS method m verifying with the salt length RFC 7518 §3.5 fixes, the
// hash's output size. golang-jwt's own SigningMethodPS256/384/512 verify with rsa.PSSSaltLengthAuto,
// accepting any salt length; they are left as they are (registered globally, other code may rely on
// them), and jwtguard verifies — and issuertest signs — with these.
func pss(m *jwt.SigningMethodRSAPSS) *jwt.SigningMethodRSAPSS {
	return &jwt.SigningMethodRSAPSS{
		SigningMethodRSA: m.SigningMethodRSA,
		Options:          &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash},
	}
}

// NumAsymmetric is how many algorithms verify with a public key; they are Algorithms[:NumAsymmetric].
const NumAsymmetric = 10

// Set is a set of algorithms, a bit mask over their index in Algorithms.
type Set uint16

// Asymmetric is every public-key algorithm: the secure default. Symmetric is HS256, HS384 and HS512.
const (
	Asymmetric Set = 1<<NumAsymmetric - 1
	Symmetric  Set = (1<<len(Algorithms) - 1) &^ Asymmetric
)

// Bit is the Set holding only the algorithm at index i.
func Bit(i int) Set { return 1 << i }

// Index returns the index of the algorithm named exactly name (alg values are case-sensitive), or -1.
// A switch, not a map: the lookup runs on every token and must not allocate.
func Index(name string) int {
	switch name {
	case "RS256":
		return 0
	case "RS384":
		return 1
	case "RS512":
		return 2
	case "PS256":
		return 3
	case "PS384":
		return 4
	case "PS512":
		return 5
	case "ES256":
		return 6
	case "ES384":
		return 7
	case "ES512":
		return 8
	case "EdDSA":
		return 9
	case "HS256":
		return 10
	case "HS384":
		return 11
	case "HS512":
		return 12
	}
	return -1
}

// Lookup returns the algorithm named exactly name.
func Lookup(name string) (*Algorithm, bool) {
	if i := Index(name); i >= 0 {
		return &Algorithms[i], true
	}
	return nil, false
}

// Fits reports whether key may verify a's signatures: the key type a needs, on the curve a names, and
// a key CheckPublicKey accepts (an RSA modulus within [MinRSABits, MaxRSABits] and a sane exponent, an
// Ed25519 point canonically encoded and not of small order), or an HMAC secret at least MinSecretBytes
// long. It runs on every validation, so it neither allocates nor builds an error.
func (a *Algorithm) Fits(key any) bool {
	switch a.Family {
	case RSA:
		k, ok := key.(*rsa.PublicKey)
		return ok && checkRSA(k) == nil
	case EC:
		k, ok := key.(*ecdsa.PublicKey)
		return ok && k != nil && k.Curve == a.Curve
	case Ed25519:
		k, ok := key.(ed25519.PublicKey)
		return ok && checkEd25519(k) == nil
	case HMAC:
		k, ok := key.([]byte)
		return ok && len(k) >= a.MinSecretBytes
	}
	return false
}
