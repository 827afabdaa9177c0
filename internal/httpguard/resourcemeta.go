package httpguard

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/jwtguard/jwtguard/internal/secureurl"
)

// WithResourceMetadata adds resource_metadata="<metadataURL>" to every challenge the Writer makes
// (the 401s, the 403s and the 400 of a malformed request; a 503 has none): the URL of the RFC 9728
// protected resource metadata, from which a refused client learns where to get a token (RFC 9728
// §5.1). Use resourcemeta.Document.URL or resourcemeta.MetadataURL.
//
// metadataURL must be an absolute https URL, or http to a loopback host, without credentials or a
// fragment, and printable ASCII without spaces, quotes or backslashes (percent-encode those); any
// other value, "" included, makes New panic, so a typo fails at start-up. A custom error handler
// (WithErrorHandler) writes its own answer and must add the parameter itself.
func WithResourceMetadata[C any](metadataURL string) Option[C] {
	err := checkMetadataURL(metadataURL)
	return func(s *settings[C]) {
		s.resourceMetadata = metadataURL
		if err != nil && s.err == nil {
			s.err = fmt.Errorf("WithResourceMetadata(%q): %w", metadataURL, err)
		}
	}
}

// checkMetadataURL applies the rule of WithResourceMetadata.
func checkMetadataURL(raw string) error {
	if raw == "" {
		return errors.New("empty URL")
	}
	if strings.ContainsFunc(raw, func(r rune) bool { return r <= ' ' || r >= 0x7f || r == '"' || r == '\\' }) {
		return errors.New("URL holds a space, quote, backslash, control or non-ASCII character")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if !u.IsAbs() {
		return errors.New("URL is not absolute")
	}
	if strings.Contains(raw, "#") {
		return errors.New("URL has a fragment")
	}
	return secureurl.Check(u, false)
}

// challengeParams are the parameters the options add to every challenge, after the realm.
func (s *settings[C]) challengeParams() []Param {
	return []Param{{"resource_metadata", s.resourceMetadata}}
}
