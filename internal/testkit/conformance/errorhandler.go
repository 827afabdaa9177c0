package conformance

import (
	"crypto/ecdsa"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/internal/thumbprint"
	"github.com/jwtguard/jwtguard/validator"
)

// HandlerCase is one refused request and what a custom error handler, and the refusal's log line,
// must learn of it: the reason code and kind from the one table of refusals (validator.Code and
// validator.KindOf), on an error that is a *validator.Error.
type HandlerCase struct {
	Name string
	// Token is a placeholder; Scheme is "Bearer" (default) or "DPoP".
	Token, Scheme string
	// Twice sends the Authorization header twice.
	Twice bool
	// Certificate is the client certificate presented: "client", "other" or "" for none.
	Certificate string
	// Proof is "good" (the client's key), "stranger" (another key) or "" for none.
	Proof string
	Code  string
	Kind  validator.Kind
}

// HandlerCases are the refusals RunErrorHandler makes, on a route with DPoP (Allowed) and certificate
// binding. Before the table of refusals was one, a handler saw invalid_token / token_refused for a bad
// proof and token_refused for a malformed request.
var HandlerCases = []HandlerCase{
	{Name: "malformed request: two Authorization values", Token: "{valid}", Twice: true,
		Code: "invalid_request", Kind: validator.KindBadRequest},
	{Name: "bad DPoP proof", Token: "{dpop-bound}", Scheme: "DPoP", Proof: "stranger",
		Code: "invalid_dpop_proof", Kind: validator.KindTokenRefused},
	{Name: "missing DPoP proof", Token: "{dpop-bound}", Scheme: "DPoP",
		Code: "missing_dpop_proof", Kind: validator.KindTokenRefused},
	{Name: "DPoP-bound token as bearer", Token: "{dpop-bound}", Proof: "good",
		Code: "dpop_bound_token_as_bearer", Kind: validator.KindTokenRefused},
	{Name: "certificate mismatch", Token: "{cert-bound}", Certificate: "other",
		Code: "certificate_mismatch", Kind: validator.KindTokenRefused},
	{Name: "binding no method checks", Token: "{jwk-bound}", Certificate: "client",
		Code: "unsupported_binding", Kind: validator.KindTokenRefused},
	{Name: "expired token", Token: "{expired}", Code: "token_expired", Kind: validator.KindTokenRefused},
}

// RunErrorHandler checks, for an adapter whose server build makes, that a custom error handler
// (Config.ErrorHandler) receives every refusal of HandlerCases as a *validator.Error with the code
// and kind of its reason, and that the WithLogger line of the refusal names the same code.
func RunErrorHandler(t *testing.T, build Build) {
	t.Helper()
	m, client, stranger, jkt := newDPoPFixture(t)
	pki := NewPKI(t)
	tokens := MintTokens(m)
	tokens["dpop-bound"] = m.Token(testtoken.Claim("cnf", map[string]any{"jkt": jkt}))
	tokens["cert-bound"] = m.Token(testtoken.Claim("cnf", map[string]any{"x5t#S256": thumbprint.Certificate(pki.Client.Leaf)}))

	// The listener comes first: the DPoP verifier trusts only the test server's own host for htu.
	srv := httptest.NewUnstartedServer(nil)
	cfg, err := dpopConfigFor(DPoPAllowed, m, srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	cfg.CertificateBinding = true
	logs := new(Logs)
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.ErrorHandler = func(w http.ResponseWriter, _ *http.Request, err error) {
		_, isError := errors.AsType[*validator.Error](err)
		w.WriteHeader(http.StatusTeapot)
		_, _ = fmt.Fprintf(w, "%s %s %t", validator.Code(err), validator.KindOf(err), isError)
	}
	srv.Config.Handler = build(cfg)
	srv.TLS = &tls.Config{ClientAuth: tls.VerifyClientCertIfGiven, ClientCAs: pki.Pool, MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	t.Cleanup(srv.Close)

	certificates := map[string][]tls.Certificate{"": nil, "client": {pki.Client}, "other": {pki.Other}}
	keys := map[string]*ecdsa.PrivateKey{"good": client, "stranger": stranger}
	for _, c := range HandlerCases {
		t.Run(c.Name, func(t *testing.T) {
			transport := srv.Client().Transport.(*http.Transport).Clone()
			transport.TLSClientConfig.Certificates = certificates[c.Certificate]
			httpClient := &http.Client{Transport: transport}
			t.Cleanup(httpClient.CloseIdleConnections)
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+PathOpen, nil)
			if err != nil {
				t.Fatal(err)
			}
			token := tokens.Expand(c.Token)
			authorization := orDefault(c.Scheme, "Bearer") + " " + token
			req.Header.Add("Authorization", authorization)
			if c.Twice {
				req.Header.Add("Authorization", authorization)
			}
			if key := keys[c.Proof]; key != nil {
				kit := &ProofKit{Client: client, Stranger: stranger, Method: http.MethodGet, URL: srv.URL + PathOpen, Token: token, t: t}
				req.Header.Set("DPoP", kit.Sign(key))
			}
			before := len(JSONLines(logs.String()))
			resp, body := do(t, httpClient, req)
			want := fmt.Sprintf("%s %s true", c.Code, c.Kind)
			if resp.StatusCode != http.StatusTeapot || body != want {
				t.Fatalf("error handler saw %d %q, want %q", resp.StatusCode, body, want)
			}
			lines := JSONLines(logs.String())[before:]
			if len(lines) != 1 {
				t.Fatalf("%d refusal lines, want 1: %v", len(lines), lines)
			}
			CheckRefusalLine(t, lines[0], "INFO", map[string]any{"reason": c.Code})
			if c.Code == "invalid_dpop_proof" && lines[0]["detail"] == nil {
				t.Fatalf("the refused proof's line has no detail: %v", lines[0])
			}
			if leaked := tokens.LeakedIn(logs.String()); leaked != "" {
				t.Fatalf("the log holds token %s", leaked)
			}
		})
	}
}
