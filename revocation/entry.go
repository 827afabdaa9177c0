package revocation

import (
	"fmt"
	"time"
)

// Kind says what an Entry revokes.
type Kind uint8

const (
	// Subject revokes the tokens of one subject ("sub") issued before a cut.
	Subject Kind = iota + 1
	// Session revokes the tokens of one session ("sid") issued before a cut.
	Session
	// Token revokes one token ("jti") until it expires.
	Token
)

var kindNames = [...]string{Subject: "subject", Session: "session", Token: "token"}

// String returns "subject", "session" or "token".
func (k Kind) String() string {
	if k >= Subject && k <= Token {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// MarshalText encodes the kind as its String, so an Entry travels as readable JSON.
func (k Kind) MarshalText() ([]byte, error) {
	if k < Subject || k > Token {
		return nil, fmt.Errorf("%w: kind %d", ErrInvalidRevocation, uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText decodes a kind MarshalText encoded.
func (k *Kind) UnmarshalText(text []byte) error {
	for i := Subject; i <= Token; i++ {
		if string(text) == kindNames[i] {
			*k = i
			return nil
		}
	}
	return fmt.Errorf("%w: unknown kind", ErrInvalidRevocation)
}

// Entry is one revocation, as Revoke applies it and as lists shared between replicas exchange it.
type Entry struct {
	// Kind says what ID names.
	Kind Kind `json:"kind"`
	// Issuer is the "iss" of the tokens revoked.
	Issuer string `json:"iss"`
	// ID is the subject, the session or the token identifier.
	ID string `json:"id"`
	// Time is the cut of a Subject or Session entry (tokens issued before it are revoked) and the
	// expiry of a Token entry.
	Time time.Time `json:"time"`
}

// check refuses an entry that names nothing, or too much.
func (e Entry) check() error {
	switch {
	case e.Kind < Subject || e.Kind > Token:
		return fmt.Errorf("%w: kind %d", ErrInvalidRevocation, uint8(e.Kind))
	case e.Issuer == "" || e.ID == "":
		return fmt.Errorf("%w: empty issuer or %s", ErrInvalidRevocation, e.Kind)
	case len(e.Issuer) > MaxIdentifierLength || len(e.ID) > MaxIdentifierLength:
		return fmt.Errorf("%w: issuer or %s longer than %d bytes", ErrInvalidRevocation, e.Kind, MaxIdentifierLength)
	case e.Time.IsZero():
		return fmt.Errorf("%w: no time", ErrInvalidRevocation)
	}
	return nil
}
