package jwks

import (
	"context"
	"testing"
)

// FuzzStatic feeds arbitrary documents to the JWK / JWK Set parser. It must never panic, and whatever it
// accepts must answer lookups consistently with what Status reports.
func FuzzStatic(f *testing.F) {
	// The public example keys of RFC 7517 Appendix A.1 keep the seed corpus deterministic.
	const (
		rsaJWK = `{"kty":"RSA","kid":"r","alg":"RS256","e":"AQAB","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}`
		ecJWK  = `{"kty":"EC","kid":"e","use":"sig","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"}`
	)
	for _, seed := range [][]byte{
		[]byte(`{"keys":[` + rsaJWK + `,` + ecJWK + `]}`),
		[]byte(ecJWK),
		[]byte(`{"keys":[]}`),
		[]byte(`{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}`),
		[]byte(`{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}`),
		[]byte(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","alg":"RS256"}]}`),
		[]byte(`{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}`),
		[]byte(`{"keys":[{"kty":"RSA","x5c":["!!"]}]}`),
		[]byte(`{"keys":[null, 1, "x", [], {}]}`),
		[]byte(`{"kty":"EC"}`),
		[]byte(`null`),
	} {
		f.Add(seed)
	}
	logger := discardLogger()
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Static(data, WithLogger(logger))
		if err != nil {
			return
		}
		defer s.Close()
		st := s.Status()
		if st.Keys == 0 {
			t.Fatal("Static accepted a document without usable keys")
		}
		for _, kid := range st.KIDs {
			found := false
			for _, alg := range []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"} {
				key, ok, err := s.VerificationKey(context.Background(), kid, alg)
				if err != nil || ok != (key != nil) {
					t.Fatalf("kid %q alg %s: key %T ok %v err %v", kid, alg, key, ok, err)
				}
				found = found || ok
			}
			if !found {
				t.Fatalf("kid %q is held but fits no algorithm", kid)
			}
			for _, alg := range []string{"HS256", "none", ""} {
				if _, ok, _ := s.VerificationKey(context.Background(), kid, alg); ok {
					t.Fatalf("kid %q served for %q", kid, alg)
				}
			}
		}
	})
}
