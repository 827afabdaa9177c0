package jwks

import (
	"context"
	"errors"
	"fmt"

	"github.com/golang-jwt/jwt/v5"
)

// Keyfunc adapts the Set to golang-jwt: the returned function looks up the token's "kid" header for the
// token's signing method through VerificationKey, with the same alg checks and unknown-kid refresh. A
// token without a kid gets the one held key that fits its alg, if exactly one does. When no key fits it
// returns an error wrapping ErrKeyNotFound. A jwt.Keyfunc has no context, so an unknown kid waits for
// its refetch at most WithUnknownKIDWait.
//
// Pass the algorithms you accept to the parser too (jwt.WithValidMethods); the key lookup already
// refuses HS* and none, but the parser should not even try them.
func (s *Set) Keyfunc() jwt.Keyfunc {
	return func(t *jwt.Token) (any, error) {
		if t == nil {
			return nil, errors.New("jwks: nil token")
		}
		var kid string
		if v, ok := t.Header["kid"]; ok {
			if kid, ok = v.(string); !ok {
				return nil, fmt.Errorf("%w: kid header is not a string", ErrKeyNotFound)
			}
		}
		alg, _ := t.Header["alg"].(string)
		if t.Method != nil {
			alg = t.Method.Alg()
		}
		key, found, err := s.VerificationKey(context.Background(), kid, alg)
		if err != nil {
			return nil, err
		}
		if !found {
			// %.64q: the kid comes from the token; keep an oversized one from flooding logs.
			return nil, fmt.Errorf("%w: kid %.64q, alg %.16q", ErrKeyNotFound, kid, alg)
		}
		return key, nil
	}
}
