package redisreplay_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/dpop/redisreplay"
	"github.com/jwtguard/jwtguard/validator"
)

// redisServer starts a real redis-server on a free loopback port, without persistence, stopped by
// t.Cleanup (or earlier by calling the returned stop). The test fails when redis-server is not
// installed: .ci/run installs Debian's package.
func redisServer(t *testing.T) (addr string, stop func()) {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatal("redis-server not found: install it (apt-get install -y redis-server); .ci/run does")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(path, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop = func() {
		_ = cmd.Process.Kill()
		<-exited
	}
	t.Cleanup(stop)
	addr = fmt.Sprintf("127.0.0.1:%d", port)
	client := redis.NewClient(&redis.Options{Addr: addr})
	defer client.Close()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if client.Ping(context.Background()).Err() == nil {
			return addr, stop
		}
		if time.Now().After(deadline) {
			t.Fatal("redis-server did not answer PING")
		}
	}
}

func newCache(t *testing.T, addr string, opts ...redisreplay.Option) *redisreplay.Cache {
	t.Helper()
	client := redis.NewClient(&redis.Options{Addr: addr, DialTimeout: time.Second, ReadTimeout: time.Second, MaxRetries: -1})
	t.Cleanup(func() { _ = client.Close() })
	c, err := redisreplay.New(client, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRemember(t *testing.T) {
	addr, _ := redisServer(t)
	ctx := context.Background()
	c := newCache(t, addr)
	other := newCache(t, addr, redisreplay.WithPrefix("other-api:"))

	remember := func(c *redisreplay.Cache, key string, ttl time.Duration) bool {
		t.Helper()
		fresh, err := c.Remember(ctx, key, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return fresh
	}
	if !remember(c, "k1", time.Minute) {
		t.Fatal("first Remember said replay")
	}
	if remember(c, "k1", time.Minute) {
		t.Fatal("second Remember said fresh")
	}
	if !remember(other, "k1", time.Minute) {
		t.Fatal("another prefix shares keys")
	}
	// A key is forgotten after its ttl, and Redis, not the client, expires it.
	if !remember(c, "short", 50*time.Millisecond) {
		t.Fatal("first Remember said replay")
	}
	for deadline := time.Now().Add(5 * time.Second); !remember(c, "short", 50*time.Millisecond); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("key never expired")
		}
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	if _, err := redisreplay.New(nil); err == nil {
		t.Error("New accepted a nil client")
	}
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer client.Close()
	if _, err := redisreplay.New(client, redisreplay.WithPrefix("")); err == nil {
		t.Error("New accepted an empty prefix")
	}
}

// TestReplicasShareOneView runs two Verifiers, as two replicas would, on one Redis: a proof used at
// one is refused at the other; with Redis down, proofs are refused as unavailable, never accepted.
func TestReplicasShareOneView(t *testing.T) {
	addr, stop := redisServer(t)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	replica := func() *dpop.Verifier {
		v, err := dpop.NewVerifier(dpop.WithReplayCache(newCache(t, addr)), dpop.WithBaseURL("https://api.example.com"))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	a, b := replica(), replica()
	const target, token = "https://api.example.com/orders", "an-access-token"
	jkt, err := dpop.Thumbprint(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(target)
	verify := func(v *dpop.Verifier, proof string) error {
		_, err := v.Verify(context.Background(), "GET", u, []string{proof}, token, jkt)
		return err
	}
	proof, err := dpop.NewProof(key, "GET", target, token)
	if err != nil {
		t.Fatal(err)
	}
	if err := verify(a, proof); err != nil {
		t.Fatalf("replica a: %v", err)
	}
	if err := verify(b, proof); !errors.Is(err, dpop.ErrReplay) {
		t.Fatalf("replica b: %v, want ErrReplay", err)
	}

	stop()
	fresh, err := dpop.NewProof(key, "GET", target, token)
	if err != nil {
		t.Fatal(err)
	}
	err = verify(a, fresh)
	if !errors.Is(err, dpop.ErrReplayCacheUnavailable) || validator.KindOf(err) != validator.KindUnavailable {
		t.Fatalf("Redis down: %v (kind %v), want ErrReplayCacheUnavailable, KindUnavailable", err, validator.KindOf(err))
	}
}
