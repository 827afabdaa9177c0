package jwks

import (
	"github.com/MicahParks/keyfunc/v3"
)

// Keyfunc returns a keyfunc/v3 Keyfunc over the Set, made by keyfunc.New with the Set as its
// jwkset.Storage: golang-jwt users write jwt.Parse(token, set.Keyfunc().Keyfunc, ...) exactly as
// keyfunc users do, and jwtguard's validator looks keys up through the same Keyfunc.
//
// The token's "kid" is read with KeyRead (so an unknown kid causes the Set's coalesced refetch; Keyfunc
// has no context and waits at most WithUnknownKIDWait, KeyfuncCtx waits no longer than its context); a
// token without kid gets every held key whose JWK "alg" does not contradict its own, as a
// jwt.VerificationKeySet. Pass the algorithms you accept to the parser (jwt.WithValidMethods): a
// Keyfunc hands out keys, the parser decides what they may verify.
func (s *Set) Keyfunc() keyfunc.Keyfunc {
	// keyfunc.New fails only when given no Storage.
	k, _ := keyfunc.New(keyfunc.Options{Storage: s})
	return k
}
