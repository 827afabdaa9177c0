package jwa

import (
	"crypto/rsa"
	"math/big"
	"testing"
)

func TestCheckRSAPublicKey(t *testing.T) {
	modulus := func(bits int) *big.Int {
		n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
		return n.Or(n, big.NewInt(1))
	}
	for _, tc := range []struct {
		name    string
		key     *rsa.PublicKey
		maxBits int
		ok      bool
	}{
		{"2048 bits, e 65537", &rsa.PublicKey{N: modulus(2048), E: 65537}, MaxRSABits, true},
		{"4096 bits, e 3", &rsa.PublicKey{N: modulus(4096), E: 3}, 4096, true},
		{"16384 bits", &rsa.PublicKey{N: modulus(16384), E: 65537}, MaxRSABits, true},
		{"16384 bits above a tighter bound", &rsa.PublicKey{N: modulus(16384), E: 65537}, 4096, false},
		{"above MaxRSABits whatever maxBits", &rsa.PublicKey{N: modulus(16392), E: 65537}, 1 << 20, false},
		{"1024 bits", &rsa.PublicKey{N: modulus(1024), E: 65537}, MaxRSABits, false},
		{"e 2^31-1", &rsa.PublicKey{N: modulus(2048), E: 1<<31 - 1}, MaxRSABits, false},
		{"e 65539", &rsa.PublicKey{N: modulus(2048), E: 65539}, MaxRSABits, false},
		{"e even", &rsa.PublicKey{N: modulus(2048), E: 65536}, MaxRSABits, false},
		{"e 1", &rsa.PublicKey{N: modulus(2048), E: 1}, MaxRSABits, false},
		{"e negative", &rsa.PublicKey{N: modulus(2048), E: -65537}, MaxRSABits, false},
		{"no modulus", &rsa.PublicKey{E: 65537}, MaxRSABits, false},
		{"nil", nil, MaxRSABits, false},
	} {
		if err := CheckRSAPublicKey(tc.key, tc.maxBits); (err == nil) != tc.ok {
			t.Errorf("%s: CheckRSAPublicKey = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}
