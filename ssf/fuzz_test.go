package ssf_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/ssf"
	"github.com/jwtguard/jwtguard/validator"
)

// FuzzReceive feeds arbitrary SETs to the receiver's parsing and verification path. Whatever the input,
// Receive must not panic, must fail with a *validator.Error, and must revoke nothing unless it accepts
// the SET; only the genuine seed can be accepted.
func FuzzReceive(f *testing.F) {
	iss := issuertest.New(f, issuertest.WithAlgorithms("ES256"))
	keys, err := jwks.Static(iss.SSFJWKS(), jwks.WithLogger(quiet))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = keys.Close() })
	list := &recorder{}
	rx, err := ssf.NewReceiver(list, ssf.WithIssuer(iss.URL()), ssf.WithKeys(keys), ssf.WithAudience(audience), ssf.WithLogger(quiet))
	if err != nil {
		f.Fatal(err)
	}
	sign := func(ev issuertest.SecurityEvent, opts ...issuertest.SETOption) string {
		set, err := iss.SignSET(ev, append([]issuertest.SETOption{issuertest.SETAudience(audience)}, opts...)...)
		if err != nil {
			f.Fatal(err)
		}
		return set
	}
	valid := sign(iss.SessionRevoked("alice", "sid-1"))
	f.Add(valid)
	f.Add(tamper(valid))
	f.Add(sign(iss.SessionRevoked("bob", ""), issuertest.SETHeader("typ", "JWT")))
	f.Add(sign(iss.SessionRevoked("carol", ""), issuertest.SETUnknownKey()))
	f.Add("eyJhbGciOiJFUzI1NiJ9.e30.")
	f.Add("a.b.c.d.e")
	f.Add("")
	f.Fuzz(func(t *testing.T, set string) {
		before := len(list.got())
		err := rx.Receive(context.Background(), set)
		after := len(list.got())
		if err == nil {
			if set != valid {
				t.Fatalf("Receive accepted a SET that is not the genuine seed")
			}
			return
		}
		var ve *validator.Error
		if !errors.As(err, &ve) {
			t.Fatalf("Receive failed with %T %v, want a *validator.Error", err, err)
		}
		if after != before {
			t.Fatalf("a refused SET revoked something: %v", list.got()[before:])
		}
	})
}
