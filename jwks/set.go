package jwks

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/MicahParks/keyfunc/v3"

	"github.com/jwtguard/jwtguard/internal/jwa"
	"github.com/jwtguard/jwtguard/internal/safefetch"
)

// A Set holds the verification keys of one identity provider and keeps them fresh. Build one with New,
// Discover or Static; all its methods are safe for concurrent use. A Set made by New or Discover runs a
// background goroutine until Close.
type Set struct {
	// snap holds the keys lookups may use: nil until the first keys arrive, and while they are stale
	// (WithLastKnownGoodLifetime). Lookups read it through usableKeys.
	snap   atomic.Pointer[snapshot]
	epoch  atomic.Uint64 // what Epoch returns; moved by publish and Close
	closed atomic.Bool

	cfg    config
	client *http.Client
	issuer string // set by Discover; "" otherwise
	static bool   // set by Static: no fetching, no goroutine

	ctx    context.Context // cancelled by Close; bounds every background fetch
	cancel context.CancelFunc
	done   chan struct{} // closed when the background loop has returned
	ready  chan struct{} // closed when the first keys are stored
	kick   chan struct{} // asks the loop to fetch now; buffered, so asking never blocks

	kf keyfunc.Keyfunc // over jwa.Storage(lookupView{s}): what Keyfunc returns and VerificationKey uses

	readyOnce sync.Once
	closeOnce sync.Once

	mu          sync.Mutex
	held        *snapshot   // the last keys installed, kept while stale so a confirming fetch restores them
	staleTimer  *time.Timer // fires when held keys outlive WithLastKnownGoodLifetime; nil without it
	jwksURL     string      // "" until Discover has resolved it
	pending     *refetch    // the unknown-kid fetch asked for or in flight, shared by every waiter
	lastUnknown time.Time   // when an unknown kid last caused a fetch; enforces the gap
	lastBody    [sha256.Size]byte
	lastAttempt time.Time
	lastRefresh time.Time // when the last successful fetch started: the keys' last confirmation
	nextRefresh time.Time
	lastErr     error
	unavailErr  error // what lookups answer while no keys are usable
}

func newSet(ctx context.Context, cfg config) *Set {
	if ctx == nil {
		ctx = context.Background()
	}
	// The background loop outlives the constructor's context (which bounds only the first fetch) but
	// keeps its values, so log handlers and tracing still see them.
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s := &Set{
		cfg:        cfg,
		client:     guardedClient(cfg.client, cfg.insecureHTTP),
		ctx:        bg,
		cancel:     cancel,
		done:       make(chan struct{}),
		ready:      make(chan struct{}),
		kick:       make(chan struct{}, 1),
		unavailErr: ErrKeysUnavailable,
	}
	// keyfunc.New fails only when given no Storage.
	s.kf, _ = keyfunc.New(keyfunc.Options{Storage: jwa.Storage(lookupView{s})})
	return s
}

// usableKeys returns the keys a lookup may use, or the error it answers when there are none: the Set
// is closed, no fetch has succeeded yet, or the keys went stale. Every lookup starts here, so no path
// serves keys that Close or WithLastKnownGoodLifetime has withdrawn.
func (s *Set) usableKeys() (*snapshot, error) {
	if s == nil || s.closed.Load() {
		return nil, errClosed
	}
	if snap := s.snap.Load(); snap != nil {
		return snap, nil
	}
	return nil, s.unavailable()
}

// Epoch returns a number that changes whenever the keys lookups may use change, and only then: a key
// added, removed or replaced, the keys going stale (WithLastKnownGoodLifetime) or being confirmed
// again, and Close. It is 0 until the first keys arrive (or Close). It implements
// validator.KeyEpocher, letting a token cache drop entries verified under keys that are gone, so that
// a cached token is refused as an uncached one would be.
func (s *Set) Epoch() uint64 {
	if s == nil {
		return 0
	}
	return s.epoch.Load()
}

// Ready blocks until the Set holds keys, ctx ends, or the Set is closed. It returns nil once keys are
// held (at once for a Static set). Otherwise it returns an error wrapping ErrKeysUnavailable: with
// ctx.Err() and the last fetch error when ctx ended, with ErrClosed when the Set is closed. Use it at
// start-up to wait for an identity provider that is still coming up.
func (s *Set) Ready(ctx context.Context) error {
	if s == nil || s.closed.Load() {
		return errClosed
	}
	if ctx == nil {
		ctx = context.Background()
	}
	select {
	case <-s.ready:
		return nil
	default:
	}
	select {
	case <-s.ready:
		return nil
	case <-s.ctx.Done():
		return errClosed
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", s.unavailable(), ctx.Err())
	}
}

// Close stops the background refresh, cancels a fetch in flight and waits for the Set's goroutine to
// return. Lookups afterwards answer an error wrapping ErrKeysUnavailable and ErrClosed. Close is
// idempotent and always returns nil.
func (s *Set) Close() error {
	if s == nil {
		return nil
	}
	s.closeOnce.Do(func() {
		s.closed.Store(true)
		// Entries a token cache made before Close must miss from now on, so that they are refused as
		// an uncached lookup would be.
		s.epoch.Add(1)
		s.cancel()
		<-s.done
		s.mu.Lock()
		if s.staleTimer != nil {
			s.staleTimer.Stop()
		}
		s.mu.Unlock()
	})
	return nil
}

// unavailable is what a lookup answers while no keys are usable: ErrKeysUnavailable, wrapping the last
// fetch error so the caller's logs say why.
func (s *Set) unavailable() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unavailErr
}

// install makes keys the held and usable ones, and reports the change it made: nil when the keys
// equal the held ones (only then does the epoch stay), else a function that logs it, for the caller to
// run once it has released s.mu. Callers hold s.mu or, like Static, own the Set alone.
func (s *Set) install(keys []key) (logChange func()) {
	next := newSnapshot(keys)
	old := s.held
	if old != nil && old.fingerprint == next.fingerprint {
		return nil
	}
	s.held = next
	s.publish(next)
	s.readyOnce.Do(func() { close(s.ready) })
	return func() { s.logKeys(old, next) }
}

// publish makes snap (nil: none) the keys lookups use and moves the epoch. The keys are stored first,
// so a reader that sees the new epoch also sees the keys it stands for; a token cache entry made under
// the old epoch misses and is validated afresh.
func (s *Set) publish(snap *snapshot) {
	s.snap.Store(snap)
	s.epoch.Add(1)
}

// New builds a Set that fetches the JWK Set at url and keeps it fresh in the background.
//
// The first fetch happens within ctx (and WithHTTPTimeout); ctx does not bound the background refresh,
// which runs until Close. If the first fetch fails, New still returns a working Set: lookups answer an
// error wrapping ErrKeysUnavailable while the Set retries with capped exponential backoff, and Ready
// tells when keys have arrived. New returns an error, wrapping ErrInvalidConfig, only for a malformed or
// non-https url (plain http is accepted for loopback hosts, or anywhere with WithInsecureHTTP) or an
// invalid option.
func New(ctx context.Context, url string, opts ...Option) (*Set, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if _, err := parseURL(url, cfg.insecureHTTP); err != nil {
		return nil, fmt.Errorf("%w: JWK Set URL: %w", ErrInvalidConfig, err)
	}
	s := newSet(ctx, cfg)
	s.jwksURL = url
	delay, failures, _ := s.startupFetch(ctx)
	go s.run(delay, failures)
	return s, nil
}

var (
	// ErrKeysUnavailable is wrapped by every error a lookup returns when the Set has no keys to use at
	// all: the first fetch has not succeeded yet, the keys outlived WithLastKnownGoodLifetime, or the
	// Set was closed. Validators map it to "try again later" (HTTP 503), not to "invalid token".
	ErrKeysUnavailable = errors.New("jwks: keys unavailable")

	// ErrClosed is wrapped, together with ErrKeysUnavailable, by the errors of a Set after Close.
	ErrClosed = errors.New("jwks: set closed")

	// ErrInvalidConfig is wrapped by the error New, Discover and Static return for a configuration that
	// can never work: a malformed or non-https URL, an option value out of range, a static JWK Set
	// without a usable key.
	ErrInvalidConfig = errors.New("jwks: invalid configuration")

	// ErrIssuerMismatch is wrapped by the error Discover returns when the discovery document names an
	// issuer other than the exact URL asked for (OpenID Connect Discovery 1.0 §4.3, RFC 8414 §3.3).
	ErrIssuerMismatch = errors.New("jwks: discovered issuer does not match")

	// ErrKeyNotFound is returned by the Keyfunc adapter when no held key fits the token's kid and alg.
	ErrKeyNotFound = errors.New("jwks: no key for kid and alg")
)

// Reasons a fetch fails. They are unexported because callers only see them in Status.LastError and
// logs; tests in this package match them with errors.Is.
var (
	errTooLarge     = safefetch.ErrTooLarge
	errNoUsableKeys = errors.New("no usable key in JWK Set")
	errRedirect     = safefetch.ErrRedirect
	errStatus       = safefetch.ErrStatus
	errStale        = errors.New("keys outlived their last-known-good lifetime")
)

// errClosed is preallocated so a lookup on a closed Set does not allocate.
var errClosed = fmt.Errorf("%w: %w", ErrKeysUnavailable, ErrClosed)
