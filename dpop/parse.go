package dpop

import (
	"crypto"
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/internal/jose"
)

// parsedProof is a proof read by parseProof: well-formed, signature not yet verified.
type parsedProof struct {
	alg          string
	key          crypto.PublicKey
	thumbprint   string
	signingInput string
	signature    []byte
	htm, htu     string
	iat          time.Time
	jti, ath     string
	nonce        string
}

// The proof header and claim members read, by their index in headerNames and claimNames.
const (
	headerTyp = iota
	headerAlg
	headerJWK
	headerCrit
)

const (
	claimHTM = iota
	claimHTU
	claimIAT
	claimJTI
	claimATH
	claimNonce
)

var (
	headerNames = []string{"typ", "alg", "jwk", "crit"}
	claimNames  = []string{"htm", "htu", "iat", "jti", "ath", "nonce"}
)

// maxJTILength bounds a proof's jti: RFC 9449 asks for 96 random bits, a few dozen characters.
const maxJTILength = 256

// parseProof reads a DPoP proof JWT (RFC 9449 §4.2) strictly. Every error is an ErrInvalidProof whose
// description names the rule broken and never quotes the proof.
func parseProof(raw string, keys *keyCache) (parsedProof, error) {
	jws, err := jose.Parse(raw)
	if err != nil {
		return parsedProof{}, invalid("proof is not a well-formed compact JWS")
	}
	var h [4]jose.Value
	if f := jose.ReadObject(jws.Header, headerNames, h[:]); f != jose.None {
		return parsedProof{}, invalid(f.Describe("proof header"))
	}
	p := parsedProof{signingInput: jws.SigningInput, signature: jws.Signature}
	typ, _ := h[headerTyp].Text()
	if !strings.EqualFold(typ, "dpop+jwt") {
		return parsedProof{}, invalid("proof typ is not dpop+jwt")
	}
	if h[headerCrit].Present() {
		return parsedProof{}, invalid("proof has critical header extensions")
	}
	var ok bool
	if p.alg, ok = h[headerAlg].Text(); !ok {
		return parsedProof{}, invalid("proof has no alg")
	}
	jwk, ok := h[headerJWK].Object()
	if !ok {
		return parsedProof{}, invalid("proof has no jwk header")
	}
	if p.key, p.thumbprint, err = keys.publicKey(jwk); err != nil {
		return parsedProof{}, err
	}

	var c [6]jose.Value
	if f := jose.ReadObject(jws.Payload, claimNames, c[:]); f != jose.None {
		return parsedProof{}, invalid(f.Describe("proof claims"))
	}
	for _, s := range []struct {
		dst  *string
		name int
	}{{&p.htm, claimHTM}, {&p.htu, claimHTU}, {&p.jti, claimJTI}, {&p.ath, claimATH}} {
		if *s.dst, ok = c[s.name].Text(); !ok || *s.dst == "" {
			return parsedProof{}, invalid("proof claim " + claimNames[s.name] + " is missing or not a string")
		}
	}
	if len(p.jti) > maxJTILength {
		return parsedProof{}, invalid("proof jti is too long")
	}
	if p.iat, ok = c[claimIAT].NumericDate(); !ok {
		return parsedProof{}, invalid("proof claim iat is missing or not a number")
	}
	if c[claimNonce].Present() {
		if p.nonce, ok = c[claimNonce].Text(); !ok {
			return parsedProof{}, invalid("proof claim nonce is not a string")
		}
	}
	return p, nil
}
