package httpguard_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/internal/httpguard"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// TestWithLogger checks that every refusal is logged once, at the level of its kind, with the reason,
// the detail, the token's iss/aud/kid/alg and where the request went — and never the token — whoever
// answers it, and that nothing is logged without WithLogger or for an admitted request.
func TestWithLogger(t *testing.T) {
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
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	custom := func(x httpguard.Exchange, err error) error { x.W.WriteHeader(http.StatusTeapot); return nil }
	tests := []struct {
		name  string
		v     validator.TokenValidator
		opts  []httpguard.Option[httpguard.Exchange]
		route *httpguard.Route
		auth  []string
		level string
		want  map[string]any
	}{
		{"admitted: no line", v, nil, nil, []string{"Bearer " + m.Token()}, "", nil},
		{"expired", v, nil, nil, []string{"Bearer " + m.Token(testtoken.ExpiredFor(3*60e9))}, "INFO", map[string]any{
			"reason":      "token_expired",
			"description": "token expired 3m0s ago",
			"detail":      "exp 2026-03-01T11:57:00Z, now 2026-03-01T12:00:00Z, leeway 30s",
			"token":       map[string]any{"iss": testtoken.Issuer, "aud": []any{testtoken.Audience}, "kid": testtoken.KeyID, "alg": "ES256"},
		}},
		{"custom error handler still logs", v, []httpguard.Option[httpguard.Exchange]{httpguard.WithErrorHandler(custom)}, nil,
			[]string{"Bearer " + m.Token(testtoken.SignedByStranger())}, "INFO", map[string]any{"reason": "invalid_signature"}},
		{"no token", v, nil, nil, nil, "INFO", map[string]any{"reason": "missing_token"}},
		{"two headers", v, nil, nil, []string{"Bearer a", "Bearer b"}, "INFO", map[string]any{"reason": "invalid_request"}},
		{"keys down is a warning", down, nil, nil, []string{"Bearer " + m.Token()}, "WARN", map[string]any{"reason": "keys_unavailable"}},
		{"route scope: the verified claims", v, nil, httpguard.NewRoute(scopes.All("orders:write")), []string{"Bearer " + m.Token()}, "INFO", map[string]any{
			"reason":       "insufficient_scope",
			"token_scopes": "orders:read",
			"token":        map[string]any{"iss": testtoken.Issuer, "aud": []any{testtoken.Audience}, "kid": testtoken.KeyID, "alg": "ES256"},
		}},
		{"off by default", v, []httpguard.Option[httpguard.Exchange]{httpguard.WithLogger[httpguard.Exchange](nil)}, nil, nil, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs.Reset()
			g := httpguard.New(tt.v, append([]httpguard.Option[httpguard.Exchange]{httpguard.WithLogger[httpguard.Exchange](logger)}, tt.opts...))
			r := httptest.NewRequest(http.MethodPost, "/orders/42?secret=q", nil)
			r.Header["Authorization"] = tt.auth
			w := httptest.NewRecorder()
			x := httpguard.Exchange{W: w, R: r}
			admitted, err := g.Admit(x, r)
			if err == nil && tt.route != nil {
				err = g.Permit(x, admitted, tt.route)
				r = admitted
			}
			if err != nil {
				_ = g.Refuse(x, w, r, err)
			}
			if tt.level == "" {
				if logs.Len() != 0 {
					t.Fatalf("logged %s", logs.String())
				}
				return
			}
			lines := conformance.JSONLines(logs.String())
			if len(lines) != 1 {
				t.Fatalf("%d lines, want 1:\n%s", len(lines), logs.String())
			}
			conformance.CheckRefusalLine(t, lines[0], tt.level, tt.want)
			if lines[0]["route"] != "POST /orders/42" || lines[0]["remote"] != "192.0.2.1:1234" {
				t.Errorf("line %v", lines[0])
			}
			for _, h := range tt.auth {
				if token := strings.TrimPrefix(h, "Bearer "); len(token) > 8 && testtoken.Leaks(logs.String(), token) {
					t.Errorf("the log holds the token")
				}
			}
		})
	}
}
