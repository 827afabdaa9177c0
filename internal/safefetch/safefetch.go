// Package safefetch holds the rules every outbound request to an authorization server follows — jwks
// fetching keys, introspect asking about tokens: the URL rule of secureurl, redirects only within the
// host and never down to http, bodies of at most 1 MiB, and the well-known metadata locations.
package safefetch

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/jwtguard/jwtguard/internal/secureurl"
)

// MaxBody bounds every response body: metadata, a JWK Set or an introspection answer is a few
// kilobytes, so anything near a mebibyte is a misconfiguration or an attack, and is refused rather
// than buffered.
const MaxBody = 1 << 20

// maxRedirects bounds a redirect chain, even one that stays on the same host.
const maxRedirects = 5

// Reasons a request fails, for errors.Is in callers and their tests.
var (
	ErrTooLarge = errors.New("response body exceeds 1 MiB")
	ErrRedirect = errors.New("redirect refused")
	ErrStatus   = errors.New("unexpected HTTP status")
)

// CheckURL applies the URL rule of secureurl.Check (https, or plain http only to loopback unless
// insecure), naming the option that would allow plain http.
func CheckURL(u *url.URL, insecure bool) error {
	err := secureurl.Check(u, insecure)
	if errors.Is(err, secureurl.ErrPlainHTTP) {
		return fmt.Errorf("%w (use https, or WithInsecureHTTP)", err)
	}
	return err
}

// ParseURL parses raw and applies CheckURL.
func ParseURL(raw string, insecure bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if err := CheckURL(u, insecure); err != nil {
		return nil, fmt.Errorf("%q: %w", raw, err)
	}
	return u, nil
}

// GuardedClient returns a shallow copy of base whose redirect policy refuses to leave the original host
// or to downgrade to a scheme CheckURL would refuse, before deferring to base's own policy.
func GuardedClient(base *http.Client, insecure bool) *http.Client {
	c := *base
	prev := base.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("%w: more than %d redirects", ErrRedirect, maxRedirects)
		}
		from := via[0].URL
		if !strings.EqualFold(req.URL.Host, from.Host) {
			return fmt.Errorf("%w: from host %q to host %q", ErrRedirect, from.Host, req.URL.Host)
		}
		if strings.EqualFold(from.Scheme, "https") && !strings.EqualFold(req.URL.Scheme, "https") {
			return fmt.Errorf("%w: from https to %s", ErrRedirect, req.URL.Scheme)
		}
		if err := CheckURL(req.URL, insecure); err != nil {
			return fmt.Errorf("%w: %w", ErrRedirect, err)
		}
		if prev != nil {
			return prev(req, via)
		}
		return nil
	}
	return &c
}

// ReadBody returns the body of a 200 response of at most MaxBody bytes; anything else is an error
// that names the request (method and URL, which carry no secret) but never the body.
func ReadBody(resp *http.Response) ([]byte, error) {
	what := resp.Request.Method + " " + resp.Request.URL.Redacted()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: %s: %s", ErrStatus, what, resp.Status)
	}
	if resp.ContentLength > MaxBody {
		return nil, fmt.Errorf("%s: %w (Content-Length %d)", what, ErrTooLarge, resp.ContentLength)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("%s: reading body: %w", what, err)
	}
	if len(body) > MaxBody {
		return nil, fmt.Errorf("%s: %w", what, ErrTooLarge)
	}
	return body, nil
}

// WellKnownURLs lists the metadata locations for issuer: OpenID Connect Discovery 1.0 §4 appends the
// well-known path to the issuer; RFC 8414 §3.1 inserts it between host and path.
func WellKnownURLs(issuer string) []string {
	oidc := strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration"
	u, err := url.Parse(issuer)
	if err != nil {
		return []string{oidc}
	}
	rfc := url.URL{
		Scheme: u.Scheme,
		Host:   u.Host,
		Path:   "/.well-known/oauth-authorization-server" + strings.TrimSuffix(u.Path, "/"),
	}
	return []string{oidc, rfc.String()}
}
