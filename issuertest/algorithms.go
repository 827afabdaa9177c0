package issuertest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/internal/jwa"
)

// rsaBits is the RSA modulus size: the smallest the shared algorithm table accepts.
const rsaBits = jwa.MinRSABits

// defaultAlgorithms are the algorithms an issuer publishes keys for when WithAlgorithms is not given:
// one of each key family a resource server meets in practice.
var defaultAlgorithms = []string{"RS256", "PS256", "ES256", "EdDSA"}

// keyFamily describes how keys for one asymmetric algorithm are made and used.
type keyFamily struct {
	method   jwt.SigningMethod
	generate func() (crypto.Signer, error)
}

// families lists every asymmetric algorithm of the shared table (internal/jwa), which the issuer can
// hold keys for.
var families = func() map[string]keyFamily {
	m := make(map[string]keyFamily, jwa.NumAsymmetric)
	for _, a := range jwa.Algorithms[:jwa.NumAsymmetric] {
		f := keyFamily{method: a.Method}
		switch a.Family {
		case jwa.RSA:
			f.generate = generateRSA
		case jwa.EC:
			f.generate = generateEC(a.Curve)
		case jwa.Ed25519:
			f.generate = generateEd25519
		}
		m[a.Name] = f
	}
	return m
}()

// attackMethods are the algorithms Mint accepts that no published key backs: they forge tokens a
// verifier must refuse ("none", and HMAC keyed with a public key — the algorithm-confusion attack).
var attackMethods = func() map[string]jwt.SigningMethod {
	m := map[string]jwt.SigningMethod{"none": jwt.SigningMethodNone}
	for _, a := range jwa.Algorithms[jwa.NumAsymmetric:] {
		m[a.Name] = a.Method
	}
	return m
}()

func generateRSA() (crypto.Signer, error) { return rsa.GenerateKey(rand.Reader, rsaBits) }

func generateEC(curve elliptic.Curve) func() (crypto.Signer, error) {
	return func() (crypto.Signer, error) { return ecdsa.GenerateKey(curve, rand.Reader) }
}

func generateEd25519() (crypto.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	return priv, err
}

// signingKey returns what golang-jwt's method for alg wants as its signing key, made from signer.
// It fails when signer's type does not fit alg, e.g. an ECDSA key asked to sign RS256.
func signingKey(alg string, signer crypto.Signer) (any, error) {
	if alg == "none" {
		return jwt.UnsafeAllowNoneSignatureType, nil
	}
	if _, ok := attackMethods[alg]; ok {
		// The confused verifier uses the public key's PEM text as the HMAC secret.
		der, err := x509.MarshalPKIXPublicKey(signer.Public())
		if err != nil {
			return nil, fmt.Errorf("issuertest: encode public key for %s: %w", alg, err)
		}
		return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
	}
	a, ok := jwa.Lookup(alg)
	fits := ok && a.Fits(signer.Public())
	if !fits {
		return nil, fmt.Errorf("issuertest: a %T cannot sign %s", signer, alg)
	}
	return signer, nil
}
