package jwks

import "net/http"

// ReadyHandler returns an http.Handler for a readiness probe (Kubernetes readinessProbe, a load
// balancer's health check): it answers 200 "ready" while every one of sets holds keys that lookups may
// use, and 503 "keys unavailable" otherwise — before the first fetch has succeeded, while keys are
// stale (WithLastKnownGoodLifetime), after Close, and when sets is empty. A 503 takes the instance out
// of rotation instead of letting it answer 503 to every request; the body says nothing more, since
// probes are often reachable from outside (Status has the details, for logs). It reads Status, which
// takes a lock: serve it on its own route, never behind the bearer middleware.
func ReadyHandler(sets ...*Set) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if !allReady(sets) {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("keys unavailable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
}

// allReady reports whether every set (and at least one) holds keys lookups may use.
func allReady(sets []*Set) bool {
	for _, s := range sets {
		if st := s.Status(); st.Closed || st.Stale || st.Keys == 0 {
			return false
		}
	}
	return len(sets) > 0
}
