package mcpauth_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/mcpauth"
	"github.com/jwtguard/jwtguard/validator"
)

// validateFunc is a validator.TokenValidator of a function.
type validateFunc func(context.Context, string) (*validator.Claims, error)

func (f validateFunc) Validate(ctx context.Context, token string) (*validator.Claims, error) {
	return f(ctx, token)
}

func TestVerifier(t *testing.T) {
	f := newFixture(t)
	verify := mcpauth.Verifier(f.v)

	token := f.mint(issuertest.WithScope("reports:read"), issuertest.WithClaim("tenant", "acme"))
	info, err := verify(t.Context(), token, nil)
	if err != nil {
		t.Fatal(err)
	}
	if info.UserID != "alice" || len(info.Scopes) != 1 || info.Scopes[0] != "reports:read" ||
		info.Expiration.IsZero() || info.Extra["tenant"] != "acme" {
		t.Errorf("TokenInfo = %+v", *info)
	}

	_, err = verify(t.Context(), f.mint(issuertest.Expired()), nil)
	if !errors.Is(err, auth.ErrInvalidToken) || !errors.Is(err, validator.ErrTokenExpired) || validator.Code(err) != "token_expired" {
		t.Errorf("expired token: %v, want auth.ErrInvalidToken and validator.ErrTokenExpired", err)
	}
	if _, ok := errors.AsType[*validator.Error](err); !ok {
		t.Errorf("expired token: %T is no *validator.Error", err)
	}
	if strings.Contains(err.Error(), token[:20]) {
		t.Error("the error quotes the token")
	}

	outage := mcpauth.Verifier(validateFunc(func(context.Context, string) (*validator.Claims, error) {
		return nil, validator.NewError(validator.ErrKeysUnavailable, "no keys yet", nil)
	}))
	_, err = outage(t.Context(), token, nil)
	if errors.Is(err, auth.ErrInvalidToken) || !errors.Is(err, validator.ErrKeysUnavailable) {
		t.Errorf("outage: %v, want validator.ErrKeysUnavailable and not auth.ErrInvalidToken", err)
	}
}

// TestVerifierBehindTheSDKMiddleware: what the SDK's own RequireBearerToken answers with Verifier.
func TestVerifierBehindTheSDKMiddleware(t *testing.T) {
	f := newFixture(t)
	var seen *auth.TokenInfo
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = auth.TokenInfoFromContext(r.Context()) })
	serve := func(v validator.TokenValidator, token string) int {
		h := auth.RequireBearerToken(mcpauth.Verifier(v), &auth.RequireBearerTokenOptions{ClockSkew: 30 * time.Second})(ok)
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, f.srv.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		rec := &recorder{header: http.Header{}}
		h.ServeHTTP(rec, req)
		if rec.status == 0 {
			return http.StatusOK // nothing written: net/http's default
		}
		return rec.status
	}
	if got := serve(f.v, f.mint()); got != http.StatusOK || seen == nil || seen.UserID != "alice" {
		t.Errorf("valid token = %d, TokenInfo %+v", got, seen)
	}
	if got := serve(f.v, f.mint(issuertest.Expired())); got != http.StatusUnauthorized {
		t.Errorf("expired token = %d, want 401", got)
	}
	outage := validateFunc(func(context.Context, string) (*validator.Claims, error) {
		return nil, validator.NewError(validator.ErrKeysUnavailable, "no keys yet", nil)
	})
	if got := serve(outage, f.mint()); got != http.StatusInternalServerError {
		t.Errorf("outage = %d, want the SDK's 500", got)
	}
}

func TestVerifierPanicsOnNil(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Verifier(nil) did not panic")
		}
	}()
	mcpauth.Verifier(nil)
}

// recorder is the least http.ResponseWriter: the status is all these tests read.
type recorder struct {
	header http.Header
	status int
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return len(b), nil
}
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}
