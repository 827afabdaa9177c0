package jwks

import (
	"slices"
	"time"
)

// Status describes what a Set holds and how its refreshing goes, for health checks and debugging.
type Status struct {
	// URL is the JWK Set URL; "" for a Static set, or while Discover has not resolved it yet.
	URL string
	// Issuer is the issuer given to Discover; "" otherwise.
	Issuer string
	// Keys is how many usable keys are held (while Stale, held but not used).
	Keys int
	// KIDs lists the held key IDs, sorted; keys without a kid are counted in Keys only.
	KIDs []string
	// Epoch is the value Epoch returns.
	Epoch uint64
	// LastAttempt is when the last fetch started.
	LastAttempt time.Time
	// LastRefresh is when the last successful fetch started; zero if none has succeeded.
	LastRefresh time.Time
	// LastError is the error of the last fetch, nil if it succeeded.
	LastError error
	// NextRefresh is when the next scheduled fetch is due; zero for a Static or closed set. An
	// unknown kid may cause one earlier.
	NextRefresh time.Time
	// Closed reports whether Close has been called.
	Closed bool
	// Stale reports keys that no fetch has confirmed within WithLastKnownGoodLifetime: they are held,
	// but lookups answer ErrKeysUnavailable until a fetch succeeds.
	Stale bool
}

// Status returns a snapshot of the Set's state. It takes a lock, so keep it off the request path.
func (s *Set) Status() Status {
	if s == nil {
		return Status{Closed: true}
	}
	st := Status{Closed: s.closed.Load()}
	// Keys are installed under s.mu, so reading them under it too keeps them consistent with the rest.
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held != nil {
		st.Keys = s.held.count
		st.KIDs = slices.Clone(s.held.kids)
		st.Stale = s.snap.Load() == nil
	}
	st.Epoch = s.Epoch()
	st.URL = s.jwksURL
	st.Issuer = s.issuer
	st.LastAttempt = s.lastAttempt
	st.LastRefresh = s.lastRefresh
	st.LastError = s.lastErr
	if !s.static && !st.Closed {
		st.NextRefresh = s.nextRefresh
	}
	return st
}
