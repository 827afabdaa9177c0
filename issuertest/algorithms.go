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
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// rsaBits is the RSA modulus size: the smallest that verifiers bounding key strength accept.
const rsaBits = 2048

// defaultAlgorithms are the algorithms an issuer publishes keys for when WithAlgorithms is not given:
// one of each key family a resource server meets in practice.
var defaultAlgorithms = []string{"RS256", "PS256", "ES256", "EdDSA"}

// keyFamily describes how keys for one asymmetric algorithm are made and used.
type keyFamily struct {
	method   jwt.SigningMethod
	generate func() (crypto.Signer, error)
}

// families lists every asymmetric algorithm the issuer can hold keys for.
var families = map[string]keyFamily{
	"RS256": {jwt.SigningMethodRS256, generateRSA},
	"RS384": {jwt.SigningMethodRS384, generateRSA},
	"RS512": {jwt.SigningMethodRS512, generateRSA},
	"PS256": {jwt.SigningMethodPS256, generateRSA},
	"PS384": {jwt.SigningMethodPS384, generateRSA},
	"PS512": {jwt.SigningMethodPS512, generateRSA},
	"ES256": {jwt.SigningMethodES256, generateEC(elliptic.P256())},
	"ES384": {jwt.SigningMethodES384, generateEC(elliptic.P384())},
	"ES512": {jwt.SigningMethodES512, generateEC(elliptic.P521())},
	"EdDSA": {jwt.SigningMethodEdDSA, generateEd25519},
}

// attackMethods are the algorithms Mint accepts that no published key backs: they forge tokens a
// verifier must refuse ("none", and HMAC keyed with a public key — the algorithm-confusion attack).
var attackMethods = map[string]jwt.SigningMethod{
	"none":  jwt.SigningMethodNone,
	"HS256": jwt.SigningMethodHS256,
	"HS384": jwt.SigningMethodHS384,
	"HS512": jwt.SigningMethodHS512,
}

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
	fits := false
	switch k := signer.(type) {
	case *rsa.PrivateKey:
		fits = strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS")
	case *ecdsa.PrivateKey:
		fits = curveFor(alg) == k.Curve
	case ed25519.PrivateKey:
		fits = alg == "EdDSA"
	}
	if !fits {
		return nil, fmt.Errorf("issuertest: a %T cannot sign %s", signer, alg)
	}
	return signer, nil
}

// curveFor returns the curve an ES* algorithm requires (RFC 7518 section 3.4).
func curveFor(alg string) elliptic.Curve {
	switch alg {
	case "ES256":
		return elliptic.P256()
	case "ES384":
		return elliptic.P384()
	case "ES512":
		return elliptic.P521()
	}
	return nil
}
