package jwks

import (
	"context"
	"fmt"
)

// New builds a Set that fetches the JWK Set at url and keeps it fresh in the background.
//
// The first fetch happens within ctx (and WithHTTPTimeout); ctx does not bound the background refresh,
// which runs until Close. If the first fetch fails, New still returns a working Set: lookups answer an
// error wrapping ErrKeysUnavailable while the Set retries with capped exponential backoff, and Ready
// tells when keys have arrived. New returns an error, wrapping ErrInvalidConfig, only for a malformed or
// non-https url (plain http is accepted for loopback hosts, or anywhere with WithInsecureHTTP) or an
// invalid option.
func New(ctx context.Context, url string, opts ...Option) (*Set, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if _, err := parseURL(url, cfg.insecureHTTP); err != nil {
		return nil, fmt.Errorf("%w: JWK Set URL: %w", ErrInvalidConfig, err)
	}
	s := newSet(ctx, cfg)
	s.jwksURL = url
	delay, failures, _ := s.startupFetch(ctx)
	go s.run(delay, failures)
	return s, nil
}
