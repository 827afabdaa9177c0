package issuertest

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/golang-jwt/jwt/v5"
)

// This file makes the issuer a Shared Signals (SSF 1.0) transmitter: it publishes its configuration
// and the key its Security Event Tokens (RFC 8417) are signed with, pushes SETs to a receiver
// (RFC 8935) and queues them for a receiver that polls (RFC 8936).

// The transmitter's paths: the configuration is at the host, before the issuer's path (SSF 1.0 §7.2,
// as RFC 8414 for the authorization server metadata); the others are under the issuer.
const (
	ssfConfigurationPath = "/.well-known/ssf-configuration"
	ssfJWKSPath          = "/ssf/jwks.json"
	ssfPollPath          = "/ssf/poll"
)

// The event types the helpers below transmit (CAEP 1.0 §3.1). Any other type is sent with SignSET.
const (
	// EventSessionRevoked is CAEP's session-revoked event type.
	EventSessionRevoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked"
	// EventCredentialChange is CAEP's credential-change event type.
	EventCredentialChange = "https://schemas.openid.net/secevent/caep/event-type/credential-change"
)

// setSigningAlg is the algorithm of the transmitter's key, separate from the access-token keys, as an
// identity provider's SSF transmitter usually has its own.
const setSigningAlg = "ES256"

// maxPollRequest bounds a poll request body read by the transmitter.
const maxPollRequest = 1 << 20

// SecurityEvent is one event the issuer transmits as a SET: its type, its subject and its claims.
type SecurityEvent struct {
	// Type is the event-type URI, e.g. EventSessionRevoked.
	Type string
	// Subject is the SET's "sub_id" (SSF 1.0 §4.1, RFC 9493), e.g. from IssSubSubject or
	// SessionSubject; nil leaves it out (the older in-event "subject" can go in Claims).
	Subject map[string]any
	// Claims are the event's own members. "event_timestamp" is set to now (the issuer's clock) unless
	// given; a nil value drops it.
	Claims map[string]any
}

// IssSubSubject is the RFC 9493 "iss_sub" subject identifier of the user sub of issuer iss.
func IssSubSubject(iss, sub string) map[string]any {
	return map[string]any{"format": "iss_sub", "iss": iss, "sub": sub}
}

// SessionSubject is the SSF 1.0 "complex" subject of session sid of the user sub of issuer iss: an
// iss_sub user and an opaque session whose id is the sid claim of the session's tokens.
func SessionSubject(iss, sub, sid string) map[string]any {
	return map[string]any{
		"format":  "complex",
		"user":    IssSubSubject(iss, sub),
		"session": map[string]any{"format": "opaque", "id": sid},
	}
}

// SessionRevoked is the CAEP session-revoked event for session sid of this issuer's user sub, or for
// every session of sub when sid is "".
func (i *Issuer) SessionRevoked(sub, sid string) SecurityEvent {
	subject := IssSubSubject(i.issuer, sub)
	if sid != "" {
		subject = SessionSubject(i.issuer, sub, sid)
	}
	return SecurityEvent{Type: EventSessionRevoked, Subject: subject,
		Claims: map[string]any{"initiating_entity": "admin"}}
}

// SETOption changes a SET the issuer signs, pushes or queues; some forge SETs a receiver must refuse.
type SETOption func(*setConfig)

type setConfig struct {
	audience   string
	auth       string
	headers    []header
	claims     map[string]any
	unknownKey bool
}

// SETAudience sets the SET's "aud". A push defaults to the receiver URL; SignSET and QueueSET need it.
func SETAudience(aud string) SETOption { return func(c *setConfig) { c.audience = aud } }

// SETAuthorization makes a push carry "Authorization: Bearer <token>".
func SETAuthorization(token string) SETOption { return func(c *setConfig) { c.auth = token } }

// SETHeader sets a JOSE header member of the SET, e.g. SETHeader("typ", "JWT"); nil removes it.
func SETHeader(name string, value any) SETOption {
	return func(c *setConfig) { c.headers = append(c.headers, header{name, value}) }
}

// SETClaim sets a top-level claim of the SET, e.g. SETClaim("iss", "https://evil.example"); nil
// removes it.
func SETClaim(name string, value any) SETOption {
	return func(c *setConfig) {
		if c.claims == nil {
			c.claims = make(map[string]any)
		}
		c.claims[name] = value
	}
}

// SETUnknownKey signs the SET with a key the transmitter never publishes.
func SETUnknownKey() SETOption { return func(c *setConfig) { c.unknownKey = true } }

// transmitter is the issuer's SSF state, made on first use.
type transmitter struct {
	once      sync.Once
	key       *issuedKey
	stranger  *issuedKey
	err       error
	pollToken string

	mu        sync.Mutex
	queue     []queuedSET       // queued for polling, oldest first, until acknowledged
	setErrs   map[string]string // jti → the "err" a polling receiver reported
	pollFault Fault
	polls     int
}

type queuedSET struct{ jti, set string }

// ssfKeys makes the transmitter's signing key (and its never-published twin) on first use.
func (i *Issuer) ssfKeys() (*transmitter, error) {
	t := &i.tx
	t.once.Do(func() {
		i.mu.Lock()
		i.seq += 2
		seq := i.seq
		i.mu.Unlock()
		if t.key, t.err = newKey(setSigningAlg, "ssf-", seq-1); t.err != nil {
			return
		}
		t.stranger, t.err = newKey(setSigningAlg, "ssf-unknown-", seq)
		t.pollToken = randomHex(16)
	})
	return t, t.err
}

// SSFConfigurationURL returns where the SSF configuration metadata is served.
func (i *Issuer) SSFConfigurationURL() string { return i.base + ssfConfigurationPath + i.cfg.path }

// SSFJWKSURL returns the URL of the JWK Set holding the transmitter's SET signing key (its
// configuration's "jwks_uri"), which is not in JWKSURL's set.
func (i *Issuer) SSFJWKSURL() string { return i.issuer + ssfJWKSPath }

// SSFPollURL returns the RFC 8936 poll endpoint, which serves the SETs QueueSET queued.
func (i *Issuer) SSFPollURL() string { return i.issuer + ssfPollPath }

// SSFPollToken returns the bearer credential the poll endpoint requires.
func (i *Issuer) SSFPollToken() string {
	t, _ := i.ssfKeys()
	return t.pollToken
}

// SSFJWKS returns the JWK Set served at SSFJWKSURL, e.g. for jwks.Static.
func (i *Issuer) SSFJWKS() []byte {
	t, err := i.ssfKeys()
	if err != nil {
		return []byte(`{"keys":[]}`)
	}
	return append(append([]byte(`{"keys":[`), t.key.jwk...), "]}"...)
}

// SignSET signs ev as a SET (RFC 8417) from this issuer: header typ "secevent+jwt", alg ES256 and the
// transmitter key's kid; claims iss (the issuer URL), aud (SETAudience, required), iat (now), a random
// jti, sub_id and events. Options change or drop any of them.
func (i *Issuer) SignSET(ev SecurityEvent, opts ...SETOption) (string, error) {
	var c setConfig
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	return i.signSET(ev, c)
}

func (i *Issuer) signSET(ev SecurityEvent, c setConfig) (string, error) {
	t, err := i.ssfKeys()
	if err != nil {
		return "", err
	}
	if ev.Type == "" {
		return "", errors.New("issuertest: SecurityEvent without Type")
	}
	if c.audience == "" {
		return "", errors.New("issuertest: a SET needs an audience (SETAudience)")
	}
	now := i.cfg.clock()
	event := map[string]any{"event_timestamp": now.Unix()}
	for k, v := range ev.Claims {
		if v == nil {
			delete(event, k)
		} else {
			event[k] = v
		}
	}
	claims := jwt.MapClaims{
		"iss":    i.issuer,
		"aud":    c.audience,
		"iat":    now.Unix(),
		"jti":    randomHex(16),
		"events": map[string]any{ev.Type: event},
	}
	if ev.Subject != nil {
		claims["sub_id"] = ev.Subject
	}
	for k, v := range c.claims {
		if v == nil {
			delete(claims, k)
		} else {
			claims[k] = v
		}
	}
	key := t.key
	if c.unknownKey {
		key = t.stranger
	}
	token := jwt.NewWithClaims(families[setSigningAlg].method, claims)
	token.Header["typ"] = "secevent+jwt"
	token.Header["kid"] = key.kid
	for _, h := range c.headers {
		if h.value == nil {
			delete(token.Header, h.name)
		} else {
			token.Header[h.name] = h.value
		}
	}
	signed, err := token.SignedString(key.signer)
	if err != nil {
		return "", fmt.Errorf("issuertest: sign SET: %w", err)
	}
	return signed, nil
}

// PushError is the error of a push the receiver did not accept with 202: its status and, when the
// receiver answered with an RFC 8935 §2.3 body, its "err" and "description".
type PushError struct {
	Status      int
	Err         string
	Description string
}

// Error returns e.g. "issuertest: push answered 400 invalid_audience: audience not accepted".
func (e *PushError) Error() string {
	return fmt.Sprintf("issuertest: push answered %d %s: %s", e.Status, e.Err, e.Description)
}

// PushSET signs ev and pushes it to receiverURL as RFC 8935 describes (POST, Content-Type
// application/secevent+jwt). Its aud is receiverURL unless SETAudience says otherwise. It returns nil
// when the receiver answered 202 Accepted, a *PushError for any other answer.
func (i *Issuer) PushSET(ctx context.Context, receiverURL string, ev SecurityEvent, opts ...SETOption) error {
	c := setConfig{audience: receiverURL}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	set, err := i.signSET(ev, c)
	if err != nil {
		return err
	}
	return PushRaw(ctx, receiverURL, set, c.auth)
}

// PushSessionRevoked pushes the CAEP session-revoked event for session sid of user sub (every session
// of sub when sid is "") to receiverURL: SessionRevoked and PushSET in one call.
func (i *Issuer) PushSessionRevoked(ctx context.Context, receiverURL, sub, sid string, opts ...SETOption) error {
	return i.PushSET(ctx, receiverURL, i.SessionRevoked(sub, sid), opts...)
}

// PushRaw pushes body, a SET or anything a test wants a receiver to see, to receiverURL as an RFC 8935
// push, with "Authorization: Bearer <authorization>" unless authorization is "". It returns nil for a
// 202 answer, a *PushError otherwise.
func PushRaw(ctx context.Context, receiverURL, body, authorization string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, receiverURL, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/secevent+jwt")
	req.Header.Set("Accept", "application/json")
	if authorization != "" {
		req.Header.Set("Authorization", "Bearer "+authorization)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode == http.StatusAccepted {
		return nil
	}
	pe := &PushError{Status: resp.StatusCode}
	var body8935 struct {
		Err         string `json:"err"`
		Description string `json:"description"`
	}
	if json.Unmarshal(answer, &body8935) == nil {
		pe.Err, pe.Description = body8935.Err, body8935.Description
	}
	return pe
}

// QueueSET signs ev and queues it for the poll endpoint, where it is served on every poll until a
// receiver acknowledges it or reports an error for it. SETAudience is required. It returns the jti.
func (i *Issuer) QueueSET(ev SecurityEvent, opts ...SETOption) (jti string, err error) {
	var c setConfig
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	set, err := i.signSET(ev, c)
	if err != nil {
		return "", err
	}
	parsed, _, err := jwt.NewParser().ParseUnverified(set, jwt.MapClaims{})
	if err != nil {
		return "", err
	}
	jti, _ = parsed.Claims.(jwt.MapClaims)["jti"].(string)
	if jti == "" {
		jti = randomHex(16) // the test dropped the jti claim; the queue still needs a key
	}
	t := &i.tx
	t.mu.Lock()
	defer t.mu.Unlock()
	t.queue = append(t.queue, queuedSET{jti: jti, set: set})
	return jti, nil
}

// PendingSETs returns the jti of the queued SETs no receiver has acknowledged or reported, oldest
// first.
func (i *Issuer) PendingSETs() []string {
	t := &i.tx
	t.mu.Lock()
	defer t.mu.Unlock()
	jtis := make([]string, len(t.queue))
	for n, q := range t.queue {
		jtis[n] = q.jti
	}
	return jtis
}

// SETErrors returns what polling receivers reported in "setErrs": jti → RFC 8935 error code.
func (i *Issuer) SETErrors() map[string]string {
	t := &i.tx
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]string, len(t.setErrs))
	for k, v := range t.setErrs {
		out[k] = v
	}
	return out
}

// SSFPolls returns how many poll requests the poll endpoint has received.
func (i *Issuer) SSFPolls() int {
	t := &i.tx
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.polls
}

// SetSSFPollFault makes the poll endpoint fail as f describes; FaultNone restores it.
func (i *Issuer) SetSSFPollFault(f Fault) {
	t := &i.tx
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pollFault = f
}

// serveSSF serves the transmitter's endpoints, reporting whether r.URL.Path was one of them.
func (i *Issuer) serveSSF(w http.ResponseWriter, r *http.Request) bool {
	switch r.URL.Path {
	case ssfConfigurationPath + i.cfg.path:
		if onlyGet(w, r) {
			i.serveSSFConfiguration(w)
		}
	case i.cfg.path + ssfJWKSPath:
		if onlyGet(w, r) {
			writeJSON(w, i.SSFJWKS())
		}
	case i.cfg.path + ssfPollPath:
		i.servePoll(w, r)
	default:
		return false
	}
	return true
}

func onlyGet(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return false
	}
	return true
}

func (i *Issuer) serveSSFConfiguration(w http.ResponseWriter) {
	body, err := json.Marshal(map[string]any{
		"spec_version":               "1_0",
		"issuer":                     i.issuer,
		"jwks_uri":                   i.SSFJWKSURL(),
		"delivery_methods_supported": []string{"urn:ietf:rfc:8935", "urn:ietf:rfc:8936"},
		"authorization_schemes":      []map[string]string{{"spec_urn": "urn:ietf:rfc:6749"}},
	})
	if err != nil {
		http.Error(w, "issuertest: encode SSF configuration", http.StatusInternalServerError)
		return
	}
	writeJSON(w, body)
}

// servePoll answers an RFC 8936 poll: it drops the SETs acknowledged or reported in the request, then
// returns up to maxEvents of those still queued (returnImmediately is assumed: it never holds a poll).
func (i *Issuer) servePoll(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	t, err := i.ssfKeys()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	t.mu.Lock()
	t.polls++
	fault := t.pollFault
	t.mu.Unlock()
	if i.serveFault(w, r, fault) {
		return
	}
	auth := r.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "Bearer ") || subtle.ConstantTimeCompare([]byte(auth[len("Bearer "):]), []byte(t.pollToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		http.Error(w, "poll credential missing or wrong", http.StatusUnauthorized)
		return
	}
	var req struct {
		Ack     []string `json:"ack"`
		SetErrs map[string]struct {
			Err string `json:"err"`
		} `json:"setErrs"`
		MaxEvents *int `json:"maxEvents"`
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxPollRequest))
	if err != nil || json.Unmarshal(bytes.TrimSpace(data), &req) != nil {
		http.Error(w, "poll request is not RFC 8936 JSON", http.StatusBadRequest)
		return
	}
	t.mu.Lock()
	done := make(map[string]bool, len(req.Ack)+len(req.SetErrs))
	for _, jti := range req.Ack {
		done[jti] = true
	}
	for jti, e := range req.SetErrs {
		done[jti] = true
		if t.setErrs == nil {
			t.setErrs = make(map[string]string)
		}
		t.setErrs[jti] = e.Err
	}
	kept := t.queue[:0]
	for _, q := range t.queue {
		if !done[q.jti] {
			kept = append(kept, q)
		}
	}
	t.queue = kept
	n := len(t.queue)
	if req.MaxEvents != nil && *req.MaxEvents < n {
		n = max(*req.MaxEvents, 0)
	}
	sets := make(map[string]string, n)
	for _, q := range t.queue[:n] {
		sets[q.jti] = q.set
	}
	more := n < len(t.queue)
	t.mu.Unlock()
	body, err := json.Marshal(map[string]any{"sets": sets, "moreAvailable": more})
	if err != nil {
		http.Error(w, "issuertest: encode poll answer", http.StatusInternalServerError)
		return
	}
	writeJSON(w, body)
}
