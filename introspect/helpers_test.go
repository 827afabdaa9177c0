package introspect_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/introspect"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

// testClock is a clock tests move by hand, shared by the issuer and the Introspector.
type testClock struct{ now atomic.Int64 }

func newTestClock() *testClock {
	c := &testClock{}
	c.now.Store(time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC).UnixNano())
	return c
}

func (c *testClock) Now() time.Time                  { return time.Unix(0, c.now.Load()) }
func (c *testClock) advance(d time.Duration)         { c.now.Add(int64(d)) }
func (c *testClock) issuerOption() issuertest.Option { return issuertest.WithClock(c.Now) }

// httpClient is a client whose idle connections are closed when the test ends.
func httpClient(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// newIntrospector returns an Introspector for iss with its credentials, clock and a log buffer.
func newIntrospector(t *testing.T, iss *issuertest.Issuer, clock *testClock, opts ...introspect.Option) (*introspect.Introspector, *conformance.Logs) {
	t.Helper()
	id, secret := iss.IntrospectionClient()
	logs := new(conformance.Logs) // to prove tokens never reach the log
	base := []introspect.Option{
		introspect.WithClientSecretBasic(id, secret),
		introspect.WithClock(clock.Now),
		introspect.WithHTTPClient(httpClient(t)),
		introspect.WithLogger(slog.New(slog.NewTextHandler(logs, nil))),
	}
	in, err := introspect.New(iss.IntrospectionURL(), append(base, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return in, logs
}

// answering serves body, with status 200, as every introspection answer, counting requests.
func answering(t *testing.T, body string) (string, *atomic.Int64) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &calls
}

func assertReason(t *testing.T, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("want success, got %v", err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("want %v, got %v", want, err)
	}
}

func validate(t *testing.T, in *introspect.Introspector, token string) (*validator.Claims, error) {
	t.Helper()
	return in.Validate(context.Background(), token)
}

// jwksFor returns the issuer's current keys as a static key source, closed when the test ends.
func jwksFor(t *testing.T, iss *issuertest.Issuer) (*jwks.Set, error) {
	set, err := jwks.Static(iss.JWKS())
	if err == nil {
		t.Cleanup(func() { _ = set.Close() })
	}
	return set, err
}

// anyAudience is the audience decision of tests that are not about the audience.
var anyAudience = introspect.WithAnyAudience()

// quiet discards what an Introspector logs, for tests that provoke failures on purpose.
var quiet = slog.New(slog.DiscardHandler)
