package issuertest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

// newClient returns an HTTP client whose idle connections are closed when the test ends, so
// goleak sees no leftover transport goroutines.
func newClient(t *testing.T) *http.Client {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// get fetches url and returns the status and body, failing the test on a transport error.
func get(t *testing.T, client *http.Client, url string) (int, []byte) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", url, err)
	}
	return resp.StatusCode, body
}

// fetchKeys fetches and parses a served JWK Set with jwkset, the way a verifier would.
func fetchKeys(t *testing.T, url string) map[string]jwkset.JWK {
	t.Helper()
	status, body := get(t, newClient(t), url)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d", url, status)
	}
	return parseKeys(t, body)
}

func parseKeys(t *testing.T, body []byte) map[string]jwkset.JWK {
	t.Helper()
	var set jwkset.JWKSMarshal
	if err := json.Unmarshal(body, &set); err != nil {
		t.Fatalf("JWKS is not JSON: %v", err)
	}
	jwks, err := set.JWKSlice()
	if err != nil {
		t.Fatalf("JWKS does not parse: %v", err)
	}
	keys := make(map[string]jwkset.JWK, len(jwks))
	for _, k := range jwks {
		keys[k.Marshal().KID] = k
	}
	return keys
}

// verify checks token's signature with the key its kid names in keys, allowing exactly the alg the
// JWK is published for, and returns the parsed token. Claim checks are off: tests inspect claims.
func verify(token string, keys map[string]jwkset.JWK) (*jwt.Token, error) {
	return jwt.Parse(token, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		k, ok := keys[kid]
		if !ok {
			return nil, fmt.Errorf("no published key %q", kid)
		}
		if alg := string(k.Marshal().ALG); alg != tok.Method.Alg() {
			return nil, fmt.Errorf("key %q is for %s, token says %s", kid, alg, tok.Method.Alg())
		}
		return k.Key(), nil
	}, jwt.WithoutClaimsValidation())
}

// decode parses token without verifying it, for tests about what was minted rather than who signed it.
func decode(t *testing.T, token string) (map[string]any, jwt.MapClaims) {
	t.Helper()
	tok, _, err := jwt.NewParser().ParseUnverified(token, jwt.MapClaims{})
	if err != nil {
		t.Fatalf("minted token does not decode: %v", err)
	}
	return tok.Header, tok.Claims.(jwt.MapClaims)
}
