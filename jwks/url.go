package jwks

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// checkURL accepts an absolute https URL, or an http URL to a loopback host (or to any host when
// insecure is set). Everything else could let a network attacker substitute the keys.
func checkURL(u *url.URL, insecure bool) error {
	if u.Host == "" || u.Hostname() == "" {
		return errors.New("URL has no host")
	}
	if u.User != nil {
		// Credentials in a URL end up in logs and Status; a custom client carries them instead.
		return errors.New("URL must not carry credentials")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if insecure || isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("plain http to non-loopback host %q (use https, or WithInsecureHTTP)", u.Hostname())
	}
	return fmt.Errorf("URL scheme %q is not https", u.Scheme)
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

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}
