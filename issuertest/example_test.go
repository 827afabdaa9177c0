package issuertest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
	"github.com/jwtguard/jwtguard/issuertest"
)

// exampleT stands in for the *testing.T a real test has, so the examples can run.
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (t *exampleT) Helper()                        {}
func (t *exampleT) Cleanup(f func())               { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) Fatalf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }
func (t *exampleT) finish() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

func ExampleNew() {
	t := &exampleT{} // in a test: the *testing.T
	defer t.finish()

	iss := issuertest.New(t) // closed when the test ends
	token := iss.MustMint(t, issuertest.WithAudience("api"), issuertest.WithScope("orders:read"))

	// Point the code under test at iss.URL() and iss.JWKSURL(), then send the token.
	req, _ := http.NewRequest(http.MethodGet, "http://api.test/orders", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	fmt.Println(iss.JWKSURL() == iss.URL()+"/jwks.json")
	// Output: true
}

func ExampleStart() {
	iss, err := issuertest.Start(issuertest.WithAlgorithms("ES256"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer iss.Close()

	resp, err := http.Get(iss.DiscoveryURL())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var doc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Issuer == iss.URL(), doc.JWKSURI == iss.JWKSURL())
	// Output: true true
}

func ExampleIssuer_Mint() {
	iss, err := issuertest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer iss.Close()

	token, err := iss.Mint(
		issuertest.WithAlgorithm("ES256"),
		issuertest.WithAudience("https://api.example.com"),
		issuertest.WithSubject("alice"),
		issuertest.WithScope("orders:read", "orders:write"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}

	// Verify it as a resource server would: with the key the JWKS publishes under the token's kid.
	resp, err := http.Get(iss.JWKSURL())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var set jwkset.JWKSMarshal
	_ = json.Unmarshal(body, &set)
	keys, _ := set.JWKSlice()
	parsed, err := jwt.Parse(token, func(tok *jwt.Token) (any, error) {
		for _, k := range keys {
			if k.Marshal().KID == tok.Header["kid"] {
				return k.Key(), nil
			}
		}
		return nil, fmt.Errorf("no such key")
	}, jwt.WithValidMethods([]string{"ES256"}), jwt.WithIssuer(iss.URL()), jwt.WithAudience("https://api.example.com"))
	if err != nil {
		fmt.Println(err)
		return
	}
	claims := parsed.Claims.(jwt.MapClaims)
	fmt.Println(parsed.Header["typ"], claims["sub"], claims["scope"])
	// Output: at+jwt alice orders:read orders:write
}

func ExampleIssuer_Rotate() {
	iss, err := issuertest.Start(issuertest.WithAlgorithms("EdDSA"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer iss.Close()

	old := iss.CurrentKeyID("EdDSA")
	if err := iss.Rotate(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(iss.KeyIDs()), "keys published")
	iss.Retire(old)
	fmt.Println(len(iss.KeyIDs()), "key published")
	// Output:
	// 2 keys published
	// 1 key published
}

func ExampleIssuer_SetJWKSFault() {
	iss, err := issuertest.Start(issuertest.WithAlgorithms("ES256"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer iss.Close()

	iss.SetJWKSFault(issuertest.FaultStatus(http.StatusServiceUnavailable))
	resp, err := http.Get(iss.JWKSURL())
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, iss.JWKSFetches())
	// Output: 503 1
}
