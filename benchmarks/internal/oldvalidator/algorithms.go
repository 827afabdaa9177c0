package oldvalidator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
)

// minRSABits is the smallest RSA modulus accepted (RFC 7518 §3.3 requires 2048 bits or larger).
const minRSABits = 2048

// minHMACKeyBytes is the smallest HS* secret accepted: RFC 7518 §3.2 requires a key at least as long as
// the hash output, and HS256's is 32 bytes.
const minHMACKeyBytes = 32

type keyFamily uint8

const (
	familyRSA keyFamily = iota + 1
	familyEC
	familyEd25519
	familyHMAC
)

// algorithm describes one JWS "alg" value this package can verify.
type algorithm struct {
	name   string
	family keyFamily
	hash   crypto.Hash    // the digest the signature is made over (none for EdDSA, which hashes itself)
	pss    bool           // for familyRSA: RSASSA-PSS rather than PKCS #1 v1.5
	curve  elliptic.Curve // for familyEC only
}

// algorithms are all the algorithms the validator knows; their index is their bit in an algSet.
var algorithms = [...]algorithm{
	{"RS256", familyRSA, crypto.SHA256, false, nil},
	{"RS384", familyRSA, crypto.SHA384, false, nil},
	{"RS512", familyRSA, crypto.SHA512, false, nil},
	{"PS256", familyRSA, crypto.SHA256, true, nil},
	{"PS384", familyRSA, crypto.SHA384, true, nil},
	{"PS512", familyRSA, crypto.SHA512, true, nil},
	{"ES256", familyEC, crypto.SHA256, false, elliptic.P256()},
	{"ES384", familyEC, crypto.SHA384, false, elliptic.P384()},
	{"ES512", familyEC, crypto.SHA512, false, elliptic.P521()},
	{"EdDSA", familyEd25519, 0, false, nil},
	{"HS256", familyHMAC, crypto.SHA256, false, nil},
	{"HS384", familyHMAC, crypto.SHA384, false, nil},
	{"HS512", familyHMAC, crypto.SHA512, false, nil},
}

// algSet is a set of algorithms as a bit mask over their index in algorithms.
type algSet uint16

// asymmetricAlgorithms is the default: every public-key algorithm, never "none", never HS*.
const asymmetricAlgorithms algSet = 1<<10 - 1

// symmetricAlgorithms are HS256, HS384 and HS512.
const symmetricAlgorithms algSet = 7 << 10

// lookupAlgorithm returns the algorithm named exactly name (JWS alg values are case-sensitive).
func lookupAlgorithm(name string) (*algorithm, algSet, bool) {
	for i := range algorithms {
		if algorithms[i].name == name {
			return &algorithms[i], 1 << i, true
		}
	}
	return nil, 0, false
}

// fits reports whether key is usable with the algorithm: the right key type, the curve the alg names,
// and an RSA modulus of at least minRSABits.
func (a *algorithm) fits(key crypto.PublicKey) bool {
	switch a.family {
	case familyRSA:
		k, ok := key.(*rsa.PublicKey)
		return ok && k.N != nil && k.N.BitLen() >= minRSABits
	case familyEC:
		k, ok := key.(*ecdsa.PublicKey)
		return ok && k.Curve == a.curve
	case familyEd25519:
		k, ok := key.(ed25519.PublicKey)
		return ok && len(k) == ed25519.PublicKeySize
	}
	return false
}

// pssVerifyOptions accept any salt length on verification, as golang-jwt and RFC 7518 §3.5 verifiers do
// (the signer should use a salt as long as the hash, but the verifier recovers the length).
var pssVerifyOptions = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}

// verify reports whether sig is a's signature of input under key, which fits has already accepted.
//
// It calls crypto/rsa, crypto/ecdsa, crypto/ed25519 and crypto/hmac directly on a digest kept on the
// stack, with exactly the acceptance rules of golang-jwt v5's SigningMethod.Verify, which it replaces to
// save its copies of the input and its hasher allocations:
//   - RS*: rsa.VerifyPKCS1v15 over the hash;
//   - PS*: rsa.VerifyPSS over the hash with the salt length recovered (PSSSaltLengthAuto);
//   - ES*: the signature must be exactly r||s, each as long as the curve's order in bytes (32, 48, 66),
//     both non-zero; they are checked by ecdsa.VerifyASN1 on the same DER encoding ecdsa.Verify builds;
//   - EdDSA: ed25519.Verify on the signing input itself, with a key of exactly 32 bytes;
//   - HS*: HMAC of the input compared in constant time (hmac.Equal).
func (a *algorithm) verify(input string, sig []byte, key crypto.PublicKey) bool {
	in := bytesOf(input) // read-only view: every consumer below only reads its message
	switch a.family {
	case familyRSA:
		k, ok := key.(*rsa.PublicKey)
		if !ok {
			return false
		}
		if a.pss {
			// rsa.VerifyPSS lets its digest escape: that buffer is allocated, so keep it apart from the
			// PKCS #1 v1.5 one, which stays on the stack.
			var buf [sha512.Size]byte
			return rsa.VerifyPSS(k, a.hash, sum(a.hash, in, &buf), sig, pssVerifyOptions) == nil
		}
		var buf [sha512.Size]byte
		return rsa.VerifyPKCS1v15(k, a.hash, sum(a.hash, in, &buf), sig) == nil
	case familyEC:
		k, ok := key.(*ecdsa.PublicKey)
		if !ok {
			return false
		}
		size := (a.curve.Params().BitSize + 7) / 8
		if len(sig) != 2*size {
			return false
		}
		var der [2*(2+1+66) + 3]byte
		encoded, ok := ecdsaDER(der[:0], sig[:size], sig[size:])
		if !ok {
			return false // r or s is zero, which ecdsa.Verify refuses
		}
		var buf [sha512.Size]byte
		return ecdsa.VerifyASN1(k, sum(a.hash, in, &buf), encoded)
	case familyEd25519:
		k, ok := key.(ed25519.PublicKey)
		return ok && len(k) == ed25519.PublicKeySize && ed25519.Verify(k, in, sig)
	case familyHMAC:
		secret, ok := key.([]byte)
		if !ok {
			return false
		}
		var mac hashFunc
		switch a.hash {
		case crypto.SHA256:
			mac = sha256.New
		case crypto.SHA384:
			mac = sha512.New384
		default:
			mac = sha512.New
		}
		h := hmac.New(mac, secret)
		h.Write(in)
		var buf [sha512.Size]byte
		return hmac.Equal(sig, h.Sum(buf[:0]))
	}
	return false
}

type hashFunc = func() hash.Hash

// sum hashes in with h into buf and returns the digest.
func sum(h crypto.Hash, in []byte, buf *[sha512.Size]byte) []byte {
	switch h {
	case crypto.SHA256:
		d := sha256.Sum256(in)
		return append(buf[:0], d[:]...)
	case crypto.SHA384:
		d := sha512.Sum384(in)
		return append(buf[:0], d[:]...)
	default:
		*buf = sha512.Sum512(in)
		return buf[:]
	}
}

// ecdsaDER appends the ASN.1 DER SEQUENCE { INTEGER r, INTEGER s } that ecdsa.Verify builds from r and
// s (big-endian, leading zeros allowed) to dst. It reports false when r or s is zero.
func ecdsaDER(dst, r, s []byte) ([]byte, bool) {
	r, s = trimZeros(r), trimZeros(s)
	if len(r) == 0 || len(s) == 0 {
		return dst, false
	}
	bodyLen := derIntLen(r) + derIntLen(s)
	dst = append(dst, 0x30) // SEQUENCE
	if bodyLen >= 0x80 {
		dst = append(dst, 0x81) // long form, one length byte: bodyLen < 256 for every curve here
	}
	dst = append(dst, byte(bodyLen))
	dst = appendDERInt(dst, r)
	dst = appendDERInt(dst, s)
	return dst, true
}

func trimZeros(b []byte) []byte {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	return b
}

// derIntLen is the encoded length of the positive INTEGER with minimal big-endian magnitude b.
func derIntLen(b []byte) int {
	n := len(b)
	if b[0]&0x80 != 0 {
		n++ // a leading zero keeps it positive
	}
	return 2 + n // tag, short-form length (n <= 67), content
}

func appendDERInt(dst, b []byte) []byte {
	n := len(b)
	if b[0]&0x80 != 0 {
		n++
	}
	dst = append(dst, 0x02, byte(n)) // INTEGER
	if b[0]&0x80 != 0 {
		dst = append(dst, 0)
	}
	return append(dst, b...)
}
