package ginmw_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/ginmw"
)

func TestWithLogger(t *testing.T) {
	var logs bytes.Buffer
	e := gin.New()
	e.Use(ginmw.Middleware(stubValidator{token: "good"}, ginmw.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))))
	e.GET("/x", func(c *gin.Context) { c.Status(http.StatusOK) })
	r := httptest.NewRequest(http.MethodGet, "/x", nil)
	r.Header.Set("Authorization", "Bearer bad")
	e.ServeHTTP(httptest.NewRecorder(), r)
	if got := logs.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "reason=invalid_signature") || !strings.Contains(got, `route="GET /x"`) {
		t.Errorf("logged %q", got)
	}
}
