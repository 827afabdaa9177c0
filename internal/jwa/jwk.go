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
