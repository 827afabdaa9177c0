package redisrevoke

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jwtguard/jwtguard/revocation"
)

// reloadNotice is published, instead of an entry, by a replica that made revocations while Redis was
// unreachable: every replica then reloads the whole set.
const reloadNotice = "reload"

// maxMessage bounds a message or stored entry read from Redis: two identifiers at most
// revocation.MaxIdentifierLength bytes each, escaped (up to 6 bytes a byte), and the rest of the JSON.
const maxMessage = 12*revocation.MaxIdentifierLength + 256

// shareTimeout bounds how long Revoke waits for Redis: the revocation is in force here already, and a
// write that takes longer than the propagation budget is better retried after the outage.
const shareTimeout = time.Second

// restoreBatch is how many entries one pipeline writes back to Redis.
const restoreBatch = 1000

// Backoff between attempts to reach Redis again.
const (
	minBackoff = 50 * time.Millisecond
	maxBackoff = 2 * time.Second
)

// List is a revocation list shared by replicas through Redis. It satisfies
// validator.RevocationList, answering from a local revocation.Memory, and is safe for concurrent
// use. Close stops its subscription.
type List struct {
	mem       *revocation.Memory
	client    *redis.Client
	key       string // sorted set: entry JSON scored by the Unix milliseconds it is forgotten
	channel   string
	logger    *slog.Logger
	heartbeat time.Duration

	ps     *redis.PubSub
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once

	lastHeard atomic.Int64 // Unix nanoseconds of the last answer from Redis on the subscription
	connected atomic.Bool
	unshared  atomic.Bool // a revocation, or the write-back of the local copy, failed to reach Redis
	downSince time.Time   // start of the current outage; the subscription goroutine's alone
}

// New subscribes to the list's channel, loads the revocations in force from Redis and returns the
// List, which keeps its copy current until Close. It fails when Redis cannot be reached within ctx
// (see the package doc). client is the caller's: Close does not close it.
func New(ctx context.Context, client *redis.Client, opts ...Option) (*List, error) {
	if client == nil {
		return nil, errors.New("redisrevoke: nil client")
	}
	cfg := config{prefix: DefaultPrefix, logger: slog.Default(), heartbeat: DefaultHeartbeat}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("redisrevoke: nil option")
		}
		if err := opt(&cfg); err != nil {
			return nil, fmt.Errorf("redisrevoke: %w", err)
		}
	}
	if cfg.memory == nil {
		cfg.memory = revocation.NewMemory()
	}
	l := &List{
		mem:       cfg.memory,
		client:    client,
		key:       cfg.prefix + "entries",
		channel:   cfg.prefix + "events",
		logger:    cfg.logger,
		heartbeat: cfg.heartbeat,
		done:      make(chan struct{}),
	}
	// Subscribe before loading, so that a revocation published in between is not missed.
	l.ps = client.Subscribe(ctx, l.channel)
	if err := l.awaitSubscription(ctx); err != nil {
		_ = l.ps.Close()
		return nil, fmt.Errorf("redisrevoke: subscribing to %s: %w", l.channel, err)
	}
	if err := l.reload(ctx); err != nil {
		_ = l.ps.Close()
		return nil, fmt.Errorf("redisrevoke: loading %s: %w", l.key, err)
	}
	l.heard()
	l.connected.Store(true)
	runCtx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	go l.run(runCtx)
	return l, nil
}

// awaitSubscription waits for Redis to confirm the subscription.
func (l *List) awaitSubscription(ctx context.Context) error {
	for {
		msg, err := l.ps.Receive(ctx)
		if err != nil {
			return err
		}
		if s, ok := msg.(*redis.Subscription); ok && s.Kind == "subscribe" {
			return nil
		}
	}
}

// Revoked reports whether the token is revoked, from the local copy: see revocation.Memory.Revoked.
func (l *List) Revoked(issuer, subject, sessionID, tokenID string, issuedAt time.Time) bool {
	return l.mem.Revoked(issuer, subject, sessionID, tokenID, issuedAt)
}

// RevokeSubject revokes every token of issuer's subject issued before issuedBefore, on every replica.
func (l *List) RevokeSubject(ctx context.Context, issuer, subject string, issuedBefore time.Time) error {
	return l.Revoke(ctx, revocation.Entry{Kind: revocation.Subject, Issuer: issuer, ID: subject, Time: issuedBefore})
}

// RevokeSession revokes every token of issuer's session sid issued before issuedBefore, on every replica.
func (l *List) RevokeSession(ctx context.Context, issuer, sid string, issuedBefore time.Time) error {
	return l.Revoke(ctx, revocation.Entry{Kind: revocation.Session, Issuer: issuer, ID: sid, Time: issuedBefore})
}

// RevokeToken revokes the token issuer issued with "jti" jti, expiring at expires, on every replica.
func (l *List) RevokeToken(ctx context.Context, issuer, jti string, expires time.Time) error {
	return l.Revoke(ctx, revocation.Entry{Kind: revocation.Token, Issuer: issuer, ID: jti, Time: expires})
}

// Revoke applies e to the local copy, then stores and publishes it. It fails only when the local
// copy refuses e (revocation.ErrInvalidRevocation, revocation.ErrTooManyEntries): when Redis cannot
// be reached within a second, e is in force here at once and is shared once Redis answers again (see
// the package doc).
func (l *List) Revoke(ctx context.Context, e revocation.Entry) error {
	until, err := l.mem.Revoke(ctx, e)
	if err != nil || until.IsZero() {
		return err
	}
	member, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("redisrevoke: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, shareTimeout)
	defer cancel()
	_, err = l.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZAdd(ctx, l.key, redis.Z{Score: float64(until.UnixMilli()), Member: member})
		p.ZRemRangeByScore(ctx, l.key, "-inf", "("+strconv.FormatInt(time.Now().UnixMilli(), 10))
		p.Publish(ctx, l.channel, member)
		return nil
	})
	if err != nil {
		l.unshared.Store(true)
		l.logger.LogAttrs(ctx, slog.LevelWarn, "redisrevoke: revocation applied here, to be shared when Redis answers",
			slog.String("kind", e.Kind.String()), slog.String("error", err.Error()))
	}
	return nil
}

// Status describes a List's view of Redis, for a readiness probe or a dashboard.
type Status struct {
	// Entries is how many revocations the local copy holds.
	Entries int
	// Connected reports that the subscription is up: revocations made elsewhere arrive.
	Connected bool
	// LastHeard is when Redis last answered on the subscription (a message or a ping).
	LastHeard time.Time
	// Unshared reports revocations made here that Redis has not stored yet.
	Unshared bool
}

// Status returns the List's current status.
func (l *List) Status() Status {
	return Status{
		Entries:   l.mem.Len(),
		Connected: l.connected.Load(),
		LastHeard: time.Unix(0, l.lastHeard.Load()),
		Unshared:  l.unshared.Load(),
	}
}

// Close stops the subscription and waits for its goroutine. The local copy keeps answering. It does
// not close the client.
func (l *List) Close() error {
	l.once.Do(func() {
		l.cancel()
		_ = l.ps.Close()
		<-l.done
	})
	return nil
}

// run receives revocations until ctx ends, pinging a quiet subscription and reconnecting with
// backoff after an outage; every (re)subscription resynchronises the local copy with Redis.
func (l *List) run(ctx context.Context) {
	defer close(l.done)
	backoff := minBackoff
	for ctx.Err() == nil {
		msg, err := l.ps.ReceiveTimeout(ctx, l.heartbeat)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if isTimeout(err) {
				if err = l.ps.Ping(ctx); err == nil {
					continue // the Pong arrives as a message
				}
			}
			l.lost(ctx, err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, maxBackoff)
			continue
		}
		backoff = minBackoff
		l.heard()
		switch m := msg.(type) {
		case *redis.Subscription:
			if m.Kind == "subscribe" { // after a reconnection: what did we miss, what did Redis lose?
				l.resync(ctx)
			}
		case *redis.Message:
			l.receive(ctx, m.Payload)
		}
		if l.unshared.Load() && l.connected.Load() {
			l.writeBack(ctx)
		}
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// heard records an answer from Redis.
func (l *List) heard() { l.lastHeard.Store(time.Now().UnixNano()) }

// lost records a failed subscription, logging the start of an outage once.
func (l *List) lost(ctx context.Context, err error) {
	if !l.connected.Swap(false) {
		return
	}
	l.downSince = time.Now()
	l.logger.LogAttrs(ctx, slog.LevelWarn, "redisrevoke: Redis unreachable; answering from the revocations held here",
		slog.Int("entries", l.mem.Len()), slog.String("error", err.Error()))
}

// resync reloads the set after a reconnection and writes back what the local copy holds.
func (l *List) resync(ctx context.Context) {
	if err := l.reload(ctx); err != nil {
		l.logger.LogAttrs(ctx, slog.LevelWarn, "redisrevoke: reloading after reconnection failed", slog.String("error", err.Error()))
		return
	}
	if !l.connected.Swap(true) {
		l.logger.LogAttrs(ctx, slog.LevelInfo, "redisrevoke: Redis reachable again; revocations reloaded",
			slog.Duration("outage", time.Since(l.downSince)), slog.Int("entries", l.mem.Len()))
	}
	l.writeBack(ctx)
}

// reload applies every entry the set holds that is still in force.
func (l *List) reload(ctx context.Context) error {
	members, err := l.client.ZRangeArgs(ctx, redis.ZRangeArgs{
		Key: l.key, ByScore: true, Start: "(" + strconv.FormatInt(time.Now().UnixMilli(), 10), Stop: "+inf",
	}).Result()
	if err != nil {
		return err
	}
	for _, m := range members {
		l.apply(ctx, m)
	}
	return nil
}

// writeBack stores every revocation the local copy holds, so that Redis regains what it lost (a
// restart without persistence) and what could not be written during an outage, then tells every
// replica to reload if revocations made here were not shared.
func (l *List) writeBack(ctx context.Context) {
	announce := l.unshared.Swap(false)
	entries := l.mem.Entries()
	for len(entries) > 0 {
		batch := entries[:min(len(entries), restoreBatch)]
		entries = entries[len(batch):]
		_, err := l.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			for _, e := range batch {
				until, err := l.mem.Revoke(ctx, e) // already held: only returns when it is forgotten
				if err != nil || until.IsZero() {
					continue
				}
				member, err := json.Marshal(e)
				if err != nil {
					continue
				}
				p.ZAddGT(ctx, l.key, redis.Z{Score: float64(until.UnixMilli()), Member: member})
			}
			return nil
		})
		if err != nil {
			l.unshared.Store(true)
			return
		}
	}
	if announce {
		if err := l.client.Publish(ctx, l.channel, reloadNotice).Err(); err != nil {
			l.unshared.Store(true)
		}
	}
}

// receive applies a message from the channel.
func (l *List) receive(ctx context.Context, payload string) {
	if payload == reloadNotice {
		if err := l.reload(ctx); err != nil {
			l.logger.LogAttrs(ctx, slog.LevelWarn, "redisrevoke: reload failed", slog.String("error", err.Error()))
		}
		return
	}
	l.apply(ctx, payload)
}

// apply decodes one entry, from the channel or the set, and applies it to the local copy. What
// cannot be applied is logged (without its identifiers) and skipped.
func (l *List) apply(ctx context.Context, data string) {
	var e revocation.Entry
	err := errors.New("message too long")
	if len(data) <= maxMessage {
		if err = json.Unmarshal([]byte(data), &e); err == nil {
			_, err = l.mem.Revoke(ctx, e)
		}
	}
	if err != nil {
		l.logger.LogAttrs(ctx, slog.LevelWarn, "redisrevoke: revocation from Redis not applied",
			slog.Int("bytes", len(data)), slog.String("error", err.Error()))
	}
}
