package dpop_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/validator"
)

// FuzzVerify feeds arbitrary DPoP header values to Verify: it must never panic, every refusal must be
// a *validator.Error carrying a dpop reason that does not quote the input, and only a genuinely signed
// seed proof may be accepted.
func FuzzVerify(f *testing.F) {
	k := keys()
	valid := map[string]bool{}
	for _, p := range []string{proof(f, k.p256), proof(f, k.rsa), proof(f, k.ed)} {
		valid[p] = true
		f.Add(p)
		parts := strings.Split(p, ".")
		f.Add(parts[0] + "." + parts[1] + ".")
		f.Add(parts[0] + ".." + parts[2])
	}
	f.Add("")
	f.Add("a.b.c")
	f.Add("eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6Im5vbmUifQ.e30.")
	f.Add(proof(f, k.p256, dpop.WithProofHeader("jwk", jsonRaw(`{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}`))))
	f.Add(proof(f, k.p256, dpop.WithProofHeader("jwk", jsonRaw(`{"kty":"RSA","n":"AQAB","e":"AQAB"}`))))
	jkts := map[string]bool{jkt(f, k.p256): true, jkt(f, k.rsa): true, jkt(f, k.ed): true}

	f.Fuzz(func(t *testing.T, raw string) {
		v := newVerifier(t)
		u := mustURL(t, testURL)
		for candidate := range jkts {
			p, err := v.Verify(context.Background(), "GET", u, []string{raw}, testToken, candidate)
			if err == nil {
				if !valid[raw] || p.Thumbprint != candidate {
					t.Fatalf("accepted a proof that was never signed: %q", raw)
				}
				continue
			}
			var ve *validator.Error
			if !errors.As(err, &ve) || dpop.ErrorCode(err) != dpop.CodeInvalidProof {
				t.Fatalf("error %v (%T) is not an invalid_dpop_proof *validator.Error", err, err)
			}
			if len(raw) >= 8 && strings.Contains(err.Error(), raw) {
				t.Fatalf("error %q quotes the proof", err)
			}
		}
	})
}
