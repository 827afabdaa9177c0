package ssf

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jwtguard/jwtguard/internal/reasons"
	"github.com/jwtguard/jwtguard/validator"
)

// Revoker is the revocation list a Receiver writes to: *revocation.Memory and the Redis list satisfy
// it. Each method records that tokens of issuer whose iat is before the cut are revoked; it is called
// only for SETs that verified. An error means the revocation was not recorded: the Receiver then
// answers 503 (push) or does not acknowledge the SET (poll), so the transmitter delivers it again.
type Revoker interface {
	// RevokeSubject revokes the tokens of issuer whose "sub" is subject, issued before issuedBefore.
	RevokeSubject(ctx context.Context, issuer, subject string, issuedBefore time.Time) error
	// RevokeSession revokes the tokens of issuer whose "sid" is sid, issued before issuedBefore.
	RevokeSession(ctx context.Context, issuer, sid string, issuedBefore time.Time) error
	// RevokeToken revokes the token of issuer whose "jti" is jti, until expires.
	RevokeToken(ctx context.Context, issuer, jti string, expires time.Time) error
}

// ErrReplay is the Reason of the *validator.Error for a SET whose jti was already received and
// applied: it is not applied again. Poll acknowledges such a SET; push answers 400 invalid_request.
// It is a row of the one table of refusals (validator.Reasons): code set_replayed.
var ErrReplay = reasons.ErrSETReplayed

// ErrRevocationUnavailable is the Reason of the error Receive returns when the Revoker failed: the SET
// verified but its revocation was not recorded. Its row in the one table of refusals
// (validator.Reasons) is revocation_unavailable, KindUnavailable, so push answers 503 and the transmitter retries; the Revoker's own error is kept as
// the cause for errors.Is and logs.
var ErrRevocationUnavailable = reasons.ErrRevocationUnavailable

// Receiver receives Shared Signals (SSF 1.0) Security Event Tokens and applies the revocations they
// carry to a Revoker. It is an http.Handler for RFC 8935 push delivery, Poll runs RFC 8936 poll
// delivery, and Receive applies one SET received any other way. It is safe for concurrent use.
type Receiver struct {
	list   Revoker
	cfg    config
	keys   validator.KeySource // cfg.keys, looked up through its Keyfunc
	seen   *jtiCache
	logged sync.Map     // event type or subject format → struct{}: what was logged once already
	nlog   atomic.Int32 // entries in logged, bounded by maxLogged
}

// maxLogged bounds the distinct "logged once" messages, so even a transmitter inventing event types
// cannot grow the receiver's memory.
const maxLogged = 256

// NewReceiver returns a Receiver that applies verified SETs to list. WithIssuer, WithKeys and
// WithAudience are required: without them anyone able to reach the endpoint could revoke, or a SET
// meant for another receiver would be accepted. A missing or invalid option is an error.
func NewReceiver(list Revoker, opts ...Option) (*Receiver, error) {
	if list == nil {
		return nil, errors.New("ssf: nil revocation list")
	}
	cfg := config{logger: slog.Default(), now: time.Now, leeway: DefaultLeeway,
		replayTTL: DefaultReplayWindow, replayMax: DefaultReplayEntries}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("ssf: nil option")
		}
		if err := opt(&cfg); err != nil {
			return nil, fmt.Errorf("ssf: %w", err)
		}
	}
	switch {
	case cfg.issuer == "":
		return nil, errors.New("ssf: no transmitter issuer configured: use WithIssuer")
	case cfg.keys == nil:
		return nil, errors.New("ssf: no transmitter keys configured: use WithKeys")
	case cfg.audience == "":
		return nil, errors.New("ssf: no audience configured: use WithAudience")
	}
	if cfg.tokenIssuer == "" {
		cfg.tokenIssuer = cfg.issuer
	}
	return &Receiver{list: list, cfg: cfg, keys: validator.FromKeyfunc(cfg.keys.Keyfunc()),
		seen: newJTICache(cfg.replayMax, cfg.replayTTL)}, nil
}

// Receive verifies one SET (a compact JWS) and applies the revocations its events carry. It returns
// nil when the SET verified and was applied, or carried only events this package does not act on
// (acknowledged and ignored, logged once per event type). Otherwise the error is a *validator.Error:
// a refused SET (malformed_token, invalid_token_type, unsupported_algorithm, unknown_key,
// invalid_signature, token_not_yet_valid, invalid_issuer, invalid_audience, missing_claim, or ErrReplay
// for a jti already applied), keys_unavailable when the transmitter's keys are not held, or
// keys_unavailable wrapping ErrRevocationUnavailable when the list failed. Nothing is revoked by a SET
// that does not verify.
func (r *Receiver) Receive(ctx context.Context, set string) error {
	s, err := r.verify(ctx, set)
	if err != nil {
		return err
	}
	if !r.seen.reserve(s.jti, r.cfg.now()) {
		return validator.NewError(ErrReplay, "SET jti was already received", nil)
	}
	if err := r.apply(ctx, s); err != nil {
		r.seen.release(s.jti) // not applied: a redelivery must be applied
		return err
	}
	return nil
}

// logOnce logs msg at level the first time key is seen, so a stream full of events this receiver does
// not act on cannot flood the log.
func (r *Receiver) logOnce(ctx context.Context, level slog.Level, key, msg string, attrs ...any) {
	if _, seen := r.logged.Load(key); seen || r.nlog.Load() >= maxLogged {
		return
	}
	if _, loaded := r.logged.LoadOrStore(key, struct{}{}); !loaded {
		r.nlog.Add(1)
		r.cfg.logger.Log(ctx, level, msg, attrs...)
	}
}
