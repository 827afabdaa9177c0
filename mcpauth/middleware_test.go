package mcpauth_test

import (
	"crypto"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/mcpauth"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
)

const listTools = `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`

func TestNoTokenPointsToTheMetadata(t *testing.T) {
	f := newFixture(t)
	got := f.post("/mcp", "", listTools)
	want := `Bearer resource_metadata="` + f.metadata + `"`
	if got.status != http.StatusUnauthorized || got.header.Get("WWW-Authenticate") != want {
		t.Fatalf("no token = %d %q, want 401 %q", got.status, got.header.Get("WWW-Authenticate"), want)
	}
}

func TestRefusedTokens(t *testing.T) {
	f := newFixture(t)
	for name, token := range map[string]string{
		"expired":        f.mint(issuertest.Expired()),
		"other audience": f.iss.MustMint(t, issuertest.WithAudience("https://elsewhere.example.com")),
		"tampered":       f.mint()[:40] + "x" + f.mint()[41:],
	} {
		t.Run(name, func(t *testing.T) {
			got := f.post("/mcp", "Bearer "+token, toolCall(1, "add"))
			challenge := got.header.Get("WWW-Authenticate")
			if got.status != http.StatusUnauthorized ||
				!strings.HasPrefix(challenge, `Bearer resource_metadata="`+f.metadata+`", error="invalid_token", error_description="`) {
				t.Fatalf("= %d %q, want 401 invalid_token with resource_metadata", got.status, challenge)
			}
		})
	}
	if calls := f.calls(); len(calls) != 0 {
		t.Errorf("the SDK ran %d tool calls", len(calls))
	}
}

// TestToolScopes: a tool's 403 names that tool's scopes only (SEP-2350), and comes from the Guard's
// writer, before the SDK runs anything.
func TestToolScopes(t *testing.T) {
	f := newFixture(t)
	token := f.mint(issuertest.WithScope("tools"))
	for tool, scope := range map[string]string{"report": "reports:read", "transfer": "payments:write"} {
		got := f.post("/stateless", "Bearer "+token, toolCall(1, tool))
		want := `Bearer resource_metadata="` + f.metadata + `", error="insufficient_scope", ` +
			`error_description="token lacks scope ` + scope + `", scope="` + scope + `"`
		if got.status != http.StatusForbidden || got.header.Get("WWW-Authenticate") != want ||
			got.body != `{"error":"insufficient_scope","error_description":"token lacks scope `+scope+`"}` {
			t.Errorf("%s = %d %q %s\nwant 403 %q", tool, got.status, got.header.Get("WWW-Authenticate"), got.body, want)
		}
	}
	if calls := f.calls(); len(calls) != 0 {
		t.Errorf("the SDK ran %d tool calls", len(calls))
	}
	// With the scope the call goes through.
	if got := f.post("/stateless", "Bearer "+f.mint(issuertest.WithScope("reports:read")), toolCall(2, "report")); got.status != http.StatusOK ||
		!strings.Contains(got.body, "report done") {
		t.Errorf("report with reports:read = %d %s", got.status, got.body)
	}
}

func TestToolStepUp(t *testing.T) {
	f := newFixture(t)
	tests := map[string]struct {
		token, description string
	}{
		"no acr":      {f.mint(issuertest.WithScope("payments:write")), "token has no acr claim"},
		"another acr": {f.mint(issuertest.WithScope("payments:write"), issuertest.WithACR("urn:example:pwd"), issuertest.WithAuthTime(time.Now())), "authentication context class not accepted"},
		"old login":   {f.mint(issuertest.WithScope("payments:write"), issuertest.WithACR("urn:example:mfa"), issuertest.WithAuthTime(time.Now().Add(-time.Hour))), ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got := f.post("/stateless", "Bearer "+tt.token, toolCall(1, "transfer"))
			challenge := got.header.Get("WWW-Authenticate")
			if got.status != http.StatusUnauthorized ||
				!strings.HasPrefix(challenge, `Bearer resource_metadata="`+f.metadata+`", error="insufficient_user_authentication", error_description="`+tt.description) ||
				!strings.HasSuffix(challenge, `, acr_values="urn:example:mfa", max_age="300"`) {
				t.Fatalf("= %d %q, want 401 insufficient_user_authentication with acr_values and max_age", got.status, challenge)
			}
		})
	}
	if calls := f.calls(); len(calls) != 0 {
		t.Errorf("the SDK ran %d tool calls", len(calls))
	}
}

// TestScopesBeforeStepUp: a token that lacks the scope and the login hears about the scope: a
// fresher login would not add it.
func TestScopesBeforeStepUp(t *testing.T) {
	f := newFixture(t)
	got := f.post("/stateless", "Bearer "+f.mint(), toolCall(1, "transfer"))
	if got.status != http.StatusForbidden || !strings.Contains(got.header.Get("WWW-Authenticate"), `scope="payments:write"`) {
		t.Fatalf("= %d %q, want 403 naming payments:write", got.status, got.header.Get("WWW-Authenticate"))
	}
}

// TestTokenInfoReachesTheTool drives the SDK's own client: the tool finds the token's scopes,
// expiry, subject and claims in req.Extra.TokenInfo.
func TestTokenInfoReachesTheTool(t *testing.T) {
	f := newFixture(t)
	exp := time.Now().Add(10 * time.Minute).Truncate(time.Second)
	token := f.mint(issuertest.WithScope("payments:write", "reports:read"), issuertest.WithACR("urn:example:mfa"),
		issuertest.WithAuthTime(time.Now()), issuertest.WithExpiry(exp), issuertest.WithClaim("tenant", "acme"))
	cs := f.connect(token)
	for _, tool := range []string{"add", "transfer"} {
		res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: tool, Arguments: map[string]any{}})
		if err != nil || res.IsError {
			t.Fatalf("%s: %v %+v", tool, err, res)
		}
	}
	calls := f.calls()
	if len(calls) != 2 {
		t.Fatalf("the SDK ran %d tool calls, want 2", len(calls))
	}
	for _, c := range calls {
		info := c.info
		if info == nil {
			t.Fatalf("%s: no TokenInfo", c.tool)
		}
		if info.UserID != "alice" || !slices.Equal(info.Scopes, []string{"payments:write", "reports:read"}) ||
			!info.Expiration.Equal(exp) || info.Extra["tenant"] != "acme" || info.Extra["acr"] != "urn:example:mfa" ||
			info.Extra["sub"] != "alice" || info.Extra["iss"] != f.iss.URL() {
			t.Errorf("%s: TokenInfo = %+v", c.tool, *info)
		}
		if c.header.Get("Authorization") != "Bearer "+token {
			t.Errorf("%s: the tool saw another Authorization header", c.tool)
		}
	}
}

// TestSessionBoundToUser: the SDK binds the session to the UserID Middleware gives it, so another
// user's valid token cannot use it.
func TestSessionBoundToUser(t *testing.T) {
	f := newFixture(t)
	alice := f.mint()
	cs := f.connect(alice)
	session := cs.ID()
	if session == "" {
		t.Fatal("no session id")
	}
	bob := f.mint(issuertest.WithSubject("bob"))
	got := f.post("/mcp", "Bearer "+bob, listTools, "Mcp-Session-Id", session, "Mcp-Protocol-Version", "2025-06-18")
	if got.status != http.StatusForbidden || !strings.Contains(got.body, "session user mismatch") {
		t.Errorf("bob on alice's session = %d %s, want 403 session user mismatch", got.status, got.body)
	}
	// A fresher token of alice's keeps her session.
	got = f.post("/mcp", "Bearer "+f.mint(issuertest.WithACR("urn:example:mfa")), listTools,
		"Mcp-Session-Id", session, "Mcp-Protocol-Version", "2025-06-18")
	if got.status != http.StatusOK || !strings.Contains(got.body, `"name":"transfer"`) {
		t.Errorf("alice's new token on her session = %d %s", got.status, got.body)
	}
}

// TestOtherMethodsPass: methods other than tools/call, and calls of tools not listed, need a valid
// token only.
func TestOtherMethodsPass(t *testing.T) {
	f := newFixture(t)
	token := "Bearer " + f.mint()
	if got := f.post("/stateless", token, listTools); got.status != http.StatusOK || !strings.Contains(got.body, `"name":"report"`) {
		t.Errorf("tools/list = %d %s", got.status, got.body)
	}
	if got := f.post("/stateless", token, toolCall(2, "add")); got.status != http.StatusOK || !strings.Contains(got.body, "add done") {
		t.Errorf("add = %d %s", got.status, got.body)
	}
}

func TestBodySize(t *testing.T) {
	f := newFixture(t, mcpauth.WithMaxBodySize(512))
	token := "Bearer " + f.mint(issuertest.WithScope("reports:read"))
	padded := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"report","arguments":{},"_meta":{"pad":"` +
		strings.Repeat("x", 600) + `"}}}`
	if got := f.post("/stateless", token, padded); got.status != http.StatusRequestEntityTooLarge {
		t.Errorf("body over the limit = %d %s, want 413", got.status, got.body)
	}
	// Without Content-Length (chunked), the read stops at the limit.
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, f.srv.URL+"/stateless", struct{ *strings.Reader }{strings.NewReader(padded)})
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", token)
	req.Header.Set("Content-Type", "application/json")
	if got := f.do(req); got.status != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked body over the limit = %d %s, want 413", got.status, got.body)
	}
	// A refused token is answered before the body is read.
	if got := f.post("/stateless", "", padded); got.status != http.StatusUnauthorized {
		t.Errorf("no token, big body = %d, want 401", got.status)
	}
	if got := f.post("/stateless", token, toolCall(1, "report")); got.status != http.StatusOK {
		t.Errorf("body under the limit = %d %s", got.status, got.body)
	}
}

func TestMalformedBody(t *testing.T) {
	f := newFixture(t)
	token := "Bearer " + f.mint()
	for _, body := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":`,
		`[]`,
		`[` + toolCall(1, "add") + `,{"jsonrpc":"1.0"}]`,
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":7}}`,
		`[` + toolCall(1, "transfer") + `] trailing`,
	} {
		if got := f.post("/stateless", token, body); got.status != http.StatusBadRequest {
			t.Errorf("%s = %d %s, want 400", body, got.status, got.body)
		}
	}
	if calls := f.calls(); len(calls) != 0 {
		t.Errorf("the SDK ran %d tool calls", len(calls))
	}
}

// TestBatch: every call of a JSON-RPC batch (protocol versions before 2025-06-18) is checked.
func TestBatch(t *testing.T) {
	f := newFixture(t)
	token := "Bearer " + f.mint(issuertest.WithScope("reports:read"))
	got := f.post("/stateless", token, `[`+toolCall(1, "add")+`,`+toolCall(2, "report")+`,`+toolCall(3, "transfer")+`]`,
		"Mcp-Protocol-Version", "2025-03-26")
	if got.status != http.StatusForbidden || !strings.HasSuffix(got.header.Get("WWW-Authenticate"), `scope="payments:write"`) {
		t.Fatalf("batch with transfer = %d %q, want 403 naming payments:write", got.status, got.header.Get("WWW-Authenticate"))
	}
	if calls := f.calls(); len(calls) != 0 {
		t.Fatalf("the SDK ran %d tool calls of a refused batch", len(calls))
	}
	got = f.post("/stateless", token, `[`+toolCall(1, "add")+`,`+toolCall(2, "report")+`]`, "Mcp-Protocol-Version", "2025-03-26")
	if got.status != http.StatusOK || !strings.Contains(got.body, "add done") || !strings.Contains(got.body, "report done") {
		t.Fatalf("batch without transfer = %d %s", got.status, got.body)
	}
}

// TestToolNameAsTheSDKReadsIt: bodies that spell the tool name so that another JSON reader could
// see a different tool never run a listed tool unchecked.
func TestToolNameAsTheSDKReadsIt(t *testing.T) {
	f := newFixture(t)
	token := "Bearer " + f.mint()
	for _, params := range []string{
		`{"name":"add","name":"transfer"}`,
		`{"name":"transfer","Name":"add"}`,
		`{"NAME":"add","name":"transfer"}`,
		`{"name":"tr\u0061nsfer"}`,
		`{"name":"transfer","arguments":{},"name":"add","name":"transfer"}`,
	} {
		got := f.post("/stateless", token, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":`+params+`}`)
		if got.status == http.StatusOK && strings.Contains(got.body, "transfer done") {
			t.Errorf("%s ran transfer unchecked", params)
		}
	}
	for _, c := range f.calls() {
		if c.tool != "add" {
			t.Errorf("the SDK ran %s", c.tool)
		}
	}
}

func TestDPoP(t *testing.T) {
	f := newFixture(t)
	key := dpopKey(t)
	token := f.mint(issuertest.WithDPoPKey(key.Public()))
	// A DPoP-bound token sent as Bearer is refused as on any route (RFC 9449 §7.2).
	if got := f.post("/stateless", "Bearer "+token, toolCall(1, "add")); got.status != http.StatusUnauthorized {
		t.Errorf("DPoP-bound token as Bearer = %d %q, want 401", got.status, got.header.Get("WWW-Authenticate"))
	}
	// With its proof it is admitted; the SDK gets the TokenInfo, the tool the request's own header.
	proof := newProof(t, key, f.srv.URL+"/stateless", token)
	got := f.post("/stateless", "DPoP "+token, toolCall(2, "add"), "DPoP", proof)
	if got.status != http.StatusOK || !strings.Contains(got.body, "add done") {
		t.Fatalf("DPoP = %d %q %s", got.status, got.header.Get("WWW-Authenticate"), got.body)
	}
	calls := f.calls()
	if len(calls) != 1 || calls[0].info == nil || calls[0].info.UserID != "alice" ||
		calls[0].header.Get("Authorization") != "DPoP "+token || calls[0].header.Get("DPoP") != proof {
		t.Errorf("the tool saw %+v", calls)
	}
}

func newProof(t *testing.T, key crypto.Signer, url, token string) string {
	t.Helper()
	proof, err := dpop.NewProof(key, http.MethodPost, url, token)
	if err != nil {
		t.Fatal(err)
	}
	return proof
}

// TestAnonymousUnderCredentialsOptional: a Guard that lets requests without a token through gives the
// SDK no TokenInfo, and a listed tool still demands a token.
func TestAnonymousUnderCredentialsOptional(t *testing.T) {
	f := newFixture(t)
	g := nethttp.New(f.v, nethttp.WithCredentialsOptional())
	var infos []*auth.TokenInfo
	sink := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		infos = append(infos, auth.TokenInfoFromContext(r.Context()))
	})
	h := mcpauth.Middleware(g, mcpauth.WithToolScopes(map[string]scopes.Requirement{"report": scopes.All("reports:read")}))(sink)
	serve := func(authorization, body string) int {
		r := httptest.NewRequest(http.MethodPost, "/mcp", strings.NewReader(body))
		if authorization != "" {
			r.Header.Set("Authorization", authorization)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	if got := serve("", listTools); got != http.StatusOK || len(infos) != 1 || infos[0] != nil {
		t.Errorf("anonymous tools/list = %d, TokenInfo %v; want 200 without", got, infos)
	}
	if got := serve("", toolCall(1, "report")); got != http.StatusUnauthorized {
		t.Errorf("anonymous report = %d, want 401", got)
	}
	if got := serve("Bearer "+f.mint(issuertest.WithScope("reports:read")), toolCall(1, "report")); got != http.StatusOK ||
		len(infos) != 2 || infos[1] == nil || infos[1].UserID != "alice" {
		t.Errorf("report with a token = %d, TokenInfo %v", got, infos)
	}
}

// TestBodyHandedOnUnchanged: the handler reads the very bytes the client sent, whether Middleware
// read them (a POST, tools listed) or not.
func TestBodyHandedOnUnchanged(t *testing.T) {
	f := newFixture(t)
	g := nethttp.New(f.v)
	var got []byte
	sink := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var err error
		if got, err = io.ReadAll(r.Body); err != nil {
			t.Error(err)
		}
	})
	h := mcpauth.Middleware(g, mcpauth.WithToolScopes(map[string]scopes.Requirement{"report": scopes.All("reports:read")}))(sink)
	token := "Bearer " + f.mint(issuertest.WithScope("reports:read"))
	for _, body := range []string{
		" \n" + toolCall(1, "report") + "\n",
		`[` + toolCall(1, "report") + ` , ` + toolCall(2, "add") + `]`,
		`{"jsonrpc":"2.0","id":"é\u00e9","method":"tools/call","params":{"name":"report","arguments":{"x":[1,2.50,"\ud83d\ude00"]}}}`,
	} {
		r := httptest.NewRequest(http.MethodPost, "/mcp", strings.NewReader(body))
		r.Header.Set("Authorization", token)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK || string(got) != body {
			t.Errorf("%d, handler read %q, want %q", w.Code, got, body)
		}
	}
}
