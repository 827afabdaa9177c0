package introspect

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/jwtguard/jwtguard/internal/jose"
	"github.com/jwtguard/jwtguard/internal/safefetch"
)

// ErrIssuerMismatch is wrapped by the error Discover returns when the metadata names an issuer other
// than the exact one asked for (RFC 8414 §3.3, OpenID Connect Discovery 1.0 §4.3).
var ErrIssuerMismatch = errors.New("introspect: discovered issuer does not match")

// Discover finds the introspection endpoint of issuer in its OpenID Connect discovery document or its
// RFC 8414 metadata ("introspection_endpoint"), checks that the document names exactly issuer, and
// returns an Introspector for it that also requires answers carrying "iss" to name issuer. Its options
// are New's, an audience decision included. Unlike
// jwks.Discover it needs the server now: it returns an error when no metadata can be had.
func Discover(ctx context.Context, issuer string, opts ...Option) (*Introspector, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if cfg.issuer != "" && cfg.issuer != issuer {
		return nil, fmt.Errorf("introspect: WithIssuer(%q) contradicts the issuer to discover, %q", cfg.issuer, issuer)
	}
	cfg.issuer = issuer
	u, err := safefetch.ParseURL(issuer, cfg.insecureHTTP)
	if err != nil {
		return nil, fmt.Errorf("introspect: issuer: %w", err)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("introspect: issuer %q has a query or fragment", issuer)
	}
	client := safefetch.GuardedClient(cfg.client, cfg.insecureHTTP)
	var errs []error
	for _, wellKnown := range safefetch.WellKnownURLs(issuer) {
		endpoint, err := discoverEndpoint(ctx, client, cfg, wellKnown, issuer)
		if errors.Is(err, ErrIssuerMismatch) {
			return nil, err
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		return newIntrospector(endpoint, cfg)
	}
	return nil, fmt.Errorf("introspect: discovery for issuer %q: %w", issuer, errors.Join(errs...))
}

// metadataNames are the discovery metadata members Discover reads.
var metadataNames = []string{"issuer", "introspection_endpoint"}

// discoverEndpoint reads one metadata document.
func discoverEndpoint(ctx context.Context, client *http.Client, cfg config, wellKnown, issuer string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, wellKnown, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := safefetch.ReadBody(resp)
	if err != nil {
		return "", err
	}
	// Read by exact name, as the introspection answers are: {"Issuer": ...} names no issuer.
	var meta [2]jose.Value
	if f := jose.ReadObject(body, metadataNames, meta[:]); f != jose.None {
		return "", fmt.Errorf("%s: %s", wellKnown, f.Describe("metadata"))
	}
	metaIssuer, ok := meta[0].Text()
	endpoint, endpointOK := meta[1].Text()
	if !ok && meta[0].Present() || !endpointOK && meta[1].Present() {
		return "", fmt.Errorf("%s: issuer or introspection_endpoint is not a string", wellKnown)
	}
	if metaIssuer != issuer {
		return "", fmt.Errorf("%w: %s names issuer %q, want %q", ErrIssuerMismatch, wellKnown, metaIssuer, issuer)
	}
	if endpoint == "" {
		return "", fmt.Errorf("%s: no introspection_endpoint", wellKnown)
	}
	return endpoint, nil
}
