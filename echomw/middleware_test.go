package echomw_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/echomw"
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

func TestMiddlewarePanicsOnNilValidator(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Middleware(nil) did not panic")
		}
	}()
	echomw.Middleware(nil)
}

func TestMiddlewareOptions(t *testing.T) {
	claims := &validator.Claims{Subject: "alice", Scopes: scopes.New("read")}
	v := stubValidator{token: "good", claims: claims}
	errTeapot := errors.New("teapot")
	var seen error
	record := func(c echo.Context, err error) error {
		seen = err
		return echo.NewHTTPError(http.StatusTeapot, "refused").SetInternal(errTeapot)
	}
	tests := []struct {
		name     string
		opts     []echomw.Option
		scope    scopes.Requirement
		header   string
		status   int
		body     string
		wantCode string
	}{
		{name: "valid", header: "Bearer good", status: 200, body: "alice"},
		{name: "nil options are ignored", opts: []echomw.Option{nil, echomw.WithExtractor(nil), echomw.WithErrorHandler(nil), echomw.WithSkipper(nil)}, header: "Bearer good", status: 200, body: "alice"},
		{name: "nil skipper skips nothing", opts: []echomw.Option{echomw.WithSkipper(nil)}, status: 401},
		{name: "error handler's error reaches echo", opts: []echomw.Option{echomw.WithErrorHandler(record)}, status: 418, wantCode: "missing_token"},
		{name: "error handler sees the validator's error", opts: []echomw.Option{echomw.WithErrorHandler(record)}, header: "Bearer bad", status: 418, wantCode: "invalid_signature"},
		{name: "error handler sees the scope error", opts: []echomw.Option{echomw.WithErrorHandler(record)}, scope: scopes.All("write"), header: "Bearer good", status: 418, wantCode: "insufficient_scope"},
		{name: "skipper", opts: []echomw.Option{echomw.WithSkipper(func(echo.Context) bool { return true })}, scope: scopes.All("write"), header: "Bearer bad", status: 200, body: "anonymous"},
		{name: "scope met", scope: scopes.All("read"), header: "Bearer good", status: 200, body: "alice"},
		{name: "scope not met", scope: scopes.All("write"), header: "Bearer good", status: 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen = nil
			e := echo.New()
			e.GET("/", func(c echo.Context) error {
				if claims, ok := echomw.Claims(c); ok {
					return c.String(http.StatusOK, claims.Subject)
				}
				return c.String(http.StatusOK, "anonymous")
			}, echomw.Middleware(v, tt.opts...), echomw.RequireScopes(tt.scope, tt.opts...))
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.header != "" {
				r.Header.Set("Authorization", tt.header)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, r)
			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d", rec.Code, tt.status)
			}
			if tt.body != "" && rec.Body.String() != tt.body {
				t.Errorf("body = %q, want %q", rec.Body, tt.body)
			}
			if got := validator.Code(seen); got != tt.wantCode {
				t.Errorf("code seen by the error handler = %q, want %q", got, tt.wantCode)
			}
		})
	}
}

// TestRequireScopesWithoutClaims covers a route where RequireScopes runs without Middleware before it.
func TestRequireScopesWithoutClaims(t *testing.T) {
	e := echo.New()
	e.GET("/", func(c echo.Context) error { return c.NoContent(http.StatusOK) },
		echomw.RequireScopes(scopes.All("read"), echomw.WithRealm("r")))
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") != `Bearer realm="r"` {
		t.Errorf("answer = %d %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
}

func TestClaimsWithoutRequest(t *testing.T) {
	c := echo.New().NewContext(nil, httptest.NewRecorder())
	if claims, ok := echomw.Claims(c); ok || claims != nil {
		t.Errorf("Claims = %v, %v for a context without a request", claims, ok)
	}
	if _, ok := echomw.Claims(nil); ok {
		t.Error("Claims(nil) reported claims")
	}
}
