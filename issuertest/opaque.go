package issuertest

import (
	"crypto/sha256"
	"errors"
	"testing"
)

// opaqueHash keys the issuer's record of opaque tokens, as a real server would keep them.
type opaqueHash [sha256.Size]byte

func hashOpaque(token string) opaqueHash { return sha256.Sum256([]byte(token)) }

// MintOpaque issues an opaque access token: 32 random bytes, hex-encoded, that mean nothing by
// themselves. The issuer's introspection endpoint (IntrospectionURL) answers "active": true for it
// with the claims Mint would have signed — iss, iat, nbf, exp, jti and whatever the options set
// (WithAudience, WithScope, WithSubject, WithClientID, WithClaim, Expired...) — until it expires by the
// issuer's clock or is revoked with Revoke. Options that only concern JWS headers and keys are refused.
func (i *Issuer) MintOpaque(opts ...MintOption) (string, error) {
	c, err := i.mintConfig(opts)
	if err != nil {
		return "", err
	}
	if len(c.headers) > 0 || c.alg != "" || c.keyID != "" || c.unknownKey || c.noKeyID {
		return "", errors.New("issuertest: MintOpaque: header and key options apply only to Mint")
	}
	token := randomHex(32)
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.opaque == nil {
		i.opaque = make(map[opaqueHash]map[string]any)
	}
	i.opaque[hashOpaque(token)] = c.claims
	return token, nil
}

// MustMintOpaque is MintOpaque for tests: it stops the test with t.Fatal when MintOpaque fails.
func (i *Issuer) MustMintOpaque(t testing.TB, opts ...MintOption) string {
	t.Helper()
	token, err := i.MintOpaque(opts...)
	if err != nil {
		t.Fatalf("issuertest: %v", err)
	}
	return token
}

// Revoke makes the introspection endpoint answer "active": false for token, an opaque token from
// MintOpaque, from now on (RFC 7009 revocation, without the endpoint).
func (i *Issuer) Revoke(token string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	delete(i.opaque, hashOpaque(token))
}
