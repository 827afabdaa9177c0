package connectmw_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"connectrpc.com/connect"

	"github.com/jwtguard/jwtguard/connectmw"
	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/internal/thumbprint"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

const metadataURL = "https://api.test/.well-known/oauth-protected-resource"

var mfa = stepup.Requirement{ACRValues: []string{"mfa"}}

// fixture is a minter, its tokens and a validator of them.
type fixture struct {
	m      *testtoken.Minter
	tokens conformance.Tokens
	v      *validator.Validator
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Validator()
	if err != nil {
		t.Fatal(err)
	}
	return fixture{m, conformance.MintTokens(m), v}
}

// TestChallengeIsTheHTTPCores checks that every refusal carries, in its metadata, exactly the
// WWW-Authenticate challenge (and Retry-After) nethttp's middleware answers the same request with,
// over every protocol, and that a plain HTTP client of the Connect protocol reads it as a header of
// the RFC 6750 status.
func TestChallengeIsTheHTTPCores(t *testing.T) {
	f := newFixture(t)
	down, err := testtoken.UnavailableValidator()
	if err != nil {
		t.Fatal(err)
	}
	opts := []connectmw.Option{
		connectmw.WithSkipProcedures(),
		connectmw.WithRealm("api"),
		connectmw.WithResourceMetadata(metadataURL),
		connectmw.WithProcedureScopes(map[string]scopes.Requirement{conformance.MethodList: conformance.WriteScope}),
		connectmw.WithProcedureAuthentication(map[string]stepup.Requirement{procOpen: mfa}),
	}
	httpOpts := []nethttp.Option{nethttp.WithRealm("api"), nethttp.WithResourceMetadata(metadataURL)}
	servers := map[string]server{}
	for name, v := range map[string]validator.TokenValidator{"up": f.v, "down": down} {
		ic, err := connectmw.New(v, opts...)
		if err != nil {
			t.Fatal(err)
		}
		servers[name] = serve(t, ic)
	}
	tests := []struct {
		name, keys, proc string
		auth             []string
		code             connect.Code
		status           int
		// route wraps the nethttp handler the connect answer must equal.
		route func(http.Handler) http.Handler
	}{
		{"no token", "up", conformance.MethodCheck, nil, connect.CodeUnauthenticated, 401, nil},
		{"expired", "up", conformance.MethodCheck, []string{"Bearer {expired}"}, connect.CodeUnauthenticated, 401, nil},
		{"bad signature", "up", conformance.MethodCheck, []string{"Bearer {forged}"}, connect.CodeUnauthenticated, 401, nil},
		{"two authorization values", "up", conformance.MethodCheck, []string{"Bearer {valid}", "Bearer {valid}"}, connect.CodeInvalidArgument, 400, nil},
		{"bearer alone", "up", conformance.MethodCheck, []string{"Bearer"}, connect.CodeInvalidArgument, 400, nil},
		{"DPoP-bound token as bearer", "up", conformance.MethodCheck, []string{"Bearer {jkt-bound}"}, connect.CodeUnauthenticated, 401, nil},
		{"certificate-bound token", "up", conformance.MethodCheck, []string{"Bearer {x5t-bound}"}, connect.CodeUnauthenticated, 401, nil},
		{"wrong scope", "up", conformance.MethodList, []string{"Bearer {valid}"}, connect.CodePermissionDenied, 403,
			nethttp.RequireScopes(conformance.WriteScope, httpOpts...)},
		{"step-up", "up", procOpen, []string{"Bearer {valid}"}, connect.CodeUnauthenticated, 401,
			nethttp.RequireAuthentication(mfa, httpOpts...)},
		{"keys unavailable", "down", conformance.MethodCheck, []string{"Bearer {valid}"}, connect.CodeUnavailable, 503, nil},
		{"server stream, no token", "up", conformance.MethodWatch, nil, connect.CodeUnauthenticated, 401, nil},
		{"client stream, expired", "up", procCollect, []string{"Bearer {expired}"}, connect.CodeUnauthenticated, 401, nil},
		{"bidi stream, two authorization values", "up", procChat, []string{"Bearer {valid}", "Bearer {valid}"}, connect.CodeInvalidArgument, 400, nil},
		{"server stream, keys unavailable", "down", conformance.MethodWatch, []string{"Bearer {valid}"}, connect.CodeUnavailable, 503, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			auth := make([]string, len(tt.auth))
			for i, a := range tt.auth {
				auth[i] = f.tokens.Expand(a)
			}
			// What the HTTP core answers the same request with.
			v := validator.TokenValidator(f.v)
			if tt.keys == "down" {
				v = down
			}
			var h http.Handler = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
			if tt.route != nil {
				h = tt.route(h)
			}
			h = nethttp.Middleware(v, httpOpts...)(h)
			rec := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodPost, tt.proc, nil)
			for _, a := range auth {
				r.Header.Add("Authorization", a)
			}
			h.ServeHTTP(rec, r)
			if rec.Code != tt.status {
				t.Fatalf("nethttp answered %d, want %d", rec.Code, tt.status)
			}
			want := rec.Header()
			if tt.status != 503 && len(want.Values("WWW-Authenticate")) == 0 {
				t.Fatal("nethttp sent no challenge")
			}

			for name, proto := range protocols {
				_, err := servers[tt.keys].call(t.Context(), tt.proc, proto, auth...)
				var ce *connect.Error
				if !errors.As(err, &ce) || ce.Code() != tt.code {
					t.Fatalf("%s: error = %v, want code %v", name, err, tt.code)
				}
				for _, header := range []string{"WWW-Authenticate", "Retry-After"} {
					if got := ce.Meta().Values(header); !slices.Equal(got, want.Values(header)) {
						t.Errorf("%s: %s = %q, want the HTTP core's %q", name, header, got, want.Values(header))
					}
				}
			}

			if tt.proc == conformance.MethodWatch || tt.proc == procCollect || tt.proc == procChat {
				return // streams answer HTTP 200 and the error in the stream's end
			}
			// The Connect protocol's unary answer as curl sees it: the status and the challenge.
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, servers[tt.keys].url+tt.proc, strings.NewReader("{}"))
			req.Header.Set("Content-Type", "application/json")
			for _, a := range auth {
				req.Header.Add("Authorization", a)
			}
			res, err := servers[tt.keys].client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = res.Body.Close()
			if res.StatusCode != tt.status || !slices.Equal(res.Header.Values("WWW-Authenticate"), want.Values("WWW-Authenticate")) {
				t.Errorf("HTTP answer %d %q, want %d %q", res.StatusCode, res.Header.Values("WWW-Authenticate"), tt.status, want.Values("WWW-Authenticate"))
			}
		})
	}
}

// TestProcedureRules checks skip, unlisted and step-up rules, and client and bidi streams.
func TestProcedureRules(t *testing.T) {
	f := newFixture(t)
	ic, err := connectmw.New(f.v,
		connectmw.WithSkipProcedures("/test.v1.Open/*"),
		connectmw.WithProcedureScopes(map[string]scopes.Requirement{conformance.MethodCheck: {}, procCollect: {}, procChat: conformance.WriteScope}),
		connectmw.WithUnlistedProcedures(scopes.All("admin")),
		connectmw.WithProcedureAuthentication(map[string]stepup.Requirement{procCollect: mfa}),
	)
	if err != nil {
		t.Fatal(err)
	}
	s := serve(t, ic)
	tests := []struct {
		name, proc, token string
		code              connect.Code // 0: accepted
		msg               string
		subject           string
	}{
		{"skipped, no token", procOpen, "", 0, "", ""},
		{"skipped, bad token ignored", procOpen, "{forged}", 0, "", ""},
		{"listed with a zero requirement", conformance.MethodCheck, "{valid}", 0, "", "user-1"},
		{"unlisted needs the unlisted scope", conformance.MethodList, "{write}", connect.CodePermissionDenied, "insufficient_scope: token lacks scope admin", ""},
		{"unlisted server stream", conformance.MethodWatch, "{write}", connect.CodePermissionDenied, "insufficient_scope: token lacks scope admin", ""},
		{"bidi stream with the scope", procChat, "{write}", 0, "", "user-1"},
		{"bidi stream without the scope", procChat, "{valid}", connect.CodePermissionDenied, "insufficient_scope: token lacks scope orders:write", ""},
		{"bidi stream without a token", procChat, "", connect.CodeUnauthenticated, "missing_token: no bearer token in the request", ""},
		{"client stream needs step-up", procCollect, "{valid}", connect.CodeUnauthenticated, "insufficient_user_authentication: ", ""},
		{"client stream expired", procCollect, "{expired}", connect.CodeUnauthenticated, "token_expired: token expired 3m0s ago", ""},
	}
	for name, proto := range protocols {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				var auth []string
				if tt.token != "" {
					auth = []string{"Bearer " + f.tokens.Expand(tt.token)}
				}
				sub, err := s.call(t.Context(), tt.proc, proto, auth...)
				if tt.code == 0 {
					if err != nil || sub != tt.subject {
						t.Fatalf("got %q, %v; want %q accepted", sub, err, tt.subject)
					}
					return
				}
				var ce *connect.Error
				if !errors.As(err, &ce) || ce.Code() != tt.code || !strings.HasPrefix(ce.Message(), tt.msg) {
					t.Fatalf("error = %v, want %v %q…", err, tt.code, tt.msg)
				}
			})
		}
	}
	// The step-up challenge names the requirement.
	_, err = s.call(t.Context(), procCollect, nil, "Bearer "+f.tokens.Expand("{valid}"))
	var ce *connect.Error
	if !errors.As(err, &ce) || !strings.Contains(ce.Meta().Get("WWW-Authenticate"), `error="insufficient_user_authentication"`) ||
		!strings.Contains(ce.Meta().Get("WWW-Authenticate"), `acr_values="mfa"`) {
		t.Errorf("step-up challenge = %q", ce.Meta().Get("WWW-Authenticate"))
	}
}

// TestNewRefusesMistakes: every configuration mistake fails New, all of them reported at once.
func TestNewRefusesMistakes(t *testing.T) {
	f := newFixture(t)
	if _, err := connectmw.New(nil); err == nil {
		t.Error("New(nil) succeeded")
	}
	_, err := connectmw.New(f.v,
		connectmw.WithProcedureScopes(map[string]scopes.Requirement{"pkg.S/M": scopes.All("x"), "/a.S/M": scopes.All("x")}),
		connectmw.WithSkipProcedures("/a.S/*", "/a.S/Bad*"),
		connectmw.WithProcedureAuthentication(map[string]stepup.Requirement{"/b.S/M": {MaxAge: 300}}),
		connectmw.WithResourceMetadata("http://api.example.com/meta"),
	)
	for _, want := range []string{
		`WithProcedureScopes: connectmw: invalid procedure name: "pkg.S/M" does not start with "/"`,
		`WithSkipProcedures: connectmw: invalid procedure name: "/a.S/Bad*" has an invalid method name "Bad*"`,
		`"/a.S/M" has scopes but is skipped by "/a.S/*" (see WithSkipProcedures)`,
		`connectmw: WithProcedureAuthentication /b.S/M:`,
		`WithResourceMetadata("http://api.example.com/meta")`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New error %v\ndoes not report %s", err, want)
		}
	}
	if !errors.Is(err, connectmw.ErrInvalidProcedure) {
		t.Errorf("error %v does not wrap ErrInvalidProcedure", err)
	}
	noBase, err := dpop.NewVerifier(dpop.WithTrustedHosts("api.example.com"))
	if err != nil {
		t.Fatal(err)
	}
	for name, opt := range map[string]connectmw.Option{
		"DPoP without a base URL":  connectmw.WithDPoP(noBase, dpop.Required),
		"DPoP with a nil verifier": connectmw.WithDPoP(nil, dpop.Allowed),
		"DPoP with no mode":        connectmw.WithDPoP(noBase, 0),
	} {
		if _, err := connectmw.New(f.v, opt); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
}

// TestRefusalUnwrapsOnTheServer: an outer interceptor sees the *validator.Error behind the
// *connect.Error, while the client gets only the message.
func TestRefusalUnwrapsOnTheServer(t *testing.T) {
	f := newFixture(t)
	ic, err := connectmw.New(f.v)
	if err != nil {
		t.Fatal(err)
	}
	seen := make(chan error, 1)
	outer := connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			res, err := next(ctx, req)
			seen <- err
			return res, err
		}
	})
	s := serve(t, ic, outer)
	_, _ = s.call(t.Context(), procOpen, nil, "Bearer "+f.tokens.Expand("{expired}"))
	err = <-seen
	ve, ok := errors.AsType[*validator.Error](err)
	if !ok || !errors.Is(err, validator.ErrTokenExpired) || ve.Code() != "token_expired" {
		t.Fatalf("outer interceptor saw %v, want the *validator.Error of an expired token", err)
	}
}

// TestLogsNeverHoldTheToken: WithLogger writes the HTTP core's line for every refusal, with the
// reason code and the procedure, never the token.
func TestLogsNeverHoldTheToken(t *testing.T) {
	f := newFixture(t)
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ic, err := connectmw.New(f.v, connectmw.WithLogger(logger), connectmw.WithSkipProcedures())
	if err != nil {
		t.Fatal(err)
	}
	s := serve(t, ic)
	for _, token := range []string{"{expired}", "{forged}", "{jkt-bound}"} {
		_, _ = s.call(t.Context(), conformance.MethodCheck, nil, "Bearer "+f.tokens.Expand(token))
	}
	_, _ = s.call(t.Context(), conformance.MethodCheck, nil) // a refusal whose answer is otherwise prebuilt
	logs := buf.String()
	for _, want := range []string{"token_expired", "invalid_signature", "unsupported_binding", "missing_token", "POST " + conformance.MethodCheck} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	if !slices.ContainsFunc(strings.Split(logs, "\n"), func(line string) bool {
		return strings.Contains(line, "missing_token") && strings.Contains(line, conformance.MethodCheck)
	}) {
		t.Errorf("no line for the call without a token:\n%s", logs)
	}
	if name := f.tokens.LeakedIn(logs); name != "" {
		t.Errorf("the logs hold the %s token:\n%s", name, logs)
	}
}

// TestDPoP checks WithDPoP over every protocol: a proof for the procedure's URL (the verifier's base
// URL + the procedure) admits its bound token; the HTTP core's DPoP refusals and challenges otherwise.
func TestDPoP(t *testing.T) {
	f := newFixture(t)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	jkt, err := thumbprint.JWK(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	bound := f.m.Token(testtoken.Claim("cnf", map[string]any{"jkt": jkt}))
	const base = "https://api.test"
	proof := func(htu string) string {
		p, err := dpop.NewProof(key, http.MethodPost, htu, bound, dpop.WithProofIssuedAt(testtoken.Now))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	newServer := func(mode dpop.Mode) server {
		verifier, err := dpop.NewVerifier(dpop.WithBaseURL(base), dpop.WithClock(testtoken.Clock))
		if err != nil {
			t.Fatal(err)
		}
		ic, err := connectmw.New(f.v, connectmw.WithDPoP(verifier, mode))
		if err != nil {
			t.Fatal(err)
		}
		return serve(t, ic)
	}
	allowed, required := newServer(dpop.Allowed), newServer(dpop.Required)
	tests := []struct {
		name   string
		s      server
		header func() http.Header
		code   connect.Code // 0: accepted
		msg    string
	}{
		{"proof for the procedure", allowed, func() http.Header {
			return http.Header{"Authorization": {"DPoP " + bound}, "Dpop": {proof(base + procOpen)}}
		}, 0, ""},
		{"proof for another procedure", allowed, func() http.Header {
			return http.Header{"Authorization": {"DPoP " + bound}, "Dpop": {proof(base + conformance.MethodCheck)}}
		}, connect.CodeUnauthenticated, "invalid_dpop_proof: "},
		{"no proof", allowed, func() http.Header {
			return http.Header{"Authorization": {"DPoP " + bound}}
		}, connect.CodeUnauthenticated, "missing_dpop_proof: "},
		{"bound token as bearer", allowed, func() http.Header {
			return http.Header{"Authorization": {"Bearer " + bound}}
		}, connect.CodeUnauthenticated, "dpop_bound_token_as_bearer: "},
		{"unbound bearer token, allowed", allowed, func() http.Header {
			return http.Header{"Authorization": {"Bearer " + f.tokens["valid"]}}
		}, 0, ""},
		{"unbound bearer token, required", required, func() http.Header {
			return http.Header{"Authorization": {"Bearer " + f.tokens["valid"]}}
		}, connect.CodeUnauthenticated, "dpop_required: "},
		{"proof for the procedure, required", required, func() http.Header {
			return http.Header{"Authorization": {"DPoP " + bound}, "Dpop": {proof(base + procOpen)}}
		}, 0, ""},
	}
	for name, proto := range protocols {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				sub, err := tt.s.callWith(t.Context(), procOpen, proto, tt.header())
				if tt.code == 0 {
					if err != nil || sub != testtoken.Subject {
						t.Fatalf("got %q, %v; want the call accepted", sub, err)
					}
					return
				}
				var ce *connect.Error
				if !errors.As(err, &ce) || ce.Code() != tt.code || !strings.HasPrefix(ce.Message(), tt.msg) {
					t.Fatalf("error = %v, want %v %q…", err, tt.code, tt.msg)
				}
				if !slices.ContainsFunc(ce.Meta().Values("WWW-Authenticate"), func(c string) bool { return strings.HasPrefix(c, "DPoP ") && strings.Contains(c, "algs=") }) {
					t.Errorf("no DPoP challenge in %q", ce.Meta().Values("WWW-Authenticate"))
				}
			})
		}
	}
}

// fixedNonce is a dpop.NonceSource with one nonce.
type fixedNonce struct{}

func (fixedNonce) Nonce(context.Context) (string, error) { return "n-1", nil }

func (fixedNonce) ValidNonce(_ context.Context, nonce string) bool { return nonce == "n-1" }

// TestDPoPNonce: a proof without the server's nonce is refused with use_dpop_nonce, and the call's
// answer hands out the nonce in DPoP-Nonce, as the HTTP core's does; a proof with it passes.
func TestDPoPNonce(t *testing.T) {
	f := newFixture(t)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	jkt, err := thumbprint.JWK(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	bound := f.m.Token(testtoken.Claim("cnf", map[string]any{"jkt": jkt}))
	verifier, err := dpop.NewVerifier(dpop.WithBaseURL("https://api.test"), dpop.WithClock(testtoken.Clock), dpop.WithNonce(fixedNonce{}))
	if err != nil {
		t.Fatal(err)
	}
	ic, err := connectmw.New(f.v, connectmw.WithDPoP(verifier, dpop.Required))
	if err != nil {
		t.Fatal(err)
	}
	s := serve(t, ic)
	for name, proto := range protocols {
		t.Run(name, func(t *testing.T) {
			call := func(opts ...dpop.ProofOption) error {
				p, err := dpop.NewProof(key, http.MethodPost, "https://api.test"+procOpen, bound,
					append([]dpop.ProofOption{dpop.WithProofIssuedAt(testtoken.Now)}, opts...)...)
				if err != nil {
					t.Fatal(err)
				}
				_, err = s.callWith(t.Context(), procOpen, proto, http.Header{"Authorization": {"DPoP " + bound}, "Dpop": {p}})
				return err
			}
			var ce *connect.Error
			if err := call(); !errors.As(err, &ce) || !strings.HasPrefix(ce.Message(), "use_dpop_nonce: ") || ce.Meta().Get("DPoP-Nonce") != "n-1" {
				t.Fatalf("without the nonce: %v, DPoP-Nonce %q", err, ce.Meta().Get("DPoP-Nonce"))
			}
			if err := call(dpop.WithProofNonce("n-1")); err != nil {
				t.Fatalf("with the nonce: %v", err)
			}
		})
	}
}

// TestOutsideAHandler: called outside a connect handler (no response header to write to), the
// refusal carries the challenge in its own metadata.
func TestOutsideAHandler(t *testing.T) {
	f := newFixture(t)
	ic, err := connectmw.New(f.v, connectmw.WithRealm("api"))
	if err != nil {
		t.Fatal(err)
	}
	call := ic.WrapUnary(func(context.Context, connect.AnyRequest) (connect.AnyResponse, error) {
		t.Error("the call was let through")
		return nil, nil
	})
	_, err = call(t.Context(), connect.NewRequest(&struct{}{}))
	var ce *connect.Error
	if !errors.As(err, &ce) || ce.Code() != connect.CodeUnauthenticated || ce.Meta().Get("WWW-Authenticate") != `Bearer realm="api"` {
		t.Fatalf("error = %v, meta %v", err, ce.Meta())
	}
}

// TestClientCallsPassThrough: on a client the interceptor checks nothing, for unary calls and streams.
func TestClientCallsPassThrough(t *testing.T) {
	f := newFixture(t)
	open, err := connectmw.New(f.v, connectmw.WithSkipProcedures("/test.v1.Open/*", "/test.v1.Echo/*"))
	if err != nil {
		t.Fatal(err)
	}
	s := serve(t, open)
	strict, err := connectmw.New(f.v, connectmw.WithSkipProcedures())
	if err != nil {
		t.Fatal(err)
	}
	for _, proc := range []string{procOpen, procChat} {
		if _, err := s.call(t.Context(), proc, []connect.ClientOption{connect.WithInterceptors(strict)}); err != nil {
			t.Errorf("%s: a client call without a token was refused by the client's interceptor: %v", proc, err)
		}
	}
}
