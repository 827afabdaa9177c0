package nethttp_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/nethttp"
)

func TestWithLogger(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := nethttp.Middleware(stubValidator{token: "good"}, nethttp.WithLogger(logger))(http.NotFoundHandler())
	serve(h, "Authorization", "Bearer bad")
	if got := logs.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "reason=invalid_signature") || !strings.Contains(got, `route="GET /"`) {
		t.Errorf("logged %q", got)
	}
	logs.Reset()
	serve(h, "Authorization", "Bearer good")
	if logs.Len() != 0 {
		t.Errorf("an admitted request was logged: %q", logs.String())
	}
}
