package main

import (
	"encoding/json"
	"net/http"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// demoScope is the scope GET /orders requires.
const demoScope = "orders:read"

// demoRealm names the protection space in every challenge the API sends, 401 and 403 alike.
const demoRealm = "jwtguard-demo"

// demoAPI is the protected HTTP API: every route behind the bearer middleware except /healthz,
// and /orders additionally behind a scope requirement. apiURL is where it listens (the DPoP route's
// htu). opts are added to the guard's options, and to those of the DPoP route's guard, so its
// challenges carry the same realm and resource_metadata.
func demoAPI(v validator.TokenValidator, apiURL string, opts ...nethttp.Option) http.Handler {
	skipHealth := nethttp.WithSkipper(func(r *http.Request) bool { return r.URL.Path == "/healthz" })
	g := nethttp.New(v, append([]nethttp.Option{nethttp.WithRealm(demoRealm), skipHealth}, opts...)...)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeDemoJSON(w, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /me", func(w http.ResponseWriter, r *http.Request) {
		claims, ok := validator.FromContext(r.Context())
		if !ok { // unreachable behind the middleware; refuse rather than serve anonymously
			http.Error(w, "unauthenticated", http.StatusUnauthorized)
			return
		}
		writeDemoJSON(w, map[string]any{"subject": claims.Subject, "client_id": claims.ClientID, "scopes": claims.Scopes.List()})
	})
	mux.Handle("GET /orders", g.Require(scopes.All(demoScope))(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			claims, ok := validator.FromContext(r.Context())
			if !ok {
				http.Error(w, "unauthenticated", http.StatusUnauthorized)
				return
			}
			writeDemoJSON(w, map[string]any{"customer": claims.Subject, "orders": []string{"A-1001", "A-1002"}})
		})))
	return withDPoPRoute(g.Middleware(mux), v, apiURL, opts...)
}

func writeDemoJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
