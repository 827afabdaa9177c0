package issuertest

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"time"
)

// introspectionPath is the RFC 7662 endpoint, relative to the issuer identifier.
const introspectionPath = "/introspect"

// The client credentials the introspection endpoint accepts unless WithIntrospectionClient says otherwise.
const (
	DefaultIntrospectionClientID     = "jwtguard-resource-server"
	DefaultIntrospectionClientSecret = "jwtguard-introspection-secret"
)

// WithIntrospectionClient sets the client id and secret the introspection endpoint requires, by HTTP
// Basic (client_secret_basic) or in the request body (client_secret_post).
func WithIntrospectionClient(id, secret string) Option {
	return func(c *config) error {
		if id == "" || secret == "" {
			return errors.New("issuertest: WithIntrospectionClient needs a client id and a secret")
		}
		c.introspectionID, c.introspectionSecret = id, secret
		return nil
	}
}

// IntrospectionURL returns the URL of the RFC 7662 introspection endpoint, the
// "introspection_endpoint" of the metadata.
func (i *Issuer) IntrospectionURL() string { return i.issuer + introspectionPath }

// IntrospectionClient returns the client id and secret the introspection endpoint accepts.
func (i *Issuer) IntrospectionClient() (id, secret string) {
	return i.cfg.introspectionID, i.cfg.introspectionSecret
}

// SetIntrospectionFault makes the introspection endpoint fail as f describes (FaultGarbage answers
// with a body that is not JSON).
func (i *Issuer) SetIntrospectionFault(f Fault) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.introspectionFault = f
}

// Introspections returns how many requests reached the introspection endpoint, faulted and
// unauthenticated ones included.
func (i *Issuer) Introspections() int64 { return i.introspections.Load() }

// serveIntrospection answers RFC 7662 requests: the client must authenticate, and a token is active
// when MintOpaque issued it, it was not revoked, and its exp (if any) is ahead of the issuer's clock.
func (i *Issuer) serveIntrospection(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	i.introspections.Add(1)
	i.mu.Lock()
	fault := i.introspectionFault
	i.mu.Unlock()
	if i.serveFault(w, r, fault) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxTokenRequest)
	if err := r.ParseForm(); err != nil {
		writeTokenError(w, &tokenError{http.StatusBadRequest, "invalid_request", "unreadable form body"})
		return
	}
	if !i.introspectionClientOK(r) {
		writeTokenError(w, &tokenError{http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret"})
		return
	}
	token := r.PostForm.Get("token")
	if token == "" {
		writeTokenError(w, &tokenError{http.StatusBadRequest, "invalid_request", "token is required"})
		return
	}
	answer := map[string]any{"active": false}
	i.mu.Lock()
	claims, ok := i.opaque[hashOpaque(token)]
	i.mu.Unlock()
	if ok && !expiredAt(claims, i.cfg.clock()) {
		answer = maps.Clone(claims)
		answer["active"] = true
		answer["token_type"] = "Bearer"
	}
	body, err := json.Marshal(answer)
	if err != nil {
		http.Error(w, "issuertest: encode introspection answer", http.StatusInternalServerError)
		return
	}
	writeJSON(w, body)
}

// introspectionClientOK checks the client credentials, sent by Basic or in the body but not both.
func (i *Issuer) introspectionClientOK(r *http.Request) bool {
	id, secret, basic := r.BasicAuth()
	if basic {
		if r.PostForm.Has("client_secret") {
			return false
		}
		// RFC 6749 §2.3.1: Basic credentials are form-encoded first.
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil {
			return false
		}
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	idOK := subtle.ConstantTimeCompare([]byte(id), []byte(i.cfg.introspectionID)) == 1
	secretOK := subtle.ConstantTimeCompare([]byte(secret), []byte(i.cfg.introspectionSecret)) == 1
	return idOK && secretOK
}

// expiredAt reports whether claims carry an exp at or before now.
func expiredAt(claims map[string]any, now time.Time) bool {
	var exp float64
	switch v := claims["exp"].(type) {
	case int64:
		exp = float64(v)
	case int:
		exp = float64(v)
	case float64:
		exp = v
	default:
		return false
	}
	return float64(now.Unix()) >= exp
}
