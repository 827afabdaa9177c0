package revocation

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Errors a revocation can fail with.
var (
	// ErrInvalidRevocation means a revocation names no issuer or identifier, one longer than
	// MaxIdentifierLength, an unknown Kind or no time.
	ErrInvalidRevocation = errors.New("revocation: invalid revocation")
	// ErrTooManyEntries means the list already holds WithMaxEntries revocations, all still in force.
	ErrTooManyEntries = errors.New("revocation: too many entries")
)

// sweepInterval is how often a write sweeps expired entries (and rebuilds the filter without them);
// fullSweepInterval how often a write to a full list may: a flood of revocations refused as too many
// must not cost a sweep each.
const (
	sweepInterval     = time.Minute
	fullSweepInterval = time.Second
)

// Memory is a revocation list held in this process's memory. It is safe for concurrent use and
// needs no Close: it starts no goroutine, and expired entries are swept as revocations are written.
// The zero value is not usable; call NewMemory.
type Memory struct {
	memoryHot
	// What every check reads has a cache line of its own, and the whole is a multiple of 64 bytes,
	// a size class whose objects are line-aligned, as the validator's own hot structs: a neighbour
	// written on another core would otherwise slow every check (false sharing).
	_ [64 - unsafe.Sizeof(memoryHot{})]byte
	memoryCold
	_ [(64 - unsafe.Sizeof(memoryCold{})%64) % 64]byte
}

// memoryHot is what Revoked reads for a token that is not revoked.
type memoryHot struct {
	// filter answers "certainly not revoked" without a lock; it is replaced, never cleared in place.
	filter atomic.Pointer[filter]
	seed   maphash.Seed
}

// memoryCold is what writers, and Revoked after a filter hit, use.
type memoryCold struct {
	cfg       config
	mu        sync.RWMutex // guards entries; a reader takes it only after a filter hit
	entries   map[entryKey]entryValue
	lastSweep time.Time
}

type entryKey struct {
	kind       Kind
	issuer, id string
}

// entryValue is what an entry revokes: tokens issued before cut (for a Token entry, cut is its exp
// and any iat matches), until the list forgets it.
type entryValue struct {
	cut, until time.Time
}

// NewMemory returns an empty revocation list. It panics on an invalid option (see the package doc).
func NewMemory(opts ...Option) *Memory {
	cfg := config{maxLifetime: DefaultMaxTokenLifetime, maxEntries: DefaultMaxEntries, now: time.Now}
	for _, opt := range opts {
		if opt == nil {
			panic("revocation: nil option")
		}
		if err := opt(&cfg); err != nil {
			panic("revocation: " + err.Error())
		}
	}
	m := &Memory{memoryHot: memoryHot{seed: maphash.MakeSeed()}, memoryCold: memoryCold{cfg: cfg, entries: make(map[entryKey]entryValue)}}
	m.filter.Store(newFilter(0))
	return m
}

// RevokeSubject revokes every token of issuer's subject (its "sub") issued before issuedBefore.
func (m *Memory) RevokeSubject(ctx context.Context, issuer, subject string, issuedBefore time.Time) error {
	_, err := m.Revoke(ctx, Entry{Kind: Subject, Issuer: issuer, ID: subject, Time: issuedBefore})
	return err
}

// RevokeSession revokes every token of issuer's session sid (the token's "sid" claim) issued before
// issuedBefore.
func (m *Memory) RevokeSession(ctx context.Context, issuer, sid string, issuedBefore time.Time) error {
	_, err := m.Revoke(ctx, Entry{Kind: Session, Issuer: issuer, ID: sid, Time: issuedBefore})
	return err
}

// RevokeToken revokes the token issuer issued with "jti" jti, which expires at expires (its "exp").
func (m *Memory) RevokeToken(ctx context.Context, issuer, jti string, expires time.Time) error {
	_, err := m.Revoke(ctx, Entry{Kind: Token, Issuer: issuer, ID: jti, Time: expires})
	return err
}

// Revoke applies e and returns when the list will forget it (see the package doc). It returns the
// zero Time, and holds nothing, when no token e matches can still be valid. Revoking again what is
// held keeps the later cut and the later end.
func (m *Memory) Revoke(ctx context.Context, e Entry) (until time.Time, err error) {
	if err := ctx.Err(); err != nil {
		return time.Time{}, err
	}
	if err := e.check(); err != nil {
		return time.Time{}, err
	}
	now := m.cfg.now()
	v, keep := m.lifetime(e, now)
	if !keep {
		return time.Time{}, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if now.Sub(m.lastSweep) >= sweepInterval {
		m.sweepLocked(now)
	}
	k := entryKey{kind: e.Kind, issuer: e.Issuer, id: e.ID}
	if old, ok := m.entries[k]; ok {
		v.cut, v.until = later(old.cut, v.cut), later(old.until, v.until)
		m.entries[k] = v
		return v.until, nil
	}
	if len(m.entries) >= m.cfg.maxEntries {
		if now.Sub(m.lastSweep) >= fullSweepInterval {
			m.sweepLocked(now)
		}
		if len(m.entries) >= m.cfg.maxEntries {
			return time.Time{}, fmt.Errorf("%w: %d held", ErrTooManyEntries, len(m.entries))
		}
	}
	// Clone so an entry does not pin the larger buffer (an event body) its strings may be views of.
	k.issuer, k.id = strings.Clone(k.issuer), strings.Clone(k.id)
	m.entries[k] = v
	if f := m.filter.Load(); len(m.entries) > f.capacity() {
		m.rebuildLocked()
	} else {
		f.add(m.hash(k.kind, k.id))
	}
	return v.until, nil
}

// lifetime returns the entry e makes at now, and whether it matches a token that can still be valid.
func (m *Memory) lifetime(e Entry, now time.Time) (entryValue, bool) {
	horizon := m.cfg.maxLifetime + ClockMargin
	var v entryValue
	switch e.Kind {
	case Token:
		// A token expires at its exp, and no accepted token expires later than a lifetime from now.
		v.cut = e.Time
		v.until = earlier(e.Time.Add(ClockMargin), now.Add(horizon))
	default:
		v.cut = earlier(e.Time, now.Add(ClockMargin))
		v.until = v.cut.Add(horizon)
	}
	return v, v.until.After(now)
}

// Revoked reports whether a token of issuer with the given "sub", "sid", "jti" (each "" when absent)
// and "iat" (the zero Time when absent: issued at the beginning of time) is revoked. It takes no lock
// and allocates nothing unless the filter says the token may be revoked; it satisfies
// validator.RevocationList.
func (m *Memory) Revoked(issuer, subject, sessionID, tokenID string, issuedAt time.Time) bool {
	f := m.filter.Load()
	if f.empty() {
		return false
	}
	// The filter is keyed on the identifier and its kind alone: one hash each. The issuer is compared
	// after a filter hit, so issuers sharing identifiers only add to the few false positives.
	return subject != "" && f.mayHold(m.hash(Subject, subject)) && m.match(Subject, issuer, subject, issuedAt) ||
		sessionID != "" && f.mayHold(m.hash(Session, sessionID)) && m.match(Session, issuer, sessionID, issuedAt) ||
		tokenID != "" && f.mayHold(m.hash(Token, tokenID)) && m.match(Token, issuer, tokenID, issuedAt)
}

// match looks an entry up after a filter hit: held, not yet forgotten, and, unless it names one
// token, with a cut after issuedAt.
func (m *Memory) match(kind Kind, issuer, id string, issuedAt time.Time) bool {
	m.mu.RLock()
	v, ok := m.entries[entryKey{kind: kind, issuer: issuer, id: id}]
	m.mu.RUnlock()
	if !ok || !m.cfg.now().Before(v.until) {
		return false
	}
	return kind == Token || issuedAt.Before(v.cut)
}

// Entries returns the revocations held and not yet forgotten, in no particular order, as Revoke
// would take them again: a list shared between replicas writes them back to a store that lost them.
func (m *Memory) Entries() []Entry {
	now := m.cfg.now()
	m.mu.RLock()
	defer m.mu.RUnlock()
	list := make([]Entry, 0, len(m.entries))
	for k, v := range m.entries {
		if now.Before(v.until) {
			list = append(list, Entry{Kind: k.kind, Issuer: k.issuer, ID: k.id, Time: v.cut})
		}
	}
	return list
}

// Len returns the number of revocations held, expired ones not yet swept included.
func (m *Memory) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.entries)
}

// sweepLocked drops the entries forgotten by now and rebuilds the filter without them.
func (m *Memory) sweepLocked(now time.Time) {
	m.lastSweep = now
	n := len(m.entries)
	for k, v := range m.entries {
		if !now.Before(v.until) {
			delete(m.entries, k)
		}
	}
	if len(m.entries) != n {
		m.rebuildLocked()
	}
}

// rebuildLocked replaces the filter with one sized for, and holding, the current entries.
func (m *Memory) rebuildLocked() {
	f := newFilter(len(m.entries))
	for k := range m.entries {
		f.add(m.hash(k.kind, k.id))
	}
	m.filter.Store(f)
}

// hash is the filter's hash of an identifier of kind: the seeded hash of id, mixed with the kind so
// that one identifier revoked as a subject does not look revoked as a session.
func (m *Memory) hash(kind Kind, id string) uint64 {
	h := maphash.String(m.seed, id) + uint64(kind)*0x9e3779b97f4a7c15
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
