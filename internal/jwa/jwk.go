package jwa

import (
	"errors"
	"slices"

	"github.com/MicahParks/jwkset"
)

// Why a published JWK may not verify signatures, whatever its key (RFC 7517 §4.2, §4.3).
var (
	ErrEncryptionKey = errors.New(`key is for encryption ("use": "enc")`)
	ErrNoVerifyOp    = errors.New(`"key_ops" does not include "verify"`)
)

// CheckJWKUse reports whether a JWK's "use" and "key_ops" allow it to verify signatures: a key marked
// for encryption, or whose key_ops leave out "verify", never does.
func CheckJWKUse(m *jwkset.JWKMarshal) error {
	switch {
	case m.USE == jwkset.UseEnc:
		return ErrEncryptionKey
	case len(m.KEYOPS) > 0 && !slices.Contains(m.KEYOPS, jwkset.KeyOpsVerify):
		return ErrNoVerifyOp
	}
	return nil
}

// JWKAlgorithms returns the asymmetric algorithms a published JWK may verify: none when its "use" or
// "key_ops" forbid verification (CheckJWKUse) or its key is unfit (KeyAlgorithms), else those its key
// fits, narrowed to its "alg" when it names one (RFC 7517 §4.4).
func JWKAlgorithms(jwk jwkset.JWK) Set {
	m := jwk.Marshal()
	if CheckJWKUse(&m) != nil {
		return 0
	}
	fits, _ := KeyAlgorithms(publicKey(jwk.Key()))
	if m.ALG != "" {
		fits &= bitOf(string(m.ALG))
	}
	return fits
}
