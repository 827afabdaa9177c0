package jwks

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"

	"github.com/jwtguard/jwtguard/internal/safefetch"
)

// fetched is what one successful fetch brought: the keys to install unless the body is unchanged, and
// the response headers that set the next delay.
type fetched struct {
	keys      []key
	unchanged bool // the body is the one installed last: nothing to parse or install
	header    http.Header
	sum       [sha256.Size]byte
}

// fetch gets the JWK Set — resolving its URL by discovery first if need be — and parses it. A body
// identical to the last installed one is reported unchanged without being parsed again. A JWK Set
// without a usable key is an error, unless WithEmptySetRevokes makes it the keys to install.
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
	f.unchanged = f.sum == s.lastBody && s.held != nil
	s.mu.Unlock()
	if f.unchanged {
		return f, nil
	}
	p, err := parseSet(body)
	s.logParse(ctx, u, p)
	if err != nil {
		if !s.cfg.emptySetRevokes || !errors.Is(err, errNoUsableKeys) {
			return fetched{}, fmt.Errorf("%s: %w", u, err)
		}
		s.cfg.logger.WarnContext(ctx, "jwks: JWK Set holds no usable key; installing it as is (WithEmptySetRevokes), so every token is refused",
			append(sourceAttrs(u, s.issuer), errorAttr(err))...)
	}
	f.keys = p.keys
	return f, nil
}

// get fetches rawURL within the HTTP timeout and returns the body and the response headers. Anything
// but a 200 with a body of at most maxBody bytes is an error.
func (s *Set) get(ctx context.Context, rawURL string) ([]byte, http.Header, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.httpTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Accept", "application/jwk-set+json, application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := safefetch.ReadBody(resp)
	if err != nil {
		return nil, nil, err
	}
	return body, resp.Header, nil
}

// The rules of outbound requests are shared with package introspect; these names keep this
// package's code short.
var (
	parseURL      = safefetch.ParseURL
	wellKnownURLs = safefetch.WellKnownURLs
	guardedClient = safefetch.GuardedClient
)

// maxBody bounds every response body (see safefetch.MaxBody).
const maxBody = safefetch.MaxBody
