package issuertest

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Option configures an Issuer made by New or Start.
type Option func(*config) error

// config is what the Options produce; Start checks it before any socket is opened.
type config struct {
	algorithms []string
	clock      func() time.Time
	path       string

	introspectionID, introspectionSecret string
}

func defaultConfig() config {
	return config{
		algorithms:          slices.Clone(defaultAlgorithms),
		clock:               time.Now,
		introspectionID:     DefaultIntrospectionClientID,
		introspectionSecret: DefaultIntrospectionClientSecret,
	}
}

// WithAlgorithms chooses the algorithms the issuer publishes a key for, replacing the default
// RS256, PS256, ES256 and EdDSA. Each algorithm gets its own key. Supported: RS256 RS384 RS512
// PS256 PS384 PS512 (RSA-2048), ES256 ES384 ES512 (P-256, P-384, P-521) and EdDSA (Ed25519).
// Mint signs with RS256 by default when it is enabled, else with the first algorithm given here.
func WithAlgorithms(algs ...string) Option {
	return func(c *config) error {
		if len(algs) == 0 {
			return fmt.Errorf("issuertest: WithAlgorithms needs at least one algorithm")
		}
		c.algorithms = c.algorithms[:0]
		for _, alg := range algs {
			if _, ok := families[alg]; !ok {
				return fmt.Errorf("issuertest: unsupported algorithm %q", alg)
			}
			if !slices.Contains(c.algorithms, alg) {
				c.algorithms = append(c.algorithms, alg)
			}
		}
		return nil
	}
}

// WithClock sets the issuer's notion of now, from which Mint derives iat, nbf and exp. Tests use it
// to mint tokens for a validator whose clock they also control.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return fmt.Errorf("issuertest: WithClock needs a non-nil clock")
		}
		c.clock = now
		return nil
	}
}

// WithIssuerPath gives the issuer identifier a path, as multi-tenant identity providers do
// (e.g. "/realms/test"). The OIDC discovery document is then served under the path
// (issuer + "/.well-known/openid-configuration") and the RFC 8414 metadata at
// "/.well-known/oauth-authorization-server" + path, as RFC 8414 section 3.1 requires.
func WithIssuerPath(path string) Option {
	return func(c *config) error {
		path = strings.TrimSuffix(path, "/")
		if !validIssuerPath(path) {
			return fmt.Errorf("issuertest: issuer path %q must be /-separated non-empty segments of letters, digits and -._~", path)
		}
		c.path = path
		return nil
	}
}

// validIssuerPath keeps the path to characters that need no escaping in a URL, so the issuer
// identifier a verifier compares is exactly the string the caller gave.
func validIssuerPath(path string) bool {
	if path == "" {
		return true
	}
	if !strings.HasPrefix(path, "/") {
		return false
	}
	for _, seg := range strings.Split(path[1:], "/") {
		if seg == "" || seg == "." || seg == ".." || seg == ".well-known" {
			return false
		}
		for _, r := range seg {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~", r)) {
				return false
			}
		}
	}
	return true
}
