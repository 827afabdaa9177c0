package nethttp_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// stubValidator accepts exactly one token.
type stubValidator struct {
	token  string
	claims *validator.Claims
}

func (s stubValidator) Validate(_ context.Context, token string) (*validator.Claims, error) {
	if token != s.token {
		return nil, &validator.Error{Reason: validator.ErrInvalidSignature, Description: "signature does not verify"}
	}
	return s.claims, nil
}

func serve(h http.Handler, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func TestMiddlewarePanicsOnNilValidator(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Middleware(nil) did not panic")
		}
	}()
	nethttp.Middleware(nil)
}

func TestMiddlewareOptions(t *testing.T) {
	claims := &validator.Claims{Subject: "alice", Scopes: scopes.New("read")}
	v := stubValidator{token: "good", claims: claims}
	var seen error
	record := func(w http.ResponseWriter, _ *http.Request, err error) {
		seen = err
		w.WriteHeader(http.StatusTeapot)
	}
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := validator.FromContext(r.Context())
		switch {
		case !ok:
			_, _ = w.Write([]byte("anonymous"))
		case got != claims:
			_, _ = w.Write([]byte("other claims"))
		default:
			_, _ = w.Write([]byte(got.Subject))
		}
	})
	tests := []struct {
		name     string
		opts     []nethttp.Option
		header   []string
		status   int
		body     string
		wantCode string // validator.Code of the error the handler saw
	}{
		{name: "nil options are ignored", opts: []nethttp.Option{nil}, header: []string{"Authorization", "Bearer good"}, status: 200, body: "alice"},
		{name: "nil extractor is the default", opts: []nethttp.Option{nethttp.WithExtractor(nil)}, header: []string{"Authorization", "Bearer good"}, status: 200, body: "alice"},
		{name: "nil error handler is the default", opts: []nethttp.Option{nethttp.WithErrorHandler(nil)}, status: 401},
		{name: "nil skipper skips nothing", opts: []nethttp.Option{nethttp.WithSkipper(nil)}, status: 401},
		{name: "custom handler sees missing token", opts: []nethttp.Option{nethttp.WithErrorHandler(record)}, status: 418, wantCode: "missing_token"},
		{name: "custom handler sees the validator's error", opts: []nethttp.Option{nethttp.WithErrorHandler(record)}, header: []string{"Authorization", "Bearer bad"}, status: 418, wantCode: "invalid_signature"},
		{name: "custom handler sees a malformed request", opts: []nethttp.Option{nethttp.WithErrorHandler(record)}, header: []string{"Authorization", "Bearer"}, status: 418},
		{name: "custom extractor", opts: []nethttp.Option{nethttp.WithExtractor(func(r *http.Request) (string, error) { return r.Header.Get("X-Token"), nil })}, header: []string{"X-Token", "good"}, status: 200, body: "alice"},
		{name: "skipper", opts: []nethttp.Option{nethttp.WithSkipper(func(*http.Request) bool { return true })}, header: []string{"Authorization", "Bearer bad"}, status: 200, body: "anonymous"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen = nil
			rec := serve(nethttp.Middleware(v, tt.opts...)(next), tt.header...)
			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d", rec.Code, tt.status)
			}
			if tt.body != "" && rec.Body.String() != tt.body {
				t.Errorf("body = %q, want %q", rec.Body, tt.body)
			}
			if tt.status == 418 && seen == nil {
				t.Error("the error handler saw no error")
			}
			if got := validator.Code(seen); tt.wantCode != "" && got != tt.wantCode {
				t.Errorf("code = %q, want %q", got, tt.wantCode)
			}
		})
	}
}

func TestRequireScopes(t *testing.T) {
	withClaims := func(c *validator.Claims) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				next.ServeHTTP(w, r.WithContext(validator.NewContext(r.Context(), c)))
			})
		}
	}
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	reader := &validator.Claims{Scopes: scopes.New("read")}
	tests := []struct {
		name      string
		claims    *validator.Claims // nil: no claims in the context
		req       scopes.Requirement
		opts      []nethttp.Option
		status    int
		challenge string
	}{
		{name: "met", claims: reader, req: scopes.All("read"), status: 200},
		{name: "zero requirement", claims: reader, status: 200},
		{name: "any met", claims: reader, req: scopes.Any("write", "read"), status: 200},
		{name: "not met", claims: reader, req: scopes.All("read", "write"), opts: []nethttp.Option{nethttp.WithRealm("r")}, status: 403,
			challenge: `Bearer realm="r", error="insufficient_scope", error_description="token lacks scope read write", scope="read write"`},
		{name: "no claims", req: scopes.All("read"), status: 401, challenge: `Bearer`},
		{name: "no claims, zero requirement", status: 401, challenge: `Bearer`},
		{name: "skipped", req: scopes.All("write"), opts: []nethttp.Option{nethttp.WithSkipper(func(*http.Request) bool { return true })}, status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := nethttp.RequireScopes(tt.req, tt.opts...)(ok)
			if tt.claims != nil {
				h = withClaims(tt.claims)(h)
			}
			rec := serve(h)
			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d", rec.Code, tt.status)
			}
			if got := rec.Header().Get("WWW-Authenticate"); got != tt.challenge {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.challenge)
			}
		})
	}
}

// TestTokenNeverLogged runs every kind of bad token through a middleware whose error handler logs the
// error it is given, as users' handlers do, and checks neither the logs nor the answers hold the token.
func TestTokenNeverLogged(t *testing.T) {
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Validator(validator.WithRequiredScopes(scopes.All("admin")))
	if err != nil {
		t.Fatal(err)
	}
	logs := conformance.CaptureLogs(t)
	ew := nethttp.NewErrorWriter("api")
	logAndWrite := func(w http.ResponseWriter, r *http.Request, err error) {
		slog.Error("authentication failed", "err", err, "code", validator.Code(err), "description", validator.Description(err))
		ew.WriteError(w, r, err)
	}
	h := nethttp.Middleware(v, nethttp.WithErrorHandler(logAndWrite))(http.NotFoundHandler())
	tokens := conformance.MintTokens(m)
	for name, token := range tokens {
		for _, header := range []string{"Bearer " + token, "Bearer " + token + " x", "Bearer " + token + `"`} {
			rec := serve(h, "Authorization", header)
			var dump strings.Builder
			_ = rec.Result().Header.Write(&dump)
			dump.WriteString(rec.Body.String())
			if testtoken.Leaks(dump.String(), token) {
				t.Errorf("%s: the answer holds the token:\n%s", name, dump.String())
			}
		}
	}
	if !strings.Contains(logs.String(), "authentication failed") {
		t.Fatal("nothing was logged: the capture does not work")
	}
	if name := tokens.LeakedIn(logs.String()); name != "" {
		t.Errorf("the logs hold the %s token:\n%s", name, logs)
	}
}

func TestContextIsTheRequests(t *testing.T) {
	type key struct{}
	v := stubValidator{token: "good", claims: &validator.Claims{Subject: "alice"}}
	h := nethttp.Middleware(v)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Context().Value(key{}) != "kept" {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r = r.WithContext(context.WithValue(r.Context(), key{}, "kept"))
	r.Header.Set("Authorization", "Bearer good")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK {
		t.Errorf("status = %d: values of the incoming context were lost", rec.Code)
	}
}
