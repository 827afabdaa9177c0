package httpguard

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/validator"
)

// headerProof is a made-up third binding method: cnf.jwk proven by a header. It plugs into the core
// through WithBinding alone.
type headerProof struct{}

func (headerProof) Member() string { return "jwk" }

func (headerProof) Check(ctx context.Context, c *validator.Claims, req binding.Request) (context.Context, error) {
	if c.SenderConstrained() && req.HTTP.Header.Get("X-Proof") != "ok" {
		return nil, validator.NewError(binding.ErrUnsupportedBinding, "no proof", nil)
	}
	return ctx, nil
}

// claimsOf is a TokenValidator whose tokens are their own JSON claims.
type claimsOf struct{}

func (claimsOf) Validate(_ context.Context, token string) (*validator.Claims, error) {
	return validator.ClaimsFromJSON([]byte(token))
}

// TestWithBindingThirdMethod checks that a binding method the core does not know by name is asked by
// the flow once WithBinding turns it on, and that without it a token bound by its member is refused.
func TestWithBindingThirdMethod(t *testing.T) {
	bound := `{"sub":"a","cnf":{"jwk":{"kty":"OKP"}}}`
	tests := []struct {
		name  string
		opts  []Option[Exchange]
		proof string
		want  int
	}{
		{"method on, proven", []Option[Exchange]{WithBinding[Exchange](headerProof{})}, "ok", http.StatusOK},
		{"method on, not proven", []Option[Exchange]{WithBinding[Exchange](headerProof{})}, "", http.StatusUnauthorized},
		{"method off", nil, "ok", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New(claimsOf{}, tt.opts)
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Header.Set("X-Proof", tt.proof)
			rec := httptest.NewRecorder()
			x := Exchange{W: rec, R: r}
			// The token is JSON, which no Authorization header can carry: hand it over directly.
			g.s.extract = func(*http.Request) (string, error) { return bound, nil }
			if _, err := g.Admit(x, r); err != nil {
				_ = g.Refuse(x, rec, r, err)
			} else {
				rec.WriteHeader(http.StatusOK)
			}
			if rec.Code != tt.want {
				t.Errorf("status %d, want %d (%s)", rec.Code, tt.want, rec.Body)
			}
		})
	}
	if _, err := Build(claimsOf{}, []Option[Exchange]{WithBinding[Exchange](nil)}); err == nil {
		t.Error("WithBinding(nil) was accepted")
	}
}
