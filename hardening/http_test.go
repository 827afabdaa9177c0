package hardening

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// protected returns a mux that serves, under "/<cfg>", a handler behind nethttp.Middleware with the
// corpus validator of that configuration. The handler answers 200 only if it finds claims in the
// request context.
func protected(c *corpus) http.Handler {
	mux := http.NewServeMux()
	for name, v := range c.validators {
		mux.Handle("/"+name, nethttp.Middleware(v)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, ok := validator.FromContext(r.Context()); !ok {
				http.Error(w, "no claims in context", http.StatusTeapot)
				return
			}
			_, _ = io.WriteString(w, "ok")
		})))
	}
	return mux
}

// isB64Token reports whether s matches RFC 6750 §2.1's b64token:
// 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isB64Token(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~+/", c) >= 0) {
			return false
		}
	}
	return true
}

// expectedHTTP is the answer the middleware must give a case: status, the body's "error" and the
// challenge's error attribute ("" for none).
func expectedHTTP(ac attackCase) (status int, bodyError, challengeError string) {
	switch {
	case ac.http == http.StatusOK || (ac.http == 0 && ac.want == nil && ac.refusedBy == nil):
		return http.StatusOK, "", ""
	case ac.token == "":
		return http.StatusUnauthorized, "missing_token", ""
	case !isB64Token(ac.token):
		return http.StatusBadRequest, "invalid_request", "invalid_request"
	case ac.want == validator.ErrInsufficientScope:
		return http.StatusForbidden, "insufficient_scope", "insufficient_scope"
	}
	return http.StatusUnauthorized, "invalid_token", "invalid_token"
}

// boundDescription is the description of the refusal of a sender-constrained token: it names the
// cnf member first in order that no route checks.
func boundDescription(token string) string {
	var claims struct {
		Cnf map[string]any `json:"cnf"`
	}
	payload, _ := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	_ = json.Unmarshal(payload, &claims)
	names := slices.Sorted(maps.Keys(claims.Cnf))
	if len(names) == 0 {
		return "the token's cnf claim names no binding"
	}
	return "the token is bound (cnf " + names[0] + ") and this resource does not check that binding"
}

// wireSafe reports whether token can travel in a header over a real connection (Go's client refuses
// control bytes in header values).
func wireSafe(token string) bool {
	for i := 0; i < len(token); i++ {
		if token[i] < 0x20 || token[i] == 0x7f {
			return false
		}
	}
	return true
}

// TestAttackCorpusHTTP sends the whole corpus through nethttp.Middleware, in process for every case
// and over a loopback connection for every token a client can put in a header: each attack must be
// answered 400 or 401 with the RFC 6750 error the validator's reason calls for, each valid token 200.
func TestAttackCorpusHTTP(t *testing.T) {
	c := buildCorpus(t)
	h := protected(c)
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{}}
	defer client.Transport.(*http.Transport).CloseIdleConnections()

	overWire := 0
	for _, ac := range c.cases {
		if ac.http < 0 {
			continue
		}
		t.Run(ac.class+"/"+ac.name, func(t *testing.T) {
			status, bodyErr, challengeErr := expectedHTTP(ac)
			_, direct := c.validators[ac.cfg].Validate(context.Background(), ac.token)
			if ac.refusedBy != nil {
				// The validator accepts the token; the adapter's binding check refuses it, with a
				// description that names the binding.
				if direct != nil {
					t.Fatalf("the validator refused a sender-constrained token: %v", direct)
				}
				direct = validator.NewError(ac.refusedBy, boundDescription(ac.token), nil)
			}

			req := httptest.NewRequest(http.MethodGet, "/"+ac.cfg, nil)
			if ac.token != "" {
				req.Header.Set("Authorization", "Bearer "+ac.token)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			checkHTTPAnswer(t, "in process", rec.Result(), status, bodyErr, challengeErr, direct)

			if !wireSafe(ac.token) {
				return
			}
			overWire++
			wreq, err := http.NewRequest(http.MethodGet, srv.URL+"/"+ac.cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if ac.token != "" {
				wreq.Header.Set("Authorization", "Bearer "+ac.token)
			}
			resp, err := client.Do(wreq)
			if err != nil {
				t.Fatalf("loopback request: %v", err)
			}
			checkHTTPAnswer(t, "over loopback", resp, status, bodyErr, challengeErr, direct)
		})
	}
	t.Logf("HTTP corpus: %d cases in process, %d of them also over loopback", len(c.cases), overWire)
}

// checkHTTPAnswer asserts one response: status, JSON body error and description, challenge.
func checkHTTPAnswer(t *testing.T, how string, resp *http.Response, status int, bodyErr, challengeErr string, direct error) {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s: reading body: %v", how, err)
	}
	if resp.StatusCode != status {
		t.Fatalf("%s: status %d, want %d (body %s; direct verdict %v)", how, resp.StatusCode, status, trim(string(body), 200), direct)
	}
	if status == http.StatusOK {
		return
	}
	var answer struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		t.Fatalf("%s: body %q is not the JSON error object: %v", how, trim(string(body), 200), err)
	}
	if answer.Error != bodyErr {
		t.Errorf("%s: body error %q, want %q", how, answer.Error, bodyErr)
	}
	challenge := resp.Header.Get("WWW-Authenticate")
	if !strings.HasPrefix(challenge, "Bearer") {
		t.Errorf("%s: WWW-Authenticate %q is not a Bearer challenge", how, challenge)
	}
	hasError := strings.Contains(challenge, "error=")
	switch {
	case challengeErr == "" && hasError:
		t.Errorf("%s: challenge %q carries an error code, want none", how, challenge)
	case challengeErr != "" && !strings.Contains(challenge, `error="`+challengeErr+`"`):
		t.Errorf("%s: challenge %q lacks error=%q", how, challenge, challengeErr)
	}
	if bodyErr == "invalid_token" && answer.Description != validator.Description(direct) {
		t.Errorf("%s: error_description %q, want the validator's %q", how, answer.Description, validator.Description(direct))
	}
}
