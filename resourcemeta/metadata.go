package resourcemeta

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/jwtguard/jwtguard/internal/secureurl"
)

// ErrInvalidMetadata is wrapped by every error New and Handler return for a document they refuse;
// the error names the field at fault.
var ErrInvalidMetadata = errors.New("resourcemeta: invalid metadata")

// Metadata is the protected resource metadata document of RFC 9728 §2. Resource is required; every
// other field is optional and left out of the JSON when empty (false, for the booleans, is their
// default). URLs must be https, or http to a loopback host (for tests and local development).
type Metadata struct {
	// Resource is the protected resource's identifier (RFC 9728 §1.2, RFC 8707): an https URL without
	// a fragment. A client compares it with the URL it called, so it is written exactly as clients
	// reach the API, e.g. "https://api.example.com/mcp". A query is allowed but discouraged.
	Resource string `json:"resource"`
	// AuthorizationServers lists the issuer identifiers (RFC 8414) of the authorization servers whose
	// tokens the resource accepts: https URLs without query or fragment.
	AuthorizationServers []string `json:"authorization_servers,omitempty"`
	// JWKSURI is the URL of the resource's own JWK Set, holding the keys it signs responses with (not
	// the authorization server's keys).
	JWKSURI string `json:"jwks_uri,omitempty"`
	// ScopesSupported lists the scope values (RFC 6749 §3.3 scope-tokens) used in requests to the
	// resource. RFC 9728 recommends it.
	ScopesSupported []string `json:"scopes_supported,omitempty"`
	// BearerMethodsSupported lists how the resource accepts a bearer token: "header", "body" and/or
	// "query" (RFC 6750 §2). Nil leaves the field out (nothing is implied); an empty non-nil slice is
	// sent as [] and says that no bearer method is supported (for instance, DPoP only).
	BearerMethodsSupported []string `json:"bearer_methods_supported,omitzero"`
	// ResourceSigningAlgValuesSupported lists the JWS algorithms the resource signs its responses
	// with; never "none".
	ResourceSigningAlgValuesSupported []string `json:"resource_signing_alg_values_supported,omitempty"`
	// ResourceName is a human-readable name of the resource, to show to end users. RFC 9728
	// recommends it.
	ResourceName string `json:"resource_name,omitempty"`
	// ResourceDocumentation is the URL of a page with developer documentation for the resource.
	ResourceDocumentation string `json:"resource_documentation,omitempty"`
	// ResourcePolicyURI is the URL of a page on how clients may use the data the resource provides.
	ResourcePolicyURI string `json:"resource_policy_uri,omitempty"`
	// ResourceTOSURI is the URL of the resource's terms of service.
	ResourceTOSURI string `json:"resource_tos_uri,omitempty"`
	// TLSClientCertificateBoundAccessTokens says the resource supports mutual-TLS certificate-bound
	// access tokens (RFC 8705).
	TLSClientCertificateBoundAccessTokens bool `json:"tls_client_certificate_bound_access_tokens,omitempty"`
	// AuthorizationDetailsTypesSupported lists the authorization_details type values (RFC 9396) the
	// resource understands.
	AuthorizationDetailsTypesSupported []string `json:"authorization_details_types_supported,omitempty"`
	// DPoPSigningAlgValuesSupported lists the JWS algorithms the resource accepts for DPoP proofs
	// (RFC 9449); asymmetric ones only, never "none".
	DPoPSigningAlgValuesSupported []string `json:"dpop_signing_alg_values_supported,omitempty"`
	// DPoPBoundAccessTokensRequired says the resource always requires DPoP-bound access tokens.
	DPoPBoundAccessTokensRequired bool `json:"dpop_bound_access_tokens_required,omitempty"`
	// SignedMetadata is a JWT, signed by an authorization server or another party the client trusts,
	// asserting these metadata values (RFC 9728 §2.2). It is served as given; only its compact shape
	// is checked.
	SignedMetadata string `json:"signed_metadata,omitempty"`
}

// validate checks every field against RFC 9728 §2 and returns the resource identifier parsed.
func (m *Metadata) validate() (*url.URL, error) {
	resource, err := parseResource(m.Resource)
	if err != nil {
		return nil, invalid("resource", err)
	}
	for _, as := range m.AuthorizationServers {
		if err := checkIssuer(as); err != nil {
			return nil, invalid("authorization_servers", err)
		}
	}
	if m.JWKSURI != "" {
		if err := checkURL(m.JWKSURI, false); err != nil {
			return nil, invalid("jwks_uri", err)
		}
	}
	for _, s := range m.ScopesSupported {
		if !isScopeToken(s) {
			return nil, invalid("scopes_supported", fmt.Errorf("%q is not a scope token", s))
		}
	}
	for i, b := range m.BearerMethodsSupported {
		if b != "header" && b != "body" && b != "query" {
			return nil, invalid("bearer_methods_supported", fmt.Errorf("%q is none of header, body, query", b))
		}
		if slices.Contains(m.BearerMethodsSupported[:i], b) {
			return nil, invalid("bearer_methods_supported", fmt.Errorf("%q is listed twice", b))
		}
	}
	if err := checkAlgorithms(m.ResourceSigningAlgValuesSupported, false); err != nil {
		return nil, invalid("resource_signing_alg_values_supported", err)
	}
	if err := checkAlgorithms(m.DPoPSigningAlgValuesSupported, true); err != nil {
		return nil, invalid("dpop_signing_alg_values_supported", err)
	}
	for _, page := range []struct{ field, url string }{
		{"resource_documentation", m.ResourceDocumentation},
		{"resource_policy_uri", m.ResourcePolicyURI},
		{"resource_tos_uri", m.ResourceTOSURI},
	} {
		if page.url != "" {
			// Human-readable pages may point into a section: a fragment is fine there.
			if err := checkURL(page.url, true); err != nil {
				return nil, invalid(page.field, err)
			}
		}
	}
	if slices.Contains(m.AuthorizationDetailsTypesSupported, "") {
		return nil, invalid("authorization_details_types_supported", errors.New("empty type"))
	}
	if m.SignedMetadata != "" && !isCompactJWS(m.SignedMetadata) {
		return nil, invalid("signed_metadata", errors.New("not a compact JWS"))
	}
	return resource, nil
}

func invalid(field string, err error) error {
	return fmt.Errorf("%w: %s: %w", ErrInvalidMetadata, field, err)
}

// parseResource parses a resource identifier: an https URL (http to loopback) without a fragment.
func parseResource(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("required")
	}
	if err := checkURL(raw, false); err != nil {
		return nil, err
	}
	return url.Parse(raw)
}

// checkIssuer checks an authorization server's issuer identifier: RFC 8414 §2 forbids a query too.
func checkIssuer(raw string) error {
	if err := checkURL(raw, false); err != nil {
		return err
	}
	if strings.Contains(raw, "?") {
		return fmt.Errorf("%q: an issuer identifier has no query", raw)
	}
	return nil
}

// checkURL accepts an absolute https URL, or http to a loopback host, with a fragment only when
// fragmentOK. The fragment test is on the string: url.Parse drops an empty one ("…#").
func checkURL(raw string, fragmentOK bool) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if err := secureurl.Check(u, false); err != nil {
		return fmt.Errorf("%q: %w", raw, err)
	}
	if !fragmentOK && strings.Contains(raw, "#") {
		return fmt.Errorf("%q: has a fragment", raw)
	}
	return nil
}

// isScopeToken reports whether s is an RFC 6749 §3.3 scope-token: one or more printable ASCII
// characters other than space, '"' and '\'.
func isScopeToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// checkAlgorithms refuses empty names and "none" and, for DPoP proofs (RFC 9449 §4.2: asymmetric
// signatures only), the MAC algorithms.
func checkAlgorithms(algs []string, asymmetricOnly bool) error {
	for _, alg := range algs {
		switch {
		case alg == "" || strings.ContainsFunc(alg, func(r rune) bool { return r <= ' ' || r >= 0x7f }):
			return fmt.Errorf("%q is not an algorithm name", alg)
		case strings.EqualFold(alg, "none"):
			return errors.New(`"none" is not a signature algorithm`)
		case asymmetricOnly && strings.HasPrefix(alg, "HS"):
			return fmt.Errorf("%q is symmetric", alg)
		}
	}
	return nil
}

// isCompactJWS reports whether s has the shape of a compact JWS: three base64url segments, the
// first two non-empty.
func isCompactJWS(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return false
	}
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			c := p[i]
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}
