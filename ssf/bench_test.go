package ssf_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/ssf"
)

// BenchmarkReceive compares an applied SET with refusals: none may cost more than the applied one.
func BenchmarkReceive(b *testing.B) {
	iss := issuertest.New(b, issuertest.WithAlgorithms("ES256"))
	keys, err := jwks.Static(iss.SSFJWKS(), jwks.WithLogger(quiet))
	if err != nil {
		b.Fatal(err)
	}
	defer keys.Close()
	// Room for one jti: two SETs delivered in turn are each applied in full every time.
	rx, err := ssf.NewReceiver(&recorder{}, ssf.WithIssuer(iss.URL()), ssf.WithKeys(keys), ssf.WithAudience(audience),
		ssf.WithReplayWindow(time.Hour, 1), ssf.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		b.Fatal(err)
	}
	sign := func(opts ...issuertest.SETOption) string {
		set, err := iss.SignSET(iss.SessionRevoked("alice", "sid-1"), append([]issuertest.SETOption{issuertest.SETAudience(audience)}, opts...)...)
		if err != nil {
			b.Fatal(err)
		}
		return set
	}
	pair := [2]string{sign(), sign()}
	ctx := context.Background()
	i := 0 // which of the pair goes next, kept across the runs b.Run makes
	b.Run("applied", func(b *testing.B) {
		for b.Loop() {
			if err := rx.Receive(ctx, pair[i&1]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	for _, c := range []struct{ name, set string }{
		{"garbage", "not a SET"},
		{"wrong typ", sign(issuertest.SETHeader("typ", "JWT"))},
		{"bad signature", tamper(sign())},
		{"wrong audience", sign(issuertest.SETAudience("https://other.example"))},
		{"replayed", pair[0]},
	} {
		b.Run(c.name, func(b *testing.B) {
			_ = rx.Receive(ctx, c.set)
			for b.Loop() {
				if rx.Receive(ctx, c.set) == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}
