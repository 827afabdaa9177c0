package issuertest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/issuertest"
)

func ExampleIssuer_TokenURL() {
	iss, err := issuertest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer iss.Close()

	// A client answering a step-up challenge asks again with its acr_values and max_age.
	resp, err := http.PostForm(iss.TokenURL(), url.Values{
		"grant_type": {"client_credentials"},
		"client_id":  {"tool-client"},
		"scope":      {"tools:call"},
		"resource":   {"https://api.example.com/mcp"},
		"acr_values": {"urn:example:mfa"},
		"max_age":    {"300"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var answer struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		fmt.Println(err)
		return
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(answer.AccessToken, claims); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, answer.TokenType)
	fmt.Println(claims["aud"], claims["client_id"], claims["scope"], claims["acr"], claims["auth_time"] != nil)
	// Output:
	// 200 Bearer
	// https://api.example.com/mcp tool-client tools:call urn:example:mfa true
}

func ExampleWithACR() {
	t := &exampleT{}
	defer t.finish()
	iss := issuertest.New(t)

	// A token from a login an hour ago with a password only: a step-up requirement refuses it.
	token := iss.MustMint(t, issuertest.WithAudience("api"),
		issuertest.WithACR("pwd"), issuertest.WithAuthTime(time.Now().Add(-time.Hour)))
	claims := jwt.MapClaims{}
	_, _, _ = jwt.NewParser().ParseUnverified(token, claims)
	fmt.Println(claims["acr"])
	// Output: pwd
}
