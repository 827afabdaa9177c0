package ssf_test

import (
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/ssf"
)

func TestEventsApplied(t *testing.T) {
	const other = "https://other-idp.example"
	at := time.Now().Add(-time.Hour).Truncate(time.Second)
	ts := map[string]any{"event_timestamp": at.Unix()}
	issSub := func(iss, sub string) map[string]any { return issuertest.IssSubSubject(iss, sub) }
	opaque := func(id string) map[string]any { return map[string]any{"format": "opaque", "id": id} }
	cases := []struct {
		name  string
		ev    func(tx string) issuertest.SecurityEvent
		opts  []ssf.Option
		want  func(tx string) []call
		noCut bool // the cut is the SET's iat
	}{
		{
			name: "session-revoked iss_sub revokes the subject",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventSessionRevoked, Subject: issSub(other, "alice"), Claims: ts}
			},
			want: func(string) []call { return []call{{"subject", other, "alice", at}} },
		},
		{
			name: "session-revoked complex user+session revokes the session",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventSessionRevoked, Subject: issuertest.SessionSubject(other, "alice", "sid-7"), Claims: ts}
			},
			want: func(string) []call { return []call{{"session", other, "sid-7", at}} },
		},
		{
			name: "session-revoked complex opaque user+session uses the transmitter's issuer",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventSessionRevoked, Claims: ts,
					Subject: map[string]any{"format": "complex", "user": opaque("u-1"), "session": opaque("sid-8")}}
			},
			want: func(tx string) []call { return []call{{"session", tx, "sid-8", at}} },
		},
		{
			name: "session-revoked opaque is a session, of WithTokenIssuer's issuer",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventSessionRevoked, Subject: opaque("sid-9"), Claims: ts}
			},
			opts: []ssf.Option{ssf.WithTokenIssuer("https://tokens.example")},
			want: func(string) []call { return []call{{"session", "https://tokens.example", "sid-9", at}} },
		},
		{
			name: "session-revoked complex user only revokes the user",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventSessionRevoked, Claims: ts,
					Subject: map[string]any{"format": "complex", "user": issSub(other, "bob")}}
			},
			want: func(string) []call { return []call{{"subject", other, "bob", at}} },
		},
		{
			name: "credential-change revoke",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventCredentialChange, Subject: issSub(other, "alice"),
					Claims: map[string]any{"event_timestamp": at.Unix(), "change_type": "revoke", "credential_type": "password"}}
			},
			want: func(string) []call { return []call{{"subject", other, "alice", at}} },
		},
		{
			name: "credential-change delete, opaque user",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventCredentialChange, Subject: opaque("u-2"),
					Claims: map[string]any{"event_timestamp": at.Unix(), "change_type": "delete", "credential_type": "fido2-roaming"}}
			},
			want: func(tx string) []call { return []call{{"subject", tx, "u-2", at}} },
		},
		{
			name: "credential-change create revokes nothing",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventCredentialChange, Subject: issSub(other, "alice"),
					Claims: map[string]any{"change_type": "create", "credential_type": "password"}}
			},
			want: func(string) []call { return nil },
		},
		{
			name: "RISC account-disabled",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventAccountDisabled, Subject: issSub(other, "carol"), Claims: ts}
			},
			want: func(string) []call { return []call{{"subject", other, "carol", at}} },
		},
		{
			name: "RISC account-purged",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventAccountPurged, Subject: issSub(other, "dave"), Claims: ts}
			},
			want: func(string) []call { return []call{{"subject", other, "dave", at}} },
		},
		{
			name: "RISC sessions-revoked, subject inside the event, no event_timestamp",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventSessionsRevoked,
					Claims: map[string]any{"event_timestamp": nil, "subject": issSub(other, "erin")}}
			},
			want:  func(string) []call { return []call{{"subject", other, "erin", time.Time{}}} },
			noCut: true,
		},
		{
			name: "email subject: acknowledged, nothing revoked",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventAccountDisabled, Claims: ts,
					Subject: map[string]any{"format": "email", "email": "alice@example.com"}}
			},
			want: func(string) []call { return nil },
		},
		{
			name: "unknown event type: acknowledged, nothing revoked",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: "https://schemas.openid.net/secevent/caep/event-type/device-compliance-change",
					Subject: issSub(other, "alice"), Claims: ts}
			},
			want: func(string) []call { return nil },
		},
		{
			name: "verification event: acknowledged, nothing revoked",
			ev: func(tx string) issuertest.SecurityEvent {
				return issuertest.SecurityEvent{Type: ssf.EventVerification, Claims: map[string]any{"state": "abc"}}
			},
			want: func(string) []call { return nil },
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, c.opts...)
			before := time.Now().Truncate(time.Second)
			if err := f.push(t, c.ev(f.iss.URL())); err != nil {
				t.Fatalf("push: %v", err)
			}
			got, want := f.list.got(), c.want(f.iss.URL())
			if len(got) != len(want) {
				t.Fatalf("calls = %v, want %v", got, want)
			}
			for i := range want {
				if c.noCut {
					if got[i].IssuedBefore.Before(before) || got[i].IssuedBefore.After(time.Now()) {
						t.Errorf("cut %v is not the SET's iat (about now)", got[i].IssuedBefore)
					}
					want[i].IssuedBefore = got[i].IssuedBefore
				}
				if got[i] != want[i] {
					t.Errorf("call %d = %v, want %v", i, got[i], want[i])
				}
			}
		})
	}
}

func TestEventTimestampAfterIATIsCappedAtIAT(t *testing.T) {
	f := newFixture(t)
	iat := time.Now().Add(-time.Minute).Truncate(time.Second)
	ev := issuertest.SecurityEvent{Type: ssf.EventAccountDisabled, Subject: issuertest.IssSubSubject(f.iss.URL(), "alice"),
		Claims: map[string]any{"event_timestamp": time.Now().Add(24 * time.Hour).Unix()}}
	if err := f.push(t, ev, issuertest.SETClaim("iat", iat.Unix())); err != nil {
		t.Fatal(err)
	}
	if got := f.list.got(); len(got) != 1 || !got[0].IssuedBefore.Equal(iat) {
		t.Fatalf("calls = %v, want the cut at the SET's iat %v", got, iat)
	}
}

func TestMalformedEventRevokesNothing(t *testing.T) {
	f := newFixture(t)
	sub := issuertest.IssSubSubject(f.iss.URL(), "alice")
	for name, ev := range map[string]issuertest.SecurityEvent{
		"event_timestamp a string": {Type: ssf.EventAccountDisabled, Subject: sub, Claims: map[string]any{"event_timestamp": "yesterday"}},
		"change_type missing":      {Type: ssf.EventCredentialChange, Subject: sub},
		"iss_sub without sub":      {Type: ssf.EventAccountDisabled, Subject: map[string]any{"format": "iss_sub", "iss": f.iss.URL()}},
		"opaque without id":        {Type: ssf.EventAccountDisabled, Subject: map[string]any{"format": "opaque"}},
		"subject member not a string": {Type: ssf.EventAccountDisabled,
			Subject: map[string]any{"format": "iss_sub", "iss": f.iss.URL(), "sub": 42}},
	} {
		t.Run(name, func(t *testing.T) {
			status, code := pushAnswer(t, f.url, f.sign(t, ev), "")
			if status != 400 || code != ssf.CodeInvalidRequest {
				t.Errorf("answer = %d %q, want 400 invalid_request", status, code)
			}
		})
	}
	if got := f.list.got(); len(got) != 0 {
		t.Fatalf("malformed events revoked %v", got)
	}
}

func TestUnknownEventLoggedOnce(t *testing.T) {
	f := newFixture(t)
	const unknown = "https://example.com/event-type/unknown"
	for range 3 {
		if err := f.push(t, issuertest.SecurityEvent{Type: unknown, Subject: issuertest.IssSubSubject(f.iss.URL(), "a")}); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(f.logs.String(), unknown); n != 1 {
		t.Fatalf("unknown event type logged %d times, want once:\n%s", n, f.logs)
	}
}
