package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/resourcemeta"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

// demoStepUp is what GET /transfers demands of the login behind the token (RFC 9470).
var demoStepUp = stepup.Requirement{ACRValues: []string{"urn:example:mfa"}, MaxAge: 5 * time.Minute}

// discoverableAPI is demoAPI made discoverable (RFC 9728): the metadata document of the API at
// apiURL, naming issuer as its authorization server, is served at the well-known path and pointed to
// from every challenge; and GET /transfers also needs a recent multi-factor login (RFC 9470).
func discoverableAPI(v validator.TokenValidator, issuer, apiURL string) (http.Handler, error) {
	doc, err := resourcemeta.New(resourcemeta.Metadata{
		Resource:               apiURL,
		AuthorizationServers:   []string{issuer},
		ScopesSupported:        []string{demoScope},
		BearerMethodsSupported: []string{"header"},
		ResourceName:           "jwtguard demo API",
	})
	if err != nil {
		return nil, err
	}
	metadata := nethttp.WithResourceMetadata(doc.URL())
	g := nethttp.New(v, nethttp.WithRealm(demoRealm), metadata)
	mux := http.NewServeMux()
	mux.Handle("GET "+doc.Path(), doc)
	mux.Handle("GET /transfers", g.Middleware(g.RequireAuthentication(demoStepUp)(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			claims, _ := validator.FromContext(r.Context())
			writeDemoJSON(w, map[string]any{"transferred_by": claims.Subject, "amount": 100})
		}))))
	mux.Handle("/", demoAPI(v, apiURL, metadata))
	return mux, nil
}

// stepUpChecks are the --once cases of discovery and step-up: the metadata document, the 401 that
// points to it, the step-up 401 for a token without a recent multi-factor login, and the 200 for the
// fresher token the issuer's token endpoint gives when asked with the challenge's acr_values and
// max_age.
func stepUpChecks(client *http.Client, d *demo, t demoTokens) []check {
	metadataURL, err := resourcemeta.MetadataURL(d.apiURL)
	if err != nil {
		return []check{{"http metadata document", "200", func(context.Context) (string, error) { return "", err }}}
	}
	challenged := func(path, token string, params ...string) func(context.Context) (string, error) {
		return func(ctx context.Context) (string, error) {
			resp, _, err := demoGet(ctx, client, d.apiURL+path, token)
			if err != nil {
				return "", err
			}
			return answerWith(resp, params...), nil
		}
	}
	return []check{
		{"http metadata document", "200 application/json, authorization server " + d.iss.URL(),
			func(ctx context.Context) (string, error) {
				resp, body, err := demoGet(ctx, client, metadataURL, "")
				if err != nil {
					return "", err
				}
				var meta resourcemeta.Metadata
				if err := json.Unmarshal(body, &meta); err != nil || len(meta.AuthorizationServers) != 1 {
					return fmt.Sprintf("%d %s", resp.StatusCode, body), nil
				}
				return fmt.Sprintf("%d %s, authorization server %s", resp.StatusCode,
					resp.Header.Get("Content-Type"), meta.AuthorizationServers[0]), nil
			}},
		{"http no token names the metadata", `401 resource_metadata="` + metadataURL + `"`,
			challenged("/orders", "", "resource_metadata")},
		{"http dpop no token names the metadata", `401 resource_metadata="` + metadataURL + `"`,
			challenged(demoDPoPPath, "", "resource_metadata")},
		{"http step-up, no mfa login", `401 error="insufficient_user_authentication" acr_values="urn:example:mfa" max_age="300"`,
			challenged("/transfers", t.valid, "error", "acr_values", "max_age")},
		{"http step-up, fresh mfa token", "200", func(ctx context.Context) (string, error) {
			token, err := demoStepUpToken(ctx, client, d)
			if err != nil {
				return "", err
			}
			return challenged("/transfers", token)(ctx)
		}},
	}
}

// demoStepUpToken asks the issuer's token endpoint, as a client answering the step-up challenge
// would, for a token for the API with the requirement's acr_values and max_age.
func demoStepUpToken(ctx context.Context, client *http.Client, d *demo) (string, error) {
	acrValues, maxAge := demoStepUp.ChallengeParams()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"jwtguard-demo-cli"},
		"scope": {demoScope}, "resource": {d.apiURL}, "acr_values": {acrValues}, "max_age": {maxAge}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.iss.TokenURL(), strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var answer struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&answer); err != nil || answer.AccessToken == "" {
		return "", fmt.Errorf("token endpoint: %s", resp.Status)
	}
	return answer.AccessToken, nil
}

// demoGet makes a GET with token as bearer credentials ("" for none) and returns the response with
// its body read.
func demoGet(ctx context.Context, client *http.Client, u, token string) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp, body, err
}

// answerWith is the status followed by the named parameters of the WWW-Authenticate challenge, as
// sent (name="value"), in the order asked; a missing one is shown as name=(none).
func answerWith(resp *http.Response, params ...string) string {
	got := strconv.Itoa(resp.StatusCode)
	challenge := resp.Header.Get("WWW-Authenticate")
	for _, name := range params {
		param := name + "=(none)"
		if i := strings.Index(challenge, name+`="`); i >= 0 {
			rest := challenge[i+len(name)+2:]
			if end := strings.IndexByte(rest, '"'); end >= 0 {
				param = challenge[i : i+len(name)+2+end+1]
			}
		}
		got += " " + param
	}
	return got
}
