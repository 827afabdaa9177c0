package ssf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/internal/safefetch"
	"github.com/jwtguard/jwtguard/jwks"
)

// Configuration is the part of a transmitter's SSF 1.0 configuration metadata (§7.1) a receiver
// uses.
type Configuration struct {
	// Issuer is the transmitter's issuer identifier: the "iss" of its SETs, what WithIssuer takes.
	Issuer string `json:"issuer"`
	// JWKSURI is where the transmitter publishes the keys its SETs are signed with.
	JWKSURI string `json:"jwks_uri"`
	// DeliveryMethodsSupported lists the delivery methods, e.g. "urn:ietf:rfc:8935" (push) and
	// "urn:ietf:rfc:8936" (poll).
	DeliveryMethodsSupported []string `json:"delivery_methods_supported"`
	// ConfigurationEndpoint is where streams are created and configured.
	ConfigurationEndpoint string `json:"configuration_endpoint,omitempty"`
	// StatusEndpoint reports and changes a stream's status.
	StatusEndpoint string `json:"status_endpoint,omitempty"`
	// VerificationEndpoint asks the transmitter for a verification event.
	VerificationEndpoint string `json:"verification_endpoint,omitempty"`
	// SpecVersion is the SSF version the transmitter implements, e.g. "1_0".
	SpecVersion string `json:"spec_version,omitempty"`
}

// The delivery methods of SSF 1.0 §7.1.
const (
	DeliveryPush = "urn:ietf:rfc:8935"
	DeliveryPoll = "urn:ietf:rfc:8936"
)

// ConfigurationURL returns where the transmitter whose issuer identifier is transmitter publishes its
// configuration: "/.well-known/ssf-configuration" inserted between the host and the path (SSF 1.0
// §7.2, as RFC 8414 does for authorization servers).
func ConfigurationURL(transmitter string) (string, error) {
	u, err := url.Parse(transmitter)
	if err != nil {
		return "", err
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("issuer %q has a query or fragment", transmitter)
	}
	wk := url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/.well-known/ssf-configuration" + strings.TrimSuffix(u.Path, "/")}
	return wk.String(), nil
}

// Discover reads the configuration of the transmitter whose issuer identifier is transmitter, checks
// that it names that issuer exactly, and returns it with a *jwks.Set for its jwks_uri (built by
// jwks.New with opts, so keys refresh in the background and an unreachable JWK Set is retried; the
// caller closes the Set). The configuration is fetched under the rules every metadata fetch follows:
// https (plain http to loopback only), redirects within the host, at most 1 MiB, within ctx and 10 s.
//
//	cfg, keys, err := ssf.Discover(ctx, "https://idp.example.com")
//	rx, err := ssf.NewReceiver(list, ssf.WithIssuer(cfg.Issuer), ssf.WithKeys(keys), ssf.WithAudience(aud))
func Discover(ctx context.Context, transmitter string, opts ...jwks.Option) (*Configuration, *jwks.Set, error) {
	if _, err := safefetch.ParseURL(transmitter, false); err != nil {
		return nil, nil, fmt.Errorf("ssf: transmitter: %w", err)
	}
	where, err := ConfigurationURL(transmitter)
	if err != nil {
		return nil, nil, fmt.Errorf("ssf: transmitter: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, where, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("ssf: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := safefetch.GuardedClient(http.DefaultClient, false).Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("ssf: configuration: %w", err)
	}
	defer resp.Body.Close()
	body, err := safefetch.ReadBody(resp)
	if err != nil {
		return nil, nil, fmt.Errorf("ssf: configuration: %w", err)
	}
	var cfg Configuration
	if err := json.Unmarshal(body, &cfg); err != nil {
		return nil, nil, fmt.Errorf("ssf: configuration at %s is not JSON: %w", where, err)
	}
	switch {
	case cfg.Issuer != transmitter:
		return nil, nil, fmt.Errorf("ssf: %s names issuer %q, want %q", where, cfg.Issuer, transmitter)
	case cfg.JWKSURI == "":
		return nil, nil, errors.New("ssf: " + where + " has no jwks_uri")
	}
	keys, err := jwks.New(ctx, cfg.JWKSURI, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("ssf: transmitter keys: %w", err)
	}
	return &cfg, keys, nil
}
