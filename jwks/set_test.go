package jwks

import (
	"context"
	"crypto/elliptic"
	"errors"
	"testing"
	"time"
)

func TestVerificationKeyAlgFitness(t *testing.T) {
	p256, p384, p521, ed := ecKey(t, elliptic.P256()), ecKey(t, elliptic.P384()), ecKey(t, elliptic.P521()), edKey(t)
	s, err := Static(setJSON(t,
		publicJWK(t, rsaKey(t, 0), "rsa", ""),
		publicJWK(t, rsaKey(t, 1), "rsa-rs256", "RS256"),
		publicJWK(t, p256, "p256", ""),
		publicJWK(t, p384, "p384", ""),
		publicJWK(t, p521, "p521", ""),
		publicJWK(t, ed, "ed", ""),
	))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	fits := map[string][]string{
		"rsa":       {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"},
		"rsa-rs256": {"RS256"},
		"p256":      {"ES256"},
		"p384":      {"ES384"},
		"p521":      {"ES512"},
		"ed":        {"EdDSA"},
	}
	algs := []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
		"HS256", "HS512", "none", "", "ES256K", "rs256"}
	for kid, ok := range fits {
		for _, alg := range algs {
			want := false
			for _, a := range ok {
				want = want || a == alg
			}
			key, found, err := s.VerificationKey(context.Background(), kid, alg)
			if err != nil {
				t.Fatalf("%s/%s: err %v", kid, alg, err)
			}
			if found != want || (key != nil) != want {
				t.Errorf("VerificationKey(%q, %q) = (%T, %v), want found %v", kid, alg, key, found, want)
			}
		}
	}
}

func TestVerificationKeyWithoutKID(t *testing.T) {
	r0, r1, p256 := rsaKey(t, 0), rsaKey(t, 1), ecKey(t, elliptic.P256())
	tests := []struct {
		name  string
		keys  []any
		alg   string
		found bool
	}{
		{"one RSA key", []any{publicJWK(t, r0, "a", "")}, "RS256", true},
		{"one RSA key, EC alg", []any{publicJWK(t, r0, "a", "")}, "ES256", false},
		{"two RSA keys are ambiguous", []any{publicJWK(t, r0, "a", ""), publicJWK(t, r1, "b", "")}, "RS256", false},
		{"RSA and EC, RSA alg", []any{publicJWK(t, r0, "a", ""), publicJWK(t, p256, "b", "")}, "PS256", true},
		{"RSA and EC, EC alg", []any{publicJWK(t, r0, "a", ""), publicJWK(t, p256, "b", "")}, "ES256", true},
		{"two RSA keys, only one allows PS256", []any{publicJWK(t, r0, "a", "RS256"), publicJWK(t, r1, "b", "")}, "PS256", true},
		{"two RSA keys, both allow RS256", []any{publicJWK(t, r0, "a", "RS256"), publicJWK(t, r1, "b", "")}, "RS256", false},
		{"key without kid", []any{publicJWK(t, p256, "", "")}, "ES256", true},
		{"HS256 never", []any{publicJWK(t, r0, "a", "")}, "HS256", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Static(setJSON(t, tt.keys...))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			key, found, err := s.VerificationKey(context.Background(), "", tt.alg)
			if err != nil || found != tt.found || (key != nil) != tt.found {
				t.Errorf("VerificationKey(\"\", %q) = (%T, %v, %v), want found %v", tt.alg, key, found, err, tt.found)
			}
		})
	}
}

// A kid the Set holds but whose key does not fit alg is an attacker's or a misconfigured token, not a
// rotation: refetching would not help, so it must not happen.
func TestKnownKIDWrongAlgDoesNotRefresh(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "rsa", "RS256")))
	s, _ := newTestSet(t, p.url())
	for _, alg := range []string{"PS256", "ES256", "HS256", "none"} {
		if _, found, err := s.VerificationKey(context.Background(), "rsa", alg); found || err != nil {
			t.Errorf("alg %s: found %v err %v, want not found", alg, found, err)
		}
	}
	// An algorithm no JWK Set key may serve does not refresh for unknown kids either.
	if _, found, _ := s.VerificationKey(context.Background(), "other", "HS256"); found {
		t.Error("HS256 found")
	}
	if got := p.hits.Load(); got != 1 {
		t.Errorf("server saw %d fetches, want 1 (the initial one)", got)
	}
}

// TestVerificationKeyAllocations: finding a held key costs what keyfunc/v3's lookup costs — the
// closure KeyfuncCtx returns and the kid boxed into the header it reads — and nothing for the fitness
// check on what it returns.
func TestVerificationKeyAllocations(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "rsa", ""), publicJWK(t, ecKey(t, elliptic.P256()), "ec", "")))
	s, _ := newTestSet(t, p.url())
	ctx := context.Background()
	for _, c := range []struct {
		kid, alg string
		max      float64
	}{{"rsa", "RS256", 2}, {"ec", "ES256", 2}, {"", "ES256", 8}} {
		allocs := testing.AllocsPerRun(1000, func() {
			if _, found, _ := s.VerificationKey(ctx, c.kid, c.alg); !found {
				t.Fatalf("VerificationKey(%q, %q) not found", c.kid, c.alg)
			}
		})
		if allocs > c.max {
			t.Errorf("VerificationKey(%q, %q) allocates %v times per call, want at most %v", c.kid, c.alg, allocs, c.max)
		}
	}
}

func TestClose(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "rsa", "")))
	s, _ := newTestSet(t, p.url())
	mustFind(t, s, "rsa", "RS256")

	done := make(chan struct{})
	for range 3 {
		go func() { _ = s.Close(); done <- struct{}{} }()
	}
	for range 3 {
		<-done
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	_, found, err := s.VerificationKey(context.Background(), "rsa", "RS256")
	if found || !errors.Is(err, ErrKeysUnavailable) || !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: found %v, err %v; want ErrKeysUnavailable and ErrClosed", found, err)
	}
	if err := s.Ready(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Ready after Close = %v, want ErrClosed", err)
	}
	if st := s.Status(); !st.Closed || !st.NextRefresh.IsZero() {
		t.Errorf("Status after Close = %+v, want Closed and no next refresh", st)
	}
}

// Close must not wait for a hanging identity provider: it cancels the fetch in flight.
func TestCloseCancelsInFlightFetch(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "rsa", "")))
	s, _ := newTestSet(t, p.url(), WithHTTPTimeout(time.Hour), WithUnknownKIDWait(time.Millisecond))
	release := p.holdRequests()
	defer release()
	p.waitArrived(t) // the initial fetch
	_, _, _ = s.VerificationKey(context.Background(), "unknown", "RS256")
	p.waitArrived(t) // the unknown-kid fetch, now hanging in the handler

	closed := make(chan struct{})
	go func() { _ = s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return while a fetch hung")
	}
}

func TestNilSet(t *testing.T) {
	var s *Set
	if _, _, err := s.VerificationKey(context.Background(), "a", "RS256"); !errors.Is(err, ErrKeysUnavailable) {
		t.Errorf("nil Set lookup err = %v", err)
	}
	if s.Epoch() != 0 || s.Close() != nil || s.Ready(context.Background()) == nil || !s.Status().Closed {
		t.Error("nil Set methods misbehave")
	}
}

func BenchmarkVerificationKeyKnownKID(b *testing.B) {
	p := newIDP(b, setJSON(b, publicJWK(b, rsaKey(b, 0), "rsa", ""), publicJWK(b, rsaKey(b, 1), "rsa2", "")))
	s, _ := newTestSet(b, p.url())
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, found, _ := s.VerificationKey(ctx, "rsa2", "RS256"); !found {
				b.Fatal("not found")
			}
		}
	})
}
