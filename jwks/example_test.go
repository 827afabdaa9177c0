package jwks_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

// *jwks.Set is what the validator takes.
var (
	_ validator.KeySource  = (*jwks.Set)(nil)
	_ validator.KeyEpocher = (*jwks.Set)(nil)
)

// exampleKey makes a signing key and the JWK Set that publishes its public half, as an identity
// provider would.
func exampleKey(kid string) (*ecdsa.PrivateKey, []byte) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	jwk, err := jwkset.NewJWKFromKey(key.Public(), jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{KID: kid}})
	if err != nil {
		log.Fatal(err)
	}
	doc, err := json.Marshal(jwkset.JWKSMarshal{Keys: []jwkset.JWKMarshal{jwk.Marshal()}})
	if err != nil {
		log.Fatal(err)
	}
	return key, doc
}

func ExampleNew() {
	_, doc := exampleKey("2024-06")
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=300")
		_, _ = w.Write(doc)
	}))
	defer idp.Close()

	// Plain http is accepted here only because the server is on loopback.
	set, err := jwks.New(context.Background(), idp.URL+"/.well-known/jwks.json",
		jwks.WithRefreshInterval(time.Hour))
	if err != nil {
		log.Fatal(err)
	}
	defer set.Close()

	_, found, err := set.VerificationKey(context.Background(), "2024-06", "ES256")
	fmt.Println("ES256 key found:", found, err)
	_, found, _ = set.VerificationKey(context.Background(), "2024-06", "RS256")
	fmt.Println("RS256 with that key:", found)
	st := set.Status()
	fmt.Println("keys:", st.KIDs, "next refresh in:", st.NextRefresh.Sub(st.LastAttempt).Round(time.Minute))
	// Output:
	// ES256 key found: true <nil>
	// RS256 with that key: false
	// keys: [2024-06] next refresh in: 5m0s
}

func ExampleDiscover() {
	_, doc := exampleKey("k1")
	mux := http.NewServeMux()
	idp := httptest.NewServer(mux)
	defer idp.Close()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]string{"issuer": idp.URL, "jwks_uri": idp.URL + "/keys"})
	})
	mux.HandleFunc("/keys", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(doc) })

	set, err := jwks.Discover(context.Background(), idp.URL)
	if err != nil {
		log.Fatal(err)
	}
	defer set.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := set.Ready(ctx); err != nil {
		log.Fatal(err)
	}
	st := set.Status()
	fmt.Println("jwks_uri found:", st.URL == idp.URL+"/keys", "keys:", st.KIDs)
	// Output:
	// jwks_uri found: true keys: [k1]
}

func ExampleStatic() {
	key, doc := exampleKey("fixed")
	set, err := jwks.Static(doc)
	if err != nil {
		log.Fatal(err)
	}
	defer set.Close()

	// The Set verifies tokens for golang-jwt users through Keyfunc.
	signed, err := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"sub": "alice"}).SignedString(key)
	if err != nil {
		log.Fatal(err)
	}
	tok, err := jwt.Parse(signed, set.Keyfunc().Keyfunc, jwt.WithValidMethods([]string{"ES256"}))
	fmt.Println("token without kid valid:", err == nil && tok.Valid)
	// Output:
	// token without kid valid: true
}

func ExampleSet_Keyfunc() {
	key, doc := exampleKey("k1")
	set, err := jwks.Static(doc)
	if err != nil {
		log.Fatal(err)
	}
	defer set.Close()

	tok := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"sub": "alice"})
	tok.Header["kid"] = "k1"
	signed, err := tok.SignedString(key)
	if err != nil {
		log.Fatal(err)
	}
	parsed, err := jwt.Parse(signed, set.Keyfunc().Keyfunc, jwt.WithValidMethods([]string{"ES256"}))
	if err != nil {
		log.Fatal(err)
	}
	sub, _ := parsed.Claims.GetSubject()
	fmt.Println("subject:", sub)
	// Output:
	// subject: alice
}

func ExampleWithLastKnownGoodLifetime() {
	_, doc := exampleKey("k1")
	var down atomic.Bool
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write(doc)
	}))
	defer idp.Close()

	// Keys that no fetch has confirmed for 200 ms stop verifying (in production: hours, several
	// refresh intervals).
	set, err := jwks.New(context.Background(), idp.URL, jwks.WithLogger(slog.New(slog.DiscardHandler)),
		jwks.WithRefreshInterval(50*time.Millisecond), jwks.WithRetryBackoff(10*time.Millisecond),
		jwks.WithLastKnownGoodLifetime(200*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	defer set.Close()
	_, found, _ := set.VerificationKey(context.Background(), "k1", "ES256")
	fmt.Println("before the outage, found:", found)

	down.Store(true)
	for !set.Status().Stale {
		time.Sleep(10 * time.Millisecond)
	}
	_, _, err = set.VerificationKey(context.Background(), "k1", "ES256")
	fmt.Println("outage past the lifetime, keys unavailable:", errors.Is(err, jwks.ErrKeysUnavailable))

	down.Store(false)
	for set.Status().Stale {
		time.Sleep(10 * time.Millisecond)
	}
	_, found, _ = set.VerificationKey(context.Background(), "k1", "ES256")
	fmt.Println("after a successful fetch, found:", found)
	// Output:
	// before the outage, found: true
	// outage past the lifetime, keys unavailable: true
	// after a successful fetch, found: true
}

func ExampleWithEmptySetRevokes() {
	_, doc := exampleKey("k1")
	var revoked atomic.Bool
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if revoked.Load() {
			_, _ = w.Write([]byte(`{"keys":[]}`))
			return
		}
		_, _ = w.Write(doc)
	}))
	defer idp.Close()

	set, err := jwks.New(context.Background(), idp.URL, jwks.WithLogger(slog.New(slog.DiscardHandler)),
		jwks.WithRefreshInterval(20*time.Millisecond), jwks.WithEmptySetRevokes())
	if err != nil {
		log.Fatal(err)
	}
	defer set.Close()

	revoked.Store(true) // the operator empties the JWK Set
	for set.Status().Keys > 0 {
		time.Sleep(10 * time.Millisecond)
	}
	_, found, err := set.VerificationKey(context.Background(), "k1", "ES256")
	fmt.Println("found:", found, "error:", err)
	// Output:
	// found: false error: <nil>
}
