package benchmarks

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/benchmarks/internal/fixture"
)

// The floor is what no validator can avoid: hashing the signing input and one public-key verification.
// Floor+parse adds the least parsing any validator must do: base64url-decoding the three segments and
// decoding the claims with encoding/json into a struct. Floor+parse is the yardstick the targets use.

// floorInput is a token prepared for the floor: signing input as bytes, signature decoded (and, for
// ECDSA, split into r and s) outside the timed loop.
type floorInput struct {
	input []byte
	sig   []byte
	r, s  *big.Int
}

func prepareFloor(a *alg) floorInput {
	last := strings.LastIndexByte(a.Token, '.')
	sig, err := base64.RawURLEncoding.DecodeString(a.Token[last+1:])
	if err != nil {
		panic(err)
	}
	f := floorInput{input: []byte(a.Token[:last]), sig: sig}
	if a.Name == "ES256" {
		f.r, f.s = new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
	}
	return f
}

// verifyFloor hashes input and verifies sig (or r, s) with pub.
func verifyFloor(a *alg, input, sig []byte, r, s *big.Int) bool {
	switch pub := a.Pub.(type) {
	case *rsa.PublicKey:
		digest := sha256.Sum256(input)
		return rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig) == nil
	case *ecdsa.PublicKey:
		digest := sha256.Sum256(input)
		return ecdsa.Verify(pub, digest[:], r, s)
	case ed25519.PublicKey:
		return ed25519.Verify(pub, input, sig) // Ed25519 hashes internally (SHA-512)
	}
	return false
}

func BenchmarkFloor(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		f := prepareFloor(a)
		measure(b, func() {
			if !verifyFloor(a, f.input, f.sig, f.r, f.s) {
				b.Fatal("floor: signature does not verify")
			}
		})
	})
}

// floorParse is the floor plus the minimum parsing: split, base64url-decode all three segments, JSON-decode
// the claims into a struct, verify.
func floorParse(a *alg, token string) (*fixture.Claims, error) {
	first := strings.IndexByte(token, '.')
	last := strings.LastIndexByte(token, '.')
	if first < 0 || first == last {
		return nil, errors.New("not three segments")
	}
	enc := base64.RawURLEncoding
	if _, err := enc.DecodeString(token[:first]); err != nil {
		return nil, err
	}
	payload, err := enc.DecodeString(token[first+1 : last])
	if err != nil {
		return nil, err
	}
	sig, err := enc.DecodeString(token[last+1:])
	if err != nil {
		return nil, err
	}
	var claims fixture.Claims
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, err
	}
	var r, s *big.Int
	if a.Name == "ES256" {
		if len(sig) != 64 {
			return nil, errors.New("bad signature length")
		}
		r, s = new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
	}
	if !verifyFloor(a, []byte(token[:last]), sig, r, s) {
		return nil, errors.New("signature does not verify")
	}
	return &claims, nil
}

func BenchmarkFloorParse(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		measure(b, func() {
			if _, err := floorParse(a, a.Token); err != nil {
				b.Fatal(err)
			}
		})
	})
}
