package introspect_test

import (
	"context"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/introspect"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/revocation"
	"github.com/jwtguard/jwtguard/validator"
)

// TestRevocationDropsCachedAnswers revokes a subject, a session and a token after their answers were
// cached: each is refused at once, from the cache or not, and only the revoked ones.
func TestRevocationDropsCachedAnswers(t *testing.T) {
	ctx := context.Background()
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption())
	list := revocation.NewMemory(revocation.WithClock(clock.Now))
	in, _ := newIntrospector(t, iss, clock, introspect.WithIssuer(iss.URL()), introspect.WithAnyAudience(), introspect.WithRevocation(list))
	alice := iss.MustMintOpaque(t, issuertest.WithSubject("alice"))
	bob := iss.MustMintOpaque(t, issuertest.WithSubject("bob"), issuertest.WithClaim("sid", "bob-session"))
	carol := iss.MustMintOpaque(t, issuertest.WithSubject("carol"), issuertest.WithClaim("jti", "carol-token"))
	dave := iss.MustMintOpaque(t, issuertest.WithSubject("dave"))
	for _, token := range []string{alice, bob, carol, dave} {
		if _, err := validate(t, in, token); err != nil {
			t.Fatal(err)
		}
	}
	calls := iss.Introspections()
	clock.advance(1) // the cut is after the tokens' iat
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(list.RevokeSubject(ctx, iss.URL(), "alice", clock.Now()))
	must(list.RevokeSession(ctx, iss.URL(), "bob-session", clock.Now()))
	must(list.RevokeToken(ctx, iss.URL(), "carol-token", clock.Now().Add(time.Hour)))
	for _, token := range []string{alice, bob, carol} {
		_, err := validate(t, in, token)
		assertReason(t, err, validator.ErrTokenRevoked)
	}
	if _, err := validate(t, in, dave); err != nil {
		t.Fatalf("dave: %v", err)
	}
	if n := iss.Introspections(); n != calls {
		t.Fatalf("%d introspections for answers in the cache", n-calls)
	}
	// The revoked answers were dropped: asking again goes to the endpoint, and is refused again.
	_, err := validate(t, in, alice)
	assertReason(t, err, validator.ErrTokenRevoked)
	if n := iss.Introspections(); n != calls+1 {
		t.Fatalf("introspections = %d, want %d: the revoked answer stayed cached", n, calls+1)
	}
}

// TestRevocationWithoutIssInAnswer checks that an answer without iss is matched against the
// configured issuer's revocations.
func TestRevocationWithoutIssInAnswer(t *testing.T) {
	clock := newTestClock()
	list := revocation.NewMemory(revocation.WithClock(clock.Now))
	const issuer = "https://idp.example.com"
	if err := list.RevokeSubject(context.Background(), issuer, "alice", clock.Now()); err != nil {
		t.Fatal(err)
	}
	url, _ := answering(t, `{"active":true,"sub":"alice","iat":1}`)
	in, err := introspect.New(url, introspect.WithClientSecretBasic("id", "secret"), introspect.WithIssuer(issuer),
		introspect.WithClock(clock.Now), introspect.WithHTTPClient(httpClient(t)), introspect.WithInsecureHTTP(), introspect.WithAnyAudience(),
		introspect.WithRevocation(list))
	if err != nil {
		t.Fatal(err)
	}
	_, err = validate(t, in, "opaque-token")
	assertReason(t, err, validator.ErrTokenRevoked)
}

func TestWithRevocationRefusesNil(t *testing.T) {
	if _, err := introspect.New("https://idp.example.com/introspect", introspect.WithClientSecretBasic("id", "secret"),
		introspect.WithRevocation(nil)); err == nil {
		t.Fatal("New accepted WithRevocation(nil)")
	}
}
