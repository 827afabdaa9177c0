package jwks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// Discover builds a Set for the identity provider whose issuer identifier is issuerURL. It reads the
// OpenID Connect discovery document (issuerURL + "/.well-known/openid-configuration") or, failing that,
// the RFC 8414 authorization server metadata ("/.well-known/oauth-authorization-server" inserted before
// the issuer's path), checks that the document's "issuer" equals issuerURL exactly, and then fetches
// and refreshes the JWK Set at its "jwks_uri" as New does. The jwks_uri is resolved once; later
// refreshes fetch only the JWK Set.
//
// Discovery and the first JWK Set fetch happen within ctx. If the provider cannot be reached, Discover
// still returns a working Set that retries discovery and fetch in the background (see New); a mismatch
// first seen during those retries is logged and retried like any failed fetch. Discover returns
// an error only for an invalid issuerURL or option (wrapping ErrInvalidConfig) and for a discovery
// document naming another issuer (wrapping ErrIssuerMismatch): that is a configuration mistake, such as
// a missing or extra trailing slash, that retrying cannot fix.
func Discover(ctx context.Context, issuerURL string, opts ...Option) (*Set, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	u, err := parseURL(issuerURL, cfg.insecureHTTP)
	if err != nil {
		return nil, fmt.Errorf("%w: issuer: %w", ErrInvalidConfig, err)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%w: issuer %q has a query or fragment", ErrInvalidConfig, issuerURL)
	}
	s := newSet(ctx, cfg)
	s.issuer = issuerURL
	delay, failures, err := s.startupFetch(ctx)
	if errors.Is(err, ErrIssuerMismatch) {
		s.cancel()
		return nil, err
	}
	go s.run(delay, failures)
	return s, nil
}

// resolveJWKSURL returns the JWK Set URL, running discovery first if it is not known yet.
func (s *Set) resolveJWKSURL(ctx context.Context) (string, error) {
	s.mu.Lock()
	u := s.jwksURL
	s.mu.Unlock()
	if u != "" {
		return u, nil
	}
	u, err := s.discover(ctx)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	s.jwksURL = u
	s.mu.Unlock()
	return u, nil
}

// discover tries each well-known location in turn. An issuer mismatch stops the search: a document that
// answers for another issuer is a misconfiguration to report, not a reason to look elsewhere.
func (s *Set) discover(ctx context.Context) (string, error) {
	var errs []error
	for _, wk := range wellKnownURLs(s.issuer) {
		body, _, err := s.get(ctx, wk)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		var meta struct {
			Issuer  string `json:"issuer"`
			JWKSURI string `json:"jwks_uri"`
		}
		if err := json.Unmarshal(body, &meta); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", wk, err))
			continue
		}
		if meta.Issuer != s.issuer {
			return "", fmt.Errorf("%w: %s names issuer %q, want %q", ErrIssuerMismatch, wk, meta.Issuer, s.issuer)
		}
		if meta.JWKSURI == "" {
			errs = append(errs, fmt.Errorf("%s: no jwks_uri", wk))
			continue
		}
		if _, err := parseURL(meta.JWKSURI, s.cfg.insecureHTTP); err != nil {
			return "", fmt.Errorf("%s: jwks_uri: %w", wk, err)
		}
		return meta.JWKSURI, nil
	}
	return "", fmt.Errorf("discovery for issuer %q: %w", s.issuer, errors.Join(errs...))
}
