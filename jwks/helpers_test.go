package jwks

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
)

// Generating RSA keys is slow, so the tests share a few.
var rsaKeys = sync.OnceValue(func() []*rsa.PrivateKey {
	ks := make([]*rsa.PrivateKey, 3)
	for i := range ks {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		ks[i] = k
	}
	return ks
})

func rsaKey(t testing.TB, i int) *rsa.PrivateKey {
	t.Helper()
	return rsaKeys()[i]
}

func ecKey(t testing.TB, c elliptic.Curve) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(c, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func edKey(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// jwk renders key (public or private) as a JWK with the given metadata.
func jwk(t testing.TB, key any, kid, alg string, use jwkset.USE) jwkset.JWKMarshal {
	t.Helper()
	j, err := jwkset.NewJWKFromKey(key, jwkset.JWKOptions{
		Marshal:  jwkset.JWKMarshalOptions{Private: true},
		Metadata: jwkset.JWKMetadataOptions{KID: kid, ALG: jwkset.ALG(alg), USE: use},
	})
	if err != nil {
		t.Fatalf("jwk %s: %v", kid, err)
	}
	return j.Marshal()
}

// publicJWK is jwk for the public half of key.
func publicJWK(t testing.TB, key crypto.Signer, kid, alg string) jwkset.JWKMarshal {
	t.Helper()
	return jwk(t, key.Public(), kid, alg, "")
}

func setJSON(t testing.TB, keys ...any) []byte {
	t.Helper()
	raw := make([]json.RawMessage, len(keys))
	for i, k := range keys {
		b, err := json.Marshal(k)
		if err != nil {
			t.Fatal(err)
		}
		raw[i] = b
	}
	b, err := json.Marshal(map[string]any{"keys": raw})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// idp is a JWK Set server whose answer a test can change between fetches. It counts the requests it
// receives, which is what the tests measure.
type idp struct {
	srv          *httptest.Server
	hits         atomic.Int64
	body         atomic.Pointer[[]byte]
	status       atomic.Int32
	cacheControl atomic.Pointer[string]
	// hold, when set, makes each request wait until it is closed or the request is cancelled.
	hold atomic.Pointer[chan struct{}]
	// arrived receives a value (without blocking) when a request arrives.
	arrived chan struct{}
	// override, when set, answers requests instead of the JWK Set.
	override atomic.Pointer[http.HandlerFunc]
}

func newIDP(t testing.TB, body []byte) *idp {
	t.Helper()
	p := &idp{arrived: make(chan struct{}, 1)}
	p.setBody(body)
	p.status.Store(http.StatusOK)
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *idp) serve(w http.ResponseWriter, r *http.Request) {
	p.hits.Add(1)
	select {
	case p.arrived <- struct{}{}:
	default:
	}
	if h := p.hold.Load(); h != nil {
		select {
		case <-*h:
		case <-r.Context().Done():
			return
		}
	}
	if h := p.override.Load(); h != nil {
		(*h)(w, r)
		return
	}
	if cc := p.cacheControl.Load(); cc != nil {
		w.Header().Set("Cache-Control", *cc)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(int(p.status.Load()))
	_, _ = w.Write(*p.body.Load())
}

func (p *idp) answer(h http.HandlerFunc) { p.override.Store(&h) }
func (p *idp) setBody(b []byte)          { p.body.Store(&b) }
func (p *idp) setCache(cc string)        { p.cacheControl.Store(&cc) }
func (p *idp) url() string               { return p.srv.URL + "/jwks.json" }
func (p *idp) holdRequests() func() {
	ch := make(chan struct{})
	p.hold.Store(&ch)
	var once sync.Once
	return func() { once.Do(func() { p.hold.Store(nil); close(ch) }) }
}

// recorder is a slog.Handler that keeps records, so tests can check what was logged without writing
// to a testing.T from the Set's goroutine.
type recorder struct {
	mu      sync.Mutex
	msgs    []string // level, message and attributes, one line per record
	records []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *recorder) WithGroup(string) slog.Handler            { return r }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	var b strings.Builder
	b.WriteString(rec.Level.String() + " " + rec.Message)
	rec.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.String())
		return true
	})
	r.mu.Lock()
	r.msgs = append(r.msgs, b.String())
	r.records = append(r.records, rec.Clone())
	r.mu.Unlock()
	return nil
}

func (r *recorder) contains(sub string) bool {
	return r.count(sub) > 0
}

// count returns how many records contain sub in their level, message or attributes.
func (r *recorder) count(sub string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, m := range r.msgs {
		if strings.Contains(m, sub) {
			n++
		}
	}
	return n
}

// all returns the records kept so far.
func (r *recorder) all() []slog.Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.records)
}

// lines returns the records kept so far, formatted as contains sees them.
func (r *recorder) lines() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.msgs, "\n")
}

// newTestSet builds a Set over p with a recording logger and closes it when the test ends.
func newTestSet(t testing.TB, url string, opts ...Option) (*Set, *recorder) {
	t.Helper()
	rec := &recorder{}
	opts = append([]Option{WithLogger(slog.New(rec))}, opts...)
	s, err := New(context.Background(), url, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, rec
}

// eventually polls cond until it holds or the deadline passes; the background loop gives no other
// signal to wait on.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitArrived waits until the idp has received a request since the last call.
func (p *idp) waitArrived(t testing.TB) {
	t.Helper()
	select {
	case <-p.arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("no request reached the identity provider")
	}
}

func mustFind(t testing.TB, s *Set, kid, alg string) crypto.PublicKey {
	t.Helper()
	k, found, err := s.VerificationKey(context.Background(), kid, alg)
	if err != nil || !found {
		t.Fatalf("VerificationKey(%q, %q) = found %v, err %v; want found", kid, alg, found, err)
	}
	return k
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
