// Package secureurl holds the one rule for URLs whose content must come from the party named in
// them (keys, metadata, authorization servers): https, or plain http only to a loopback host.
package secureurl

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// ErrPlainHTTP is wrapped by Check's error for an http URL to a host that is not loopback, so callers
// can name the option that would allow it.
var ErrPlainHTTP = errors.New("plain http to a non-loopback host")

// Check accepts an absolute https URL, or an http URL to a loopback host (or to any host when
// insecure is set). Everything else could let a network attacker substitute what is fetched.
func Check(u *url.URL, insecure bool) error {
	if u.Host == "" || u.Hostname() == "" {
		return errors.New("URL has no host")
	}
	if u.User != nil {
		// Credentials in a URL end up in logs and status reports; a custom client carries them instead.
		return errors.New("URL must not carry credentials")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if insecure || IsLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%w %q", ErrPlainHTTP, u.Hostname())
	}
	return fmt.Errorf("URL scheme %q is not https", u.Scheme)
}

// IsLoopback reports whether host is "localhost" or a loopback IP address (127.0.0.0/8, ::1).
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}
