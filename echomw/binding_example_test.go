package echomw_test

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

	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/echomw"
	"github.com/jwtguard/jwtguard/issuertest"
)

func ExampleWithDPoP() {
	v, mint, cleanup := bindingSetup()
	defer cleanup()
	proofs, err := dpop.NewVerifier(dpop.WithBaseURL("https://api.example.com")) // the API's own URL
	if err != nil {
		log.Fatal(err)
	}
	e := echo.New()
	e.GET("/orders", func(c echo.Context) error {
		proof, _ := dpop.FromContext(c.Request().Context())
		return c.String(http.StatusOK, "hello, holder of key "+proof.Algorithm)
	}, echomw.Middleware(v, echomw.WithDPoP(proofs, dpop.Allowed)))

	// The client's token is bound to its key, and every request carries a fresh proof of that key.
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	token := mint(issuertest.WithDPoPKey(&key.PublicKey))
	proof, _ := dpop.NewProof(key, http.MethodGet, "https://api.example.com/orders", token)
	r := httptest.NewRequest(http.MethodGet, "https://api.example.com/orders", nil)
	r.Header.Set("Authorization", "DPoP "+token)
	r.Header.Set("DPoP", proof)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, r)
	fmt.Println(rec.Code, rec.Body)

	// dpop.Allowed still takes Bearer tokens, but not a DPoP-bound one (RFC 9449 §7.2).
	r = httptest.NewRequest(http.MethodGet, "https://api.example.com/orders", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	rec = httptest.NewRecorder()
	e.ServeHTTP(rec, r)
	fmt.Println(rec.Code, rec.Header().Values("WWW-Authenticate"))
	// Output:
	// 200 hello, holder of key ES256
	// 401 [Bearer error="invalid_token", error_description="a DPoP-bound token must be sent with the DPoP scheme" DPoP algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 EdDSA"]
}

func ExampleWithCertificateBinding() {
	v, mint, cleanup := bindingSetup()
	defer cleanup()
	// The server's tls.Config asks for client certificates (ClientAuth, ClientCAs).
	e := echo.New()
	e.GET("/orders", func(c echo.Context) error { return c.String(http.StatusOK, "hello") },
		echomw.Middleware(v, echomw.WithCertificateBinding()))

	// The client's certificate as the TLS handshake delivers it (here a stand-in: only its DER counts).
	cert := &x509.Certificate{Raw: []byte("DER of the client certificate")}
	token := mint(issuertest.WithCertificate(cert)) // cnf.x5t#S256: the certificate's SHA-256
	for _, presented := range [][]*x509.Certificate{{cert}, nil} {
		r := httptest.NewRequest(http.MethodGet, "https://api.example.com/orders", nil)
		r.TLS = &tls.ConnectionState{PeerCertificates: presented}
		r.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, r)
		fmt.Println(rec.Code, rec.Body)
	}
	// Output:
	// 200 hello
	// 401 {"error":"invalid_token","error_description":"the token is bound to a client certificate and none was presented"}
}
