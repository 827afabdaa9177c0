package revocation_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/revocation"
)

const iss = "https://idp.example.com"

var start = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// clock is a clock the test moves.
type clock struct{ now atomic.Int64 }

func newClock() *clock                   { c := &clock{}; c.now.Store(start.UnixNano()); return c }
func (c *clock) Now() time.Time          { return time.Unix(0, c.now.Load()).UTC() }
func (c *clock) advance(d time.Duration) { c.now.Add(int64(d)) }
func (c *clock) list(opts ...revocation.Option) *revocation.Memory {
	return revocation.NewMemory(append([]revocation.Option{revocation.WithClock(c.Now)}, opts...)...)
}

func TestCuts(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	l := c.list()
	if l.Revoked(iss, "u", "s", "j", time.Time{}) {
		t.Fatal("an empty list revokes")
	}
	must(t, l.RevokeSubject(ctx, iss, "u", start))
	must(t, l.RevokeSession(ctx, iss, "s", start))
	must(t, l.RevokeToken(ctx, iss, "j", start.Add(time.Hour)))
	for _, tt := range []struct {
		sub, sid, jti string
		iat           time.Time
		want          bool
	}{
		{"u", "", "", start.Add(-time.Second), true},
		{"u", "", "", time.Time{}, true}, // no iat: the beginning of time
		{"u", "", "", start, false},      // issued at the cut: after the revocation
		{"", "s", "", start.Add(-time.Second), true},
		{"", "s", "", start.Add(time.Second), false},
		{"", "", "j", start.Add(time.Hour), true}, // a jti is revoked whatever its iat
		{"v", "t", "k", time.Time{}, false},
		{"s", "j", "u", time.Time{}, false}, // identifiers of another kind do not match
	} {
		if got := l.Revoked(iss, tt.sub, tt.sid, tt.jti, tt.iat); got != tt.want {
			t.Errorf("Revoked(%q, %q, %q, %v) = %v, want %v", tt.sub, tt.sid, tt.jti, tt.iat, got, tt.want)
		}
		if l.Revoked("https://other.example.com", tt.sub, tt.sid, tt.jti, tt.iat) {
			t.Errorf("another issuer's %q %q %q is revoked", tt.sub, tt.sid, tt.jti)
		}
	}
	held := l.Entries()
	if len(held) != 3 {
		t.Fatalf("Entries = %v, want 3", held)
	}
	copyList := c.list()
	for _, e := range held {
		if _, err := copyList.Revoke(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if !copyList.Revoked(iss, "u", "", "", start.Add(-time.Second)) || !copyList.Revoked(iss, "", "s", "", time.Time{}) ||
		!copyList.Revoked(iss, "", "", "j", time.Time{}) || copyList.Revoked(iss, "u", "", "", start) {
		t.Error("a list made from Entries does not answer as the original")
	}
	// A later cut wins; an earlier one does not undo it.
	must(t, l.RevokeSubject(ctx, iss, "u", start.Add(time.Minute)))
	must(t, l.RevokeSubject(ctx, iss, "u", start.Add(-time.Hour)))
	if !l.Revoked(iss, "u", "", "", start.Add(30*time.Second)) {
		t.Error("the later cut was lost")
	}
}

// TestEntriesExpire checks the memory bound in time: an entry is forgotten once no token it matches
// can be valid, and an entry that could match nothing is not kept at all.
func TestEntriesExpire(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	l := c.list(revocation.WithMaxTokenLifetime(time.Hour))
	must(t, l.RevokeSubject(ctx, iss, "u", start))
	must(t, l.RevokeToken(ctx, iss, "j", start.Add(10*time.Minute)))
	// A cut far in the future is taken as now + ClockMargin: it cannot lock the subject out for long.
	must(t, l.RevokeSubject(ctx, iss, "future", start.Add(1000*time.Hour)))
	c.advance(10*time.Minute + revocation.ClockMargin - time.Nanosecond)
	if !l.Revoked(iss, "", "", "j", time.Time{}) {
		t.Fatal("token entry gone before its exp + margin")
	}
	c.advance(time.Nanosecond)
	if l.Revoked(iss, "", "", "j", time.Time{}) {
		t.Error("token entry kept after its exp + margin")
	}
	c.advance(time.Hour - 10*time.Minute - time.Nanosecond) // start + lifetime + margin − 1ns
	if !l.Revoked(iss, "u", "", "", time.Time{}) {
		t.Fatal("subject entry gone before cut + lifetime + margin")
	}
	if !l.Revoked(iss, "future", "", "", start.Add(time.Minute)) {
		t.Fatal("future cut not clamped to now + margin")
	}
	if l.Revoked(iss, "future", "", "", start.Add(revocation.ClockMargin)) {
		t.Error("future cut revokes tokens issued after now + margin")
	}
	c.advance(time.Nanosecond)
	if l.Revoked(iss, "u", "", "", time.Time{}) {
		t.Error("subject entry kept after cut + lifetime + margin")
	}
	// Past entries are not held at all, and the next write sweeps the expired ones.
	must(t, l.RevokeSubject(ctx, iss, "old", start))
	must(t, l.RevokeToken(ctx, iss, "old", start))
	c.advance(revocation.ClockMargin + time.Minute) // past "future" too, and past the sweep interval
	must(t, l.RevokeSubject(ctx, iss, "new", c.Now()))
	if n := l.Len(); n != 1 {
		t.Errorf("Len = %d after the sweep, want 1", n)
	}
}

func TestBounds(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	l := c.list(revocation.WithMaxEntries(3))
	for i := range 3 {
		must(t, l.RevokeSubject(ctx, iss, fmt.Sprint(i), start))
	}
	must(t, l.RevokeSubject(ctx, iss, "0", start.Add(time.Second))) // an update takes no room
	if err := l.RevokeSubject(ctx, iss, "3", start); !errors.Is(err, revocation.ErrTooManyEntries) {
		t.Fatalf("a fourth entry: %v, want ErrTooManyEntries", err)
	}
	if l.Revoked(iss, "3", "", "", time.Time{}) {
		t.Error("a refused entry revokes")
	}
	c.advance(revocation.DefaultMaxTokenLifetime + revocation.ClockMargin + time.Second)
	must(t, l.RevokeSubject(ctx, iss, "3", c.Now())) // room again once the others expired
	long := strings.Repeat("x", revocation.MaxIdentifierLength+1)
	for _, e := range []revocation.Entry{
		{Kind: revocation.Subject, Issuer: iss, ID: long, Time: start},
		{Kind: revocation.Session, Issuer: long, ID: "s", Time: start},
		{Kind: revocation.Token, Issuer: iss, ID: "", Time: start},
		{Kind: revocation.Subject, Issuer: "", ID: "u", Time: start},
		{Kind: revocation.Subject, Issuer: iss, ID: "u"},
		{Kind: 9, Issuer: iss, ID: "u", Time: start},
	} {
		if _, err := l.Revoke(ctx, e); !errors.Is(err, revocation.ErrInvalidRevocation) {
			t.Errorf("Revoke(%+v) = %v, want ErrInvalidRevocation", e, err)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := l.RevokeSubject(cancelled, iss, "u", start); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestOptionsPanic(t *testing.T) {
	for _, opt := range []revocation.Option{
		nil, revocation.WithMaxEntries(0), revocation.WithMaxTokenLifetime(0),
		revocation.WithMaxTokenLifetime(10 * 366 * 24 * time.Hour), revocation.WithClock(nil),
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("NewMemory accepted an invalid option")
				}
			}()
			revocation.NewMemory(opt)
		}()
	}
}

// TestManyEntriesNoFalseNegative fills the list past several filter rebuilds while readers run: every
// revocation made is seen, and most identifiers not revoked are answered without a lock.
func TestManyEntriesNoFalseNegative(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	l := c.list()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					l.Revoked(iss, "user-x", "sid-x", "jti-x", start)
				}
			}
		}()
	}
	const n = 30_000
	for i := range n {
		must(t, l.RevokeSubject(ctx, iss, fmt.Sprint("user-", i), start))
	}
	close(stop)
	wg.Wait()
	for i := range n {
		if !l.Revoked(iss, fmt.Sprint("user-", i), "", "", time.Time{}) {
			t.Fatalf("user-%d not revoked", i)
		}
	}
	if l.Len() != n {
		t.Errorf("Len = %d, want %d", l.Len(), n)
	}
}

func TestKindText(t *testing.T) {
	for _, k := range []revocation.Kind{revocation.Subject, revocation.Session, revocation.Token} {
		text, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back revocation.Kind
		if err := back.UnmarshalText(text); err != nil || back != k || k.String() != string(text) {
			t.Errorf("%v → %q → %v, %v", k, text, back, err)
		}
	}
	var k revocation.Kind
	if err := k.UnmarshalText([]byte("user")); err == nil {
		t.Error("unknown kind accepted")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
