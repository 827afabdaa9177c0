package issuertest

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// Issuer is a running test identity provider: an HTTP server on 127.0.0.1 publishing OIDC discovery,
// RFC 8414 metadata and a JWK Set, and a minter of access tokens signed with the published keys.
// Its methods are safe for concurrent use.
type Issuer struct {
	cfg    config
	server *httptest.Server
	base   string // scheme://host:port, no path
	issuer string // base + cfg.path
	done   chan struct{}
	once   sync.Once

	mu             sync.Mutex
	seq            int                   // numbers kids in creation order
	keys           []*issuedKey          // every key made, published or retired, oldest first
	current        map[string]*issuedKey // alg → the key Mint signs with
	strangers      map[string]*issuedKey // alg → never-published key for WithUnknownKey
	jwksFault      Fault
	discoveryFault Fault

	opaque             map[opaqueHash]map[string]any // MintOpaque's tokens, by hash, with their claims
	introspectionFault Fault

	tx transmitter // the Shared Signals transmitter (ssf.go)

	jwksFetches      atomic.Int64
	discoveryFetches atomic.Int64
	introspections   atomic.Int64
}

// New starts an Issuer for a test and closes it when the test ends. It stops the test with t.Fatal
// if the issuer cannot start (an invalid Option, no loopback socket).
func New(t testing.TB, opts ...Option) *Issuer {
	t.Helper()
	iss, err := Start(opts...)
	if err != nil {
		t.Fatalf("issuertest: %v", err)
	}
	t.Cleanup(iss.Close)
	return iss
}

// Start starts an Issuer outside of a test, e.g. for a demo. The caller must Close it.
func Start(opts ...Option) (*Issuer, error) {
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	i := &Issuer{
		cfg:       cfg,
		done:      make(chan struct{}),
		current:   make(map[string]*issuedKey),
		strangers: make(map[string]*issuedKey),
	}
	if err := i.generateCurrent(cfg.algorithms); err != nil {
		return nil, err
	}
	// An explicit listener rather than httptest.NewServer, which panics when it cannot listen.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("issuertest: listen on loopback: %w", err)
	}
	i.server = &httptest.Server{Listener: ln, Config: &http.Server{Handler: i.routes()}}
	i.base = "http://" + ln.Addr().String()
	i.issuer = i.base + cfg.path
	i.server.Start()
	return i, nil
}

// Close stops the server, ending any request a FaultSlow holds. It is safe to call more than once.
// Tokens minted before Close remain verifiable against keys fetched before it.
func (i *Issuer) Close() {
	i.once.Do(func() {
		close(i.done)
		i.server.Close()
	})
}

// URL returns the issuer's URL, e.g. "http://127.0.0.1:43121", without a trailing slash. It is also
// the issuer identifier: the "iss" of minted tokens, what validator.WithIssuer and jwks.Discover take.
func (i *Issuer) URL() string { return i.issuer }

// JWKSURL returns the URL of the JWK Set, the "jwks_uri" of the discovery document.
func (i *Issuer) JWKSURL() string { return i.issuer + jwksPath }

// DiscoveryURL returns the URL of the OpenID Connect discovery document.
func (i *Issuer) DiscoveryURL() string { return i.issuer + oidcDiscoveryPath }

// MetadataURL returns the URL of the RFC 8414 authorization server metadata.
func (i *Issuer) MetadataURL() string { return i.base + oauthMetadataPath + i.cfg.path }

// Algorithms returns the algorithms the issuer publishes keys for, in the order they were enabled.
func (i *Issuer) Algorithms() []string {
	return append([]string(nil), i.cfg.algorithms...)
}

// defaultAlgorithm is the algorithm Mint uses when WithAlgorithm is not given.
func (i *Issuer) defaultAlgorithm() string {
	for _, alg := range i.cfg.algorithms {
		if alg == "RS256" {
			return alg
		}
	}
	return i.cfg.algorithms[0]
}
