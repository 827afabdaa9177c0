//go:build interop

package interop_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/nethttp"
)

// TestDPoP proves RFC 9449 against oidc-provider's DPoP: a client that sends a proof to the token
// endpoint gets a DPoP-bound JWT access token (cnf.jkt, token_type DPoP), which jwtguard accepts with
// a proof of that key, refuses when the proof is replayed, and refuses when it is sent as Bearer —
// through the library (dpop.Verifier) and through nethttp.WithDPoP — for each key type the provider
// accepts for DPoP proofs (ES256, EdDSA).
func TestDPoP(t *testing.T) {
	dir := t.TempDir()
	jwksFile := filepath.Join(dir, "jwks.json")
	writeJWKS(t, jwksFile, newKeys(t, "1"))
	p := startProvider(t, jwksFile, 0)
	v, _ := newValidator(t, p.issuer)

	api := httptest.NewUnstartedServer(nil)
	// The API's own URL, which every proof's htu must name: its loopback listener's.
	verifier, err := dpop.NewVerifier(dpop.WithBaseURL("http://" + api.Listener.Addr().String()))
	if err != nil {
		t.Fatal(err)
	}
	api.Config.Handler = nethttp.New(v, nethttp.WithDPoP(verifier, dpop.Allowed)).Middleware(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			proof, ok := dpop.FromContext(r.Context())
			if !ok {
				http.Error(w, "no DPoP proof in the context", http.StatusInternalServerError)
				return
			}
			_, _ = io.WriteString(w, proof.Thumbprint)
		}))
	api.Start()
	t.Cleanup(api.Close)

	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for name, key := range map[string]crypto.Signer{"ES256": ecKey, "EdDSA": edKey} {
		t.Run(name, func(t *testing.T) {
			jkt, err := dpop.Thumbprint(key.Public())
			if err != nil {
				t.Fatal(err)
			}
			tr := p.mintWith(t, func(r *http.Request) {
				proof, err := dpop.NewProof(key, http.MethodPost, p.issuer+"/token", "")
				if err != nil {
					t.Fatal(err)
				}
				r.Header.Set("DPoP", proof)
			}, audience+"/es256", scopeRead)
			if !strings.EqualFold(tr.TokenType, "DPoP") {
				t.Errorf("token_type = %q, want DPoP", tr.TokenType)
			}
			token := tr.AccessToken
			if cnf, _ := decodeUnverified(t, token).Claims["cnf"].(map[string]any); cnf["jkt"] != jkt {
				t.Fatalf("cnf = %v, want jkt %s", cnf, jkt)
			}

			t.Run("library", func(t *testing.T) {
				claims, err := v.Validate(ctxT(t, 10*time.Second), token)
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				bound, ok := dpop.BoundThumbprint(claims)
				if !ok || bound != jkt {
					t.Fatalf("BoundThumbprint = %q, %v; want %q", bound, ok, jkt)
				}
				target := api.URL + "/orders"
				proof, err := dpop.NewProof(key, http.MethodGet, target, token)
				if err != nil {
					t.Fatal(err)
				}
				r := httptest.NewRequest(http.MethodGet, target, nil)
				r.Header.Set("DPoP", proof)
				if _, err := verifier.VerifyRequest(r, token, bound); err != nil {
					t.Errorf("valid proof: %v", err)
				}
				if _, err := verifier.VerifyRequest(r, token, bound); !errors.Is(err, dpop.ErrReplay) {
					t.Errorf("replayed proof: %v, want ErrReplay", err)
				}
				if err := dpop.CheckBearer(claims); !errors.Is(err, dpop.ErrBoundTokenAsBearer) {
					t.Errorf("CheckBearer: %v, want ErrBoundTokenAsBearer", err)
				}
			})

			t.Run("nethttp", func(t *testing.T) {
				proof, err := dpop.NewProof(key, http.MethodGet, api.URL+"/orders", token)
				if err != nil {
					t.Fatal(err)
				}
				dpopAuth := map[string]string{"Authorization": "DPoP " + token, "DPoP": proof}
				for _, c := range []struct {
					name      string
					header    map[string]string
					status    int
					body      string
					challenge string
				}{
					{"valid", dpopAuth, 200, jkt, ""},
					{"replayed", dpopAuth, 401, "", `DPoP error="invalid_dpop_proof", error_description="proof jti was used before"`},
					{"as bearer", map[string]string{"Authorization": "Bearer " + token}, 401, "",
						`Bearer error="invalid_token", error_description="a DPoP-bound token must be sent with the DPoP scheme"`},
				} {
					req, err := http.NewRequestWithContext(ctxT(t, 10*time.Second), http.MethodGet, api.URL+"/orders", nil)
					if err != nil {
						t.Fatal(err)
					}
					for k, v := range c.header {
						req.Header.Set(k, v)
					}
					resp, err := api.Client().Do(req)
					if err != nil {
						t.Fatal(err)
					}
					body, _ := io.ReadAll(resp.Body)
					_ = resp.Body.Close()
					if resp.StatusCode != c.status || (c.body != "" && string(body) != c.body) ||
						!strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), c.challenge) {
						t.Errorf("%s: %d %q, WWW-Authenticate %q; want %d, challenge starting %q",
							c.name, resp.StatusCode, body, resp.Header.Values("WWW-Authenticate"), c.status, c.challenge)
					}
				}
			})
		})
	}
}
