package redisrevoke_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/revocation"
	"github.com/jwtguard/jwtguard/revocation/redisrevoke"
	"github.com/jwtguard/jwtguard/validator"
)

// server is a real redis-server on a loopback port, without persistence, that a test can stop and
// start again on the same port. The test fails when redis-server is not installed: .ci/run installs
// Debian's package.
type server struct {
	t      *testing.T
	port   int
	cmd    *exec.Cmd
	exited chan struct{}
}

func startRedis(t *testing.T) *server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &server{t: t, port: l.Addr().(*net.TCPAddr).Port}
	l.Close()
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *server) addr() string { return fmt.Sprintf("127.0.0.1:%d", s.port) }

func (s *server) start() {
	s.t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		s.t.Fatal("redis-server not found: install it (apt-get install -y redis-server); .ci/run does")
	}
	s.cmd = exec.Command(path, "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.exited = make(chan struct{})
	go func(cmd *exec.Cmd, exited chan struct{}) { _ = cmd.Wait(); close(exited) }(s.cmd, s.exited)
	client := redis.NewClient(&redis.Options{Addr: s.addr()})
	defer client.Close()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if client.Ping(context.Background()).Err() == nil {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatal("redis-server did not answer PING")
		}
	}
}

func (s *server) stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
	s.cmd = nil
}

// logBuffer collects what a List logs.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// replica is one instance of the service: its own Redis client, List and Validator.
type replica struct {
	list *redisrevoke.List
	v    *validator.Validator
	logs *logBuffer
}

func newList(t *testing.T, addr string, opts ...redisrevoke.Option) (*redisrevoke.List, *logBuffer, error) {
	t.Helper()
	client := redis.NewClient(&redis.Options{Addr: addr, DialTimeout: 500 * time.Millisecond, ReadTimeout: time.Second, MaxRetries: -1})
	t.Cleanup(func() { _ = client.Close() })
	logs := new(logBuffer)
	base := []redisrevoke.Option{redisrevoke.WithLogger(slog.New(slog.NewTextHandler(logs, nil))), redisrevoke.WithHeartbeat(100 * time.Millisecond)}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	list, err := redisrevoke.New(ctx, client, append(base, opts...)...)
	if err == nil {
		t.Cleanup(func() { _ = list.Close() })
	}
	return list, logs, err
}

func newReplica(t *testing.T, addr string, iss *issuertest.Issuer, keys *jwks.Set) *replica {
	t.Helper()
	list, logs, err := newList(t, addr)
	if err != nil {
		t.Fatal(err)
	}
	v, err := validator.New(keys, validator.WithIssuer(iss.URL()), validator.WithAudience(audience),
		validator.WithCache(100), validator.WithRevocation(list))
	if err != nil {
		t.Fatal(err)
	}
	return &replica{list: list, v: v, logs: logs}
}

const audience = "https://api.example.com"

func (r *replica) validate(token string) error {
	_, err := r.v.Validate(context.Background(), token)
	return err
}

func fixture(t *testing.T) (*issuertest.Issuer, *jwks.Set) {
	t.Helper()
	iss := issuertest.New(t)
	keys, err := jwks.Static(iss.JWKS(), jwks.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = keys.Close() })
	return iss, keys
}

// waitRevoked waits up to limit for r to refuse token as revoked and returns how long it took.
func waitRevoked(t *testing.T, r *replica, token string, since time.Time, limit time.Duration) time.Duration {
	t.Helper()
	for {
		err := r.validate(token)
		if errors.Is(err, validator.ErrTokenRevoked) {
			return time.Since(since)
		}
		if err != nil {
			t.Fatalf("unexpected refusal: %v", err)
		}
		if time.Since(since) > limit {
			t.Fatalf("not refused within %v", limit)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestThreeReplicas revokes on one replica and measures when the other two refuse the token, from
// their caches, where it was accepted just before; a replica started later knows at once.
func TestThreeReplicas(t *testing.T) {
	redisSrv := startRedis(t)
	iss, keys := fixture(t)
	ctx := context.Background()
	a, b, c := newReplica(t, redisSrv.addr(), iss, keys), newReplica(t, redisSrv.addr(), iss, keys), newReplica(t, redisSrv.addr(), iss, keys)
	alice := iss.MustMint(t, issuertest.WithAudience(audience), issuertest.WithSubject("alice"))
	bob := iss.MustMint(t, issuertest.WithAudience(audience), issuertest.WithSubject("bob"), issuertest.WithClaim("sid", "bob-1"))
	for _, r := range []*replica{a, b, c} {
		for _, token := range []string{alice, bob} {
			if err := r.validate(token); err != nil {
				t.Fatal(err)
			}
		}
	}
	cut := time.Now().Add(time.Second) // after the tokens' iat, which has a one-second resolution
	start := time.Now()
	if err := a.list.RevokeSubject(ctx, iss.URL(), "alice", cut); err != nil {
		t.Fatal(err)
	}
	if err := a.validate(alice); !errors.Is(err, validator.ErrTokenRevoked) {
		t.Fatalf("the replica that revoked: %v", err)
	}
	for name, r := range map[string]*replica{"b": b, "c": c} {
		took := waitRevoked(t, r, alice, start, time.Second)
		t.Logf("revocation reached replica %s in %v", name, took)
	}
	if err := b.validate(bob); err != nil {
		t.Fatalf("bob refused: %v", err)
	}
	// Another kind, from another replica.
	start = time.Now()
	if err := c.list.RevokeSession(ctx, iss.URL(), "bob-1", cut); err != nil {
		t.Fatal(err)
	}
	t.Logf("session revocation reached replica a in %v", waitRevoked(t, a, bob, start, time.Second))

	late := newReplica(t, redisSrv.addr(), iss, keys)
	for _, token := range []string{alice, bob} {
		if err := late.validate(token); !errors.Is(err, validator.ErrTokenRevoked) {
			t.Fatalf("a replica started later accepts a revoked token: %v", err)
		}
	}
	if st := late.list.Status(); st.Entries != 2 || !st.Connected || st.Unshared {
		t.Errorf("late replica's status %+v", st)
	}
}

// TestRedisDown kills Redis: replicas keep answering from their copies, and a revocation made during
// the outage applies at once where it was made, reaches the others once Redis is back (restarted
// empty), and is there for a replica started afterwards.
func TestRedisDown(t *testing.T) {
	redisSrv := startRedis(t)
	iss, keys := fixture(t)
	ctx := context.Background()
	a, b := newReplica(t, redisSrv.addr(), iss, keys), newReplica(t, redisSrv.addr(), iss, keys)
	mint := func(sub string) string {
		return iss.MustMint(t, issuertest.WithAudience(audience), issuertest.WithSubject(sub))
	}
	alice, bob, carol := mint("alice"), mint("bob"), mint("carol")
	cut := time.Now().Add(time.Second)
	if err := a.list.RevokeSubject(ctx, iss.URL(), "alice", cut); err != nil {
		t.Fatal(err)
	}
	waitRevoked(t, b, alice, time.Now(), time.Second)

	redisSrv.stop()
	for _, r := range []*replica{a, b} {
		waitFor(t, "the outage to be noticed", func() bool { return !r.list.Status().Connected })
		if err := r.validate(alice); !errors.Is(err, validator.ErrTokenRevoked) {
			t.Fatalf("during the outage, a revoked token: %v", err)
		}
		if err := r.validate(carol); err != nil {
			t.Fatalf("during the outage, a valid token: %v", err)
		}
		if !strings.Contains(r.logs.String(), "Redis unreachable") {
			t.Errorf("outage not logged: %s", r.logs)
		}
	}
	if err := a.list.RevokeSubject(ctx, iss.URL(), "bob", cut); err != nil {
		t.Fatalf("a revocation during the outage: %v", err)
	}
	if err := a.validate(bob); !errors.Is(err, validator.ErrTokenRevoked) {
		t.Fatalf("the replica that revoked during the outage: %v", err)
	}
	if !a.list.Status().Unshared {
		t.Error("Status does not report the unshared revocation")
	}

	redisSrv.start() // empty: no persistence
	waitRevoked(t, b, bob, time.Now(), 10*time.Second)
	for _, r := range []*replica{a, b} {
		waitFor(t, "the reconnection", func() bool { st := r.list.Status(); return st.Connected && !st.Unshared })
		if !strings.Contains(r.logs.String(), "Redis reachable again") {
			t.Errorf("recovery not logged: %s", r.logs)
		}
	}
	late := newReplica(t, redisSrv.addr(), iss, keys)
	for _, token := range []string{alice, bob} {
		if err := late.validate(token); !errors.Is(err, validator.ErrTokenRevoked) {
			t.Fatalf("a replica started after the outage accepts a revoked token: %v", err)
		}
	}
	if err := late.validate(carol); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestUnusableMessages publishes garbage, an oversized message and an invalid entry on the channel:
// each is logged and skipped, and the list keeps working.
func TestUnusableMessages(t *testing.T) {
	redisSrv := startRedis(t)
	ctx := context.Background()
	list, logs, err := newList(t, redisSrv.addr())
	if err != nil {
		t.Fatal(err)
	}
	client := redis.NewClient(&redis.Options{Addr: redisSrv.addr()})
	defer client.Close()
	channel := redisrevoke.DefaultPrefix + "events"
	for _, m := range []string{
		"not json",
		`{"kind":"subject","iss":"https://idp.example.com","id":"` + strings.Repeat("x", 20_000) + `","time":"2030-01-01T00:00:00Z"}`,
		`{"kind":"user","iss":"https://idp.example.com","id":"alice","time":"2030-01-01T00:00:00Z"}`,
		`{"kind":"subject","iss":"","id":"alice","time":"2030-01-01T00:00:00Z"}`,
	} {
		if err := client.Publish(ctx, channel, m).Err(); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "four warnings", func() bool { return strings.Count(logs.String(), "not applied") == 4 })
	if strings.Contains(logs.String(), "alice") {
		t.Error("an identifier reached the log")
	}
	if n := list.Status().Entries; n != 0 {
		t.Errorf("%d entries from unusable messages", n)
	}
	now := time.Now()
	if err := list.RevokeSubject(ctx, "https://idp.example.com", "alice", now); err != nil {
		t.Fatal(err)
	}
	if !list.Revoked("https://idp.example.com", "alice", "", "", now.Add(-time.Second)) {
		t.Error("the list stopped working")
	}
}

func TestNewRefuses(t *testing.T) {
	ctx := context.Background()
	if _, err := redisrevoke.New(ctx, nil); err == nil {
		t.Error("New accepted a nil client")
	}
	redisSrv := startRedis(t)
	for _, opt := range []redisrevoke.Option{nil, redisrevoke.WithPrefix(""), redisrevoke.WithMemory(nil),
		redisrevoke.WithLogger(nil), redisrevoke.WithHeartbeat(0), redisrevoke.WithHeartbeat(time.Hour)} {
		if _, _, err := newList(t, redisSrv.addr(), opt); err == nil {
			t.Error("New accepted an invalid option")
		}
	}
	// Redis unreachable: a replica that cannot load the revocations in force does not start.
	redisSrv.stop()
	if _, _, err := newList(t, redisSrv.addr()); err == nil {
		t.Error("New succeeded without Redis")
	}
}

// TestPrefixesSeparate checks that two services sharing one Redis keep separate lists, and that
// WithMemory's options apply.
func TestPrefixesSeparate(t *testing.T) {
	redisSrv := startRedis(t)
	ctx := context.Background()
	mem := revocation.NewMemory(revocation.WithMaxEntries(1))
	one, _, err := newList(t, redisSrv.addr(), redisrevoke.WithPrefix("one:"), redisrevoke.WithMemory(mem))
	if err != nil {
		t.Fatal(err)
	}
	two, _, err := newList(t, redisSrv.addr(), redisrevoke.WithPrefix("two:"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := one.RevokeToken(ctx, "https://idp.example.com", "j1", now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := one.RevokeToken(ctx, "https://idp.example.com", "j2", now.Add(time.Minute)); !errors.Is(err, revocation.ErrTooManyEntries) {
		t.Errorf("WithMemory's bound not applied: %v", err)
	}
	time.Sleep(200 * time.Millisecond)
	if two.Revoked("https://idp.example.com", "", "", "j1", now) {
		t.Error("a revocation crossed to another prefix")
	}
	if err := one.Close(); err != nil {
		t.Fatal(err)
	}
	if err := one.Close(); err != nil {
		t.Fatal(err)
	}
	if !one.Revoked("https://idp.example.com", "", "", "j1", now) {
		t.Error("the local copy stopped answering after Close")
	}
}
