package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// demoDPoPPath is the demo's DPoP route: scope orders:read, DPoP allowed (RFC 9449), so a
// DPoP-bound token must come with "Authorization: DPoP" and a proof of its key.
const demoDPoPPath = "/dpop/orders"

// withDPoPRoute serves demoDPoPPath behind a guard with DPoP over v, everything else with next.
// apiURL is where the API listens: proofs' htu must name it, whatever Host a request carries. opts
// are the other routes' extra options (resource_metadata), which this route's answers carry too.
func withDPoPRoute(next http.Handler, v validator.TokenValidator, apiURL string, opts ...nethttp.Option) http.Handler {
	verifier, err := dpop.NewVerifier(dpop.WithBaseURL(apiURL))
	if err != nil {
		panic("demo: dpop.NewVerifier: " + err.Error()) // apiURL is the listener's own http://host:port
	}
	g := nethttp.New(v, append([]nethttp.Option{nethttp.WithRealm(demoRealm), nethttp.WithDPoP(verifier, dpop.Allowed)}, opts...)...)
	orders := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		claims, ok := validator.FromContext(r.Context())
		if !ok {
			http.Error(w, "unauthenticated", http.StatusUnauthorized)
			return
		}
		body := map[string]any{"customer": claims.Subject, "orders": []string{"A-1001", "A-1002"}}
		if proof, ok := dpop.FromContext(r.Context()); ok {
			body["dpop_jkt"] = proof.Thumbprint
		}
		writeDemoJSON(w, body)
	})
	mux := http.NewServeMux()
	mux.Handle("GET "+demoDPoPPath, g.Middleware(g.Require(scopes.All(demoScope))(orders)))
	mux.Handle("/", next)
	return mux
}

// demoDPoP is the demo's DPoP client: its key and a token bound to it.
type demoDPoP struct {
	key     *ecdsa.PrivateKey
	token   string // scope orders:read, cnf.jkt of key, valid for an hour
	keyFile string // the file holding key as PEM, which the printed lines give dpop-proof; set by saveKey
}

// newDemoDPoP makes the client key and has mint issue a token bound to it.
func newDemoDPoP(mint func(...issuertest.MintOption) (string, error)) (demoDPoP, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return demoDPoP{}, err
	}
	token, err := mint(issuertest.WithScope(demoScope), issuertest.WithExpiry(time.Now().Add(time.Hour)),
		issuertest.WithDPoPKey(&key.PublicKey))
	return demoDPoP{key: key, token: token}, err
}

// dpopChecks are the DPoP route's cases for --once.
func dpopChecks(client *http.Client, apiURL string, p demoDPoP) []check {
	target := apiURL + demoDPoPPath
	send := func(ctx context.Context, scheme, proof string) (string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		if err != nil {
			return "", err
		}
		req.Header.Set("Authorization", scheme+" "+p.token)
		if proof != "" {
			req.Header.Set("DPoP", proof)
		}
		return statusOf(client, req)
	}
	withProof := func(ctx context.Context, replay bool) (string, error) {
		proof, err := dpop.NewProof(p.key, http.MethodGet, target, p.token)
		if err != nil {
			return "", err
		}
		got, err := send(ctx, "DPoP", proof)
		if replay && err == nil {
			if got != "200" { // a replay is only shown refused after the first use was accepted
				return "first use " + got, nil
			}
			got, err = send(ctx, "DPoP", proof)
		}
		return got, err
	}
	return []check{
		{"http dpop valid proof", "200", func(ctx context.Context) (string, error) { return withProof(ctx, false) }},
		{"http dpop bound token as bearer", "401", func(ctx context.Context) (string, error) { return send(ctx, "Bearer", "") }},
		{"http dpop replayed proof", "401", func(ctx context.Context) (string, error) { return withProof(ctx, true) }},
	}
}

// saveKey writes the client key to a new temporary file only the user can read, where the printed
// lines' dpop-proof reads it as a real client reads its key file. Outside the repository, it leaves
// no key behind in the clone; remove deletes it when the demo stops.
func (p *demoDPoP) saveKey() (remove func(), err error) {
	der, err := x509.MarshalPKCS8PrivateKey(p.key)
	if err != nil {
		return nil, fmt.Errorf("encode the DPoP client key: %w", err)
	}
	f, err := os.CreateTemp("", "jwtguard-demo-dpop-*.pem") // mode 0600
	if err != nil {
		return nil, fmt.Errorf("save the DPoP client key: %w", err)
	}
	remove = func() { _ = os.Remove(f.Name()) }
	_, err = f.Write(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		remove()
		return nil, fmt.Errorf("save the DPoP client key: %w", err)
	}
	p.keyFile = f.Name()
	return remove, nil
}

// dpopSection shows the DPoP route: every request carries a fresh proof that go run ./cmd/jwtguard
// dpop-proof makes from the key file, inside the curl line as a client would.
func dpopSection(d *demo) demoSection {
	target := d.apiURL + demoDPoPPath
	withProof := fmt.Sprintf(`curl -i -H "Authorization: DPoP $%s" -H "DPoP: $(go run ./cmd/jwtguard dpop-proof --key "$%s" --url %s --token "$%s")"`,
		dpopTokenVar, dpopKeyVar, target, dpopTokenVar)
	return demoSection{"DPoP (RFC 9449): GET " + demoDPoPPath + " needs scope " + demoScope +
		" and, for a DPoP-bound token, a fresh proof of its key (or: jwtguard dpop-proof ...)", []demoLine{
		{"the DPoP-bound token with a fresh proof of its key", "200", withProof + " " + target},
		{"the DPoP-bound token sent as Bearer", "401 invalid_token", "curl -i " + bearer("Authorization", dpopTokenVar) + " " + target},
		{"one proof sent twice (curl sends each URL the same headers): the replay is refused", "200, then 401 invalid_dpop_proof",
			withProof + " " + target + " " + target},
	}}
}
