package validator

import (
	"github.com/jwtguard/jwtguard/internal/jwa"
)

// algorithm is one entry of the shared algorithm table (internal/jwa).
type algorithm = jwa.Algorithm

// algSet is a set of algorithms, a bit mask over their index in the table.
type algSet = jwa.Set

// lookupAlgorithm returns the algorithm named exactly name (JWS alg values are case-sensitive), its
// index and its bit.
func lookupAlgorithm(name string) (*algorithm, int, bool) {
	i := jwa.Index(name)
	if i < 0 {
		return nil, -1, false
	}
	return &jwa.Algorithms[i], i, true
}

// symmetricAlgorithmsFor returns the HS algorithms a secret is long enough for (RFC 7518 §3.2: at
// least the hash's output size).
func symmetricAlgorithmsFor(secret []byte) algSet {
	var set algSet
	for i, a := range jwa.Algorithms {
		if a.Family == jwa.HMAC && a.Fits(secret) {
			set |= jwa.Bit(i)
		}
	}
	return set
}

// verify reports whether sig is a's signature of input under key. golang-jwt's SigningMethod, resolved
// once in the table, does the cryptography; fits has already accepted the key.
func verify(a *algorithm, input string, sig []byte, key any) bool {
	return a.Method.Verify(input, sig, key) == nil
}
