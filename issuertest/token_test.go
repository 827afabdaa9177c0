package issuertest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/issuertest"
)

// postToken sends a token request and returns the status, headers and decoded JSON body.
func postToken(t *testing.T, iss *issuertest.Issuer, form url.Values, edit func(*http.Request)) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, iss.TokenURL(), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if edit != nil {
		edit(req)
	}
	resp, err := newClient(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("status %d, body is not JSON: %s", resp.StatusCode, body)
	}
	return resp.StatusCode, resp.Header, doc
}

// verifiedClaims checks the token's signature against the issuer's published keys.
func verifiedClaims(t *testing.T, iss *issuertest.Issuer, token string) jwt.MapClaims {
	t.Helper()
	parsed, err := verify(token, fetchKeys(t, iss.JWKSURL()))
	if err != nil {
		t.Fatalf("token does not verify: %v", err)
	}
	return parsed.Claims.(jwt.MapClaims)
}

func TestTokenEndpointIsDiscoverable(t *testing.T) {
	for _, path := range []string{"", "/realms/test"} {
		iss := issuertest.New(t, issuertest.WithIssuerPath(path))
		if iss.TokenURL() != iss.URL()+"/token" {
			t.Errorf("TokenURL %q", iss.TokenURL())
		}
		for _, doc := range []string{iss.DiscoveryURL(), iss.MetadataURL()} {
			_, body := get(t, newClient(t), doc)
			var meta struct {
				TokenEndpoint string   `json:"token_endpoint"`
				Grants        []string `json:"grant_types_supported"`
				AuthMethods   []string `json:"token_endpoint_auth_methods_supported"`
			}
			if err := json.Unmarshal(body, &meta); err != nil {
				t.Fatal(err)
			}
			if meta.TokenEndpoint != iss.TokenURL() || !reflect.DeepEqual(meta.Grants, []string{"client_credentials"}) || len(meta.AuthMethods) == 0 {
				t.Errorf("%s: %+v", doc, meta)
			}
		}
	}
}

func TestTokenEndpointIssuesTokens(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithClock(fixedClock))
	at := func(d time.Duration) float64 { return float64(testNow.Add(d).Unix()) }
	for _, tc := range []struct {
		name   string
		form   url.Values
		basic  string        // client id sent with HTTP Basic, if any
		claims jwt.MapClaims // expected values; nil value: must be absent
		scope  any           // the response's scope member; nil: absent
	}{
		{"client_id in the body", url.Values{"grant_type": {"client_credentials"}, "client_id": {"cli"}},
			"", jwt.MapClaims{"sub": "cli", "client_id": "cli", "iss": iss.URL(), "exp": at(5 * time.Minute), "aud": nil, "scope": nil, "acr": nil, "auth_time": nil}, nil},
		{"HTTP Basic client", url.Values{"grant_type": {"client_credentials"}, "scope": {"tools:read tools:call"}},
			"my client", jwt.MapClaims{"sub": "my client", "client_id": "my client", "scope": "tools:read tools:call"}, "tools:read tools:call"},
		{"Basic and body agree", url.Values{"grant_type": {"client_credentials"}, "client_id": {"cli"}},
			"cli", jwt.MapClaims{"sub": "cli"}, nil},
		{"one resource", url.Values{"grant_type": {"client_credentials"}, "client_id": {"cli"}, "resource": {"https://api.example.com/mcp"}},
			"", jwt.MapClaims{"aud": "https://api.example.com/mcp"}, nil},
		{"two resources", url.Values{"grant_type": {"client_credentials"}, "client_id": {"cli"}, "resource": {"https://a.example", "urn:example:b"}},
			"", jwt.MapClaims{"aud": []any{"https://a.example", "urn:example:b"}}, nil},
		{"step-up with acr_values", url.Values{"grant_type": {"client_credentials"}, "client_id": {"cli"}, "acr_values": {"urn:example:mfa phr"}},
			"", jwt.MapClaims{"acr": "urn:example:mfa", "auth_time": at(0)}, nil},
		{"step-up with max_age", url.Values{"grant_type": {"client_credentials"}, "client_id": {"cli"}, "max_age": {"300"}},
			"", jwt.MapClaims{"acr": nil, "auth_time": at(0)}, nil},
		{"step-up with both", url.Values{"grant_type": {"client_credentials"}, "client_id": {"cli"}, "acr_values": {"gold"}, "max_age": {"0"}},
			"", jwt.MapClaims{"acr": "gold", "auth_time": at(0)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, header, doc := postToken(t, iss, tc.form, func(r *http.Request) {
				if tc.basic != "" {
					r.SetBasicAuth(url.QueryEscape(tc.basic), "any secret")
				}
			})
			if status != http.StatusOK {
				t.Fatalf("status %d: %v", status, doc)
			}
			if header.Get("Cache-Control") != "no-store" || header.Get("Content-Type") != "application/json" {
				t.Errorf("headers %v", header)
			}
			if doc["token_type"] != "Bearer" || doc["expires_in"] != 300.0 || !reflect.DeepEqual(doc["scope"], tc.scope) {
				t.Errorf("response %v", doc)
			}
			token, _ := doc["access_token"].(string)
			claims := verifiedClaims(t, iss, token)
			for name, want := range tc.claims {
				if got, ok := claims[name]; !reflect.DeepEqual(got, want) || (want == nil && ok) {
					t.Errorf("claim %q = %#v, want %#v", name, got, want)
				}
			}
		})
	}
}

func TestTokenEndpointRefusesBadRequests(t *testing.T) {
	iss := issuertest.New(t)
	ok := func() url.Values { return url.Values{"grant_type": {"client_credentials"}, "client_id": {"cli"}} }
	with := func(name string, values ...string) url.Values {
		f := ok()
		if values == nil {
			f.Del(name)
		} else {
			f[name] = values
		}
		return f
	}
	for _, tc := range []struct {
		name   string
		form   url.Values
		edit   func(*http.Request)
		status int
		code   string
	}{
		{"no grant_type", with("grant_type"), nil, 400, "invalid_request"},
		{"other grant", with("grant_type", "authorization_code"), nil, 400, "unsupported_grant_type"},
		{"no client", with("client_id"), nil, 401, "invalid_client"},
		{"Basic and body disagree", ok(), func(r *http.Request) { r.SetBasicAuth("other", "") }, 401, "invalid_client"},
		{"empty Basic user", with("client_id"), func(r *http.Request) { r.SetBasicAuth("", "secret") }, 401, "invalid_client"},
		{"repeated parameter", with("client_id", "a", "b"), nil, 400, "invalid_request"},
		{"relative resource", with("resource", "/mcp"), nil, 400, "invalid_target"},
		{"resource with fragment", with("resource", "https://api.example.com/#x"), nil, 400, "invalid_target"},
		{"negative max_age", with("max_age", "-1"), nil, 400, "invalid_request"},
		{"max_age not a number", with("max_age", "5m"), nil, 400, "invalid_request"},
		{"JSON body", ok(), func(r *http.Request) { r.Header.Set("Content-Type", "application/json") }, 400, "invalid_request"},
		{"body too large", with("scope", strings.Repeat("a", 70<<10)), nil, 400, "invalid_request"},
		{"parameters in the query only", url.Values{}, func(r *http.Request) { r.URL.RawQuery = ok().Encode() }, 400, "invalid_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, header, doc := postToken(t, iss, tc.form, tc.edit)
			if status != tc.status || doc["error"] != tc.code {
				t.Fatalf("status %d %v, want %d %s", status, doc, tc.status, tc.code)
			}
			if _, minted := doc["access_token"]; minted {
				t.Error("a token was issued")
			}
			if (status == 401) != (header.Get("WWW-Authenticate") != "") {
				t.Errorf("WWW-Authenticate %q on %d", header.Get("WWW-Authenticate"), status)
			}
		})
	}

	resp, err := newClient(t).Get(iss.TokenURL())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET: status %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

func TestMintStepUpOptions(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithClock(fixedClock))
	_, claims := decode(t, iss.MustMint(t, issuertest.WithACR("urn:example:mfa"), issuertest.WithAuthTime(testNow.Add(-time.Hour))))
	if claims["acr"] != "urn:example:mfa" || claims["auth_time"] != float64(testNow.Add(-time.Hour).Unix()) {
		t.Errorf("claims %v", claims)
	}
	_, claims = decode(t, iss.MustMint(t))
	if _, ok := claims["acr"]; ok {
		t.Error("acr minted by default")
	}
	if _, ok := claims["auth_time"]; ok {
		t.Error("auth_time minted by default")
	}
}
