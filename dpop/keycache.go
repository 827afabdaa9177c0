package dpop

import (
	"crypto"
	"sync"
)

// maxCachedKeys bounds the cache of parsed proof keys. A client signs all its proofs with one key,
// so a few thousand entries serve as many active clients; past that the cache starts over.
const maxCachedKeys = 4096

// maxJWKSize bounds a proof's jwk header before it is parsed: the public JWK of an RSA key of
// MaxProofRSABits is about 750 bytes, of any EC or Ed25519 key under 300.
const maxJWKSize = 1024

// keyCache remembers the jwk headers already parsed, by their exact JSON, so a client's second and
// later proofs skip the JWK parsing and the thumbprint: the same bytes always parse the same way.
type keyCache struct {
	mu   sync.RWMutex
	keys map[string]cachedKey
}

type cachedKey struct {
	key        crypto.PublicKey
	thumbprint string
}

func (c *keyCache) get(jwk []byte) (cachedKey, bool) {
	c.mu.RLock()
	k, ok := c.keys[string(jwk)] // no allocation: the conversion is only a map lookup
	c.mu.RUnlock()
	return k, ok
}

func (c *keyCache) put(jwk []byte, k cachedKey) {
	c.mu.Lock()
	if c.keys == nil || len(c.keys) >= maxCachedKeys {
		c.keys = make(map[string]cachedKey, 64)
	}
	c.keys[string(jwk)] = k
	c.mu.Unlock()
}

// publicKey returns the key and thumbprint of a proof's jwk header, parsing it only when unseen and
// no larger than maxJWKSize.
func (c *keyCache) publicKey(jwk []byte) (crypto.PublicKey, string, error) {
	if len(jwk) > maxJWKSize {
		return nil, "", invalid("proof jwk is too large")
	}
	if k, ok := c.get(jwk); ok {
		return k.key, k.thumbprint, nil
	}
	key, tp, err := publicJWK(jwk)
	if err != nil {
		return nil, "", err
	}
	c.put(jwk, cachedKey{key, tp})
	return key, tp, nil
}
