package dpop

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/internal/jwa"
	"github.com/jwtguard/jwtguard/internal/thumbprint"
)

// ProofOption shapes a proof made by NewProof. Besides the ordinary choices (nonce, algorithm), the
// options can break any rule, so tests can prove a verifier refuses such proofs.
type ProofOption func(*proofConfig)

type proofConfig struct {
	alg     string
	iat     time.Time
	claims  map[string]any
	headers map[string]any
}

// WithProofNonce puts the server nonce in the proof (RFC 9449 §8).
func WithProofNonce(nonce string) ProofOption {
	return func(c *proofConfig) { c.claims["nonce"] = nonce }
}

// WithProofIssuedAt sets iat (default: now).
func WithProofIssuedAt(iat time.Time) ProofOption {
	return func(c *proofConfig) { c.iat = iat }
}

// WithProofID sets jti (default: 128 random bits), e.g. to make two proofs with the same jti.
func WithProofID(jti string) ProofOption {
	return func(c *proofConfig) { c.claims["jti"] = jti }
}

// WithProofType sets the typ header (default "dpop+jwt").
func WithProofType(typ string) ProofOption {
	return func(c *proofConfig) { c.headers["typ"] = typ }
}

// WithProofAlgorithm signs with alg instead of the key's default (ES256/ES384/ES512 by curve, PS256
// for RSA, EdDSA for Ed25519). It also accepts what a verifier must refuse: "none" (no signature) and
// HS256/HS384/HS512 keyed with the public key's thumbprint input.
func WithProofAlgorithm(alg string) ProofOption {
	return func(c *proofConfig) { c.alg = alg }
}

// WithProofClaim sets any claim, overriding a default; a nil value deletes it. E.g.
// WithProofClaim("htu", "https://elsewhere/") or WithProofClaim("ath", nil).
func WithProofClaim(name string, value any) ProofOption {
	return func(c *proofConfig) { c.claims[name] = value }
}

// WithProofHeader sets any header parameter after the defaults (typ, alg, jwk); a nil value deletes
// it. Setting "jwk" replaces the public key sent, e.g. with another key or with private members.
func WithProofHeader(name string, value any) ProofOption {
	return func(c *proofConfig) { c.headers[name] = value }
}

// NewProof returns a DPoP proof JWT (RFC 9449 §4.2) made with key for a request of method to url,
// carrying accessToken's hash as ath (omitted when accessToken is ""). The proof has typ "dpop+jwt",
// the public key as its jwk header, a random jti and iat now. key must be an *ecdsa.PrivateKey,
// *rsa.PrivateKey or ed25519.PrivateKey. It is meant for tests and for clients of the demo.
func NewProof(key crypto.Signer, method, url, accessToken string, opts ...ProofOption) (string, error) {
	if key == nil {
		return "", errors.New("dpop: NewProof: nil key")
	}
	members, err := thumbprint.AppendMembers(nil, key.Public())
	if err != nil {
		return "", fmt.Errorf("dpop: NewProof: %w", err)
	}
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		return "", fmt.Errorf("dpop: NewProof: %w", err)
	}
	c := proofConfig{
		iat:     time.Now(),
		claims:  map[string]any{"htm": method, "htu": url, "jti": base64.RawURLEncoding.EncodeToString(jti)},
		headers: map[string]any{"typ": "dpop+jwt", "jwk": json.RawMessage(members)},
	}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		c.claims["ath"] = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	if c.alg, err = defaultAlgorithm(key); err != nil {
		return "", err
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	if _, set := c.claims["iat"]; !set { // WithProofClaim("iat", nil) leaves it out
		c.claims["iat"] = c.iat.Unix()
	}
	claims := jwt.MapClaims{}
	for k, v := range c.claims {
		if v != nil {
			claims[k] = v
		}
	}
	method0, signWith, err := signingMethod(c.alg, key, members)
	if err != nil {
		return "", err
	}
	token := jwt.NewWithClaims(method0, claims)
	for k, v := range c.headers {
		if v == nil {
			delete(token.Header, k)
		} else {
			token.Header[k] = v
		}
	}
	return token.SignedString(signWith)
}

// defaultAlgorithm picks the algorithm a client would use with key.
func defaultAlgorithm(key crypto.Signer) (string, error) {
	switch k := key.Public().(type) {
	case *ecdsa.PublicKey:
		switch k.Curve.Params().BitSize {
		case 256:
			return "ES256", nil
		case 384:
			return "ES384", nil
		case 521:
			return "ES512", nil
		}
	case *rsa.PublicKey:
		return "PS256", nil
	case ed25519.PublicKey:
		return "EdDSA", nil
	}
	return "", errors.New("dpop: NewProof: unsupported key type")
}

// signingMethod returns the golang-jwt method for alg and the key to sign with: key itself, or for
// the forgeries "none" and HS*, what golang-jwt needs to make them.
func signingMethod(alg string, key crypto.Signer, members []byte) (jwt.SigningMethod, any, error) {
	if alg == "none" {
		return jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, nil
	}
	a, ok := jwa.Lookup(alg) // the one algorithm table, as the Verifier reads it
	switch {
	case !ok:
		return nil, nil, fmt.Errorf("dpop: NewProof: unknown algorithm %q", alg)
	case a.Family == jwa.HMAC:
		return a.Method, members, nil
	}
	return a.Method, key, nil
}
