package grpcinterceptor

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/introspect"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

func TestSkipList(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		method   string
		want     bool
	}{
		{"default health", DefaultSkipMethods, "/grpc.health.v1.Health/Check", true},
		{"default health watch", DefaultSkipMethods, "/grpc.health.v1.Health/Watch", true},
		{"default reflection v1", DefaultSkipMethods, "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", true},
		{"default reflection v1alpha", DefaultSkipMethods, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", true},
		{"default protects others", DefaultSkipMethods, "/shop.v1.Orders/Get", false},
		{"prefix needs the slash", []string{"/shop.v1.Orders/*"}, "/shop.v1.OrdersAdmin/Get", false},
		{"prefix", []string{"/shop.v1.Orders/*"}, "/shop.v1.Orders/Get", true},
		{"exact", []string{"/shop.v1.Orders/Get"}, "/shop.v1.Orders/Get", true},
		{"exact is not a prefix", []string{"/shop.v1.Orders/Get"}, "/shop.v1.Orders/GetAll", false},
		{"empty list", nil, "/grpc.health.v1.Health/Check", false},
		{"empty method", DefaultSkipMethods, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := newGuard(acceptAll{}, []Option{WithSkipMethods(tt.patterns...)})
			if err != nil {
				t.Fatal(err)
			}
			if got := g.rules.Skipped(tt.method); got != tt.want {
				t.Errorf("match(%q) = %v, want %v", tt.method, got, tt.want)
			}
		})
	}
}

func TestToStatus(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code codes.Code
		msg  string
	}{
		{"validator error", &validator.Error{Reason: validator.ErrTokenExpired, Description: "token expired 3m0s ago"},
			codes.Unauthenticated, "token_expired: token expired 3m0s ago"},
		{"wrapped keys unavailable", fmt.Errorf("tenant a: %w", validator.ErrKeysUnavailable),
			codes.Unavailable, "keys_unavailable: keys unavailable"},
		{"scope from a validator", &validator.Error{Reason: validator.ErrInsufficientScope, Description: "token lacks scope a"},
			codes.PermissionDenied, "insufficient_scope: token lacks scope a"},
		{"unknown error fails closed without its text", errors.New("secret backend detail"),
			codes.Unauthenticated, "invalid_token: token rejected"},
		{"description missing: the reason's own words", &validator.Error{Reason: validator.ErrInvalidIssuer},
			codes.Unauthenticated, "invalid_issuer: invalid issuer"},
		{"introspection down is not keys unavailable", validator.NewError(introspect.ErrUnavailable, "introspection endpoint unavailable", nil),
			codes.Unavailable, "introspection_unavailable: introspection endpoint unavailable"},
		{"bad DPoP proof", validator.NewError(dpop.ErrInvalidProof, "proof htm does not match", nil),
			codes.Unauthenticated, "invalid_dpop_proof: proof htm does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := status.Convert(toStatus(tt.err))
			if st.Code() != tt.code || st.Message() != tt.msg {
				t.Errorf("status = %v %q, want %v %q", st.Code(), st.Message(), tt.code, tt.msg)
			}
		})
	}
}

type acceptAll struct{}

func (acceptAll) Validate(context.Context, string) (*validator.Claims, error) {
	return &validator.Claims{Subject: "s", Scopes: scopes.New("a")}, nil
}

func TestOptions(t *testing.T) {
	withToken := metadata.NewIncomingContext(context.Background(), metadata.Pairs("authorization", "Bearer t"))
	anonymous := metadata.NewIncomingContext(context.Background(), metadata.MD{})
	tests := []struct {
		name   string
		opts   []Option
		ctx    context.Context
		method string
		code   codes.Code
		claims bool
	}{
		{"nil option ignored", []Option{nil}, withToken, "/s/M", codes.OK, true},
		{"scopes met", []Option{WithMethodScopes(map[string]scopes.Requirement{"/s/M": scopes.All("a")})}, withToken, "/s/M", codes.OK, true},
		{"scopes not met", []Option{WithMethodScopes(map[string]scopes.Requirement{"/s/M": scopes.All("b")})}, withToken, "/s/M", codes.PermissionDenied, false},
		{"later scopes replace", []Option{
			WithMethodScopes(map[string]scopes.Requirement{"/s/M": scopes.All("b")}),
			WithMethodScopes(map[string]scopes.Requirement{"/s/M": scopes.All("a")}),
		}, withToken, "/s/M", codes.OK, true},
		{"zero requirement needs a token only", []Option{WithCredentialsOptional(), WithMethodScopes(map[string]scopes.Requirement{"/s/M": {}})}, anonymous, "/s/M", codes.OK, false},
		{"skip replaces defaults", []Option{WithSkipMethods("/s/*")}, anonymous, "/grpc.health.v1.Health/Check", codes.Unauthenticated, false},
		{"skip", []Option{WithSkipMethods("/s/*")}, anonymous, "/s/M", codes.OK, false},
		{"no metadata at all", nil, context.Background(), "/s/M", codes.Unauthenticated, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, err := mustGuard(acceptAll{}, tt.opts).authenticate(tt.ctx, tt.method)
			if got := status.Code(err); got != tt.code {
				t.Fatalf("code = %v, want %v (%v)", got, tt.code, err)
			}
			if err != nil {
				return
			}
			if _, ok := validator.FromContext(ctx); ok != tt.claims {
				t.Errorf("claims in context = %v, want %v", ok, tt.claims)
			}
		})
	}
}

func TestConstructorsPanicOnNilValidator(t *testing.T) {
	for name, construct := range map[string]func(){
		"Unary":    func() { Unary(nil) },
		"Stream":   func() { Stream(nil) },
		"AuthFunc": func() { AuthFunc(nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			construct()
		})
	}
}

// TestStatusFollowsKind checks that the status code comes from the failure's validator.Kind, not from
// its reason code: every reason, however wrapped, gets the code of its kind.
func TestStatusFollowsKind(t *testing.T) {
	tests := []struct {
		err  error
		code codes.Code
		msg  string
	}{
		{validator.NewError(validator.ErrTokenInactive, "token is not active", nil), codes.Unauthenticated, "token_inactive: token is not active"},
		{validator.NewError(validator.ErrInsufficientUserAuthentication, "acr too weak", nil), codes.Unauthenticated,
			"insufficient_user_authentication: acr too weak"},
		{fmt.Errorf("tenant b: %w", validator.NewScopeError(scopes.All("a", "b"), nil)), codes.PermissionDenied,
			"insufficient_scope: token lacks scope a b"},
		{fmt.Errorf("tenant b: %w", validator.NewError(validator.ErrKeysUnavailable, "down", nil)), codes.Unavailable,
			"keys_unavailable: down"},
	}
	for _, tt := range tests {
		st := status.Convert(toStatus(tt.err))
		if st.Code() != tt.code || st.Message() != tt.msg {
			t.Errorf("%v: status = %v %q, want %v %q", tt.err, st.Code(), st.Message(), tt.code, tt.msg)
		}
	}
	for kind, want := range map[validator.Kind]codes.Code{
		validator.KindTokenRefused: codes.Unauthenticated, validator.KindBadRequest: codes.Unauthenticated,
		validator.KindScopeMissing: codes.PermissionDenied, validator.KindUnavailable: codes.Unavailable,
	} {
		if got := statusCode(kind); got != want {
			t.Errorf("statusCode(%s) = %v, want %v", kind, got, want)
		}
	}
}
