package ssf_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/ssf"
)

// audience is the receiver's audience in these tests.
const audience = "https://api.example.test/ssf"

// call is one Revoke* call the recording list received.
type call struct {
	Method       string // "subject", "session" or "token"
	Issuer       string
	Value        string
	IssuedBefore time.Time
}

func (c call) String() string {
	return fmt.Sprintf("%s %s %s %d", c.Method, c.Issuer, c.Value, c.IssuedBefore.Unix())
}

// recorder is a Revoker that records every call, and fails while fail is set.
type recorder struct {
	mu    sync.Mutex
	calls []call
	fail  error
}

func (r *recorder) record(c call) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.calls = append(r.calls, c)
	return nil
}

func (r *recorder) RevokeSubject(_ context.Context, issuer, subject string, before time.Time) error {
	return r.record(call{"subject", issuer, subject, before})
}

func (r *recorder) RevokeSession(_ context.Context, issuer, sid string, before time.Time) error {
	return r.record(call{"session", issuer, sid, before})
}

func (r *recorder) RevokeToken(_ context.Context, issuer, jti string, expires time.Time) error {
	return r.record(call{"token", issuer, jti, expires})
}

func (r *recorder) setFail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = err
}

func (r *recorder) got() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]call(nil), r.calls...)
}

// quiet discards the logs of key sets the tests make.
var quiet = slog.New(slog.DiscardHandler)

var errStoreDown = errors.New("store down")

// syncBuffer is a log destination safe for the receiver's concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// fixture is a transmitter (issuertest), a receiver trusting its SET key, and the receiver's push
// endpoint on loopback.
type fixture struct {
	iss  *issuertest.Issuer
	keys *jwks.Set
	list *recorder
	rx   *ssf.Receiver
	url  string // the push endpoint
	logs *syncBuffer
}

func newFixture(t *testing.T, opts ...ssf.Option) *fixture {
	t.Helper()
	f := &fixture{iss: issuertest.New(t, issuertest.WithAlgorithms("ES256")), list: &recorder{}, logs: &syncBuffer{}}
	var err error
	if f.keys, err = jwks.Static(f.iss.SSFJWKS(), jwks.WithLogger(quiet)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.keys.Close() })
	logger := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	base := []ssf.Option{ssf.WithIssuer(f.iss.URL()), ssf.WithKeys(f.keys), ssf.WithAudience(audience), ssf.WithLogger(logger)}
	if f.rx, err = ssf.NewReceiver(f.list, append(base, opts...)...); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f.rx)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

// sign signs ev for the receiver's audience, with opts.
func (f *fixture) sign(t *testing.T, ev issuertest.SecurityEvent, opts ...issuertest.SETOption) string {
	t.Helper()
	set, err := f.iss.SignSET(ev, append([]issuertest.SETOption{issuertest.SETAudience(audience)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// push pushes ev to the receiver for its audience.
func (f *fixture) push(t *testing.T, ev issuertest.SecurityEvent, opts ...issuertest.SETOption) error {
	t.Helper()
	return f.iss.PushSET(context.Background(), f.url, ev, append([]issuertest.SETOption{issuertest.SETAudience(audience)}, opts...)...)
}

// mustUnreachableKeys returns a Set for the issuer's (failing) access-token JWKS URL: it never holds a
// key, so lookups answer keys_unavailable.
func mustUnreachableKeys(t *testing.T, iss *issuertest.Issuer) *jwks.Set {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	keys, err := jwks.New(ctx, iss.JWKSURL(), jwks.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = keys.Close() })
	return keys
}
