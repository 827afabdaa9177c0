package hardening

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

// logBuffer collects log output from any goroutine.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// bufferLogger returns a logger that writes every record, debug included, to a buffer.
func bufferLogger() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// eventually polls cond every few milliseconds until it holds, failing the test after timeout.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: still not %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// idpAudience is the audience of tokens minted by the issuertest identity providers of the suite.
const idpAudience = testAudience

// newIdP starts a loopback identity provider publishing fast-to-use keys (ES256 and EdDSA).
func newIdP(t testing.TB, algs ...string) *issuertest.Issuer {
	t.Helper()
	if len(algs) == 0 {
		algs = []string{"ES256", "EdDSA"}
	}
	return issuertest.New(t, issuertest.WithAlgorithms(algs...))
}

// mint returns a token for the suite's API from idp, with extra options.
func mint(t testing.TB, idp *issuertest.Issuer, opts ...issuertest.MintOption) string {
	t.Helper()
	return idp.MustMint(t, append([]issuertest.MintOption{
		issuertest.WithAudience(idpAudience), issuertest.WithSubject("user-42"), issuertest.WithScope("orders:read"),
	}, opts...)...)
}

// newSet builds a jwks.Set for url whose first fetch may take up to 5 s, logging to the returned
// buffer, and closes it when the test ends.
func newSet(t testing.TB, url string, opts ...jwks.Option) (*jwks.Set, *logBuffer) {
	t.Helper()
	logger, logs := bufferLogger()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	set, err := jwks.New(ctx, url, append([]jwks.Option{jwks.WithLogger(logger)}, opts...)...)
	if err != nil {
		t.Fatalf("jwks.New: %v", err)
	}
	t.Cleanup(func() { _ = set.Close() })
	return set, logs
}

// idpValidator is a validator for tokens of idp, with keys from keys.
func idpValidator(t testing.TB, idp *issuertest.Issuer, keys validator.KeySource, opts ...validator.Option) *validator.Validator {
	t.Helper()
	v, err := validator.New(keys, append([]validator.Option{
		validator.WithIssuer(idp.URL()), validator.WithAudience(idpAudience),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// mustPass fails the test unless v accepts token.
func mustPass(t testing.TB, v validator.TokenValidator, token, when string) {
	t.Helper()
	if _, err := v.Validate(context.Background(), token); err != nil {
		t.Fatalf("%s: valid token refused: %v", when, err)
	}
}

// mustFail fails the test unless v refuses token with reason want.
func mustFail(t testing.TB, v validator.TokenValidator, token string, want error, when string) {
	t.Helper()
	_, err := v.Validate(context.Background(), token)
	if !errors.Is(err, want) {
		t.Fatalf("%s: got %v, want %v", when, err, want)
	}
	if got := validator.Code(err); got != wantCodes[want] {
		t.Fatalf("%s: code %q, want %q", when, got, wantCodes[want])
	}
}
