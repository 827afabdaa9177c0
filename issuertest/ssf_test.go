package issuertest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/issuertest"
)

func TestSSFConfiguration(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithIssuerPath("/realms/test"))
	if want := strings.Replace(iss.URL(), "/realms/test", "/.well-known/ssf-configuration/realms/test", 1); iss.SSFConfigurationURL() != want {
		t.Fatalf("SSFConfigurationURL = %s, want %s", iss.SSFConfigurationURL(), want)
	}
	resp, err := http.Get(iss.SSFConfigurationURL())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var cfg struct {
		Issuer   string   `json:"issuer"`
		JWKSURI  string   `json:"jwks_uri"`
		Delivery []string `json:"delivery_methods_supported"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Issuer != iss.URL() || cfg.JWKSURI != iss.SSFJWKSURL() || len(cfg.Delivery) != 2 {
		t.Fatalf("configuration = %+v", cfg)
	}
	body := getBody(t, iss.SSFJWKSURL())
	if !strings.Contains(body, `"kid":"ssf-`) || strings.Contains(string(iss.JWKS()), `"kid":"ssf-`) {
		t.Fatalf("the SET key must be served at SSFJWKSURL only: %s", body)
	}
}

func getBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return string(b)
}

func TestSignSET(t *testing.T) {
	iss := issuertest.New(t)
	if _, err := iss.SignSET(iss.SessionRevoked("alice", "sid-1")); err == nil {
		t.Fatal("SignSET without an audience succeeded")
	}
	set, err := iss.SignSET(iss.SessionRevoked("alice", "sid-1"), issuertest.SETAudience("rx"))
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := jwt.NewParser().ParseUnverified(set, jwt.MapClaims{})
	if err != nil {
		t.Fatal(err)
	}
	c := tok.Claims.(jwt.MapClaims)
	sub := c["sub_id"].(map[string]any)
	ev := c["events"].(map[string]any)[issuertest.EventSessionRevoked].(map[string]any)
	if tok.Header["typ"] != "secevent+jwt" || c["iss"] != iss.URL() || c["aud"] != "rx" || c["jti"] == "" ||
		sub["format"] != "complex" || sub["session"].(map[string]any)["id"] != "sid-1" || ev["event_timestamp"] == nil {
		t.Fatalf("SET header %v claims %v", tok.Header, c)
	}
}

func TestPushSET(t *testing.T) {
	iss := issuertest.New(t)
	var got http.Header
	var body string
	rx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		if strings.Count(body, ".") != 2 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"err":"invalid_request","description":"not a SET"}`))
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer rx.Close()
	if err := iss.PushSessionRevoked(context.Background(), rx.URL, "alice", "", issuertest.SETAuthorization("cred")); err != nil {
		t.Fatal(err)
	}
	if got.Get("Content-Type") != "application/secevent+jwt" || got.Get("Authorization") != "Bearer cred" {
		t.Fatalf("push headers = %v", got)
	}
	tok, _, err := jwt.NewParser().ParseUnverified(body, jwt.MapClaims{})
	if err != nil || tok.Claims.(jwt.MapClaims)["aud"] != rx.URL {
		t.Fatalf("pushed SET aud is not the receiver URL: %v %v", err, tok)
	}
	err = issuertest.PushRaw(context.Background(), rx.URL, "garbage", "")
	var pe *issuertest.PushError
	if !errors.As(err, &pe) || pe.Status != http.StatusBadRequest || pe.Err != "invalid_request" {
		t.Fatalf("PushRaw(garbage) = %v, want a PushError 400 invalid_request", err)
	}
}

func TestPollEndpoint(t *testing.T) {
	iss := issuertest.New(t)
	jti, err := iss.QueueSET(iss.SessionRevoked("alice", ""), issuertest.SETAudience("rx"))
	if err != nil {
		t.Fatal(err)
	}
	poll := func(token, body string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodPost, iss.SSFPollURL(), strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	if status, _ := poll("wrong", `{}`); status != http.StatusUnauthorized {
		t.Fatalf("poll with a wrong credential: %d, want 401", status)
	}
	status, out := poll(iss.SSFPollToken(), `{"returnImmediately":true}`)
	if sets, _ := out["sets"].(map[string]any); status != http.StatusOK || sets[jti] == nil {
		t.Fatalf("poll = %d %v, want the queued SET", status, out)
	}
	if len(iss.PendingSETs()) != 1 {
		t.Fatal("a SET left the queue before it was acknowledged")
	}
	if status, out = poll(iss.SSFPollToken(), `{"ack":["`+jti+`"]}`); status != http.StatusOK || len(out["sets"].(map[string]any)) != 0 {
		t.Fatalf("poll with ack = %d %v, want no SET left", status, out)
	}
	if len(iss.PendingSETs()) != 0 || iss.SSFPolls() != 3 {
		t.Fatalf("pending %v after ack, %d polls", iss.PendingSETs(), iss.SSFPolls())
	}
}
