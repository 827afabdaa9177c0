package nethttp_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/nethttp"
)

func ExampleWithDPoP() {
	v, mint, cleanup := bindingSetup()
	defer cleanup()

	// The API's own URL, which every proof's htu names (behind a proxy, too).
	proofs, err := dpop.NewVerifier(dpop.WithBaseURL("https://api.example.com"))
	if err != nil {
		log.Fatal(err)
	}
	g := nethttp.New(v, nethttp.WithDPoP(proofs, dpop.Required))
	h := g.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proof, _ := dpop.FromContext(r.Context()) // the client's key, whose thumbprint is the token's cnf.jkt
		fmt.Fprintf(w, "hello, holder of key %s", proof.Algorithm)
	}))

	// The client holds a key; its token is bound to that key, and every request carries a fresh proof.
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	token := mint(issuertest.WithDPoPKey(&key.PublicKey))
	proof, _ := dpop.NewProof(key, http.MethodGet, "https://api.example.com/orders", token)

	r := httptest.NewRequest(http.MethodGet, "https://api.example.com/orders", nil)
	r.Header.Set("Authorization", "DPoP "+token)
	r.Header.Set("DPoP", proof)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	fmt.Println(rec.Code, rec.Body)

	// The same proof again is a replay; the token without a proof, as Bearer, is refused too.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	rec = get(h, "https://api.example.com/orders", "Bearer "+token)
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	// Output:
	// 200 hello, holder of key ES256
	// 401 DPoP error="invalid_dpop_proof", error_description="proof jti was used before", algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 EdDSA"
	// 401 DPoP error="invalid_token", error_description="this resource accepts only DPoP-bound tokens with the DPoP scheme", algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 EdDSA"
}

func ExampleWithCertificateBinding() {
	v, mint, cleanup := bindingSetup()
	defer cleanup()
	// The http.Server's tls.Config asks for client certificates, e.g.
	// &tls.Config{ClientAuth: tls.VerifyClientCertIfGiven, ClientCAs: clientCAs}.
	h := nethttp.New(v, nethttp.WithCertificateBinding()).Middleware(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "hello") }))

	// The client's certificate as the TLS handshake delivers it (here a stand-in: only its DER counts).
	cert := &x509.Certificate{Raw: []byte("DER of the client certificate")}
	token := mint(issuertest.WithCertificate(cert)) // cnf.x5t#S256: the certificate's SHA-256

	for _, presented := range [][]*x509.Certificate{{cert}, nil} {
		r := httptest.NewRequest(http.MethodGet, "https://api.example.com/orders", nil)
		r.TLS = &tls.ConnectionState{PeerCertificates: presented}
		r.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		fmt.Println(rec.Code, rec.Body)
	}
	// Output:
	// 200 hello
	// 401 {"error":"invalid_token","error_description":"the token is bound to a client certificate and none was presented"}
}
