package issuertest

import (
	"encoding/json"
	"net/http"
)

// The paths the issuer serves, relative to the issuer identifier (oauthMetadataPath: to the host).
const (
	oidcDiscoveryPath = "/.well-known/openid-configuration"
	oauthMetadataPath = "/.well-known/oauth-authorization-server"
	jwksPath          = "/jwks.json"
	authorizePath     = "/authorize"
)

// metadata is both the OIDC discovery document and the RFC 8414 metadata: the fields a resource
// server reads (issuer, jwks_uri) plus those the specifications mark required.
type metadata struct {
	Issuer                string   `json:"issuer"`
	AuthorizationEndpoint string   `json:"authorization_endpoint"`
	TokenEndpoint         string   `json:"token_endpoint"`
	JWKSURI               string   `json:"jwks_uri"`
	IntrospectionEndpoint string   `json:"introspection_endpoint"`
	ResponseTypes         []string `json:"response_types_supported"`
	SubjectTypes          []string `json:"subject_types_supported"`
	IDTokenSigningAlgs    []string `json:"id_token_signing_alg_values_supported"`
	GrantTypes            []string `json:"grant_types_supported"`
	TokenAuthMethods      []string `json:"token_endpoint_auth_methods_supported"`
}

// routes dispatches by exact path; a hand-written switch because the issuer path is caller-chosen
// and must not be interpreted as a ServeMux pattern.
func (i *Issuer) routes() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var serve func(http.ResponseWriter, *http.Request)
		switch r.URL.Path {
		case i.cfg.path + oidcDiscoveryPath, oauthMetadataPath + i.cfg.path:
			serve = i.serveMetadata
		case i.cfg.path + jwksPath:
			serve = i.serveJWKS
		case i.cfg.path + tokenPath:
			i.serveToken(w, r) // POST, unlike the others
			return
		case i.cfg.path + introspectionPath:
			i.serveIntrospection(w, r) // POST too
			return
		case i.cfg.path + authorizePath:
			serve = func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "issuertest mints tokens with Mint; it has no interactive login", http.StatusNotImplemented)
			}
		default:
			if !i.serveSSF(w, r) {
				http.NotFound(w, r)
			}
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		serve(w, r)
	})
}

func (i *Issuer) serveMetadata(w http.ResponseWriter, r *http.Request) {
	i.discoveryFetches.Add(1)
	i.mu.Lock()
	fault := i.discoveryFault
	i.mu.Unlock()
	if i.serveFault(w, r, fault) {
		return
	}
	body, err := json.Marshal(metadata{
		Issuer:                i.issuer,
		AuthorizationEndpoint: i.issuer + authorizePath,
		TokenEndpoint:         i.TokenURL(),
		JWKSURI:               i.JWKSURL(),
		IntrospectionEndpoint: i.IntrospectionURL(),
		ResponseTypes:         []string{"code"},
		SubjectTypes:          []string{"public"},
		IDTokenSigningAlgs:    i.Algorithms(),
		GrantTypes:            []string{"client_credentials"},
		TokenAuthMethods:      []string{"client_secret_basic", "client_secret_post", "none"},
	})
	if err != nil {
		http.Error(w, "issuertest: encode metadata", http.StatusInternalServerError)
		return
	}
	writeJSON(w, body)
}

func (i *Issuer) serveJWKS(w http.ResponseWriter, r *http.Request) {
	i.jwksFetches.Add(1)
	i.mu.Lock()
	fault := i.jwksFault
	i.mu.Unlock()
	if i.serveFault(w, r, fault) {
		return
	}
	writeJSON(w, i.JWKS())
}

func writeJSON(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	// Verifiers are expected to cache keys themselves; the fetch counters count every fetch.
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}
