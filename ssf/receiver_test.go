package ssf_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/ssf"
)

func TestNewReceiverRefusesIncompleteConfiguration(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	keys, err := jwks.Static(iss.SSFJWKS(), jwks.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	defer keys.Close()
	issuer, withKeys, aud := ssf.WithIssuer(iss.URL()), ssf.WithKeys(keys), ssf.WithAudience(audience)
	cases := []struct {
		name string
		list ssf.Revoker
		opts []ssf.Option
		want string
	}{
		{"no list", nil, []ssf.Option{issuer, withKeys, aud}, "nil revocation list"},
		{"no issuer", &recorder{}, []ssf.Option{withKeys, aud}, "WithIssuer"},
		{"no keys", &recorder{}, []ssf.Option{issuer, aud}, "WithKeys"},
		{"no audience", &recorder{}, []ssf.Option{issuer, withKeys}, "WithAudience"},
		{"empty issuer", &recorder{}, []ssf.Option{ssf.WithIssuer(""), withKeys, aud}, "empty issuer"},
		{"nil keys", &recorder{}, []ssf.Option{issuer, ssf.WithKeys(nil), aud}, "nil key set"},
		{"short push credential", &recorder{}, []ssf.Option{issuer, withKeys, aud, ssf.WithPushAuthorization("secret")}, "too short"},
		{"nil option", &recorder{}, []ssf.Option{issuer, withKeys, aud, nil}, "nil option"},
		{"leeway", &recorder{}, []ssf.Option{issuer, withKeys, aud, ssf.WithLeeway(-1)}, "WithLeeway"},
		{"replay window", &recorder{}, []ssf.Option{issuer, withKeys, aud, ssf.WithReplayWindow(0, 1)}, "WithReplayWindow"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rx, err := ssf.NewReceiver(c.list, c.opts...)
			if err == nil || rx != nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("NewReceiver = %v, %v; want an error naming %q", rx, err, c.want)
			}
		})
	}
}

func TestReplayWindowIsBounded(t *testing.T) {
	// With room for one jti, the older SET is forgotten and a second delivery of it is applied again,
	// with the same cut: memory stays bounded, and nothing is lost.
	f := newFixture(t, ssf.WithReplayWindow(time.Hour, 1))
	first := f.sign(t, f.iss.SessionRevoked("alice", ""))
	second := f.sign(t, f.iss.SessionRevoked("bob", ""))
	for _, set := range []string{first, second, first} {
		if err := f.rx.Receive(context.Background(), set); err != nil {
			t.Fatalf("Receive: %v", err)
		}
	}
	if err := f.rx.Receive(context.Background(), first); err == nil {
		t.Fatal("the most recent jti was forgotten")
	}
	if got := f.list.got(); len(got) != 3 || got[0] != got[2] {
		t.Fatalf("calls = %v, want alice, bob, alice again with the same cut", got)
	}
}

func TestDiscover(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithIssuerPath("/tenant"))
	cfg, keys, err := ssf.Discover(context.Background(), iss.URL(), jwks.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	defer keys.Close()
	if cfg.Issuer != iss.URL() || cfg.JWKSURI != iss.SSFJWKSURL() ||
		!slices.Contains(cfg.DeliveryMethodsSupported, ssf.DeliveryPush) || !slices.Contains(cfg.DeliveryMethodsSupported, ssf.DeliveryPoll) {
		t.Fatalf("configuration = %+v", cfg)
	}
	list := &recorder{}
	rx, err := ssf.NewReceiver(list, ssf.WithIssuer(cfg.Issuer), ssf.WithKeys(keys), ssf.WithAudience(audience))
	if err != nil {
		t.Fatal(err)
	}
	set, err := iss.SignSET(iss.SessionRevoked("alice", ""), issuertest.SETAudience(audience))
	if err != nil {
		t.Fatal(err)
	}
	if err := rx.Receive(context.Background(), set); err != nil {
		t.Fatalf("a SET signed with the discovered key: %v", err)
	}
	if _, _, err := ssf.Discover(context.Background(), iss.URL()+"/", jwks.WithLogger(quiet)); err == nil {
		t.Fatal("Discover accepted a configuration naming another issuer (trailing slash)")
	}
	if _, _, err := ssf.Discover(context.Background(), "http://transmitter.example"); err == nil {
		t.Fatal("Discover accepted plain http off loopback")
	}
}
