package conformance

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// GuardBuild returns an adapter's server for RunGuard: its New(v, WithRealm(realm)) guard protects
// PathOpen with the guard's Middleware and PathScoped with the Middleware and Require(WriteScope),
// the realm given once; both answer 200.
type GuardBuild func(v validator.TokenValidator, realm string) http.Handler

// kindCase is a failure a token validator may report, sent as the token of its name, and the answer
// the failure's validator.Kind must get.
type kindCase struct {
	token, path string
	err         error
	status      int
	challenge   string
}

var kindCases = []kindCase{
	{token: "inactive", err: validator.NewError(validator.ErrTokenInactive, "token is not active", nil),
		status: 401, challenge: `Bearer realm="api", error="invalid_token", error_description="token is not active"`},
	{token: "unavailable", err: fmt.Errorf("tenant b: %w", validator.NewError(validator.ErrKeysUnavailable, "down", nil)),
		status: 503},
	{token: "scope", err: validator.NewScopeError(scopes.All("admin"), nil),
		status: 403, challenge: `Bearer realm="api", error="insufficient_scope", error_description="token lacks scope admin"`},
	{token: "custom", err: errors.New("backend said no"),
		status: 401, challenge: `Bearer realm="api", error="invalid_token", error_description="token rejected"`},
	{token: "request", err: fmt.Errorf("custom extractor: %w", &lookalikeRequest{}),
		status: 401, challenge: `Bearer realm="api", error="invalid_token", error_description="token rejected"`},
	{token: "bad-request", err: &nethttp.RequestError{Description: "bad"},
		status: 400, challenge: `Bearer realm="api", error="invalid_request", error_description="bad"`},
	{token: "reader", path: PathScoped,
		status: 403, challenge: `Bearer realm="api", error="insufficient_scope", error_description="token lacks scope orders:write", scope="orders:write"`},
	{path: PathScoped, status: 401, challenge: `Bearer realm="api"`},
}

// lookalikeRequest is an error that merely looks like a malformed request: only errors wrapping
// nethttp.ErrInvalidRequest are answered 400, a validator's error of that name fails closed as 401.
type lookalikeRequest struct{}

func (*lookalikeRequest) Error() string { return "invalid request" }

// kindValidator refuses each kindCase's token with its error and accepts "reader" with orders:read.
type kindValidator struct{}

func (kindValidator) Validate(_ context.Context, token string) (*validator.Claims, error) {
	if token == "reader" {
		return &validator.Claims{Subject: "user-1", Scopes: scopes.New("orders:read")}, nil
	}
	for _, c := range kindCases {
		if c.token == token {
			return nil, c.err
		}
	}
	return nil, validator.ErrInvalidSignature
}

// RunGuard checks that an adapter's New answers every kind of failure with the status its
// validator.Kind calls for, and that the realm given once to New is in the 401 and in the 403 of
// Require.
func RunGuard(t *testing.T, build GuardBuild) {
	t.Helper()
	h := build(kindValidator{}, Realm)
	for _, c := range kindCases {
		path := c.path
		if path == "" {
			path = PathOpen
		}
		t.Run(strings.TrimPrefix(path, "/")+" "+c.token, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, path, nil)
			if c.token != "" {
				r.Header.Set("Authorization", "Bearer "+c.token)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != c.status {
				t.Errorf("status = %d, want %d", rec.Code, c.status)
			}
			checkHeader(t, rec.Result().Header, "WWW-Authenticate", c.challenge)
		})
	}
}
