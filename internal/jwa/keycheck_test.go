package jwa

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"math/big"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// TestPSSSaltLengthIsHashLength: RFC 7518 §3.5 fixes the PSS salt at the hash's size; golang-jwt's
// own PS256 accepts any salt length.
func TestPSSSaltLengthIsHashLength(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := Lookup("PS256")
	const input = "eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJ4In0"
	digest := sha256.Sum256([]byte(input))
	for _, tt := range []struct {
		name string
		salt int
		ok   bool
	}{
		{"salt = hash length", rsa.PSSSaltLengthEqualsHash, true},
		{"salt 64", 64, false},
		{"salt 20", 20, false},
		{"salt maximal", rsa.PSSSaltLengthAuto, false},
	} {
		sig, err := rsa.SignPSS(rand.Reader, key, crypto.SHA256, digest[:], &rsa.PSSOptions{SaltLength: tt.salt})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Method.Verify(input, sig, &key.PublicKey); (err == nil) != tt.ok {
			t.Errorf("%s: Verify = %v, want ok %v", tt.name, err, tt.ok)
		}
		if tt.ok {
			continue
		}
		// The premise: golang-jwt's registered method takes it.
		if err := jwt.SigningMethodPS256.Verify(input, sig, &key.PublicKey); err != nil {
			t.Errorf("%s: golang-jwt's PS256 refuses it too (%v): the test proves nothing", tt.name, err)
		}
	}
	// What the table signs with, it verifies.
	sig, err := a.Method.Sign(input, key)
	if err != nil || a.Method.Verify(input, sig, &key.PublicKey) != nil {
		t.Errorf("PS256 does not verify its own signature: %v", err)
	}
}

func TestCheckPublicKeyRSAExponent(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		e  int
		ok bool
	}{{65537, true}, {3, true}, {65536, false}, {2, false}, {1, false}, {0, false}, {-3, false}, {MaxRSAExponent, true}, {MaxRSAExponent + 2, false}} {
		pub := &rsa.PublicKey{N: key.N, E: tt.e}
		err := CheckPublicKey(pub)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrUnfitKey)) {
			t.Errorf("e = %d: CheckPublicKey = %v, want ok %v", tt.e, err, tt.ok)
		}
		if got := Algorithms[Index("RS256")].Fits(pub); got != tt.ok {
			t.Errorf("e = %d: Fits = %v", tt.e, got)
		}
		if set, _ := KeyAlgorithms(pub); (set != 0) != tt.ok {
			t.Errorf("e = %d: KeyAlgorithms = %b", tt.e, set)
		}
	}
	even := &rsa.PublicKey{N: new(big.Int).Add(key.N, big.NewInt(1)), E: 65537}
	if err := CheckPublicKey(even); !errors.Is(err, ErrUnfitKey) {
		t.Errorf("even modulus: %v", err)
	}
}

// smallOrderKeys are the encodings of the eight points of small order, both signs of x.
func smallOrderKeys() []ed25519.PublicKey {
	var keys []ed25519.PublicKey
	for _, y := range edSmallOrderY {
		for _, sign := range []byte{0, 0x80} {
			k := make(ed25519.PublicKey, ed25519.PublicKeySize)
			copy(k, y[:])
			k[31] |= sign
			keys = append(keys, k)
		}
	}
	return keys
}

// TestSmallOrderEd25519 checks the table against crypto/ed25519 itself: under each listed key one
// made-up signature (R = identity, S = 0) verifies some messages, which a key of large order never
// allows; and each is refused.
func TestSmallOrderEd25519(t *testing.T) {
	sig := make([]byte, ed25519.SignatureSize)
	sig[0] = 1 // R = the identity point, S = 0
	eddsa := &Algorithms[Index("EdDSA")]
	for _, k := range smallOrderKeys() {
		forged := 0
		for m := range 64 {
			if ed25519.Verify(k, []byte{byte(m)}, sig) {
				forged++
			}
		}
		// Order 1 forges every message, 2 half, 4 a quarter, 8 an eighth. x = 0 with the sign bit set
		// is not an encoding at all; crypto/ed25519 may refuse it.
		if forged == 0 && !(k[31]&0x80 != 0 && (k[0] == 1 || k[0] == 0xec)) {
			t.Errorf("%x: no message forged; is it of small order?", []byte(k))
		}
		if err := CheckPublicKey(k); !errors.Is(err, ErrUnfitKey) {
			t.Errorf("%x: CheckPublicKey = %v", []byte(k), err)
		}
		if eddsa.Fits(k) {
			t.Errorf("%x: Fits", []byte(k))
		}
	}
	good, _, _ := ed25519.GenerateKey(rand.Reader)
	if err := CheckPublicKey(good); err != nil || !eddsa.Fits(good) {
		t.Errorf("a generated key: %v", err)
	}
}

func TestNonCanonicalEd25519(t *testing.T) {
	for low := byte(0xed); low != 0; low++ { // y = p … 2²⁵⁵−1
		for _, sign := range []byte{0, 0x80} {
			k := make(ed25519.PublicKey, ed25519.PublicKeySize)
			for i := range k {
				k[i] = 0xff
			}
			k[0], k[31] = low, 0x7f|sign
			if err := CheckPublicKey(k); !errors.Is(err, ErrUnfitKey) {
				t.Errorf("%x: CheckPublicKey = %v", []byte(k), err)
			}
		}
	}
	// p − 2 is canonical (and not of small order).
	k := make(ed25519.PublicKey, ed25519.PublicKeySize)
	for i := range k {
		k[i] = 0xff
	}
	k[0], k[31] = 0xeb, 0x7f
	if err := checkEd25519(k); err == errEdNonCanonical {
		t.Errorf("p-2 refused as non-canonical")
	}
}
