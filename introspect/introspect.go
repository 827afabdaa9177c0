package introspect

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/internal/safefetch"
	"github.com/jwtguard/jwtguard/validator"
)

// Introspector validates opaque access tokens with an RFC 7662 introspection endpoint. It implements
// validator.TokenValidator and is safe for concurrent use. It starts no goroutine and needs no Close.
type Introspector struct {
	endpoint string
	client   *http.Client
	auth     clientAuth
	checks   answerChecks
	timeout  time.Duration
	now      func() time.Time
	logger   *slog.Logger
	cache    *answerCache // nil when the cache is off

	revocations validator.RevocationList // WithRevocation's, or nil
}

// New returns an Introspector for the introspection endpoint at endpoint, which must be https (or
// http to a loopback host). One client authentication option, WithClientSecretBasic or
// WithClientSecretPost, is required: RFC 7662 §2.1 makes the resource server authenticate. So is an
// audience decision, WithAudience or WithAnyAudience, as for validator.New.
func New(endpoint string, opts ...Option) (*Introspector, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return newIntrospector(endpoint, cfg)
}

func newIntrospector(endpoint string, cfg config) (*Introspector, error) {
	u, err := safefetch.ParseURL(endpoint, cfg.insecureHTTP)
	if err != nil {
		return nil, fmt.Errorf("introspect: endpoint: %w", err)
	}
	if u.Fragment != "" {
		return nil, fmt.Errorf("introspect: endpoint %q has a fragment", endpoint)
	}
	i := &Introspector{
		endpoint: endpoint,
		client:   safefetch.GuardedClient(cfg.client, cfg.insecureHTTP),
		auth:     *cfg.auth,
		checks:   answerChecks{issuer: cfg.issuer, audiences: cfg.audiences, leeway: cfg.leeway},
		timeout:  cfg.timeout,
		now:      cfg.now,
		logger:   cfg.logger,

		revocations: cfg.revocations,
	}
	if cfg.cacheTTL > 0 && cfg.cacheSize > 0 {
		i.cache = newAnswerCache(cfg.cacheSize, cfg.cacheTTL, min(cfg.negativeTTL, cfg.cacheTTL))
	}
	return i, nil
}

// Validate asks the endpoint whether token is active, or reuses a cached answer, and returns the
// answer's claims. It refuses with validator.ErrTokenInactive for "active": false, and with the
// validator's sentinels for an expired token (exp, with the leeway), another issuer (WithIssuer),
// another audience (WithAudience) or a refresh token. The answer is read by exact member names: one
// with a duplicate member, or one named like "active", "iss", "exp" or another registered claim in
// another case, is not a usable answer. When the endpoint cannot answer, the error wraps
// ErrUnavailable (introspect.ErrUnavailable).
func (i *Introspector) Validate(ctx context.Context, token string) (*validator.Claims, error) {
	if token == "" {
		return nil, validator.NewError(validator.ErrMissingToken, "no token", nil)
	}
	if len(token) > validator.DefaultMaxTokenSize {
		return nil, validator.NewError(validator.ErrTokenTooLarge, fmt.Sprintf("token is %d bytes, more than %d", len(token), validator.DefaultMaxTokenSize), nil)
	}
	var a answer
	var err error
	if i.cache == nil {
		a, err = i.introspect(ctx, token)
	} else {
		now := i.now()
		key := hashToken(token)
		var hit bool
		if a, hit = i.cache.lookup(key, now); !hit {
			a, err = i.cache.load(ctx, key, now, func(ctx context.Context) (answer, error) { return i.introspect(ctx, token) })
		}
	}
	if err != nil {
		return nil, err
	}
	if err := i.checkRevocation(token, a); err != nil {
		return nil, err
	}
	return a.claims, a.err
}

// introspect makes one call to the endpoint and judges the answer. err is non-nil only when the
// endpoint could not answer; a refusal of the token is the answer's err.
func (i *Introspector) introspect(ctx context.Context, token string) (answer, error) {
	// Concurrent callers share this call, so one caller's cancellation must not fail the others; the
	// timeout still bounds it.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), i.timeout)
	defer cancel()
	body, err := i.post(ctx, token)
	if err != nil {
		i.logger.LogAttrs(ctx, slog.LevelWarn, "introspect: endpoint unavailable",
			slog.String("endpoint", i.endpoint), slog.String("error", err.Error()))
		return answer{}, validator.NewError(ErrUnavailable, "introspection endpoint unavailable", err)
	}
	a, err := i.checks.judge(body, i.now())
	if err != nil {
		i.logger.LogAttrs(ctx, slog.LevelWarn, "introspect: unusable answer",
			slog.String("endpoint", i.endpoint), slog.String("error", err.Error()))
		return answer{}, validator.NewError(ErrUnavailable, "introspection endpoint gave an unusable answer", err)
	}
	return a, nil
}

// post sends the introspection request and returns the body of a 200 answer.
func (i *Introspector) post(ctx context.Context, token string) ([]byte, error) {
	form := url.Values{"token": {token}, "token_type_hint": {"access_token"}}
	if i.auth.post {
		form.Set("client_id", i.auth.id)
		form.Set("client_secret", i.auth.secret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, i.endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if !i.auth.post {
		// RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and base64-encoded.
		req.SetBasicAuth(url.QueryEscape(i.auth.id), url.QueryEscape(i.auth.secret))
	}
	resp, err := i.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return safefetch.ReadBody(resp)
}
