package dpop

import (
	"crypto"
	"encoding/json"

	"github.com/MicahParks/jwkset"

	"github.com/jwtguard/jwtguard/internal/jose"
	"github.com/jwtguard/jwtguard/internal/thumbprint"
)

// The JWK members read by name, by their index in jwkNames; private ones follow jwkPrivate.
var jwkNames = []string{"kty", "crv", "x", "y", "n", "e", "d", "p", "q", "dp", "dq", "qi", "oth", "k"}

// jwkPrivate is the index of the first private member in jwkNames: "d" and everything after it.
const jwkPrivate = 6

// publicJWK reads a proof's jwk header: a public key of a type some JWS algorithm uses, with no
// private member (RFC 9449 §4.3 check 7), each member in its canonical encoding. It returns the key
// and its RFC 7638 thumbprint.
func publicJWK(raw json.RawMessage) (crypto.PublicKey, string, error) {
	var m [14]jose.Value
	if f := jose.ReadObject(raw, jwkNames, m[:]); f != jose.None {
		return nil, "", invalid(f.Describe("proof jwk"))
	}
	for i := jwkPrivate; i < len(jwkNames); i++ {
		if m[i].Present() {
			return nil, "", invalid("proof jwk holds private key material")
		}
	}
	jwk, err := jwkset.NewJWKFromRawJSON(raw, jwkset.JWKMarshalOptions{}, jwkset.JWKValidateOptions{SkipMetadata: true})
	if err != nil {
		return nil, "", invalid("proof jwk is not a valid public key")
	}
	key := jwk.Key()
	var buf [1536]byte
	members, err := thumbprint.AppendMembers(buf[:0], key)
	if err != nil {
		return nil, "", invalid("proof jwk is not a supported public key")
	}
	// The thumbprint is computed from the key, so refuse a jwk whose members are spelled otherwise
	// (padding, leading zeros, short coordinates): one key, one spelling, one thumbprint.
	if !sameMembers(members, m[:jwkPrivate]) {
		return nil, "", invalid("proof jwk members are not in canonical form")
	}
	return key, thumbprint.OfMembers(members), nil
}

// sameMembers reports whether the canonical thumbprint input canonical, e.g.
// {"crv":"P-256","kty":"EC","x":"…","y":"…"}, names the same values as the public members sent.
func sameMembers(canonical []byte, sent []jose.Value) bool {
	var want [jwkPrivate]jose.Value
	if jose.ReadObject(canonical, jwkNames[:jwkPrivate], want[:]) != jose.None {
		return false
	}
	for i := range want {
		w, _ := want[i].Text()
		s, _ := sent[i].Text()
		if w != s {
			return false
		}
	}
	return true
}
