package jwks_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/jwtguard/jwtguard/jwks"
)

func ExampleReadyHandler() {
	_, doc := exampleKey("k1")
	var up atomic.Bool
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up.Load() {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write(doc)
	}))
	defer idp.Close()

	keys, err := jwks.New(context.Background(), idp.URL, jwks.WithLogger(slog.New(slog.DiscardHandler)),
		jwks.WithRetryBackoff(10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	defer keys.Close()
	mux := http.NewServeMux()
	mux.Handle("GET /readyz", jwks.ReadyHandler(keys)) // open: probes carry no token
	api := httptest.NewServer(mux)
	defer api.Close()

	probe := func() {
		resp, err := http.Get(api.URL + "/readyz")
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	probe() // the identity provider was still starting: no keys yet

	up.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := keys.Ready(ctx); err != nil { // the next retry brings the keys
		log.Fatal(err)
	}
	probe()
	// Output:
	// 503
	// 200
}

func ExampleWithObserver() {
	_, doc := exampleKey("k1")
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(doc) }))
	defer idp.Close()

	// A metrics library would count fetches and failures and keep o.Keys and o.LastRefresh as
	// gauges; the nested module github.com/jwtguard/jwtguard/otel does it for OpenTelemetry.
	report := func(_ context.Context, o jwks.Observation) {
		fmt.Println("fetch error:", o.Err, "keys:", o.Keys, "changed:", o.EpochChanged)
	}
	keys, err := jwks.New(context.Background(), idp.URL, jwks.WithObserver(report),
		jwks.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		log.Fatal(err)
	}
	defer keys.Close()
	// Output:
	// fetch error: <nil> keys: 1 changed: true
}
