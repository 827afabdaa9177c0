package nethttp_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

func TestErrorWriter(t *testing.T) {
	validatorScopeErr := &validator.Error{Reason: validator.ErrInsufficientScope, Description: "token lacks scope a b"}
	missingErr := fmt.Errorf("checked: %w", &scopes.MissingError{Missing: []string{"a", "b"}})
	tests := []struct {
		name      string
		ew        *nethttp.ErrorWriter
		err       error
		status    int
		challenge string
		body      string
		retry     string
	}{
		{
			name: "request error", ew: nethttp.NewErrorWriter("api"), err: &nethttp.RequestError{Description: "bad"},
			status: 400, challenge: `Bearer realm="api", error="invalid_request", error_description="bad"`,
			body: `{"error":"invalid_request","error_description":"bad"}`,
		},
		{
			name: "invalid request without a description", ew: nethttp.NewErrorWriter("api"),
			err:    fmt.Errorf("custom: %w", nethttp.ErrInvalidRequest),
			status: 400, challenge: `Bearer realm="api", error="invalid_request", error_description="malformed request"`,
			body: `{"error":"invalid_request","error_description":"malformed request"}`,
		},
		{
			name: "missing token, bare sentinel", ew: nethttp.NewErrorWriter(""), err: validator.ErrMissingToken,
			status: 401, challenge: `Bearer`,
			body: `{"error":"missing_token","error_description":"no bearer token in the request"}`,
		},
		{
			name: "keys unavailable wrapped", ew: nethttp.NewErrorWriter("api"),
			err:    fmt.Errorf("multi-issuer: %w", validator.ErrKeysUnavailable),
			status: 503, retry: "10",
			body: `{"error":"temporarily_unavailable","error_description":"no verification keys available, retry later"}`,
		},
		{
			name: "validator error", ew: nethttp.NewErrorWriter("api"),
			err:    &validator.Error{Reason: validator.ErrTokenExpired, Description: "token expired 1m0s ago"},
			status: 401, challenge: `Bearer realm="api", error="invalid_token", error_description="token expired 1m0s ago"`,
			body: `{"error":"invalid_token","error_description":"token expired 1m0s ago"}`,
		},
		{
			name: "bare sentinel uses its text", ew: nethttp.NewErrorWriter("api"), err: validator.ErrInvalidAudience,
			status: 401, challenge: `Bearer realm="api", error="invalid_token", error_description="invalid audience"`,
			body: `{"error":"invalid_token","error_description":"invalid audience"}`,
		},
		{
			name: "unknown error fails closed without its text", ew: nethttp.NewErrorWriter("api"),
			err:    errors.New("db password is hunter2"),
			status: 401, challenge: `Bearer realm="api", error="invalid_token", error_description="token rejected"`,
			body: `{"error":"invalid_token","error_description":"token rejected"}`,
		},
		{
			name: "nil error", ew: nethttp.NewErrorWriter(""), err: nil,
			status: 401, challenge: `Bearer error="invalid_token", error_description="token rejected"`,
			body: `{"error":"invalid_token","error_description":"token rejected"}`,
		},
		{
			name: "scope error names the whole requirement", ew: nethttp.NewErrorWriter("api"),
			err:    nethttp.NewScopeError(scopes.Any("x", "y")),
			status: 403, challenge: `Bearer realm="api", error="insufficient_scope", error_description="token lacks scope x y", scope="x y"`,
			body: `{"error":"insufficient_scope","error_description":"token lacks scope x y"}`,
		},
		{
			name: "validator scope error without the missing list", ew: nethttp.NewErrorWriter("api"), err: validatorScopeErr,
			status: 403, challenge: `Bearer realm="api", error="insufficient_scope", error_description="token lacks scope a b"`,
			body: `{"error":"insufficient_scope","error_description":"token lacks scope a b"}`,
		},
		{
			name: "missing error names what is missing", ew: nethttp.NewErrorWriter("api"), err: missingErr,
			status: 403, challenge: `Bearer realm="api", error="insufficient_scope", error_description="insufficient scope", scope="a b"`,
			body: `{"error":"insufficient_scope","error_description":"insufficient scope"}`,
		},
		{
			name: "hostile description", ew: nethttp.NewErrorWriter("a\"p\\i\r\n"),
			err:    &validator.Error{Reason: validator.ErrMalformedToken, Description: "x\"\r\nSet-Cookie: y\x00<é>"},
			status: 401, challenge: `Bearer realm="a\"p\\i", error="invalid_token", error_description="x\"Set-Cookie: y<>"`,
			body: `{"error":"invalid_token","error_description":"x\"Set-Cookie: y\u003c\u003e"}`,
		},
		{
			name: "zero writer", ew: new(nethttp.ErrorWriter), err: validator.ErrMissingToken,
			status: 401, challenge: `Bearer`,
			body: `{"error":"missing_token","error_description":"no bearer token in the request"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			tt.ew.WriteError(rec, httptest.NewRequest(http.MethodGet, "/", nil), tt.err)
			h := rec.Header()
			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d", rec.Code, tt.status)
			}
			if got := h.Get("WWW-Authenticate"); got != tt.challenge {
				t.Errorf("WWW-Authenticate = %q\nwant               %q", got, tt.challenge)
			}
			if got := rec.Body.String(); got != tt.body {
				t.Errorf("body = %q\nwant   %q", got, tt.body)
			}
			if got := h.Get("Retry-After"); got != tt.retry {
				t.Errorf("Retry-After = %q, want %q", got, tt.retry)
			}
			if h.Get("Content-Type") != "application/json" || h.Get("Cache-Control") != "no-store" {
				t.Errorf("headers = %v", h)
			}
		})
	}
}

func TestScopeErrorIsAValidationError(t *testing.T) {
	err := nethttp.NewScopeError(scopes.All("a"))
	if !errors.Is(err, validator.ErrInsufficientScope) || !errors.Is(err, scopes.ErrInsufficientScope) {
		t.Errorf("errors.Is fails for %v", err)
	}
	if got := validator.Code(err); got != "insufficient_scope" {
		t.Errorf("Code = %q", got)
	}
	if got := validator.Description(err); got != "token lacks scope a" {
		t.Errorf("Description = %q", got)
	}
	if got := err.Error(); got != "insufficient scope: token lacks scope a" {
		t.Errorf("Error = %q", got)
	}
}
