package jwks

import (
	"context"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

// Issue 22 item 12: a token under a freshly rotated kid that arrives while the JWK Set endpoint fails
// cannot be told from a forged one; that is our outage (keys unavailable), and "unknown key" only once
// a fetch has succeeded without the kid.
func TestUnknownKIDDuringOutageIsUnavailable(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", "")))
	s, _ := newTestSet(t, p.url(), WithUnknownKIDGap(time.Millisecond), WithUnknownKIDWait(5*time.Second))
	ctx := context.Background()

	p.status.Store(http.StatusInternalServerError)
	if _, found, err := s.VerificationKey(ctx, "rotated", "RS256"); found || !errors.Is(err, ErrKeysUnavailable) || errors.Is(err, jwkset.ErrKeyNotFound) {
		t.Fatalf("unknown kid during an outage: found %v, err %v; want ErrKeysUnavailable", found, err)
	}
	tok := &jwt.Token{Method: jwt.SigningMethodRS256, Header: map[string]any{"alg": "RS256", "kid": "rotated"}}
	if _, err := s.Keyfunc().KeyfuncCtx(ctx)(tok); !errors.Is(err, ErrKeysUnavailable) {
		t.Errorf("Keyfunc during an outage: %v", err)
	}
	mustFind(t, s, "a", "RS256") // held keys still verify

	p.status.Store(http.StatusOK)
	eventually(t, "a fetch succeeds without the kid", func() bool {
		_, found, err := s.VerificationKey(ctx, "rotated", "RS256")
		return !found && err == nil
	})
	p.setBody(setJSON(t, publicJWK(t, rsaKey(t, 0), "a", ""), publicJWK(t, rsaKey(t, 1), "rotated", "")))
	eventually(t, "the rotated kid is found", func() bool {
		_, found, _ := s.VerificationKey(ctx, "rotated", "RS256")
		return found
	})
}

// Issue 22 item 2: a token without kid is offered the keys that fit its algorithm only while at most
// four do; beyond, none of them, and it is refused as signed by an unknown key before any signature work.
func TestTokenWithoutKIDAgainstManyKeys(t *testing.T) {
	rsaKeys := []any{publicJWK(t, rsaKey(t, 0), "r0", ""), publicJWK(t, rsaKey(t, 1), "r1", ""), publicJWK(t, rsaKey(t, 2), "r2", "")}
	ecKeys := func(n int) []any {
		var ks []any
		for i := range n {
			ks = append(ks, publicJWK(t, ecKey(t, elliptic.P256()), "e"+string(rune('0'+i)), ""))
		}
		return ks
	}
	offered := func(s *Set, alg jwt.SigningMethod) []jwt.VerificationKey {
		t.Helper()
		got, err := s.Keyfunc().Keyfunc(&jwt.Token{Method: alg, Header: map[string]any{"alg": alg.Alg()}})
		if err != nil {
			t.Fatalf("Keyfunc %s: %v", alg.Alg(), err)
		}
		return got.(jwt.VerificationKeySet).Keys
	}
	types := func(keys []jwt.VerificationKey) (rsaN, ecN int) {
		for _, k := range keys {
			if _, ok := k.(*rsa.PublicKey); ok {
				rsaN++
			} else {
				ecN++
			}
		}
		return rsaN, ecN
	}

	few, err := Static(setJSON(t, append(ecKeys(1), rsaKeys...)...), WithLogger(discardLogger()))
	if err != nil {
		t.Fatal(err)
	}
	mustFind(t, few, "", "ES256")
	if r, e := types(offered(few, jwt.SigningMethodES256)); r != 3 || e != 1 {
		t.Errorf("1 EC and 3 RSA keys: offered %d RSA and %d EC keys, want all", r, e)
	}

	many, err := Static(setJSON(t, append(ecKeys(5), rsaKeys...)...), WithLogger(discardLogger()))
	if err != nil {
		t.Fatal(err)
	}
	if _, found, err := many.VerificationKey(context.Background(), "", "ES256"); found || err != nil {
		t.Errorf("five P-256 keys, no kid: found %v, err %v; want not found", found, err)
	}
	if r, e := types(offered(many, jwt.SigningMethodES256)); r != 3 || e != 0 {
		t.Errorf("5 EC and 3 RSA keys: offered %d RSA and %d EC keys, want the 3 RSA only", r, e)
	}
	mustFind(t, many, "e4", "ES256") // a token with kid is unaffected
	// The Storage methods still give the whole set.
	if all, err := many.KeyReadAll(context.Background()); err != nil || len(all) != 8 {
		t.Errorf("KeyReadAll = %d keys, %v", len(all), err)
	}
}

// Issue 22 items 10 and 11: keys under which made-up signatures verify, or whose exponent is even or
// tiny, are skipped at load with a Warn line naming them; the other keys load.
func TestHostileKeysSkippedAtLoad(t *testing.T) {
	b64 := base64.RawURLEncoding.EncodeToString
	n := b64(rsaKey(t, 0).N.Bytes())
	identity := make([]byte, 32)
	identity[0] = 1
	nonCanonical := []byte(strings.Repeat("\xff", 31) + "\x7f")
	doc := `{"keys":[
		{"kty":"OKP","crv":"Ed25519","kid":"ed-identity","x":"` + b64(identity) + `"},
		{"kty":"OKP","crv":"Ed25519","kid":"ed-order8","x":"JuiVj8KyJ7BFw_SJ8u-Y8NXfrAXTxjM5sTgCiG1T_AU"},
		{"kty":"OKP","crv":"Ed25519","kid":"ed-noncanonical","x":"` + b64(nonCanonical) + `"},
		{"kty":"RSA","kid":"rsa-e-65536","n":"` + n + `","e":"AQAA"},
		{"kty":"RSA","kid":"rsa-e-1","n":"` + n + `","e":"AQ"},
		{"kty":"RSA","kid":"good","n":"` + n + `","e":"AQAB"}
	]}`
	rec := &recorder{}
	s, err := Static([]byte(doc), WithLogger(slog.New(rec)))
	if err != nil {
		t.Fatal(err)
	}
	if st := s.Status(); st.Keys != 1 || st.KIDs[0] != "good" {
		t.Errorf("held %v, want only good", st.KIDs)
	}
	for _, kid := range []string{"ed-identity", "ed-order8", "ed-noncanonical", "rsa-e-65536", "rsa-e-1"} {
		if rec.count("WARN jwks: skipping key") == 0 || !rec.contains("kid="+kid) {
			t.Errorf("no Warn line names %s:\n%s", kid, rec.lines())
		}
		if _, found, _ := s.VerificationKey(context.Background(), kid, "EdDSA"); found {
			t.Errorf("%s found", kid)
		}
	}
}
