package dpop

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"
)

func TestNormalURI(t *testing.T) {
	same := [][2]string{
		{"https://api.example.com/a", "HTTPS://API.EXAMPLE.COM/a"},
		{"https://api.example.com/a", "https://api.example.com:443/a"},
		{"http://api.example.com/a", "http://api.example.com:80/a"},
		{"https://api.example.com/", "https://api.example.com"},
		{"https://api.example.com/", "https://api.example.com:/"},
		{"https://api.example.com/a~b", "https://api.example.com/a%7eb"},
		{"https://api.example.com/a%2Fb", "https://api.example.com/a%2fb"},
		{"https://api.example.com/a/c", "https://api.example.com/a/b/../c"},
		{"https://api.example.com/a/b/", "https://api.example.com/a/./b/."},
	}
	for _, p := range same {
		a, okA := normalURI(mustParse(t, p[0]))
		b, okB := normalURI(mustParse(t, p[1]))
		if !okA || !okB || a != b {
			t.Errorf("%s and %s normalise to %q and %q", p[0], p[1], a, b)
		}
	}
	different := [][2]string{
		{"https://api.example.com/a", "https://api.example.com/A"},
		{"https://api.example.com/a", "http://api.example.com/a"},
		{"https://api.example.com/a", "https://api.example.com:8443/a"},
		{"https://api.example.com/a%2Fb", "https://api.example.com/a/b"},
		{"https://api.example.com/a", "https://api.example.com/a/"},
	}
	for _, p := range different {
		a, _ := normalURI(mustParse(t, p[0]))
		b, _ := normalURI(mustParse(t, p[1]))
		if a == b {
			t.Errorf("%s and %s both normalise to %q", p[0], p[1], a)
		}
	}
	for _, bad := range []string{"/relative", "ftp://h/x", "https://user@h/x", "https:opaque"} {
		if got, ok := normalURI(mustParse(t, bad)); ok {
			t.Errorf("normalURI(%s) = %q, want refusal", bad, got)
		}
	}
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestMemoryReplayCacheExpiry drives the cache's clock: a key is remembered for its ttl and forgotten
// once it has passed, so the room it took is free again; a full cache refuses rather than forgets.
func TestMemoryReplayCacheExpiry(t *testing.T) {
	now := time.Unix(1000, 0)
	c := NewMemoryReplayCache(32) // a share of 2 keys per client
	c.now = func() time.Time { return now }
	ctx := context.Background()
	remember := func(key string) (bool, error) { return c.Remember(ctx, key, time.Minute) }

	if fresh, _ := remember("a"); !fresh {
		t.Fatal("a not fresh")
	}
	now = now.Add(59 * time.Second)
	if fresh, _ := remember("a"); fresh {
		t.Fatal("a forgotten within its ttl")
	}
	now = now.Add(time.Second) // a's ttl has passed
	if fresh, err := remember("a"); !fresh || err != nil {
		t.Fatalf("a after its ttl: fresh %v, %v", fresh, err)
	}
	if c.Len() != 1 {
		t.Fatalf("Len = %d, want 1", c.Len())
	}
	for i := range 31 {
		if _, err := remember(string(rune('b' + i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := remember("z0"); !errors.Is(err, ErrReplayCacheFull) {
		t.Fatalf("full cache: %v, want ErrReplayCacheFull", err)
	}
	now = now.Add(time.Minute)
	if fresh, err := remember("z0"); !fresh || err != nil {
		t.Fatalf("after every ttl: fresh %v, %v", fresh, err)
	}
	if c.Len() != 1 || len(c.clients) != 1 {
		t.Fatalf("Len = %d, clients %d after expiry, want 1, 1", c.Len(), len(c.clients))
	}
}

// TestMemoryReplayCacheShares: one client key holds at most its share; once its entries expire it
// has room again, and other clients never lacked it.
func TestMemoryReplayCacheShares(t *testing.T) {
	now := time.Unix(1000, 0)
	c := NewMemoryReplayCache(64) // a share of 4
	c.now = func() time.Time { return now }
	ctx := context.Background()
	flooder, other := "flooderAAAA", "otherAAAAAA"
	for i := range 4 {
		if fresh, err := c.Remember(ctx, replayKey(flooder, string(rune('0'+i))), time.Minute); !fresh || err != nil {
			t.Fatalf("proof %d: %v, %v", i, fresh, err)
		}
	}
	if _, err := c.Remember(ctx, replayKey(flooder, "4"), time.Minute); !errors.Is(err, ErrReplayCacheFull) {
		t.Fatalf("beyond its share: %v, want ErrReplayCacheFull", err)
	}
	if fresh, _ := c.Remember(ctx, replayKey(flooder, "0"), time.Minute); fresh {
		t.Fatal("a replay of the flooder's was fresh")
	}
	if fresh, err := c.Remember(ctx, replayKey(other, "0"), time.Minute); !fresh || err != nil {
		t.Fatalf("another client during the flood: %v, %v", fresh, err)
	}
	now = now.Add(time.Minute)
	if fresh, err := c.Remember(ctx, replayKey(flooder, "4"), time.Minute); !fresh || err != nil {
		t.Fatalf("the flooder once its proofs expired: %v, %v", fresh, err)
	}
}
