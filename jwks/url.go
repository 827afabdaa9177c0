package jwks

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/jwtguard/jwtguard/internal/secureurl"
)

// checkURL accepts an absolute https URL, or an http URL to a loopback host (or to any host when
// insecure is set). Everything else could let a network attacker substitute the keys.
func checkURL(u *url.URL, insecure bool) error {
	err := secureurl.Check(u, insecure)
	if errors.Is(err, secureurl.ErrPlainHTTP) {
		return fmt.Errorf("%w (use https, or WithInsecureHTTP)", err)
	}
	return err
}

func parseURL(raw string, insecure bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if err := checkURL(u, insecure); err != nil {
		return nil, fmt.Errorf("%q: %w", raw, err)
	}
	return u, nil
}
