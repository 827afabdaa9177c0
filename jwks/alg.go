package jwks

import (
	"crypto"

	"github.com/jwtguard/jwtguard/internal/jwa"
)

// numAlgs is how many algorithms a JWK Set key may serve: the asymmetric ones of the shared table,
// whose indexes are those of snapshot.only.
const numAlgs = jwa.NumAsymmetric

// algSet is a bitmask over the algorithm indexes: the algorithms one key may verify.
type algSet = jwa.Set

func bit(i int) algSet { return jwa.Bit(i) }

// algIndex maps a JWS "alg" to its index, or -1 for an algorithm no JWK Set key may serve (HS*, none,
// and anything unknown).
func algIndex(alg string) int {
	if i := jwa.Index(alg); i < numAlgs {
		return i
	}
	return -1
}

// keyAlgs reports which algorithms pub may verify by its type, curve and size alone.
func keyAlgs(pub crypto.PublicKey) (algSet, error) { return jwa.KeyAlgorithms(pub) }

// Indexes of single algorithms, named for readability where one is meant.
var (
	algRS256 = jwa.Index("RS256")
	algPS384 = jwa.Index("PS384")
	algES256 = jwa.Index("ES256")
	algES384 = jwa.Index("ES384")
	algES512 = jwa.Index("ES512")
	algEdDSA = jwa.Index("EdDSA")
)

// rsaAlgs are RS256 … PS512, the first six algorithms of the table: what any usable RSA key serves.
const rsaAlgs = algSet(1<<6 - 1)
