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

// TestMemoryReplayCacheExpiry drives the cache's clock: a key is remembered for at least its ttl,
// forgotten within two, and the cache refuses to forget early when full.
func TestMemoryReplayCacheExpiry(t *testing.T) {
	now := time.Unix(1000, 0)
	c := NewMemoryReplayCache(3)
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
	now = now.Add(2 * time.Second) // 61 s: a generation turned, a is in the previous one
	if fresh, _ := remember("a"); fresh {
		t.Fatal("a forgotten after one rotation")
	}
	_, _ = remember("b")
	_, _ = remember("c")
	if _, err := remember("d"); !errors.Is(err, ErrReplayCacheFull) {
		t.Fatalf("full cache: %v, want ErrReplayCacheFull", err)
	}
	now = now.Add(2 * time.Minute)
	if fresh, err := remember("a"); !fresh || err != nil {
		t.Fatalf("a after 3 min: fresh %v, %v", fresh, err)
	}
	if c.Len() != 1 {
		t.Fatalf("Len = %d after expiry, want 1", c.Len())
	}
}
