package jwks

import (
	"context"
	"net/http"

	"github.com/jwtguard/jwtguard/internal/safefetch"
)

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
