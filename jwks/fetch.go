package jwks

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
)

// fetched is what one successful fetch brought: keys to install (nil when the body is unchanged) and
// the response headers that set the next delay.
type fetched struct {
	keys   []key
	header http.Header
	sum    [sha256.Size]byte
}

// fetch gets the JWK Set — resolving its URL by discovery first if need be — and parses it. A body
// identical to the last installed one is reported unchanged (keys nil) without being parsed again.
func (s *Set) fetch(ctx context.Context) (fetched, error) {
	u, err := s.resolveJWKSURL(ctx)
	if err != nil {
		return fetched{}, err
	}
	body, hdr, err := s.get(ctx, u)
	if err != nil {
		return fetched{}, err
	}
	f := fetched{header: hdr, sum: sha256.Sum256(body)}
	// An unchanged body is recognised by its digest and neither parsed nor logged again.
	s.mu.Lock()
	same := f.sum == s.lastBody && s.snap.Load() != nil
	s.mu.Unlock()
	if same {
		return f, nil
	}
	p, err := parseSet(body)
	s.logParse(ctx, u, p)
	if err != nil {
		return fetched{}, fmt.Errorf("%s: %w", u, err)
	}
	f.keys = p.keys
	return f, nil
}

// logParse reports what parsing left out: each skipped key and any private material dropped.
func (s *Set) logParse(ctx context.Context, url string, p parsedSet) {
	for _, sk := range p.skipped {
		s.cfg.logger.WarnContext(ctx, "jwks: skipping key", "url", url, "index", sk.index, "kid", sk.kid, "reason", sk.reason)
	}
	if p.private > 0 {
		s.cfg.logger.WarnContext(ctx, "jwks: JWK Set publishes private key material; only public parts are used", "url", url, "keys", p.private)
	}
}
