package issuertest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
)

// introspectRaw posts to the introspection endpoint and returns the status and decoded answer.
func introspectRaw(t *testing.T, client *http.Client, iss *issuertest.Issuer, form url.Values, basicID, basicSecret string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, iss.IntrospectionURL(), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(url.QueryEscape(basicID), url.QueryEscape(basicSecret))
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&answer)
	return resp.StatusCode, answer
}

func TestIntrospectionEndpoint(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := now
	iss := issuertest.New(t, issuertest.WithClock(func() time.Time { return clock }), issuertest.WithIntrospectionClient("rs", "s3cret:&"))
	token := iss.MustMintOpaque(t, issuertest.WithAudience("api"), issuertest.WithScope("a", "b"), issuertest.WithSubject("alice"))
	other := iss.MustMintOpaque(t)
	client := newClient(t)

	status, answer := introspectRaw(t, client, iss, url.Values{"token": {token}}, "rs", "s3cret:&")
	if status != http.StatusOK || answer["active"] != true || answer["sub"] != "alice" || answer["scope"] != "a b" ||
		answer["aud"] != "api" || answer["iss"] != iss.URL() {
		t.Fatalf("valid token: %d %v", status, answer)
	}
	status, answer = introspectRaw(t, client, iss, url.Values{"token": {token}, "client_id": {"rs"}, "client_secret": {"s3cret:&"}}, "", "")
	if status != http.StatusOK || answer["active"] != true {
		t.Fatalf("client_secret_post: %d %v", status, answer)
	}
	for name, creds := range map[string][2]string{"wrong secret": {"rs", "nope"}, "wrong id": {"x", "s3cret:&"}, "none": {"", ""}} {
		if status, _ := introspectRaw(t, client, iss, url.Values{"token": {token}}, creds[0], creds[1]); status != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, status)
		}
	}
	if status, answer := introspectRaw(t, client, iss, url.Values{"token": {"never-issued"}}, "rs", "s3cret:&"); status != http.StatusOK || answer["active"] != false || len(answer) != 1 {
		t.Fatalf("unknown token: %d %v", status, answer)
	}
	iss.Revoke(token)
	if _, answer := introspectRaw(t, client, iss, url.Values{"token": {token}}, "rs", "s3cret:&"); answer["active"] != false {
		t.Fatalf("revoked token: %v", answer)
	}
	clock = now.Add(time.Hour)
	if _, answer := introspectRaw(t, client, iss, url.Values{"token": {other}}, "rs", "s3cret:&"); answer["active"] != false {
		t.Fatalf("expired token: %v", answer)
	}
	if status, _ := get(t, client, iss.IntrospectionURL()); status != http.StatusMethodNotAllowed {
		t.Fatalf("GET: status %d, want 405", status)
	}
	if got := iss.Introspections(); got != 8 {
		t.Fatalf("Introspections() = %d, want 8", got)
	}
}

func TestMetadataAdvertisesIntrospection(t *testing.T) {
	iss := issuertest.New(t)
	_, body := get(t, newClient(t), iss.DiscoveryURL())
	var meta map[string]any
	if err := json.Unmarshal(body, &meta); err != nil {
		t.Fatal(err)
	}
	if meta["introspection_endpoint"] != iss.IntrospectionURL() {
		t.Fatalf("introspection_endpoint = %v, want %s", meta["introspection_endpoint"], iss.IntrospectionURL())
	}
}

func TestMintOpaqueRefusesHeaderOptions(t *testing.T) {
	iss := issuertest.New(t)
	if _, err := iss.MintOpaque(issuertest.WithAlgorithm("ES256")); err == nil {
		t.Fatal("MintOpaque accepted a JWS header option")
	}
	a, b := iss.MustMintOpaque(t), iss.MustMintOpaque(t)
	if a == b || strings.Contains(a, ".") {
		t.Fatalf("opaque tokens %q and %q", a, b)
	}
}
