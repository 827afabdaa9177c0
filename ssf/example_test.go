package ssf_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/ssf"
)

// printer is a revocation list that prints what it is asked to revoke; in a service it is a
// *revocation.Memory (or the Redis list) that the validator also reads.
type printer struct{}

func (printer) RevokeSubject(_ context.Context, issuer, sub string, _ time.Time) error {
	fmt.Println("revoke subject", sub)
	return nil
}

func (printer) RevokeSession(_ context.Context, issuer, sid string, _ time.Time) error {
	fmt.Println("revoke session", sid)
	return nil
}

func (printer) RevokeToken(_ context.Context, issuer, jti string, _ time.Time) error {
	fmt.Println("revoke token", jti)
	return nil
}

func ExampleNewReceiver() {
	tx, _ := issuertest.Start() // the transmitter: an identity provider's SSF endpoint
	defer tx.Close()
	ctx := context.Background()

	keys, _ := jwks.New(ctx, tx.SSFJWKSURL(), jwks.WithLogger(slog.New(slog.DiscardHandler)))
	defer keys.Close()
	rx, err := ssf.NewReceiver(printer{},
		ssf.WithIssuer(tx.URL()),
		ssf.WithKeys(keys),
		ssf.WithAudience("https://api.example.com"),
		ssf.WithPushAuthorization("credential-given-to-the-transmitter"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Serve it on the route the stream's push delivery names, e.g. mux.Handle("POST /ssf/events", rx).
	srv := httptest.NewServer(rx)
	defer srv.Close()

	err = tx.PushSessionRevoked(ctx, srv.URL, "alice", "session-42",
		issuertest.SETAudience("https://api.example.com"),
		issuertest.SETAuthorization("credential-given-to-the-transmitter"))
	fmt.Println("push:", err)
	// Output:
	// revoke session session-42
	// push: <nil>
}

func ExampleReceiver_Poll() {
	tx, _ := issuertest.Start()
	defer tx.Close()
	keys, _ := jwks.Static(tx.SSFJWKS(), jwks.WithLogger(slog.New(slog.DiscardHandler)))
	defer keys.Close()
	rx, _ := ssf.NewReceiver(printer{}, ssf.WithIssuer(tx.URL()), ssf.WithKeys(keys), ssf.WithAudience("https://api.example.com"))

	_, _ = tx.QueueSET(tx.SessionRevoked("bob", ""), issuertest.SETAudience("https://api.example.com"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- rx.Poll(ctx, tx.SSFPollURL(), ssf.WithPollAuthorization(tx.SSFPollToken())) }()
	for len(tx.PendingSETs()) > 0 { // until the SET is applied and acknowledged
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	fmt.Println("poll:", <-done)
	// Output:
	// revoke subject bob
	// poll: context canceled
}

func ExampleDiscover() {
	tx, _ := issuertest.Start()
	defer tx.Close()

	cfg, keys, err := ssf.Discover(context.Background(), tx.URL(), jwks.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer keys.Close()
	rx, err := ssf.NewReceiver(printer{}, ssf.WithIssuer(cfg.Issuer), ssf.WithKeys(keys), ssf.WithAudience("https://api.example.com"))
	fmt.Println(rx != nil, err, cfg.DeliveryMethodsSupported)
	_ = http.StatusAccepted
	// Output: true <nil> [urn:ietf:rfc:8935 urn:ietf:rfc:8936]
}
