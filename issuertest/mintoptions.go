package issuertest

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/internal/thumbprint"
)

// MintOption shapes one token made by Mint. Options apply in order, so a later one overrides an
// earlier one touching the same claim or header.
type MintOption func(*mintConfig)

// mintConfig collects the options. claims starts as the defaults; headers are replayed over the
// default header once the signing key is known.
type mintConfig struct {
	now        time.Time
	err        error // from an option that could not apply
	claims     map[string]any
	headers    []header
	alg        string
	keyID      string
	unknownKey bool
	noKeyID    bool
}

type header struct {
	name  string
	value any
}

// setClaim sets a claim, deletes it for nil, and writes times as NumericDate (seconds since the epoch).
func (c *mintConfig) setClaim(name string, value any) {
	switch v := value.(type) {
	case nil:
		delete(c.claims, name)
	case time.Time:
		c.claims[name] = v.Unix()
	default:
		c.claims[name] = value
	}
}

// WithAudience sets "aud": a single string for one audience, an array for several, none for none.
func WithAudience(aud ...string) MintOption {
	return func(c *mintConfig) {
		switch len(aud) {
		case 0:
			c.setClaim("aud", nil)
		case 1:
			c.setClaim("aud", aud[0])
		default:
			c.setClaim("aud", append([]string(nil), aud...))
		}
	}
}

// WithSubject sets "sub".
func WithSubject(sub string) MintOption {
	return func(c *mintConfig) { c.setClaim("sub", sub) }
}

// WithClientID sets "client_id", the OAuth client the token was issued to (RFC 9068).
func WithClientID(id string) MintOption {
	return func(c *mintConfig) { c.setClaim("client_id", id) }
}

// WithScope sets "scope" to the scopes joined by spaces (RFC 9068 section 2.2.3).
func WithScope(scopes ...string) MintOption {
	return func(c *mintConfig) { c.setClaim("scope", strings.Join(scopes, " ")) }
}

// WithClaim sets any claim, overriding a default or an earlier option; a nil value deletes it.
// A time.Time value is written as a NumericDate; anything else as encoding/json renders it.
func WithClaim(name string, value any) MintOption {
	return func(c *mintConfig) { c.setClaim(name, value) }
}

// WithHeader sets any JOSE header parameter after the defaults (alg, typ "at+jwt", kid) are in place;
// a nil value deletes it. Changing "alg" here changes only what the header claims, not how the
// token is signed — which is how tests forge a header that lies.
func WithHeader(name string, value any) MintOption {
	return func(c *mintConfig) { c.headers = append(c.headers, header{name, value}) }
}

// WithAlgorithm signs with alg instead of the default (RS256 when enabled). Besides the enabled
// algorithms it accepts forgeries a verifier must refuse: "none" (no signature) and HS256, HS384,
// HS512 keyed with the PEM of the default algorithm's current public key (algorithm confusion).
// With WithKeyID it may name another algorithm of the same key type, e.g. PS256 with an RS256 key.
func WithAlgorithm(alg string) MintOption {
	return func(c *mintConfig) { c.alg = alg }
}

// WithExpiry sets "exp".
func WithExpiry(exp time.Time) MintOption {
	return func(c *mintConfig) { c.setClaim("exp", exp) }
}

// Expired makes a token that expired ten minutes ago and was issued fifteen minutes ago: far enough
// in the past to fail under any sensible clock-skew leeway.
func Expired() MintOption {
	return func(c *mintConfig) {
		c.setClaim("exp", c.now.Add(-10*time.Minute))
		c.setClaim("iat", c.now.Add(-15*time.Minute))
		c.setClaim("nbf", c.now.Add(-15*time.Minute))
	}
}

// WithNotBefore sets "nbf".
func WithNotBefore(nbf time.Time) MintOption {
	return func(c *mintConfig) { c.setClaim("nbf", nbf) }
}

// WithIssuedAt sets "iat".
func WithIssuedAt(iat time.Time) MintOption {
	return func(c *mintConfig) { c.setClaim("iat", iat) }
}

// WithUnknownKey signs with a key the issuer never publishes, under a kid absent from its JWKS, as a
// token from an attacker or from another issuer would be. The key is made once per issuer and algorithm.
func WithUnknownKey() MintOption {
	return func(c *mintConfig) { c.unknownKey = true }
}

// WithKeyID signs with the issuer's key kid — a rotated or retired key as well as a current one —
// and, unless WithAlgorithm says otherwise, with that key's algorithm. Mint fails if the issuer never
// made such a key; to merely put some kid in the header, use WithHeader("kid", kid).
func WithKeyID(kid string) MintOption {
	return func(c *mintConfig) { c.keyID = kid }
}

// WithoutKeyID leaves "kid" out of the header; the token is still signed with the current key.
func WithoutKeyID() MintOption {
	return func(c *mintConfig) { c.noKeyID = true }
}

// WithDPoPKey binds the token to the DPoP key pub (RFC 9449 §6): cnf.jkt is set to pub's RFC 7638
// SHA-256 thumbprint. pub is an *ecdsa.PublicKey, *rsa.PublicKey or ed25519.PublicKey; Mint fails on
// any other. Other cnf members set by WithCertificate are kept.
func WithDPoPKey(pub crypto.PublicKey) MintOption {
	return func(c *mintConfig) {
		jkt, err := thumbprint.JWK(pub)
		if err != nil {
			c.err = fmt.Errorf("WithDPoPKey: %w", err)
			return
		}
		c.setConfirmation("jkt", jkt)
	}
}

// WithCertificate binds the token to the client certificate cert (RFC 8705 §3.1): cnf.x5t#S256 is
// set to the base64url SHA-256 of its DER encoding. Other cnf members set by WithDPoPKey are kept.
func WithCertificate(cert *x509.Certificate) MintOption {
	return func(c *mintConfig) {
		if cert == nil {
			c.err = errors.New("WithCertificate: nil certificate")
			return
		}
		c.setConfirmation("x5t#S256", thumbprint.Certificate(cert))
	}
}

// setConfirmation sets one member of the "cnf" claim (RFC 7800), keeping the others.
func (c *mintConfig) setConfirmation(name, value string) {
	cnf, ok := c.claims["cnf"].(map[string]any)
	if !ok {
		cnf = map[string]any{}
	}
	cnf[name] = value
	c.claims["cnf"] = cnf
}
