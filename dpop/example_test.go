package dpop_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/jwtguard/jwtguard/dpop"
)

func ExampleNewVerifier() {
	v, err := dpop.NewVerifier(
		dpop.WithAlgorithms("ES256", "EdDSA"),
		dpop.WithMaxAge(30*time.Second),
		dpop.WithBaseURL("https://api.example.com"), // the API sits behind a proxy
	)
	if err != nil {
		panic(err)
	}
	// The DPoP challenge of a 401 answer names the accepted algorithms.
	fmt.Printf("WWW-Authenticate: DPoP algs=%q\n", v.AlgorithmsParam())
	// Output: WWW-Authenticate: DPoP algs="ES256 EdDSA"
}

func ExampleNewProof() {
	// A client's DPoP key; the access token would be bound to its thumbprint (cnf.jkt).
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	const accessToken = "eyJ...the DPoP-bound access token"
	proof, err := dpop.NewProof(key, "GET", "https://api.example.com/orders", accessToken)
	if err != nil {
		panic(err)
	}
	r := httptest.NewRequest("GET", "https://api.example.com/orders?page=2", nil)
	r.Header.Set("Authorization", "DPoP "+accessToken)
	r.Header.Set("DPoP", proof)

	// The server answers for the Host api.example.com; behind a proxy, WithBaseURL names its URL.
	v, _ := dpop.NewVerifier(dpop.WithTrustedHosts("api.example.com"))
	jkt, _ := dpop.Thumbprint(&key.PublicKey) // in a server: dpop.BoundThumbprint(claims)
	p, err := v.VerifyRequest(r, accessToken, jkt)
	fmt.Println(err == nil, p.Thumbprint == jkt)
	// Output: true true
}

func ExampleFromContext() {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	jkt, _ := dpop.Thumbprint(&key.PublicKey)
	// What an adapter does after a successful VerifyRequest …
	ctx := dpop.NewContext(context.Background(), &dpop.Proof{Thumbprint: jkt})

	// … and what a handler reads: the client's key, e.g. to tie a session to it.
	if p, ok := dpop.FromContext(ctx); ok {
		fmt.Println(p.Thumbprint == jkt)
	}
	_, ok := dpop.FromContext(context.Background()) // a Bearer request carries no proof
	fmt.Println(ok)
	// Output:
	// true
	// false
}

func ExampleErrorCode() {
	v, _ := dpop.NewVerifier(dpop.WithBaseURL("https://api.example.com"))
	_, err := v.Verify(context.Background(), "GET", nil, nil, "token", "jkt-of-the-token")
	fmt.Println(dpop.ErrorCode(err))
	// Output: invalid_dpop_proof
}

func ExampleNewHMACNonceSource() {
	// Every replica is configured with the same secret (at least 32 random bytes, from a secret store).
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	replicaA, err := dpop.NewHMACNonceSource(secret, 5*time.Minute)
	if err != nil {
		panic(err)
	}
	replicaB, _ := dpop.NewHMACNonceSource(secret, 5*time.Minute)
	verifierB, _ := dpop.NewVerifier(dpop.WithBaseURL("https://api.example.com"), dpop.WithNonce(replicaB))

	// Replica A hands the client a nonce (DPoP-Nonce header of its use_dpop_nonce answer) …
	nonce, _ := replicaA.Nonce(context.Background())
	// … and the client's next proof, carrying it, is accepted by replica B: no shared store.
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	jkt, _ := dpop.Thumbprint(&key.PublicKey)
	const accessToken = "eyJ...the DPoP-bound access token"
	proof, _ := dpop.NewProof(key, "GET", "https://api.example.com/orders", accessToken, dpop.WithProofNonce(nonce))
	r := httptest.NewRequest("GET", "https://api.example.com/orders", nil)
	r.Header.Set("DPoP", proof)
	_, err = verifierB.VerifyRequest(r, accessToken, jkt)
	fmt.Println(err == nil)
	// Output: true
}
