package ssf_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/ssf"
	"github.com/jwtguard/jwtguard/validator"
)

// pushAnswer sends body as a push and returns the status and RFC 8935 err of the answer.
func pushAnswer(t *testing.T, url, body, auth string) (int, string) {
	t.Helper()
	err := issuertest.PushRaw(context.Background(), url, body, auth)
	if err == nil {
		return http.StatusAccepted, ""
	}
	var pe *issuertest.PushError
	if !errors.As(err, &pe) {
		t.Fatalf("push: %v", err)
	}
	return pe.Status, pe.Err
}

// tamper changes one character in the middle of the SET's signature, keeping it valid base64url.
func tamper(set string) string {
	i := strings.LastIndexByte(set, '.') + 10
	c := byte('A')
	if set[i] == 'A' {
		c = 'B'
	}
	return set[:i] + string(c) + set[i+1:]
}

func TestPushAccepted(t *testing.T) {
	f := newFixture(t)
	if err := f.push(t, f.iss.SessionRevoked("alice", "sid-1")); err != nil {
		t.Fatalf("push: %v", err)
	}
	got := f.list.got()
	if len(got) != 1 || got[0].Method != "session" || got[0].Issuer != f.iss.URL() || got[0].Value != "sid-1" {
		t.Fatalf("calls = %v, want one RevokeSession(%s, sid-1)", got, f.iss.URL())
	}
}

func TestPushRefusals(t *testing.T) {
	f := newFixture(t)
	ev := f.iss.SessionRevoked("alice", "sid-1")
	future := time.Now().Add(time.Hour).Unix()
	cases := []struct {
		name string
		body string
		code string
	}{
		{"bad signature", tamper(f.sign(t, ev)), ssf.CodeInvalidKey},
		{"unknown key", f.sign(t, ev, issuertest.SETUnknownKey()), ssf.CodeInvalidKey},
		{"alg none", f.sign(t, ev, issuertest.SETHeader("alg", "none")), ssf.CodeInvalidKey},
		{"alg HS256", f.sign(t, ev, issuertest.SETHeader("alg", "HS256")), ssf.CodeInvalidKey},
		{"wrong audience", f.sign(t, ev, issuertest.SETAudience("https://other.example")), ssf.CodeInvalidAudience},
		{"no audience", f.sign(t, ev, issuertest.SETClaim("aud", nil)), ssf.CodeInvalidAudience},
		{"wrong issuer", f.sign(t, ev, issuertest.SETClaim("iss", "https://evil.example")), ssf.CodeInvalidIssuer},
		{"no issuer", f.sign(t, ev, issuertest.SETClaim("iss", nil)), ssf.CodeInvalidIssuer},
		{"typ JWT", f.sign(t, ev, issuertest.SETHeader("typ", "JWT")), ssf.CodeInvalidRequest},
		{"typ at+jwt", f.sign(t, ev, issuertest.SETHeader("typ", "at+jwt")), ssf.CodeInvalidRequest},
		{"no typ", f.sign(t, ev, issuertest.SETHeader("typ", nil)), ssf.CodeInvalidRequest},
		{"crit", f.sign(t, ev, issuertest.SETHeader("crit", []string{"exp"})), ssf.CodeInvalidRequest},
		{"no iat", f.sign(t, ev, issuertest.SETClaim("iat", nil)), ssf.CodeInvalidRequest},
		{"iat in the future", f.sign(t, ev, issuertest.SETClaim("iat", future)), ssf.CodeInvalidRequest},
		{"no jti", f.sign(t, ev, issuertest.SETClaim("jti", nil)), ssf.CodeInvalidRequest},
		{"no events", f.sign(t, ev, issuertest.SETClaim("events", nil)), ssf.CodeInvalidRequest},
		{"events not an object", f.sign(t, ev, issuertest.SETClaim("events", "revoked")), ssf.CodeInvalidRequest},
		{"no subject", f.sign(t, issuertest.SecurityEvent{Type: ev.Type}), ssf.CodeInvalidRequest},
		{"subject without format", f.sign(t, issuertest.SecurityEvent{Type: ev.Type, Subject: map[string]any{"sub": "alice"}}), ssf.CodeInvalidRequest},
		{"garbage", "not a SET at all", ssf.CodeInvalidRequest},
		{"empty", "", ssf.CodeInvalidRequest},
		{"JWE", "a.b.c.d.e", ssf.CodeInvalidRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, code := pushAnswer(t, f.url, c.body, "")
			if status != http.StatusBadRequest || code != c.code {
				t.Errorf("answer = %d %q, want 400 %q", status, code, c.code)
			}
		})
	}
	if got := f.list.got(); len(got) != 0 {
		t.Fatalf("refused SETs revoked %v", got)
	}
}

func TestPushReplayedJTI(t *testing.T) {
	f := newFixture(t)
	set := f.sign(t, f.iss.SessionRevoked("alice", ""))
	if status, code := pushAnswer(t, f.url, set, ""); status != http.StatusAccepted {
		t.Fatalf("first delivery: %d %s", status, code)
	}
	if status, code := pushAnswer(t, f.url, set, ""); status != http.StatusBadRequest || code != ssf.CodeInvalidRequest {
		t.Fatalf("second delivery: %d %q, want 400 invalid_request", status, code)
	}
	if got := f.list.got(); len(got) != 1 {
		t.Fatalf("calls = %v, want the first delivery only", got)
	}
	err := f.rx.Receive(context.Background(), set)
	if !errors.Is(err, ssf.ErrReplay) {
		t.Fatalf("Receive of a replayed SET = %v, want ErrReplay", err)
	}
}

func TestPushHTTPRefusals(t *testing.T) {
	f := newFixture(t)
	set := f.sign(t, f.iss.SessionRevoked("alice", ""))
	post := func(contentType, body string) *http.Response {
		t.Helper()
		resp, err := http.Post(f.url, contentType, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post("application/json", set); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("wrong content type: %d, want 400", resp.StatusCode)
	}
	if resp := post("", set); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("no content type: %d, want 400", resp.StatusCode)
	}
	if resp := post("application/secevent+jwt", strings.Repeat("a", ssf.MaxSETSize+1)); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversize body: %d, want 413", resp.StatusCode)
	}
	// Without a Content-Length the bound is applied while reading.
	req, _ := http.NewRequest(http.MethodPost, f.url, struct{ *strings.Reader }{strings.NewReader(strings.Repeat("a", 1<<20))})
	req.Header.Set("Content-Type", "application/secevent+jwt")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversize chunked body: %d, want 413", resp.StatusCode)
	}
	resp, err = http.Get(f.url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != http.MethodPost {
		t.Errorf("GET: %d Allow %q, want 405 POST", resp.StatusCode, resp.Header.Get("Allow"))
	}
	if resp := post("application/secevent+jwt; charset=utf-8", set); resp.StatusCode != http.StatusAccepted {
		t.Errorf("content type with a parameter: %d, want 202", resp.StatusCode)
	}
	if got := f.list.got(); len(got) != 1 {
		t.Fatalf("calls = %v, want the one accepted push", got)
	}
}

func TestPushAuthorization(t *testing.T) {
	const secret = "push-credential-0123456789"
	f := newFixture(t, ssf.WithPushAuthorization(secret))
	ev := f.iss.SessionRevoked("alice", "")
	for _, c := range []struct {
		name, auth string
	}{{"missing", ""}, {"wrong", "push-credential-0123456780"}, {"prefix", "push-credential"}} {
		t.Run(c.name, func(t *testing.T) {
			status, code := pushAnswer(t, f.url, f.sign(t, ev), c.auth)
			if status != http.StatusUnauthorized || code != ssf.CodeAuthenticationFailed {
				t.Errorf("answer = %d %q, want 401 authentication_failed", status, code)
			}
		})
	}
	if got := f.list.got(); len(got) != 0 {
		t.Fatalf("unauthenticated pushes revoked %v", got)
	}
	if err := f.push(t, ev, issuertest.SETAuthorization(secret)); err != nil {
		t.Fatalf("authenticated push: %v", err)
	}
	if got := f.list.got(); len(got) != 1 {
		t.Fatalf("calls = %v, want one", got)
	}
}

func TestPushStoreFailureIsRetried(t *testing.T) {
	f := newFixture(t)
	set := f.sign(t, f.iss.SessionRevoked("alice", "sid-9"))
	f.list.setFail(errStoreDown)
	err := issuertest.PushRaw(context.Background(), f.url, set, "")
	var pe *issuertest.PushError
	if !errors.As(err, &pe) || pe.Status != http.StatusServiceUnavailable {
		t.Fatalf("push with the list down = %v, want 503", err)
	}
	rerr := f.rx.Receive(context.Background(), set)
	if !errors.Is(rerr, ssf.ErrRevocationUnavailable) || !errors.Is(rerr, errStoreDown) ||
		validator.KindOf(rerr) != validator.KindUnavailable {
		t.Fatalf("Receive with the list down = %v, want ErrRevocationUnavailable wrapping the list's error, kind unavailable", rerr)
	}
	f.list.setFail(nil)
	// The transmitter delivers the same SET again: it was not applied, so it is not a replay.
	if err := issuertest.PushRaw(context.Background(), f.url, set, ""); err != nil {
		t.Fatalf("redelivery: %v", err)
	}
	if got := f.list.got(); len(got) != 1 || got[0].Value != "sid-9" {
		t.Fatalf("calls = %v, want the redelivered revocation", got)
	}
}

func TestKeysUnavailableIsRetried(t *testing.T) {
	iss := issuertest.New(t)
	iss.SetJWKSFault(issuertest.FaultStatus(http.StatusInternalServerError))
	// The SET key set is fetched from a JWKS URL that fails, so no key is ever held.
	keys := mustUnreachableKeys(t, iss)
	rx, err := ssf.NewReceiver(&recorder{}, ssf.WithIssuer(iss.URL()), ssf.WithKeys(keys), ssf.WithAudience(audience))
	if err != nil {
		t.Fatal(err)
	}
	set, err := iss.SignSET(iss.SessionRevoked("alice", ""), issuertest.SETAudience(audience))
	if err != nil {
		t.Fatal(err)
	}
	if err := rx.Receive(context.Background(), set); !errors.Is(err, validator.ErrKeysUnavailable) {
		t.Fatalf("Receive without keys = %v, want keys_unavailable", err)
	}
}
