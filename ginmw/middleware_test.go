package ginmw_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/ginmw"
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
	ginmw.Middleware(nil)
}

func TestMiddlewareOptions(t *testing.T) {
	claims := &validator.Claims{Subject: "alice", Scopes: scopes.New("read")}
	v := stubValidator{token: "good", claims: claims}
	var seen error
	// record does not abort: the middleware must do it, or the handler would still run.
	record := func(c *gin.Context, err error) {
		seen = err
		c.Status(http.StatusTeapot)
	}
	tests := []struct {
		name     string
		opts     []ginmw.Option
		scope    scopes.Requirement
		header   string
		status   int
		body     string
		wantCode string
	}{
		{name: "valid", header: "Bearer good", status: 200, body: "alice"},
		{name: "nil options are ignored", opts: []ginmw.Option{nil, ginmw.WithExtractor(nil), ginmw.WithErrorHandler(nil), ginmw.WithSkipper(nil)}, header: "Bearer good", status: 200, body: "alice"},
		{name: "nil skipper skips nothing", opts: []ginmw.Option{ginmw.WithSkipper(nil)}, status: 401},
		{name: "error handler and abort", opts: []ginmw.Option{ginmw.WithErrorHandler(record)}, status: 418, wantCode: "missing_token"},
		{name: "error handler sees the validator's error", opts: []ginmw.Option{ginmw.WithErrorHandler(record)}, header: "Bearer bad", status: 418, wantCode: "invalid_signature"},
		{name: "error handler sees the scope error", opts: []ginmw.Option{ginmw.WithErrorHandler(record)}, scope: scopes.All("write"), header: "Bearer good", status: 418, wantCode: "insufficient_scope"},
		{name: "skipper", opts: []ginmw.Option{ginmw.WithSkipper(func(*gin.Context) bool { return true })}, scope: scopes.All("write"), header: "Bearer bad", status: 200, body: "anonymous"},
		{name: "scope met", scope: scopes.All("read"), header: "Bearer good", status: 200, body: "alice"},
		{name: "scope not met", scope: scopes.All("write"), header: "Bearer good", status: 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen = nil
			ran := false
			r := gin.New()
			r.GET("/", ginmw.Middleware(v, tt.opts...), ginmw.RequireScopes(tt.scope, tt.opts...), func(c *gin.Context) {
				ran = true
				if claims, ok := ginmw.Claims(c); ok {
					c.String(http.StatusOK, claims.Subject)
					return
				}
				c.String(http.StatusOK, "anonymous")
			})
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			rec := httptest.NewRecorder()
			r.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d", rec.Code, tt.status)
			}
			if tt.body != "" && rec.Body.String() != tt.body {
				t.Errorf("body = %q, want %q", rec.Body, tt.body)
			}
			if ran != (tt.status == 200) {
				t.Errorf("handler ran = %v with status %d", ran, tt.status)
			}
			if got := validator.Code(seen); got != tt.wantCode {
				t.Errorf("code seen by the error handler = %q, want %q", got, tt.wantCode)
			}
		})
	}
}

func TestClaimsWithoutRequest(t *testing.T) {
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	if claims, ok := ginmw.Claims(c); ok || claims != nil {
		t.Errorf("Claims = %v, %v for a context without a request", claims, ok)
	}
	if _, ok := ginmw.Claims(nil); ok {
		t.Error("Claims(nil) reported claims")
	}
}
