package grpcinterceptor

import (
	"context"
	"errors"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
)

// TestMethodKeys is the table of keys WithMethodScopes and WithSkipMethods take: malformed ones fail
// New (and panic Unary), with an error naming the key and what is wrong with it.
func TestMethodKeys(t *testing.T) {
	tests := []struct {
		key  string
		want string // "" for a valid key
	}{
		{"/pkg.v1.Orders/Get", ""},
		{"/pkg.v1.Orders/*", ""},
		{"/Orders/Get", ""}, // a service without a package
		{"/pkg_2.v1.Orders_X/Get_2", ""},
		{"pkg.v1.Orders/Get", `"pkg.v1.Orders/Get" does not start with "/"`},
		{"", `"" does not start with "/"`},
		{" /pkg.v1.Orders/Get", `does not start with "/"`},
		{"/pkg.v1.Orders", `"/pkg.v1.Orders" is not "/package.Service/Method" or "/package.Service/*"`},
		{"/pkg.v1.Orders/", `has an invalid method name "" (a whole service is "/pkg.v1.Orders/*")`},
		{"/pkg.v1.Orders/Get*", `has an invalid method name "Get*"`},
		{"/pkg.v1.Orders/Get/x", `has an invalid method name "Get/x"`},
		{"/pkg.v1.Orders/Get ", `has an invalid method name "Get "`},
		{"/pkg.v1.*/Get", `has an invalid service name "pkg.v1.*"`},
		{"/*", `"/*" is not "/package.Service/Method"`},
		{"/pkg..Orders/Get", `has an invalid service name "pkg..Orders"`},
		{"/.Orders/Get", `has an invalid service name ".Orders"`},
		{"/1pkg.Orders/Get", `has an invalid service name "1pkg.Orders"`},
		{"//Get", `has an invalid service name ""`},
	}
	for _, tt := range tests {
		for option, opt := range map[string]Option{
			"WithMethodScopes": WithMethodScopes(map[string]scopes.Requirement{tt.key: scopes.All("a")}),
			"WithSkipMethods":  WithSkipMethods(tt.key),
		} {
			t.Run(option+" "+tt.key, func(t *testing.T) {
				_, err := New(acceptAll{}, opt)
				if tt.want == "" {
					if err != nil {
						t.Fatalf("valid key refused: %v", err)
					}
					return
				}
				if !errors.Is(err, ErrInvalidMethod) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), option) {
					t.Fatalf("New error = %v\nwant one wrapping ErrInvalidMethod, naming %s, containing %s", err, option, tt.want)
				}
				defer func() {
					if r := recover(); r == nil || !strings.Contains(r.(error).Error(), tt.want) {
						t.Errorf("Unary did not panic with the error: %v", r)
					}
				}()
				Unary(acceptAll{}, opt)
			})
		}
	}
}

func TestNewReportsEveryMistake(t *testing.T) {
	_, err := New(acceptAll{},
		WithMethodScopes(map[string]scopes.Requirement{"a": scopes.All("x"), "/s/M": scopes.All("x"), "b": {}}),
		WithSkipMethods("/s/*", "c"))
	for _, want := range []string{`"a" does not`, `"b" does not`, `"c" does not`, `"/s/M" has scopes but is skipped by "/s/*"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not report %s", err, want)
		}
	}
	if _, err := New(nil); err == nil {
		t.Error("New(nil) succeeded")
	}
}

// TestScopedAndSkipped checks that a scoped method a skip pattern would let through is refused at
// construction, while a skipped exception inside a scoped service is allowed.
func TestScopedAndSkipped(t *testing.T) {
	tests := []struct {
		scoped, skipped string
		ok              bool
	}{
		{"/s.S/M", "/s.S/M", false},
		{"/s.S/M", "/s.S/*", false},
		{"/s.S/*", "/s.S/*", false},
		{"/s.S/*", "/s.S/Ping", true},
		{"/s.S/M", "/s.S/N", true},
		{"/grpc.health.v1.Health/Check", "", false}, // DefaultSkipMethods skips health
	}
	for _, tt := range tests {
		opts := []Option{WithMethodScopes(map[string]scopes.Requirement{tt.scoped: scopes.All("a")})}
		if tt.skipped != "" {
			opts = append(opts, WithSkipMethods(tt.skipped))
		}
		if _, err := New(acceptAll{}, opts...); (err == nil) != tt.ok {
			t.Errorf("scoped %s, skipped %s: error %v, want ok=%v", tt.scoped, tt.skipped, err, tt.ok)
		}
	}
}

// TestStepUpAndSkipped checks that a step-up rule (WithMethodAuthentication) a skip pattern covers,
// which would never be applied, is refused at construction as the same conflict for scopes is; the
// convenience constructors panic with it.
func TestStepUpAndSkipped(t *testing.T) {
	strong := stepup.Requirement{ACRValues: []string{"mfa"}}
	tests := []struct {
		rule, skipped string
		ok            bool
	}{
		{"/s.S/M", "/s.S/M", false},
		{"/s.S/M", "/s.S/*", false},
		{"/s.S/*", "/s.S/*", false},
		{"/s.S/*", "/s.S/Ping", true},
		{"/s.S/M", "/s.S/N", true},
		{"/grpc.health.v1.Health/Check", "", false}, // DefaultSkipMethods skips health
		{"/grpc.health.v1.Health/*", "", false},
	}
	for _, tt := range tests {
		opts := []Option{WithMethodAuthentication(map[string]stepup.Requirement{tt.rule: strong})}
		if tt.skipped != "" {
			opts = append(opts, WithSkipMethods(tt.skipped))
		}
		_, err := New(acceptAll{}, opts...)
		if (err == nil) != tt.ok {
			t.Errorf("step-up %s, skipped %s: error %v, want ok=%v", tt.rule, tt.skipped, err, tt.ok)
			continue
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidMethod) || !strings.Contains(err.Error(), "step-up requirement") {
				t.Errorf("step-up %s, skipped %s: error %v, want ErrInvalidMethod naming the step-up rule", tt.rule, tt.skipped, err)
			}
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("step-up %s, skipped %s: Unary did not panic", tt.rule, tt.skipped)
					}
				}()
				Unary(acceptAll{}, opts...)
			}()
		}
	}
}

// TestWildcardsAndUnlisted checks what a call needs under wildcards and WithUnlistedMethods; acceptAll
// grants scope "a" only.
func TestWildcardsAndUnlisted(t *testing.T) {
	withToken := metadata.NewIncomingContext(context.Background(), metadata.Pairs("authorization", "Bearer t"))
	anonymous := metadata.NewIncomingContext(context.Background(), metadata.MD{})
	scoped := WithMethodScopes(map[string]scopes.Requirement{
		"/s.Admin/*":      scopes.All("b"),
		"/s.Admin/Whoami": {}, // an exact entry wins over its service's wildcard
		"/s.Orders/Get":   scopes.All("a"),
	})
	tests := []struct {
		name   string
		opts   []Option
		ctx    context.Context
		method string
		code   codes.Code
	}{
		{"wildcard enforced", []Option{scoped}, withToken, "/s.Admin/Delete", codes.PermissionDenied},
		{"wildcard enforced without a token", []Option{scoped, WithCredentialsOptional()}, anonymous, "/s.Admin/Delete", codes.Unauthenticated},
		{"exact entry beats the wildcard", []Option{scoped}, withToken, "/s.Admin/Whoami", codes.OK},
		{"wildcard is per service", []Option{scoped}, withToken, "/s.AdminX/Delete", codes.OK},
		{"exact met", []Option{scoped}, withToken, "/s.Orders/Get", codes.OK},
		{"unlisted needs a token only by default", []Option{scoped}, withToken, "/s.Orders/Delete", codes.OK},
		{"unlisted requirement", []Option{scoped, WithUnlistedMethods(scopes.All("b"))}, withToken, "/s.Orders/Delete", codes.PermissionDenied},
		{"unlisted requirement met", []Option{scoped, WithUnlistedMethods(scopes.All("a"))}, withToken, "/s.Orders/Delete", codes.OK},
		{"unlisted requirement not on listed", []Option{scoped, WithUnlistedMethods(scopes.All("b"))}, withToken, "/s.Orders/Get", codes.OK},
		{"unlisted requirement not on a zero entry", []Option{scoped, WithUnlistedMethods(scopes.All("b"))}, withToken, "/s.Admin/Whoami", codes.OK},
		{"unlisted refuses anonymous", []Option{WithCredentialsOptional(), WithUnlistedMethods(scopes.All("a"))}, anonymous, "/s.X/Y", codes.Unauthenticated},
		{"unlisted leaves skips alone", []Option{WithUnlistedMethods(scopes.All("b"))}, anonymous, "/grpc.health.v1.Health/Check", codes.OK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mustGuard(acceptAll{}, tt.opts).authenticate(tt.ctx, tt.method)
			if got := status.Code(err); got != tt.code {
				t.Fatalf("code = %v, want %v (%v)", got, tt.code, err)
			}
		})
	}
}

func TestCheckMethods(t *testing.T) {
	srv := grpc.NewServer()
	healthpb.RegisterHealthServer(srv, health.NewServer())
	good := []Option{
		WithMethodScopes(map[string]scopes.Requirement{healthpb.Health_List_FullMethodName: scopes.All("a"), "/grpc.health.v1.Health/*": {}}),
		WithSkipMethods(healthpb.Health_Check_FullMethodName),
	}
	if err := CheckMethods(srv, good...); err != nil {
		t.Errorf("CheckMethods of registered methods: %v", err)
	}
	if err := CheckMethods(srv); err != nil {
		t.Errorf("DefaultSkipMethods names reflection, which is not registered, yet is not to be reported: %v", err)
	}
	err := CheckMethods(srv,
		WithMethodScopes(map[string]scopes.Requirement{
			"/grpc.health.v1.Health/Chek": scopes.All("a"), // typo
			"/grpc.health.v1.Helth/*":     scopes.All("a"), // typo in the service
			"/grpc.health.v1.Health/List": scopes.All("a"),
			"grpc.health.v1.Health/Watch": scopes.All("a"), // malformed
		}),
		WithSkipMethods("/grpc.health.v2.Health/Check"))
	if !errors.Is(err, ErrInvalidMethod) {
		t.Fatalf("CheckMethods = %v, want ErrInvalidMethod", err)
	}
	for _, want := range []string{
		`WithMethodScopes: grpcinterceptor: invalid method name: "/grpc.health.v1.Health/Chek": service grpc.health.v1.Health has no method Chek (it has Check, List, Watch)`,
		`WithMethodScopes: grpcinterceptor: invalid method name: "/grpc.health.v1.Helth/*": service grpc.health.v1.Helth is not registered`,
		`WithMethodScopes: grpcinterceptor: invalid method name: "grpc.health.v1.Health/Watch" does not start with "/"`,
		`WithSkipMethods: grpcinterceptor: invalid method name: "/grpc.health.v2.Health/Check": service grpc.health.v2.Health is not registered`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("CheckMethods error misses\n%s\nin\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), `"/grpc.health.v1.Health/List"`) {
		t.Errorf("a registered method is reported: %v", err)
	}
	if CheckMethods(nil) == nil {
		t.Error("CheckMethods(nil) succeeded")
	}
}
