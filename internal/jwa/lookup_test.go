package jwa

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"math/big"
	"testing"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
)

// randomRSA is an RSA public key with a random odd 2048-bit modulus: it fits RS*/PS* and costs no
// key generation.
func randomRSA(t testing.TB) *rsa.PublicKey {
	n := make([]byte, 256)
	if _, err := rand.Read(n); err != nil {
		t.Fatal(err)
	}
	n[0] |= 0x80
	n[255] |= 1
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: 65537}
}

func testJWK(t testing.TB, key any, kid, alg string, use jwkset.USE) jwkset.JWK {
	t.Helper()
	j, err := jwkset.NewJWKFromKey(key, jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{KID: kid, ALG: jwkset.ALG(alg), USE: use}})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func kids(jwks []jwkset.JWK) (out []string) {
	for _, j := range jwks {
		out = append(out, j.Marshal().KID)
	}
	return out
}

func TestKeysWithoutKID(t *testing.T) {
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ec := testJWK(t, &p256.PublicKey, "ec", "", "")
	var rsaJWKs []jwkset.JWK
	for _, kid := range []string{"r0", "r1", "r2", "r3", "r4"} {
		rsaJWKs = append(rsaJWKs, testJWK(t, randomRSA(t), kid, "", ""))
	}
	pinned := []jwkset.JWK{testJWK(t, randomRSA(t), "ps0", "PS512", ""), testJWK(t, randomRSA(t), "ps1", "PS512", "")}
	enc := testJWK(t, randomRSA(t), "enc", "", jwkset.UseEnc)
	for _, tt := range []struct {
		name string
		all  []jwkset.JWK
		want []string
	}{
		{"four RSA keys fit", append([]jwkset.JWK{ec, enc}, rsaJWKs[:4]...), []string{"ec", "r0", "r1", "r2", "r3"}},
		{"five RSA keys fit", append([]jwkset.JWK{ec}, rsaJWKs...), []string{"ec"}},
		{"three RSA, five fit PS512", append(append([]jwkset.JWK{ec}, rsaJWKs[:3]...), pinned...), []string{"ec", "r0", "r1", "r2"}},
		{"two RSA and two pinned", append(append([]jwkset.JWK{}, rsaJWKs[:2]...), pinned...), []string{"r0", "r1", "ps0", "ps1"}},
	} {
		got := kids(KeysWithoutKID(tt.all))
		if len(got) != len(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
				break
			}
		}
	}
}

func TestFindKeys(t *testing.T) {
	ctx := context.Background()
	store := jwkset.NewMemoryStorage()
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	r0, r1 := randomRSA(t), randomRSA(t)
	for _, j := range []jwkset.JWK{
		testJWK(t, r0, "enc-first", "", jwkset.UseEnc),
		testJWK(t, r1, "enc-first", "", jwkset.UseSig),
		testJWK(t, r0, "shared", "", ""),
		testJWK(t, &p256.PublicKey, "shared", "", ""),
		testJWK(t, r1, "pinned", "PS256", ""),
	} {
		if err := store.KeyWrite(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	raw, _ := keyfunc.New(keyfunc.Options{Storage: store})
	k := Keyfunc(raw)
	if ls, ok := Keyfunc(k).Storage().(lookupStorage); !ok {
		t.Error("Keyfunc does not read through Storage")
	} else if _, twice := ls.Storage.(lookupStorage); twice {
		t.Error("Keyfunc wraps twice")
	}
	rs256, es256 := Index("RS256"), Index("ES256")
	for _, tt := range []struct {
		name string
		i    int
		kid  string
		want any // nil: ErrNoKey
	}{
		{"the sig key under a kid whose first JWK is enc", rs256, "enc-first", r1},
		{"the EC key under a kid whose first key is RSA", es256, "shared", &p256.PublicKey},
		{"the RSA key under the shared kid", rs256, "shared", r0},
		{"a JWK pinned to another alg", rs256, "pinned", nil},
		{"the pinned JWK's alg", Index("PS256"), "pinned", r1},
		{"unknown kid", rs256, "nope", nil},
		{"no kid, the one EC key", es256, "", &p256.PublicKey},
	} {
		got, err := FindKeys(ctx, k, tt.i, tt.kid, nil)
		if tt.want == nil {
			if !errors.Is(err, ErrNoKey) || !errors.Is(err, jwkset.ErrKeyNotFound) || len(got) != 0 {
				t.Errorf("%s: %v, %v; want ErrNoKey", tt.name, got, err)
			}
			continue
		}
		if err != nil || len(got) == 0 || !got[0].(interface{ Equal(crypto.PublicKey) bool }).Equal(tt.want) {
			t.Errorf("%s: %v, %v", tt.name, got, err)
		}
	}
	// After the first key of a kid fails, MoreKeys adds the others, never the one tried.
	if more := MoreKeys(ctx, k.Storage(), rs256, "shared", []any{r0}, nil); len(more) != 0 {
		t.Errorf("MoreKeys offered %d keys already tried", len(more))
	}
}
