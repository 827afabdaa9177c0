package grpcinterceptor_test

import (
	"log/slog"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/scopes"
)

// TestWildcardOverLoopback makes real calls to a server whose whole health service is scoped by a
// wildcard key: a token without the scope is refused, unary and streaming, a token with it passes.
// Before wildcards were enforced, "/grpc.health.v1.Health/*" was taken for a method of that name and
// protected nothing.
func TestWildcardOverLoopback(t *testing.T) {
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Validator()
	if err != nil {
		t.Fatal(err)
	}
	in, err := grpcinterceptor.New(v,
		grpcinterceptor.WithSkipMethods(),
		grpcinterceptor.WithMethodScopes(map[string]scopes.Requirement{"/grpc.health.v1.Health/*": scopes.All("health:read")}))
	if err != nil {
		t.Fatal(err)
	}
	client := serve(t, in.Unary(), in.Stream())
	for _, method := range []string{"/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/List", "/grpc.health.v1.Health/Watch"} {
		t.Run(method, func(t *testing.T) {
			without := metadata.AppendToOutgoingContext(t.Context(), "authorization", "Bearer "+m.Token())
			_, err := call(without, client, method)
			if st := status.Convert(err); st.Code() != codes.PermissionDenied || st.Message() != "insufficient_scope: token lacks scope health:read" {
				t.Errorf("without the scope: %v %q, want PermissionDenied", st.Code(), st.Message())
			}
			with := metadata.AppendToOutgoingContext(t.Context(), "authorization", "Bearer "+m.Token(testtoken.Scope("health:read")))
			if subject, err := call(with, client, method); err != nil || subject != testtoken.Subject {
				t.Errorf("with the scope: subject %q, %v", subject, err)
			}
		})
	}
}

// TestLoggerOverLoopback checks WithLogger: one line per refused call, at Debug for a refused token
// and Warn for Unavailable, with reason, detail, the token's unverified iss/aud/kid/alg, the method
// and the peer, and never the token; nothing for an accepted call.
func TestLoggerOverLoopback(t *testing.T) {
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Validator()
	if err != nil {
		t.Fatal(err)
	}
	down, err := testtoken.UnavailableValidator()
	if err != nil {
		t.Fatal(err)
	}
	var logs conformance.Logs
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts := []grpcinterceptor.Option{grpcinterceptor.WithSkipMethods(), grpcinterceptor.WithLogger(logger)}
	up := serve(t, grpcinterceptor.Unary(v, opts...), grpcinterceptor.Stream(v, opts...))
	unavailable := serve(t, grpcinterceptor.Unary(down, opts...), grpcinterceptor.Stream(down, opts...))

	tests := []struct {
		name   string
		client healthpb.HealthClient
		auth   string
		level  string
		want   map[string]any
	}{
		{"valid: no line", up, "Bearer " + m.Token(), "", nil},
		{"foreign audience", up, "Bearer " + m.Token(testtoken.Claim("aud", "https://elsewhere.test")), "INFO", map[string]any{
			"reason": "invalid_audience",
			"detail": `aud ["https://elsewhere.test"], accepted ["https://api.test"]`,
			"token":  map[string]any{"iss": testtoken.Issuer, "aud": []any{"https://elsewhere.test"}, "kid": testtoken.KeyID, "alg": "ES256"},
		}},
		{"foreign issuer, unknown key", up, "Bearer " + m.Token(testtoken.Claim("iss", "https://other.test"), testtoken.KeyIDOf("theirs")), "INFO", map[string]any{
			"reason": "invalid_issuer",
			"token":  map[string]any{"iss": "https://other.test", "aud": []any{testtoken.Audience}, "kid": "theirs", "alg": "ES256"},
		}},
		{"no token", up, "", "INFO", map[string]any{"reason": "missing_token", "seen": "no Authorization header"}},
		{"another scheme", up, "JWT " + m.Token(), "INFO", map[string]any{"reason": "missing_token", "seen": `Authorization scheme "JWT", not Bearer`}},
		{"two credentials", up, "Bearer a b", "INFO", map[string]any{"reason": "invalid_request"}},
		{"keys down", unavailable, "Bearer " + m.Token(), "WARN", map[string]any{"reason": "keys_unavailable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(conformance.JSONLines(logs.String()))
			ctx := t.Context()
			if tt.auth != "" {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", tt.auth)
			}
			_, _ = call(ctx, tt.client, "/grpc.health.v1.Health/Check")
			lines := conformance.JSONLines(logs.String())[before:]
			if tt.level == "" {
				if len(lines) != 0 {
					t.Fatalf("logged %v", lines)
				}
				return
			}
			if len(lines) != 1 {
				t.Fatalf("%d lines, want 1: %v", len(lines), lines)
			}
			line := lines[0]
			conformance.CheckRefusalLine(t, line, tt.level, tt.want)
			if line["method"] != "/grpc.health.v1.Health/Check" || !strings.HasPrefix(line["remote"].(string), "127.0.0.1:") {
				t.Errorf("line %v", line)
			}
			if tt.auth != "" && testtoken.Leaks(logs.String(), strings.TrimPrefix(tt.auth, "Bearer ")) {
				t.Errorf("the log holds the token")
			}
		})
	}
}
