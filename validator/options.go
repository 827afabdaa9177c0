package validator

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/internal/jwa"
	"github.com/jwtguard/jwtguard/scopes"
)

// Defaults applied by New.
const (
	// DefaultLeeway is the clock skew tolerated on exp, nbf and iat.
	DefaultLeeway = 30 * time.Second
	// MaxLeeway is the largest leeway New accepts; more would make expiry meaningless.
	MaxLeeway = 5 * time.Minute
	// DefaultMaxTokenSize bounds the token length in bytes before any decoding is done.
	DefaultMaxTokenSize = 16 << 10
)

// Option configures a Validator. Options are checked by New, which reports the first invalid one.
type Option func(*settings) error

// WithIssuer accepts tokens whose "iss" equals one of issuers exactly (no normalisation: a trailing
// slash or a change of case is another issuer). It may be given more than once; the lists add up.
func WithIssuer(issuers ...string) Option {
	return func(c *settings) error {
		if len(issuers) == 0 {
			return errors.New("WithIssuer: no issuer given")
		}
		for _, iss := range issuers {
			if iss == "" {
				return errors.New("WithIssuer: empty issuer")
			}
		}
		c.issuers = append(c.issuers, issuers...)
		return nil
	}
}

// WithAnyIssuer turns the issuer check off. New refuses a configuration with neither WithIssuer nor
// this, because a validator that accepts any issuer accepts tokens minted by anyone the key source trusts.
func WithAnyIssuer() Option {
	return func(c *settings) error { c.anyIssuer = true; return nil }
}

// WithAudience accepts tokens whose "aud" (a string or an array) contains one of audiences.
// It may be given more than once; the lists add up.
func WithAudience(audiences ...string) Option {
	return func(c *settings) error {
		if len(audiences) == 0 {
			return errors.New("WithAudience: no audience given")
		}
		for _, aud := range audiences {
			if aud == "" {
				return errors.New("WithAudience: empty audience")
			}
		}
		c.audiences = append(c.audiences, audiences...)
		return nil
	}
}

// WithAnyAudience turns the audience check off. New refuses a configuration with neither WithAudience
// nor this, because without it a token minted for another API would be accepted here.
func WithAnyAudience() Option {
	return func(c *settings) error { c.anyAudience = true; return nil }
}

// WithAlgorithms sets the JWS algorithms accepted, by their exact "alg" names: RS256 RS384 RS512
// PS256 PS384 PS512 ES256 ES384 ES512 EdDSA, and HS256 HS384 HS512 only together with
// WithSymmetricKey. The default is every asymmetric algorithm. "none" is never accepted.
func WithAlgorithms(algs ...string) Option {
	return func(c *settings) error {
		if len(algs) == 0 {
			return errors.New("WithAlgorithms: no algorithm given")
		}
		var set algSet
		for _, name := range algs {
			_, i, ok := lookupAlgorithm(name)
			if !ok {
				return fmt.Errorf("WithAlgorithms: unsupported algorithm %q", name)
			}
			set |= jwa.Bit(i)
		}
		c.algorithms, c.algorithmsSet = set, true
		return nil
	}
}

// WithLeeway sets the clock skew tolerated when checking exp, nbf and iat (default DefaultLeeway,
// at most MaxLeeway).
func WithLeeway(d time.Duration) Option {
	return func(c *settings) error {
		if d < 0 || d > MaxLeeway {
			return fmt.Errorf("WithLeeway: %v is outside [0, %v]", d, MaxLeeway)
		}
		c.leeway = d
		return nil
	}
}

// WithTokenType requires the header's "typ" to be typ, compared without regard to case and with an
// optional "application/" prefix on either side (RFC 7515 §4.1.9). Use "at+jwt" to accept only RFC 9068
// access tokens, which keeps ID tokens and other JWTs from being replayed as access tokens.
func WithTokenType(typ string) Option {
	return func(c *settings) error {
		typ = normalizeMediaType(typ)
		if typ == "" {
			return errors.New("WithTokenType: empty type")
		}
		c.tokenType = typ
		return nil
	}
}

// WithRequiredClaims requires the named claims to be present and not null (exp is always required).
func WithRequiredClaims(names ...string) Option {
	return func(c *settings) error {
		for _, n := range names {
			if n == "" {
				return errors.New("WithRequiredClaims: empty claim name")
			}
		}
		c.requiredClaims = append(c.requiredClaims, names...)
		return nil
	}
}

// WithRequiredScopes requires every token to meet req, whatever the route. Per-route requirements
// belong in the adapters' RequireScopes.
func WithRequiredScopes(req scopes.Requirement) Option {
	return func(c *settings) error { c.requiredScopes = req; return nil }
}

// WithMaxTokenSize sets the largest token accepted, in bytes (default DefaultMaxTokenSize). Longer
// tokens are refused before any decoding.
func WithMaxTokenSize(n int) Option {
	return func(c *settings) error {
		if n <= 0 {
			return fmt.Errorf("WithMaxTokenSize: %d is not positive", n)
		}
		c.maxTokenSize = n
		return nil
	}
}

// WithClock sets the source of the current time, for tests and for checking a token as of another
// moment (jwtguard verify --now). The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *settings) error {
		if now == nil {
			return errors.New("WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}

// WithSymmetricKey verifies HS* tokens with secret, which must be at least 32 bytes. A secret enables
// only the HS algorithms it is long enough for (RFC 7518 §3.2: HS256 needs 32 bytes, HS384 48, HS512
// 64); WithAlgorithms naming one it is too short for makes New fail. HS* tokens are never verified with
// a key from the KeySource, so a public key can never be abused as an HMAC secret. Unless
// WithAlgorithms says otherwise, this option allows those HS algorithms alongside the asymmetric ones
// (and only them when New's KeySource is nil: an HS-only service needs no KeySource).
func WithSymmetricKey(secret []byte) Option {
	return func(c *settings) error {
		if symmetricAlgorithmsFor(secret) == 0 {
			return fmt.Errorf("WithSymmetricKey: secret of %d bytes is shorter than %d", len(secret), jwa.Algorithms[jwa.Index("HS256")].MinSecretBytes)
		}
		c.hmacSecret = append([]byte(nil), secret...)
		return nil
	}
}

// normalizeMediaType lower-cases a typ value and drops an "application/" prefix (RFC 7515 §4.1.9).
func normalizeMediaType(typ string) string {
	typ = strings.ToLower(strings.TrimSpace(typ))
	return strings.TrimPrefix(typ, "application/")
}

// WithCache remembers up to size tokens that passed validation, so a repeated token is answered
// without a signature check. It stays exactly as strict as uncached validation: entries are keyed on
// the whole token, exp/nbf/iat are re-checked on every hit, entries vanish when the KeySource's key set
// changes (it must implement KeyEpocher, as *jwks.Set does), and failures are never cached. Memory is
// about size × (token length + 1 KiB). Off by default.
func WithCache(size int) Option {
	return func(c *settings) error {
		if size <= 0 || size > maxCacheSize {
			return fmt.Errorf("WithCache: size %d is outside [1, %d]", size, maxCacheSize)
		}
		c.cacheSize = size
		return nil
	}
}
