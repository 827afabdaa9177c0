package conformance

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/internal/thumbprint"
)

// ProofKit is what a Proof is made with: the client's key (the one the {bound} tokens are bound to),
// a stranger's key, and the request the proof is for.
type ProofKit struct {
	Client, Stranger *ecdsa.PrivateKey
	// Method and URL are the request's: URL is absolute, without the query.
	Method, URL string
	// Token is the access token of the request's Authorization header.
	Token string
	t     testing.TB
}

// Sign returns a proof by key for the request, iat testtoken.Now, changed by opts.
func (k *ProofKit) Sign(key crypto.Signer, opts ...dpop.ProofOption) string {
	return k.sign(key, k.Token, opts)
}

// SignFor is Sign with the ath of accessToken instead of the request's token.
func (k *ProofKit) SignFor(key crypto.Signer, accessToken string, opts ...dpop.ProofOption) string {
	return k.sign(key, accessToken, opts)
}

func (k *ProofKit) sign(key crypto.Signer, accessToken string, opts []dpop.ProofOption) string {
	k.t.Helper()
	opts = append([]dpop.ProofOption{dpop.WithProofIssuedAt(testtoken.Now)}, opts...)
	proof, err := dpop.NewProof(key, k.Method, k.URL, accessToken, opts...)
	if err != nil {
		k.t.Fatal(err)
	}
	return proof
}

// Crafted returns a proof for the request whose jwk header is jwk and whose signature is sig, as
// they are: what an attacker who holds no private key sends (see CraftedRSA, SmallOrderEd25519).
func (k *ProofKit) Crafted(alg, jwk string, sig []byte) string {
	enc := base64.RawURLEncoding
	sum := sha256.Sum256([]byte(k.Token))
	header := `{"typ":"dpop+jwt","alg":"` + alg + `","jwk":` + jwk + `}`
	claims := `{"htm":"` + k.Method + `","htu":"` + k.URL + `","iat":` + strconv.FormatInt(testtoken.Now.Unix(), 10) +
		`,"jti":"` + rand.Text() + `","ath":"` + enc.EncodeToString(sum[:]) + `"}`
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(claims)) + "." + enc.EncodeToString(sig)
}

// CraftedRSA returns the alg, jwk and signature of a proof by a made-up RSA "key" of bits bits and
// exponent e (the same for the same arguments, so a token can be bound to it), with a signature
// below its modulus: verifying it would run the whole RSA operation.
func CraftedRSA(bits, e int) (alg, jwk string, sig []byte) {
	n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
	n.Or(n, new(big.Int).Lsh(big.NewInt(0x5bd1e995), uint(bits/2))).Or(n, big.NewInt(1))
	members, err := thumbprint.AppendMembers(nil, &rsa.PublicKey{N: n, E: e})
	if err != nil {
		panic(err)
	}
	sig = make([]byte, bits/8)
	sig[0] = 0x40
	return "RS256", string(members), sig
}

// SmallOrderEd25519 returns the alg, jwk and signature of a proof by the identity point as an
// Ed25519 key, with the made-up signature (R = identity, S = 0) that verifies any message under it.
func SmallOrderEd25519() (alg, jwk string, sig []byte) {
	identity := make(ed25519.PublicKey, ed25519.PublicKeySize)
	identity[0] = 1
	members, err := thumbprint.AppendMembers(nil, identity)
	if err != nil {
		panic(err)
	}
	sig = make([]byte, ed25519.SignatureSize)
	sig[0] = 1
	return "EdDSA", string(members), sig
}

// craftedJKT is the thumbprint of the key of a crafted proof (alg, jwk, sig), for a token bound to it.
func craftedJKT(_, jwk string, _ []byte) string {
	sum := sha256.Sum256([]byte(jwk)) // jwk is the canonical thumbprint input AppendMembers made
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// PublicJWK returns the client's public key as a JWK.
func (k *ProofKit) PublicJWK() map[string]string {
	pub, err := k.Client.PublicKey.ECDH()
	if err != nil {
		k.t.Fatal(err)
	}
	raw := pub.Bytes() // 0x04 || x || y
	enc := base64.RawURLEncoding.EncodeToString
	return map[string]string{"kty": "EC", "crv": "P-256", "x": enc(raw[1:33]), "y": enc(raw[33:])}
}

// PrivateJWK returns the client's key as a JWK with its private member d: what a proof must not carry.
func (k *ProofKit) PrivateJWK() map[string]string {
	priv, err := k.Client.ECDH()
	if err != nil {
		k.t.Fatal(err)
	}
	jwk := k.PublicJWK()
	jwk["d"] = base64.RawURLEncoding.EncodeToString(priv.Bytes())
	return jwk
}

// staticNonces hands out and accepts CurrentNonce only.
type staticNonces struct{}

func (staticNonces) Nonce(context.Context) (string, error) { return CurrentNonce, nil }

func (staticNonces) ValidNonce(_ context.Context, nonce string) bool { return nonce == CurrentNonce }

// errReplayDown is the failure of downReplayCache.
var errReplayDown = errors.New("conformance: replay cache is down")

// downReplayCache is a shared replay store that cannot be reached.
type downReplayCache struct{}

func (downReplayCache) Remember(context.Context, string, time.Duration) (bool, error) {
	return false, errReplayDown
}

// dpopConfigFor returns the Config of a DPoP table setup: Default plus WithDPoP, with a verifier on
// the tokens' clock so that proofs made at testtoken.Now are fresh, answering for host (the server's
// host:port) only.
func dpopConfigFor(setup Setup, m *testtoken.Minter, host string) (Config, error) {
	cfg, err := ConfigFor(Default, m)
	if err != nil || setup == Default {
		return cfg, err
	}
	opts := []dpop.Option{dpop.WithClock(testtoken.Clock), dpop.WithTrustedHosts(host)}
	cfg.DPoPMode = dpop.Allowed
	switch setup {
	case DPoPAllowed:
	case DPoPRequired:
		cfg.DPoPMode = dpop.Required
	case DPoPNonce:
		cfg.DPoPMode = dpop.Required
		opts = append(opts, dpop.WithNonce(staticNonces{}))
	case DPoPReplayDown:
		opts = append(opts, dpop.WithReplayCache(downReplayCache{}))
	case DPoPSmallCache:
		opts = append(opts, dpop.WithReplayCache(dpop.NewMemoryReplayCache(SmallReplayCache)))
	default:
		return Config{}, fmt.Errorf("conformance: unknown DPoP setup %q", setup)
	}
	cfg.DPoP, err = dpop.NewVerifier(opts...)
	return cfg, err
}

// dpopErrorHeaders are the only headers a refusal of the DPoP table may have.
var dpopErrorHeaders = map[string]bool{
	"Content-Type": true, "Cache-Control": true, "Content-Length": true,
	"Www-Authenticate": true, "Retry-After": true, "Dpop-Nonce": true, "Date": true,
}

// newDPoPFixture returns what the DPoP tables start from: a token minter, the client's DPoP key, a
// stranger's key, and the thumbprint (cnf.jkt) a token bound to the client's key carries.
func newDPoPFixture(t *testing.T) (m *testtoken.Minter, client, stranger *ecdsa.PrivateKey, jkt string) {
	t.Helper()
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	if client, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		t.Fatal(err)
	}
	if stranger, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		t.Fatal(err)
	}
	if jkt, err = dpop.Thumbprint(&client.PublicKey); err != nil {
		t.Fatal(err)
	}
	return m, client, stranger, jkt
}

// RunDPoP runs DPoPCases against servers made by build, one real loopback server per setup, and
// checks every answer against the table, and every answer and log line for any trace of a token or
// a proof.
func RunDPoP(t *testing.T, build Build) {
	t.Helper()
	m, client, stranger, jkt := newDPoPFixture(t)
	tokens := MintTokens(m)
	bound := testtoken.Claim("cnf", map[string]any{"jkt": jkt})
	tokens["bound"] = m.Token(bound)
	tokens["bound-write"] = m.Token(bound, testtoken.Scope("orders:read orders:write"))
	tokens["bound-expired"] = m.Token(bound, testtoken.ExpiredFor(3*time.Minute))
	strangerJKT, err := dpop.Thumbprint(&stranger.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	tokens["bound-stranger"] = m.Token(testtoken.Claim("cnf", map[string]any{"jkt": strangerJKT}))
	tokens["bound-crafted-rsa"] = m.Token(testtoken.Claim("cnf", map[string]any{"jkt": craftedJKT(CraftedRSA(4096, 1<<31-1))}))
	tokens["bound-small-order"] = m.Token(testtoken.Claim("cnf", map[string]any{"jkt": craftedJKT(SmallOrderEd25519())}))

	logs := CaptureLogs(t)
	servers := make(map[Setup]*httptest.Server, len(DPoPSetups))
	for _, setup := range DPoPSetups {
		srv := httptest.NewUnstartedServer(nil) // its address first: the verifier answers for it only
		cfg, err := dpopConfigFor(setup, m, srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		srv.Config.Handler = build(cfg)
		srv.Config.ErrorLog = log.New(logs, "", 0)
		srv.Start()
		t.Cleanup(srv.Close)
		servers[setup] = srv
	}
	var proofs []string // every proof sent, to look for in answers and logs
	for _, c := range DPoPCases {
		t.Run(c.Name, func(t *testing.T) {
			srv := servers[c.Setup]
			method := orDefault(c.Method, http.MethodGet)
			target := srv.URL + tokens.Expand(c.Path)
			req, err := http.NewRequestWithContext(t.Context(), method, target, nil)
			if err != nil {
				t.Fatal(err)
			}
			proofURL := strings.Split(target, "?")[0]
			if c.Host != "" {
				req.Host = c.Host
				proofURL = "http://" + c.Host + strings.Split(tokens.Expand(c.Path), "?")[0]
			}
			for _, h := range c.Header {
				req.Header.Add(h[0], tokens.Expand(h[1]))
			}
			kit := &ProofKit{Client: client, Stranger: stranger, Method: method, URL: proofURL, t: t}
			if _, token, ok := strings.Cut(req.Header.Get("Authorization"), " "); ok {
				kit.Token = token
			}
			for _, p := range c.Proofs {
				proof := p(kit)
				proofs = append(proofs, proof)
				req.Header.Add("DPoP", proof)
			}
			if c.Replay {
				resp, body := do(t, srv.Client(), req)
				if resp.StatusCode != 200 || body != strings.ReplaceAll(helloDPoP, "{jkt}", jkt) {
					t.Fatalf("first request: %d %q, want 200", resp.StatusCode, body)
				}
			}
			proofs = append(proofs, flood(t, srv, c.Flood, tokens["bound-stranger"], &ProofKit{
				Client: stranger, Method: http.MethodGet, URL: srv.URL + PathOpen, Token: tokens["bound-stranger"], t: t})...)
			resp, body := do(t, srv.Client(), req)
			want := c.Want
			want.Body = strings.ReplaceAll(tokens.Expand(want.Body), "{jkt}", jkt)
			checkDPoPAnswer(t, resp, body, want)
			dump, err := httputil.DumpResponse(resp, false)
			if err != nil {
				t.Fatal(err)
			}
			checkNoLeak(t, "response", string(dump)+body, tokens, proofs)
		})
	}
	checkNoLeak(t, "logs", logs.String(), tokens, proofs)
}

// flood sends n requests to PathOpen with token and fresh proofs by kit.Client, as one client
// flooding the replay cache would; each must be accepted, or refused 503 once its share is used up.
// It returns the proofs sent.
func flood(t *testing.T, srv *httptest.Server, n int, token string, kit *ProofKit) []string {
	t.Helper()
	proofs := make([]string, 0, n)
	for range n {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, kit.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		p := kit.Sign(kit.Client)
		proofs = append(proofs, p)
		req.Header.Set("Authorization", "DPoP "+token)
		req.Header.Set("DPoP", p)
		if resp, body := do(t, srv.Client(), req); resp.StatusCode != 200 && resp.StatusCode != 503 {
			t.Fatalf("flood request: %d %q, want 200 or 503", resp.StatusCode, body)
		}
	}
	return proofs
}

func orDefault(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

// do sends req with client and returns the response, its body read.
func do(t *testing.T, client *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// checkDPoPAnswer compares one response with the DPoP table's expectation.
func checkDPoPAnswer(t *testing.T, resp *http.Response, body string, want DPoPAnswer) {
	t.Helper()
	if resp.StatusCode != want.Status {
		t.Errorf("status = %d, want %d", resp.StatusCode, want.Status)
	}
	if body != want.Body {
		t.Errorf("body = %q\nwant   %q", body, want.Body)
	}
	if got := resp.Header.Values("WWW-Authenticate"); !slices.Equal(got, want.Challenges) {
		t.Errorf("WWW-Authenticate = %q\nwant               %q", got, want.Challenges)
	}
	checkHeader(t, resp.Header, "DPoP-Nonce", want.Nonce)
	checkHeader(t, resp.Header, "Retry-After", want.RetryAfter)
	if want.Status >= 400 {
		checkErrorHeaders(t, resp.Header, want.Body, dpopErrorHeaders)
	}
}

// checkNoLeak fails when text contains a token or a proof.
func checkNoLeak(t *testing.T, where, text string, tokens Tokens, proofs []string) {
	t.Helper()
	if name := tokens.LeakedIn(text); name != "" {
		t.Errorf("the %s contain the %s token:\n%s", where, name, text)
	}
	for _, p := range proofs {
		if testtoken.Leaks(text, p) {
			t.Errorf("the %s contain a DPoP proof:\n%s", where, text)
			return
		}
	}
}
