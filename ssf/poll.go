package ssf

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/jwtguard/jwtguard/internal/refusallog"
	"github.com/jwtguard/jwtguard/internal/safefetch"
	"github.com/jwtguard/jwtguard/validator"
)

// PollOption configures Poll.
type PollOption func(*pollConfig) error

type pollConfig struct {
	auth       string
	interval   time.Duration
	maxEvents  int
	client     *http.Client
	backoff    time.Duration
	maxBackoff time.Duration
}

// Poll defaults.
const (
	// DefaultPollInterval is the wait after a poll that brought nothing new.
	DefaultPollInterval = 5 * time.Second
	// DefaultMaxEvents is the most SETs asked for in one poll.
	DefaultMaxEvents = 100
	// maxMaxEvents bounds WithMaxEvents: a poll answer is read whole, and at most 1 MiB.
	maxMaxEvents = 1000
	// pollTimeout bounds one poll request.
	pollTimeout = 30 * time.Second
)

// WithPollAuthorization sends "Authorization: Bearer <token>" with every poll, the credential the
// transmitter issued for the stream.
func WithPollAuthorization(token string) PollOption {
	return func(c *pollConfig) error {
		if token == "" {
			return errors.New("WithPollAuthorization: empty token")
		}
		c.auth = token
		return nil
	}
}

// WithPollInterval sets the wait after a poll that brought nothing new (default DefaultPollInterval).
// After one that brought SETs, Poll polls again at once, to acknowledge them and fetch more.
func WithPollInterval(d time.Duration) PollOption {
	return func(c *pollConfig) error {
		if d <= 0 {
			return fmt.Errorf("WithPollInterval: %v is not positive", d)
		}
		c.interval = d
		return nil
	}
}

// WithMaxEvents sets the most SETs asked for in one poll (default DefaultMaxEvents, at most 1000).
// SETs beyond it in an answer are neither applied nor acknowledged; the transmitter sends them again.
func WithMaxEvents(n int) PollOption {
	return func(c *pollConfig) error {
		if n <= 0 || n > maxMaxEvents {
			return fmt.Errorf("WithMaxEvents: %d is outside [1, %d]", n, maxMaxEvents)
		}
		c.maxEvents = n
		return nil
	}
}

// WithPollHTTPClient sets the HTTP client polls use (default: a client with a 30 s timeout). Redirects
// are followed only within the endpoint's host and never from https to http.
func WithPollHTTPClient(client *http.Client) PollOption {
	return func(c *pollConfig) error {
		if client == nil {
			return errors.New("WithPollHTTPClient: nil client")
		}
		c.client = client
		return nil
	}
}

// WithPollBackoff sets the wait after a failed poll: initial, doubled after each consecutive failure
// up to max, jittered over its upper half (defaults 1 s and 1 min).
func WithPollBackoff(initial, max time.Duration) PollOption {
	return func(c *pollConfig) error {
		if initial <= 0 || max < initial {
			return fmt.Errorf("WithPollBackoff: need 0 < initial (%v) <= max (%v)", initial, max)
		}
		c.backoff, c.maxBackoff = initial, max
		return nil
	}
}

// pollRequest and pollResponse are the RFC 8936 §2.2 and §2.3 bodies.
type pollRequest struct {
	Ack               []string             `json:"ack,omitempty"`
	SetErrs           map[string]pushError `json:"setErrs,omitempty"`
	MaxEvents         int                  `json:"maxEvents"`
	ReturnImmediately bool                 `json:"returnImmediately"`
}

type pollResponse struct {
	Sets          map[string]json.RawMessage `json:"sets"` // jti → the SET, a JSON string
	MoreAvailable bool                       `json:"moreAvailable"`
}

// Poll receives SETs by RFC 8936 poll delivery from endpoint until ctx ends, and then returns
// ctx.Err(); it returns at once only for an invalid endpoint (https, or http to loopback) or option.
//
// Each poll acknowledges ("ack") the SETs the previous one brought that were applied (or had been
// already), at once rather than after the interval, and reports ("setErrs", with the RFC 8935 error code) those refused. A SET whose
// revocation the list could not record is neither: the transmitter keeps it and sends it again. After
// a failed poll — transmitter down, an error status, an answer over 1 MiB or not JSON — or a list
// failure, Poll waits with capped exponential backoff and keeps its pending acknowledgements. As with
// jwks, an unreachable transmitter never drops what is held: revocations already recorded stay in the
// list whatever the transmitter does. When ctx ends, pending acknowledgements are sent once more, for
// at most 2 seconds.
func (r *Receiver) Poll(ctx context.Context, endpoint string, opts ...PollOption) error {
	c := pollConfig{interval: DefaultPollInterval, maxEvents: DefaultMaxEvents, backoff: time.Second, maxBackoff: time.Minute}
	for _, opt := range opts {
		if opt == nil {
			return errors.New("ssf: nil poll option")
		}
		if err := opt(&c); err != nil {
			return fmt.Errorf("ssf: %w", err)
		}
	}
	if _, err := safefetch.ParseURL(endpoint, false); err != nil {
		return fmt.Errorf("ssf: poll endpoint: %w", err)
	}
	base := c.client
	if base == nil {
		base = &http.Client{Timeout: pollTimeout}
	}
	client := safefetch.GuardedClient(base, false)
	p := poller{r: r, cfg: c, endpoint: endpoint, client: client}
	return p.run(ctx)
}

// poller is one Poll's state: what to acknowledge or report in the next request.
type poller struct {
	r        *Receiver
	cfg      pollConfig
	endpoint string
	client   *http.Client
	ack      []string
	setErrs  map[string]pushError
}

func (p *poller) run(ctx context.Context) error {
	failures := 0
	for {
		resp, err := p.poll(ctx, p.cfg.maxEvents)
		if ctx.Err() != nil {
			p.flush(ctx)
			return ctx.Err()
		}
		var wait time.Duration
		switch {
		case err != nil:
			failures++
			wait = p.retryDelay(failures)
			p.r.cfg.logger.WarnContext(ctx, "ssf: poll failed; revocations held are kept",
				slog.String("endpoint", p.endpoint), slog.String("err", err.Error()), slog.Duration("retry_in", wait))
		default:
			p.ack, p.setErrs = nil, nil
			if ok, fresh := p.apply(ctx, resp.Sets); ok {
				failures = 0
				// Poll again at once while the transmitter has more, or to acknowledge what this answer
				// brought (until then the transmitter keeps it). An answer with nothing new — none, or
				// only SETs already applied — waits the interval, so a transmitter that ignores
				// acknowledgements cannot make Poll spin.
				if fresh == 0 {
					wait = p.cfg.interval
				}
			} else {
				failures++
				wait = p.retryDelay(failures)
			}
		}
		if wait > 0 && !sleep(ctx, wait) {
			p.flush(ctx)
			return ctx.Err()
		}
	}
}

// apply receives each SET of a poll answer, recording what the next poll acknowledges or reports. ok is
// false when the revocation list or the keys were unavailable for one, which calls for backoff; fresh
// counts the SETs applied or refused, those already applied before left out.
func (p *poller) apply(ctx context.Context, sets map[string]json.RawMessage) (ok bool, fresh int) {
	ok, n := true, 0
	for jti, raw := range sets {
		if n++; n > p.cfg.maxEvents {
			break
		}
		// A member that is not a string is refused on its own, as invalid_request: failing the whole
		// answer would have the transmitter send it, and the SETs beside it, again and again.
		var set string
		err := json.Unmarshal(raw, &set)
		if err != nil {
			err = validator.NewError(validator.ErrMalformedToken, "the SET is not a JSON string", nil)
		} else {
			err = p.r.Receive(ctx, set)
		}
		switch {
		case err == nil:
			p.ack = append(p.ack, jti)
			fresh++
		case errors.Is(err, ErrReplay):
			p.ack = append(p.ack, jti)
		case validator.KindOf(err) == validator.KindUnavailable:
			ok = false // not acknowledged: the transmitter sends it again
		default:
			_, code := pushAnswer(err)
			if p.setErrs == nil {
				p.setErrs = make(map[string]pushError)
			}
			p.setErrs[jti] = pushError{Err: code, Description: validator.Description(err)}
			fresh++
			refusallog.Log(ctx, p.r.cfg.logger, err, "", func() refusallog.Token { return refusallog.Peek(set) }, refusallog.Where("ssf", "poll "+code))
		}
	}
	return ok, fresh
}

// poll sends one RFC 8936 poll request carrying the pending acknowledgements and errors.
func (p *poller) poll(ctx context.Context, maxEvents int) (pollResponse, error) {
	body, err := json.Marshal(pollRequest{Ack: p.ack, SetErrs: p.setErrs, MaxEvents: maxEvents, ReturnImmediately: true})
	if err != nil {
		return pollResponse{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.endpoint, bytes.NewReader(body))
	if err != nil {
		return pollResponse{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if p.cfg.auth != "" {
		req.Header.Set("Authorization", "Bearer "+p.cfg.auth)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return pollResponse{}, err
	}
	defer resp.Body.Close()
	data, err := safefetch.ReadBody(resp)
	if err != nil {
		return pollResponse{}, err
	}
	var out pollResponse
	if err := json.Unmarshal(data, &out); err != nil {
		return pollResponse{}, fmt.Errorf("poll answer is not RFC 8936 JSON: %w", err)
	}
	return out, nil
}

// flush sends the pending acknowledgements once more after ctx ended, asking for no new SETs, so the
// transmitter does not resend what was applied.
func (p *poller) flush(ctx context.Context) {
	if len(p.ack) == 0 && len(p.setErrs) == 0 {
		return
	}
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if _, err := p.poll(fctx, 0); err == nil {
		p.ack, p.setErrs = nil, nil
	}
}

// retryDelay is the wait after the n-th consecutive failure: the backoff doubled n-1 times, capped,
// then jittered over its upper half so a fleet of replicas does not retry in lockstep.
func (p *poller) retryDelay(n int) time.Duration {
	d := p.cfg.backoff
	for i := 1; i < n && d < p.cfg.maxBackoff; i++ {
		d *= 2
	}
	d = min(d, p.cfg.maxBackoff)
	half := d / 2
	return half + rand.N(d-half+1)
}

// sleep waits d or until ctx ends, and reports whether it waited the whole d.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
