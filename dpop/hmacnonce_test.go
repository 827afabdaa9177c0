package dpop

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// newTestNonces returns an HMAC NonceSource keyed by secret on the clock *now.
func newTestNonces(t *testing.T, secret []byte, lifetime time.Duration, now *time.Time) *hmacNonces {
	t.Helper()
	src, err := NewHMACNonceSource(secret, lifetime)
	if err != nil {
		t.Fatal(err)
	}
	s := src.(*hmacNonces)
	s.now = func() time.Time { return *now }
	return s
}

// TestHMACNonceReplicas: two sources with one secret ("replicas") accept each other's nonces, and a
// source with another secret accepts neither.
func TestHMACNonceReplicas(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	secret := bytes.Repeat([]byte("s"), 32)
	a := newTestNonces(t, secret, time.Minute, &now)
	b := newTestNonces(t, secret, time.Minute, &now)
	other := newTestNonces(t, bytes.Repeat([]byte("o"), 32), time.Minute, &now)

	na, _ := a.Nonce(ctx)
	nb, _ := b.Nonce(ctx)
	if na != nb {
		t.Fatalf("replicas issue %q and %q in one window", na, nb)
	}
	if !a.ValidNonce(ctx, nb) || !b.ValidNonce(ctx, na) {
		t.Fatal("a replica refused the other's nonce")
	}
	if other.ValidNonce(ctx, na) {
		t.Fatal("a nonce of another secret was accepted")
	}
	if len(na) != nonceLength || strings.Trim(na, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		t.Fatalf("nonce %q is not %d base64url characters", na, nonceLength)
	}
}

// TestHMACNonceExpiry drives the clock: a nonce is accepted through its window and the next (one
// window of grace), refused after, and the nonce of a window ahead (a replica's fast clock) is accepted.
func TestHMACNonceExpiry(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) // a window boundary: 12:00 is a whole minute
	now := start
	s := newTestNonces(t, bytes.Repeat([]byte("s"), 32), time.Minute, &now)
	n, _ := s.Nonce(ctx)
	for _, c := range []struct {
		after time.Duration
		ok    bool
	}{
		{0, true},
		{59 * time.Second, true},
		{time.Minute, true}, // its lifetime is over: the window of grace
		{2*time.Minute - time.Nanosecond, true},
		{2 * time.Minute, false}, // past the lifetime and the grace
		{time.Hour, false},
	} {
		now = start.Add(c.after)
		if got := s.ValidNonce(ctx, n); got != c.ok {
			t.Errorf("%v after issue: ValidNonce = %v, want %v", c.after, got, c.ok)
		}
	}
	now = start.Add(-time.Minute) // this replica's clock is a window behind the issuer's
	if !s.ValidNonce(ctx, n) {
		t.Error("a nonce of the next window was refused")
	}
	now = start.Add(-2 * time.Minute)
	if s.ValidNonce(ctx, n) {
		t.Error("a nonce two windows ahead was accepted")
	}
	now = start.Add(90 * time.Second)
	if next, _ := s.Nonce(ctx); next == n || !s.ValidNonce(ctx, next) {
		t.Errorf("the next window's nonce %q (was %q)", next, n)
	}
}

// TestHMACNonceGarbage: malformed nonces are refused, whatever their length, and the constructor
// refuses a short secret or a lifetime that is not positive.
func TestHMACNonceGarbage(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := newTestNonces(t, bytes.Repeat([]byte("s"), 32), time.Minute, &now)
	n, _ := s.Nonce(ctx)
	flipped := []byte(n)
	flipped[len(flipped)-1] ^= 1
	for _, bad := range []string{
		"", "x", n[:len(n)-1], n + "A", strings.Repeat("A", nonceLength), strings.Repeat("=", nonceLength),
		strings.Repeat("é", nonceLength/2), string(flipped), strings.Repeat(n, 1000), n[:8] + strings.Repeat("A", nonceLength-8),
	} {
		if s.ValidNonce(ctx, bad) {
			t.Errorf("ValidNonce(%.40q) = true", bad)
		}
	}
	for name, tc := range map[string]struct {
		secret   []byte
		lifetime time.Duration
	}{
		"31-byte secret": {bytes.Repeat([]byte("s"), 31), time.Minute},
		"nil secret":     {nil, time.Minute},
		"zero lifetime":  {bytes.Repeat([]byte("s"), 32), 0},
		"negative":       {bytes.Repeat([]byte("s"), 32), -time.Second},
	} {
		if _, err := NewHMACNonceSource(tc.secret, tc.lifetime); err == nil {
			t.Errorf("%s: NewHMACNonceSource accepted it", name)
		}
	}
	secret := bytes.Repeat([]byte("s"), 32)
	src, _ := NewHMACNonceSource(secret, time.Minute)
	secret[0] = 'x' // the caller's slice changes: the source kept its own copy
	if s2 := src.(*hmacNonces); s2.nonce(1) != s.nonce(1) {
		t.Error("the source shares the caller's secret slice")
	}
}

// FuzzHMACNonce: ValidNonce reads untrusted input; it accepts only what the source issued for the
// current window or one beside it, and never panics.
func FuzzHMACNonce(f *testing.F) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s, err := NewHMACNonceSource(bytes.Repeat([]byte("s"), 32), time.Minute)
	if err != nil {
		f.Fatal(err)
	}
	src := s.(*hmacNonces)
	src.now = func() time.Time { return now }
	issued, _ := src.Nonce(context.Background())
	f.Add(issued)
	f.Add("")
	f.Add(strings.Repeat("A", nonceLength))
	f.Fuzz(func(t *testing.T, nonce string) {
		if !src.ValidNonce(context.Background(), nonce) {
			return
		}
		w := src.window(now)
		if nonce != src.nonce(w-1) && nonce != src.nonce(w) && nonce != src.nonce(w+1) {
			t.Fatalf("accepted %q, never issued", nonce)
		}
	})
}
