package jwks

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"testing"
)

// FuzzStatic feeds arbitrary documents to the JWK / JWK Set parser. It must never panic, and whatever it
// accepts must answer lookups consistently with what Status reports.
func FuzzStatic(f *testing.F) {
	// Fixed keys keep the seed corpus deterministic.
	n, _ := new(big.Int).SetString("c6f0a9e32b1f2d7a4e6f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60"+
		"c6f0a9e32b1f2d7a4e6f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f61"+
		"c6f0a9e32b1f2d7a4e6f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f62"+
		"c6f0a9e32b1f2d7a4e6f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f63"+
		"c6f0a9e32b1f2d7a4e6f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f64"+
		"c6f0a9e32b1f2d7a4e6f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f65"+
		"c6f0a9e32b1f2d7a4e6f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f66"+
		"c6f0a9e32b1f2d7a4e6f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f67", 16)
	rsaPub := &rsa.PublicKey{N: n, E: 65537}
	curve := elliptic.P256()
	ecPub := &ecdsa.PublicKey{Curve: curve, X: curve.Params().Gx, Y: curve.Params().Gy}
	rsaJWK, ecJWK := publicJWK(f, fakeSigner{rsaPub}, "r", "RS256"), publicJWK(f, fakeSigner{ecPub}, "e", "")
	single, _ := json.Marshal(ecJWK)
	for _, seed := range [][]byte{
		setJSON(f, rsaJWK, ecJWK),
		single,
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
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Static(data)
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

// fakeSigner lets publicJWK render a bare public key.
type fakeSigner struct{ pub any }

func (f fakeSigner) Public() crypto.PublicKey { return f.pub }
func (fakeSigner) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) {
	return nil, errors.New("not a signer")
}
