package httpguard_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/internal/httpguard"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

// TestRouteWithoutMiddleware checks that a route requirement that runs without the middleware in
// front of it answers a request carrying a token 500 server_error (the server's bug, not the
// client's), logs the mistake at Error once per route naming the fix, and still answers a request
// without a token 401.
func TestRouteWithoutMiddleware(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	g := httpguard.NewRouteGuard([]httpguard.Option[httpguard.Exchange]{httpguard.WithLogger[httpguard.Exchange](logger)})
	routes := map[string]*httpguard.Route{
		"scopes":  httpguard.NewRoute(scopes.All("orders:read")),
		"step-up": httpguard.NewStepUpRoute(stepup.Requirement{ACRValues: []string{"mfa"}}),
	}
	const token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"
	for name, rt := range routes {
		t.Run(name, func(t *testing.T) {
			logs.Reset()
			for i := range 3 {
				for _, auth := range []string{"Bearer " + token, "Bearer a", "Bearer a"} {
					r := httptest.NewRequest(http.MethodGet, "/orders/"+name, nil)
					r.Header.Set("Authorization", auth)
					w := httptest.NewRecorder()
					x := httpguard.Exchange{W: w, R: r}
					err := g.Permit(x, r, rt)
					if !errors.Is(err, httpguard.ErrServerMisconfigured) {
						t.Fatalf("request %d: Permit = %v, want ErrServerMisconfigured", i, err)
					}
					_ = g.Refuse(x, w, r, err)
					var body map[string]string
					_ = json.Unmarshal(w.Body.Bytes(), &body)
					if w.Code != http.StatusInternalServerError || body["error"] != "server_error" || w.Header().Get("WWW-Authenticate") != "" {
						t.Errorf("answer %d %v %q, want 500 server_error without a challenge", w.Code, body, w.Header().Get("WWW-Authenticate"))
					}
				}
			}
			var errorLines int
			for _, line := range conformance.JSONLines(logs.String()) {
				switch line["level"] {
				case "ERROR":
					errorLines++
					if msg, _ := line["msg"].(string); !strings.Contains(msg, "Middleware in front") || line["route"] != "GET /orders/"+name {
						t.Errorf("error line %v does not name the fix and the route", line)
					}
				case "INFO":
					conformance.CheckRefusalLine(t, line, "INFO", map[string]any{"reason": "server_misconfigured"})
				default:
					t.Errorf("line %v", line)
				}
			}
			if errorLines != 1 {
				t.Errorf("%d lines at Error, want 1 per route:\n%s", errorLines, logs.String())
			}
			if strings.Contains(logs.String(), token) {
				t.Error("the log holds the token")
			}

			r := httptest.NewRequest(http.MethodGet, "/orders/"+name, nil)
			w := httptest.NewRecorder()
			x := httpguard.Exchange{W: w, R: r}
			err := g.Permit(x, r, rt)
			if !errors.Is(err, validator.ErrMissingToken) {
				t.Fatalf("without a token: Permit = %v, want missing_token", err)
			}
			_ = g.Refuse(x, w, r, err)
			if w.Code != http.StatusUnauthorized {
				t.Errorf("without a token: %d, want 401", w.Code)
			}
		})
	}
}
