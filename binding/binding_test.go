package binding_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/validator"
)

// jwkMethod stands in for a third binding method, RFC 7800's cnf.jwk: a package of its own that the
// adapters take through one option, with no change to binding.Check.
type jwkMethod struct {
	proven bool
	calls  *int
}

type ctxKey struct{}

func (jwkMethod) Member() string { return "jwk" }

func (m jwkMethod) Check(ctx context.Context, claims *validator.Claims, req binding.Request) (context.Context, error) {
	*m.calls++
	if !claims.SenderConstrained() {
		return ctx, nil
	}
	if !m.proven || req.Token != "t" {
		return nil, validator.NewError(binding.ErrUnsupportedBinding, "no proof of the jwk", nil)
	}
	return context.WithValue(ctx, ctxKey{}, "proven"), nil
}

func claims(t *testing.T, payload string) *validator.Claims {
	t.Helper()
	c, err := validator.ClaimsFromJSON([]byte(payload))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCheck(t *testing.T) {
	unbound := claims(t, `{"sub":"a"}`)
	jwkBound := claims(t, `{"sub":"a","cnf":{"jwk":{"kty":"OKP"}}}`)
	jktBound := claims(t, `{"sub":"a","cnf":{"jkt":"x"}}`)
	twoMembers := claims(t, `{"sub":"a","cnf":{"jwk":{"kty":"OKP"},"kid":"k"}}`)
	garbled := claims(t, `{"sub":"a","cnf":["jkt"]}`)
	empty := claims(t, `{"sub":"a","cnf":{}}`)
	req := binding.Request{Scheme: "bearer", Token: "t"}
	tests := []struct {
		name    string
		methods func(calls *int) []binding.Method
		claims  *validator.Claims
		want    error // nil: admitted
		calls   int
	}{
		{"unbound, no method", none, unbound, nil, 0},
		{"unbound, a method is asked", proven, unbound, nil, 1},
		{"bound, no method", none, jwkBound, binding.ErrUnsupportedBinding, 0},
		{"bound, its method proves it", proven, jwkBound, nil, 1},
		{"bound, its method refuses", unproven, jwkBound, binding.ErrUnsupportedBinding, 1},
		{"bound by a member no method checks, before any proof", proven, jktBound, binding.ErrUnsupportedBinding, 0},
		{"one member of two unchecked", proven, twoMembers, binding.ErrUnsupportedBinding, 0},
		{"garbled cnf is a malformed token", proven, garbled, validator.ErrMalformedToken, 0},
		{"empty cnf names no binding", proven, empty, binding.ErrUnsupportedBinding, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			ctx, err := binding.Check(context.Background(), tt.methods(&calls), tt.claims, req)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if calls != tt.calls {
				t.Errorf("method asked %d times, want %d", calls, tt.calls)
			}
			if err != nil {
				if _, ok := errors.AsType[*validator.Error](err); !ok || validator.KindOf(err) != validator.KindTokenRefused {
					t.Errorf("refusal %v is not a refused token's *validator.Error", err)
				}
				return
			}
			if tt.claims == jwkBound && ctx.Value(ctxKey{}) != "proven" {
				t.Error("the method's context was not handed on")
			}
		})
	}
}

func none(*int) []binding.Method       { return nil }
func proven(c *int) []binding.Method   { return []binding.Method{jwkMethod{proven: true, calls: c}} }
func unproven(c *int) []binding.Method { return []binding.Method{jwkMethod{calls: c}} }
