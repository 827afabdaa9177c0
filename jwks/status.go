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
	// Keys is how many usable keys are held.
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
	if snap := s.snap.Load(); snap != nil {
		st.Keys = snap.count
		st.KIDs = slices.Clone(snap.kids)
		st.Epoch = snap.epoch
	}
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
