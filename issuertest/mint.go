package issuertest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// tokenLifetime is how long a minted token is valid by default: short, like a real access token.
const tokenLifetime = 5 * time.Minute

// Mint signs an access token shaped as RFC 9068 describes, valid from now (the issuer's clock) for
// five minutes: header alg RS256 (or the first enabled algorithm), typ "at+jwt" and the current
// key's kid; claims iss (the issuer URL), iat, nbf, exp and a random jti — and only those, so a test
// states the aud, sub, scope and client_id it relies on with options. Options also set or drop any
// claim or header and choose the key. An error names the misused option.
func (i *Issuer) Mint(opts ...MintOption) (string, error) {
	c, err := i.mintConfig(opts)
	if err != nil {
		return "", err
	}

	alg, key, err := i.chooseKey(&c)
	if err != nil {
		return "", err
	}
	method, ok := families[alg]
	signWith := method.method
	if !ok {
		signWith = attackMethods[alg]
	}
	sk, err := signingKey(alg, key.signer)
	if err != nil {
		return "", err
	}

	token := jwt.NewWithClaims(signWith, jwt.MapClaims(c.claims))
	token.Header["typ"] = "at+jwt"
	if !c.noKeyID {
		token.Header["kid"] = key.kid
	}
	for _, h := range c.headers {
		if h.value == nil {
			delete(token.Header, h.name)
		} else {
			token.Header[h.name] = h.value
		}
	}
	signed, err := token.SignedString(sk)
	if err != nil {
		return "", fmt.Errorf("issuertest: sign %s token: %w", alg, err)
	}
	return signed, nil
}

// mintConfig applies opts to the claims every minted token starts with, JWT or opaque, and reports
// the first misused option.
func (i *Issuer) mintConfig(opts []MintOption) (mintConfig, error) {
	now := i.cfg.clock()
	c := mintConfig{
		now: now,
		claims: map[string]any{
			"iss": i.issuer,
			"iat": now.Unix(),
			"nbf": now.Unix(),
			"exp": now.Add(tokenLifetime).Unix(),
			"jti": randomHex(16),
		},
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	return c, c.err
}

// chooseKey resolves WithAlgorithm, WithKeyID and WithUnknownKey into the algorithm to sign with and
// the key whose kid goes in the header (for "none" and HS*, the key the forgery pretends to use).
func (i *Issuer) chooseKey(c *mintConfig) (string, *issuedKey, error) {
	alg := c.alg
	_, asymmetric := families[alg]
	_, forged := attackMethods[alg]
	if alg != "" && !asymmetric && !forged {
		return "", nil, fmt.Errorf("issuertest: unsupported algorithm %q", alg)
	}

	switch {
	case c.keyID != "" && c.unknownKey:
		return "", nil, errors.New("issuertest: WithKeyID and WithUnknownKey exclude each other")
	case c.keyID != "":
		key, ok := i.keyByID(c.keyID)
		if !ok {
			return "", nil, fmt.Errorf("issuertest: WithKeyID: the issuer has no key %q", c.keyID)
		}
		if alg == "" {
			alg = key.alg
		}
		return alg, key, nil
	case c.unknownKey:
		if alg == "" {
			alg = i.defaultAlgorithm()
		}
		if forged {
			return "", nil, fmt.Errorf("issuertest: WithUnknownKey needs a public-key algorithm, not %q", alg)
		}
		key, err := i.strangerKey(alg)
		return alg, key, err
	}

	if alg == "" {
		alg = i.defaultAlgorithm()
	}
	keyAlg := alg
	if forged {
		keyAlg = i.defaultAlgorithm()
	}
	key, ok := i.currentKey(keyAlg)
	if !ok {
		return "", nil, fmt.Errorf("issuertest: algorithm %q is not enabled (see WithAlgorithms)", alg)
	}
	return alg, key, nil
}

// MustMint is Mint for tests: it stops the test with t.Fatal when Mint fails.
func (i *Issuer) MustMint(t testing.TB, opts ...MintOption) string {
	t.Helper()
	token, err := i.Mint(opts...)
	if err != nil {
		t.Fatalf("issuertest: %v", err)
	}
	return token
}
