package echomw_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/echomw"
)

func TestWithLogger(t *testing.T) {
	var logs bytes.Buffer
	e := echo.New()
	e.Use(echomw.Middleware(stubValidator{token: "good"}, echomw.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))))
	e.GET("/x", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
	r := httptest.NewRequest(http.MethodGet, "/x", nil)
	r.Header.Set("Authorization", "Bearer bad")
	e.ServeHTTP(httptest.NewRecorder(), r)
	if got := logs.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "reason=invalid_signature") || !strings.Contains(got, `route="GET /x"`) {
		t.Errorf("logged %q", got)
	}
}
