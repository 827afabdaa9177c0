package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/ssf"
)

// The revocation line of the demo: a token of one login session is accepted; the embedded issuer
// revokes that session and pushes a CAEP session-revoked event (a Security Event Token, RFC 8935)
// to the API's Shared Signals receiver; the same token is refused from then on.

const (
	// demoSessionID is the "sid" of TOKEN_SESSION, the session the revocation line revokes.
	demoSessionID = "demo-session-1"
	// ssfEventsPath is the API's RFC 8935 push endpoint, which the issuer pushes events to.
	ssfEventsPath = "/ssf/events"
	// revokeSessionPath plays the issuer's administrator: POST there revokes demoSessionID at the
	// issuer, which pushes the event. It stands for what an identity provider's console does.
	revokeSessionPath = "/demo/revoke-session"
	// sessionTokenVar is the shell variable holding the session's token.
	sessionTokenVar = "TOKEN_SESSION"
)

// demoSSF is the API's Shared Signals receiver and what the issuer needs to push to it.
type demoSSF struct {
	keys     *jwks.Set     // the issuer's SET signing key
	receiver *ssf.Receiver // POST /ssf/events
	pushAuth string        // the credential the issuer pushes with
}

// mountRevocation starts the receiver of the issuer's events, writing to list, and serves it and the
// issuer's "revoke the session" action on mux.
func (d *demo) mountRevocation(ctx context.Context, mux *http.ServeMux, list ssf.Revoker, logger *slog.Logger) error {
	keys, err := jwks.New(ctx, d.iss.SSFJWKSURL(), jwks.WithLogger(logger))
	if err != nil {
		return fmt.Errorf("SET key set: %w", err)
	}
	var secret [16]byte
	_, _ = rand.Read(secret[:])
	s := &demoSSF{keys: keys, pushAuth: hex.EncodeToString(secret[:])}
	d.ssf = s
	s.receiver, err = ssf.NewReceiver(list,
		ssf.WithIssuer(d.iss.URL()),
		ssf.WithKeys(keys),
		ssf.WithAudience(d.apiURL),
		ssf.WithPushAuthorization(s.pushAuth),
		ssf.WithLogger(logger),
	)
	if err != nil {
		return fmt.Errorf("SSF receiver: %w", err)
	}
	mux.Handle("POST "+ssfEventsPath, s.receiver)
	mux.HandleFunc("POST "+revokeSessionPath, func(w http.ResponseWriter, r *http.Request) {
		status := d.revokeDemoSession(r.Context())
		w.WriteHeader(status)
		fmt.Fprintf(w, "the issuer pushed session-revoked for %s to %s: answered %d\n", demoSessionID, ssfEventsPath, status)
	})
	return nil
}

// revokeDemoSession has the issuer push session-revoked for demoSessionID to the API's receiver, and
// returns the receiver's answer (202 Accepted, or the status of its refusal; 502 if unreachable).
func (d *demo) revokeDemoSession(ctx context.Context) int {
	err := d.iss.PushSessionRevoked(ctx, d.apiURL+ssfEventsPath, "demo-user", demoSessionID,
		issuertest.SETAudience(d.apiURL), issuertest.SETAuthorization(d.ssf.pushAuth))
	var pe *issuertest.PushError
	switch {
	case err == nil:
		return http.StatusAccepted
	case errors.As(err, &pe):
		return pe.Status
	}
	return http.StatusBadGateway
}

// close stops the SET key set's refresh.
func (s *demoSSF) close() {
	if s != nil && s.keys != nil {
		_ = s.keys.Close()
	}
}

// revocationChecks are the --once cases of the revocation line, in order: the session's token is
// accepted, an unauthenticated push is refused, the issuer's push is accepted, and the token is
// refused from then on, while another token of the same user is not.
func revocationChecks(client *http.Client, d *demo, t demoTokens) []check {
	orders := func(token string) func(context.Context) (string, error) {
		return func(ctx context.Context) (string, error) {
			resp, _, err := demoGet(ctx, client, d.apiURL+"/orders", token)
			if err != nil {
				return "", err
			}
			return answerWith(resp, "error"), nil
		}
	}
	post := func(path string) func(context.Context) (string, error) {
		return func(ctx context.Context) (string, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.apiURL+path, strings.NewReader(""))
			if err != nil {
				return "", err
			}
			return statusOf(client, req)
		}
	}
	return []check{
		{"http session token", "200 error=(none)", orders(t.session)},
		{"ssf push without credential", "401", post(ssfEventsPath)},
		{"ssf issuer pushes session-revoked", "202", post(revokeSessionPath)},
		{"http revoked session token", `401 error="invalid_token"`, orders(t.session)},
		{"http same user, other session", "200 error=(none)", orders(t.valid)},
	}
}

// revocationSection prints the revocation line: run in order, once.
func revocationSection(d *demo) demoSection {
	orders := func(what, promise string) demoLine {
		return demoLine{what, promise, "curl -i " + bearer("Authorization", sessionTokenVar) + " " + d.apiURL + "/orders"}
	}
	return demoSection{"Revocation (Shared Signals, CAEP): run these in order, once", []demoLine{
		orders("a token of login session "+demoSessionID, "200"),
		{"a pushed event without the issuer's credential is refused", "401", "curl -i -X POST " + d.apiURL + ssfEventsPath},
		{"the issuer revokes the session and pushes a CAEP session-revoked event to POST " + ssfEventsPath, "202",
			"curl -i -X POST " + d.apiURL + revokeSessionPath},
		orders("the same token, refused from now on", "401 invalid_token"),
	}}
}
