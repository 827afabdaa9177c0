package validator

import (
	"encoding/json"
	"slices"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/jwtguard/jwtguard/internal/jose"
	"github.com/jwtguard/jwtguard/scopes"
)

// Claims are the verified contents of a token: its registered claims typed, the header fields that
// chose the key, and the raw payload for claims of the caller's own.
//
// A *Claims may be shared between requests (WithCache hands the same value to every repeat of a
// token): treat it as read-only.
type Claims struct {
	// Issuer is the "iss" claim.
	Issuer string
	// Subject is the "sub" claim.
	Subject string
	// Audience is the "aud" claim, always as a list (a single string becomes one element).
	Audience []string
	// ExpiresAt is the "exp" claim.
	ExpiresAt time.Time
	// NotBefore is the "nbf" claim; the zero Time when absent.
	NotBefore time.Time
	// IssuedAt is the "iat" claim; the zero Time when absent.
	IssuedAt time.Time
	// ID is the "jti" claim.
	ID string
	// ClientID is the RFC 9068 "client_id" claim: the OAuth client the token was issued to.
	ClientID string
	// Scopes holds the scopes from the "scope" claim (space-separated string) or, when that is absent,
	// from "scp" (a string or an array of strings).
	Scopes scopes.Set

	// KeyID is the header's "kid".
	KeyID string
	// Algorithm is the header's "alg".
	Algorithm string
	// Type is the header's "typ", as sent.
	Type string

	header   []byte
	payload  []byte
	cnf      bool      // the payload has a cnf member (see SenderConstrained)
	audience [1]string // backs Audience when it has one element, saving an allocation
}

// Decode unmarshals the verified JSON payload into v, typically a struct of the caller's own claims,
// as encoding/json does in every respect but one: a member fills a struct field only when its name is
// exactly the field's JSON name, at every depth. encoding/json would also accept any case variant
// ("ROLES", or "role\u017f" with a long s, for a field tagged "roles"), and the last of several
// variants would win, so a token could say one thing to Decode and another to Get or to any other
// reader. A field whose tag asks for `case:ignore` keeps case-insensitive matching.
func (c *Claims) Decode(v any) error {
	// encoding/json hands sub-slices of its input to UnmarshalJSON methods of v's fields. The payload
	// also backs this Claims' string fields (and, with WithCache, other requests' Claims), so a method
	// that wrote to its input would change them: decode from a copy.
	return jsonv2.Unmarshal(slices.Clone(c.payload), v, exactNames)
}

// exactNames are encoding/json's semantics with member names matched exactly. They come from
// go-json-experiment/json, the code of Go 1.27's encoding/json/v2 (an experiment in Go 1.26): once the
// module requires Go 1.27, the import becomes encoding/json/v2 and the dependency goes.
var exactNames = jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsonv2.MatchCaseInsensitiveNames(false))

// Get returns the value of the claim named exactly name, as encoding/json decodes it into an any
// (string, float64, bool, []any, map[string]any or nil), and whether the claim is present.
func (c *Claims) Get(name string) (any, bool) {
	r := jose.Reader{Data: c.payload}
	if r.Open() != jose.None {
		return nil, false
	}
	for {
		_, member, more, f := r.Next()
		if f != jose.None || !more {
			return nil, false
		}
		value, f := r.Value()
		if f != jose.None {
			return nil, false
		}
		if string(member) != name {
			continue
		}
		var v any
		if err := json.Unmarshal(value.Raw(), &v); err != nil {
			return nil, false
		}
		return v, true
	}
}

// SenderConstrained reports whether the token has a cnf claim (RFC 7800): whether it is bound to a
// key or certificate its presenter must prove, which Confirmation reads. It costs nothing, so the
// adapters ask it of every token; claims built by a TokenValidator of the caller's own, without a
// payload, are not sender-constrained, nor is a nil *Claims.
func (c *Claims) SenderConstrained() bool { return c != nil && c.cnf }

// RawClaims returns a copy of the verified payload JSON.
func (c *Claims) RawClaims() json.RawMessage { return slices.Clone(c.payload) }

// RawHeader returns a copy of the verified header JSON.
func (c *Claims) RawHeader() json.RawMessage { return slices.Clone(c.header) }
