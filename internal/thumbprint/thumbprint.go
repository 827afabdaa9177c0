// Package thumbprint computes the two key fingerprints that sender-constrained tokens carry in their
// "cnf" claim: the RFC 7638 JWK thumbprint ("jkt", RFC 9449 DPoP) and the X.509 certificate
// thumbprint ("x5t#S256", RFC 8705 mutual TLS). It depends on nothing else in jwtguard, so the
// issuer that mints bound tokens (issuertest) and the checks that verify them (dpop, certbind) share it.
package thumbprint

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"errors"
)

// Certificate returns the base64url (unpadded) SHA-256 of the certificate's DER encoding, the value
// RFC 8705 §3.1 puts in cnf "x5t#S256".
func Certificate(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// maxMembersJSON fits the thumbprint input of an RSA key of up to 8192 bits on the stack.
const maxMembersJSON = 1536

// JWK returns the RFC 7638 SHA-256 thumbprint of key (an *ecdsa.PublicKey on P-256, P-384 or P-521,
// an *rsa.PublicKey, or an ed25519.PublicKey), base64url without padding: the value RFC 9449 puts in
// cnf "jkt". The hash input is the JWK's required members only, in lexicographic order, without
// whitespace, each value in its canonical encoding (RFC 7518 §6: EC coordinates at the curve's full
// length, RSA integers without leading zero octets).
func JWK(key crypto.PublicKey) (string, error) {
	var buf [maxMembersJSON]byte
	input, err := AppendMembers(buf[:0], key)
	if err != nil {
		return "", err
	}
	return OfMembers(input), nil
}

// OfMembers returns the thumbprint of a key whose thumbprint input AppendMembers made.
func OfMembers(members []byte) string {
	sum := sha256.Sum256(members)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// AppendMembers appends the RFC 7638 §3 thumbprint input of key — e.g.
// {"crv":"P-256","kty":"EC","x":"…","y":"…"} — to dst.
func AppendMembers(dst []byte, key crypto.PublicKey) ([]byte, error) {
	switch k := key.(type) {
	case *ecdsa.PublicKey:
		point, err := k.Bytes() // 0x04 || X || Y, each coordinate at the curve's full length
		if err != nil {
			return dst, errors.New("thumbprint: invalid EC public key")
		}
		crv := k.Curve.Params().Name // "P-256", "P-384", "P-521": the JWK names (RFC 7518 §6.2.1.1)
		size := (len(point) - 1) / 2
		dst = append(dst, `{"crv":"`...)
		dst = append(dst, crv...)
		dst = append(dst, `","kty":"EC","x":"`...)
		dst = base64.RawURLEncoding.AppendEncode(dst, point[1:1+size])
		dst = append(dst, `","y":"`...)
		dst = base64.RawURLEncoding.AppendEncode(dst, point[1+size:])
		return append(dst, `"}`...), nil
	case *rsa.PublicKey:
		if k.N == nil || k.N.Sign() <= 0 || k.E <= 0 {
			return dst, errors.New("thumbprint: invalid RSA public key")
		}
		var e [8]byte
		binary.BigEndian.PutUint64(e[:], uint64(k.E))
		dst = append(dst, `{"e":"`...)
		dst = base64.RawURLEncoding.AppendEncode(dst, e[8-minBytes(k.E):])
		dst = append(dst, `","kty":"RSA","n":"`...)
		dst = base64.RawURLEncoding.AppendEncode(dst, k.N.Bytes())
		return append(dst, `"}`...), nil
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return dst, errors.New("thumbprint: invalid Ed25519 public key")
		}
		dst = append(dst, `{"crv":"Ed25519","kty":"OKP","x":"`...)
		dst = base64.RawURLEncoding.AppendEncode(dst, k)
		return append(dst, `"}`...), nil
	}
	return dst, errors.New("thumbprint: unsupported key type")
}

// minBytes is the length of e's big-endian encoding without leading zero octets.
func minBytes(e int) int {
	n := 0
	for ; e > 0; e >>= 8 {
		n++
	}
	return n
}
