package dpop

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"sync/atomic"
	"time"
)

// MinNonceSecretSize is the shortest secret NewHMACNonceSource takes: 256 bits, the HMAC-SHA256 key
// size that makes its tags unguessable.
const MinNonceSecretSize = 32

// The shape of an HMAC nonce: the window it was issued in (8 bytes, big-endian) and the first
// nonceTagSize bytes of its HMAC-SHA256 tag, base64url without padding.
const (
	nonceTagSize = 16
	nonceLength  = (8 + nonceTagSize) * 4 / 3 // 32 characters, all NQCHAR (RFC 9449 §8.1)
)

// nonceDomain separates these tags from anything else the secret might key.
const nonceDomain = "jwtguard dpop nonce v1\x00"

// hmacNonces is the NonceSource of NewHMACNonceSource.
type hmacNonces struct {
	secret   []byte
	lifetime time.Duration
	now      func() time.Time
	current  atomic.Pointer[issuedNonce] // the nonce of the latest window issued, so Nonce costs no HMAC
}

type issuedNonce struct {
	window int64
	nonce  string
}

// NewHMACNonceSource returns a NonceSource that any number of replicas configured with the same
// secret share without a store: a nonce names the time window it was issued in and carries an
// HMAC-SHA256 tag of that window under secret, so any replica issues and checks nonces on its own.
// Windows are lifetime long; a nonce is accepted during its window and the next (one window of
// grace: at least lifetime, at most twice lifetime after issue), and refused after. A nonce of the
// window after the current one is also accepted, for replicas whose clocks run slightly ahead.
//
// secret must be at least MinNonceSecretSize bytes of random data, the same on every replica (e.g.
// from a secret store); lifetime must be positive. Rotating the secret refuses the old nonces, and
// clients then get a fresh one with the use_dpop_nonce answer. Nonces issued under another secret,
// malformed ones and ones of any other length are refused, the length before any other work, and
// tags are compared in constant time.
func NewHMACNonceSource(secret []byte, lifetime time.Duration) (NonceSource, error) {
	switch {
	case len(secret) < MinNonceSecretSize:
		return nil, errors.New("dpop: NewHMACNonceSource: the secret must be at least 32 bytes")
	case lifetime <= 0:
		return nil, errors.New("dpop: NewHMACNonceSource: the lifetime must be positive")
	}
	return &hmacNonces{secret: append([]byte(nil), secret...), lifetime: lifetime, now: time.Now}, nil
}

// window is the index of the lifetime-long window t falls in.
func (s *hmacNonces) window(t time.Time) int64 {
	return t.UnixNano() / int64(s.lifetime)
}

// nonce returns the nonce of window w: w and its tag, base64url.
func (s *hmacNonces) nonce(w int64) string {
	var raw [8 + sha256.Size]byte
	binary.BigEndian.PutUint64(raw[:8], uint64(w))
	mac := hmac.New(sha256.New, s.secret)
	mac.Write([]byte(nonceDomain))
	mac.Write(raw[:8])
	mac.Sum(raw[:8])
	return base64.RawURLEncoding.EncodeToString(raw[:8+nonceTagSize])
}

// Nonce implements NonceSource: the nonce of the current window.
func (s *hmacNonces) Nonce(context.Context) (string, error) {
	w := s.window(s.now())
	if cur := s.current.Load(); cur != nil && cur.window == w {
		return cur.nonce, nil
	}
	n := s.nonce(w)
	s.current.Store(&issuedNonce{w, n})
	return n, nil
}

// ValidNonce implements NonceSource.
func (s *hmacNonces) ValidNonce(_ context.Context, nonce string) bool {
	if len(nonce) != nonceLength {
		return false
	}
	var raw [8 + nonceTagSize]byte
	if n, err := base64.RawURLEncoding.Decode(raw[:], []byte(nonce)); err != nil || n != len(raw) {
		return false
	}
	w := int64(binary.BigEndian.Uint64(raw[:8]))
	if now := s.window(s.now()); w < now-1 || w > now+1 {
		return false
	}
	// Recomputed, not decoded: the base64url spelling must be the canonical one too.
	return hmac.Equal([]byte(s.nonce(w)), []byte(nonce))
}
