package httpguard_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/internal/httpguard"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
)

// TestMissingTokenSaysWhatWasSeen checks that missing_token's line says what the request carried
// instead of a Bearer token — a token in the query, another scheme by name, a header without a
// scheme, or nothing — and never the token.
func TestMissingTokenSaysWhatWasSeen(t *testing.T) {
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Validator()
	if err != nil {
		t.Fatal(err)
	}
	token := m.Token()
	var logs bytes.Buffer
	g := httpguard.New(v, []httpguard.Option[httpguard.Exchange]{
		httpguard.WithLogger[httpguard.Exchange](slog.New(slog.NewJSONHandler(&logs, nil)))})
	tests := []struct {
		name, target, auth, seen string
	}{
		{"query", "/orders?page=2&access_token=" + token, "", "access_token in the query string, not accepted without FromQuery"},
		{"JWT scheme", "/orders", "JWT " + token, `Authorization scheme "JWT", not Bearer`},
		{"Token scheme", "/orders", "Token " + token, `Authorization scheme "Token", not Bearer`},
		{"bare token", "/orders", token, "an Authorization header without a scheme name, not Bearer"},
		{"long scheme", "/orders", strings.Repeat("S", 100) + " " + token, "an Authorization header without a scheme name, not Bearer"},
		{"nothing", "/orders?access_tokens=1", "", "no Authorization header"},
		{"both", "/orders?access_token=" + token, "Basic dXNlcjpwYXNz", `Authorization scheme "Basic", not Bearer; access_token in the query string, not accepted without FromQuery`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs.Reset()
			r := httptest.NewRequest(http.MethodGet, tt.target, nil)
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			w := httptest.NewRecorder()
			x := httpguard.Exchange{W: w, R: r}
			_, err := g.Admit(x, r)
			if err == nil {
				t.Fatal("admitted")
			}
			_ = g.Refuse(x, w, r, err)
			lines := conformance.JSONLines(logs.String())
			if len(lines) != 1 {
				t.Fatalf("%d lines, want 1:\n%s", len(lines), logs.String())
			}
			conformance.CheckRefusalLine(t, lines[0], "INFO", map[string]any{"reason": "missing_token", "seen": tt.seen})
			if testtoken.Leaks(logs.String(), token) || strings.Contains(logs.String(), "dXNlcjpwYXNz") {
				t.Error("the log holds the credentials")
			}
		})
	}
}

// TestRefusalLinesRateLimited checks that an Info logger sees refusals, that a flood of them writes
// at most 20 lines a second, and that the count of the others is reported at Warn once the second
// is over.
func TestRefusalLinesRateLimited(t *testing.T) {
	t.Parallel() // it waits for the limit's second to end; the package's other tests need not
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Validator()
	if err != nil {
		t.Fatal(err)
	}
	var logs conformance.Logs
	g := httpguard.New(v, []httpguard.Option[httpguard.Exchange]{
		httpguard.WithLogger[httpguard.Exchange](slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})))})
	const flood = 500
	start := time.Now()
	for range flood {
		r := httptest.NewRequest(http.MethodGet, "/orders", nil)
		w := httptest.NewRecorder()
		x := httpguard.Exchange{W: w, R: r}
		_, err := g.Admit(x, r)
		_ = g.Refuse(x, w, r, err)
	}
	windows := int(time.Since(start)/time.Second) + 1 // the limit's one-second windows the flood spanned
	time.Sleep(1200 * time.Millisecond)               // the last window's report is written when it ends
	var lines, suppressed, reports int
	for _, line := range conformance.JSONLines(logs.String()) {
		switch line["msg"] {
		case "jwtguard: request refused":
			lines++
			conformance.CheckRefusalLine(t, line, "INFO", map[string]any{"reason": "missing_token"})
		case "jwtguard: refusal lines suppressed":
			reports++
			n, _ := line["suppressed"].(float64)
			suppressed += int(n)
			if line["level"] != "WARN" {
				t.Errorf("report %v, want WARN", line)
			}
		default:
			t.Errorf("line %v", line)
		}
	}
	if lines == 0 || lines > 20*windows || reports == 0 || lines+suppressed != flood {
		t.Errorf("%d refusals over %d s: %d lines and %d reports of %d suppressed, want at most 20 lines a second and every refusal counted",
			flood, windows, lines, reports, suppressed)
	}
}
