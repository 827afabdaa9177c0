package jwks

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxBody bounds every response body: a JWK Set of a few dozen keys is a few kilobytes, so anything
// near a mebibyte is a misconfiguration or an attack, and is refused rather than buffered.
const maxBody = 1 << 20

// maxRedirects bounds a redirect chain, even one that stays on the same host.
const maxRedirects = 5

// guardedClient returns a shallow copy of base whose redirect policy refuses to leave the original host
// or to downgrade to a scheme checkURL would refuse, before deferring to base's own policy.
func guardedClient(base *http.Client, insecure bool) *http.Client {
	c := *base
	prev := base.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("%w: more than %d redirects", errRedirect, maxRedirects)
		}
		from := via[0].URL
		if !strings.EqualFold(req.URL.Host, from.Host) {
			return fmt.Errorf("%w: from host %q to host %q", errRedirect, from.Host, req.URL.Host)
		}
		if strings.EqualFold(from.Scheme, "https") && !strings.EqualFold(req.URL.Scheme, "https") {
			return fmt.Errorf("%w: from https to %s", errRedirect, req.URL.Scheme)
		}
		if err := checkURL(req.URL, insecure); err != nil {
			return fmt.Errorf("%w: %w", errRedirect, err)
		}
		if prev != nil {
			return prev(req, via)
		}
		return nil
	}
	return &c
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
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("%w: GET %s: %s", errStatus, rawURL, resp.Status)
	}
	if resp.ContentLength > maxBody {
		return nil, nil, fmt.Errorf("GET %s: %w (Content-Length %d)", rawURL, errTooLarge, resp.ContentLength)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, nil, fmt.Errorf("GET %s: reading body: %w", rawURL, err)
	}
	if len(body) > maxBody {
		return nil, nil, fmt.Errorf("GET %s: %w", rawURL, errTooLarge)
	}
	return body, resp.Header, nil
}
