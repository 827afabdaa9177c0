package validator

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/asn1"
	"math/big"
	mrand "math/rand/v2"
	"testing"
)

// TestECDSADERMatchesASN1 checks that ecdsaDER builds the very DER encoding of (r, s) that ecdsa.Verify
// hands to ecdsa.VerifyASN1, for every shape of r and s: leading zeros, high bit set, one byte, full size.
func TestECDSADERMatchesASN1(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(1, 2))
	for _, size := range []int{32, 48, 66} {
		for range 2000 {
			raw := make([]byte, 2*size)
			for i := range raw {
				raw[i] = byte(rng.IntN(256))
			}
			// Shape the halves: zero prefixes of random length, sometimes all zero.
			for _, half := range [][]byte{raw[:size], raw[size:]} {
				switch rng.IntN(4) {
				case 0:
					clear(half[:rng.IntN(size+1)])
				case 1:
					half[0] |= 0x80
				}
			}
			r, s := new(big.Int).SetBytes(raw[:size]), new(big.Int).SetBytes(raw[size:])
			got, ok := ecdsaDER(nil, raw[:size], raw[size:])
			if r.Sign() == 0 || s.Sign() == 0 {
				if ok {
					t.Fatalf("zero r or s accepted: %x", raw)
				}
				continue
			}
			want, err := asn1.Marshal(struct{ R, S *big.Int }{r, s})
			if err != nil {
				t.Fatal(err)
			}
			if !ok || !bytes.Equal(got, want) {
				t.Fatalf("ecdsaDER(%x) = %x, want %x", raw, got, want)
			}
		}
	}
}

// TestECDSAVerifyAgreesWithLegacyPath compares verify with ecdsa.Verify(r, s), golang-jwt's path, on
// genuine, tampered and out-of-range signatures for each curve.
func TestECDSAVerifyAgreesWithLegacyPath(t *testing.T) {
	for _, name := range []string{"ES256", "ES384", "ES512"} {
		alg, _, _ := lookupAlgorithm(name)
		key, err := ecdsa.GenerateKey(alg.curve, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		size := (alg.curve.Params().BitSize + 7) / 8
		input := "header.payload"
		var buf [64]byte
		digest := sum(alg.hash, []byte(input), &buf)
		r, s, err := ecdsa.Sign(rand.Reader, key, digest)
		if err != nil {
			t.Fatal(err)
		}
		good := append(r.FillBytes(make([]byte, size)), s.FillBytes(make([]byte, size))...)
		n := alg.curve.Params().N
		overN := append(n.FillBytes(make([]byte, size)), s.FillBytes(make([]byte, size))...) // r = N is out of range
		flipped := bytes.Clone(good)
		flipped[len(flipped)-1] ^= 1
		for _, sig := range [][]byte{good, flipped, overN, make([]byte, 2*size), good[:2*size-1]} {
			want := len(sig) == 2*size && ecdsa.Verify(&key.PublicKey, digest,
				new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:]))
			if got := alg.verify(input, sig, &key.PublicKey); got != want {
				t.Errorf("%s: verify = %v, ecdsa.Verify = %v for %x", name, got, want, sig)
			}
		}
		if !alg.verify(input, good, &key.PublicKey) {
			t.Errorf("%s: genuine signature refused", name)
		}
	}
}
