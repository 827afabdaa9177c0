package validator

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// registeredClaimNames are the payload members read by name; a member equal to one of them apart from
// letter case is refused (see scanObject).
var registeredClaimNames = []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "scp"}

// payload is the decoding target for the claims the validator checks. Unknown members are ignored
// here and remain available through Claims.Decode and Claims.Get.
type payload struct {
	Issuer    optionalString `json:"iss"`
	Subject   string         `json:"sub"`
	Audience  stringList     `json:"aud"`
	ExpiresAt numericDate    `json:"exp"`
	NotBefore numericDate    `json:"nbf"`
	IssuedAt  numericDate    `json:"iat"`
	ID        string         `json:"jti"`
	ClientID  string         `json:"client_id"`
	Scope     scopeList      `json:"scope"`
	Scp       scopeList      `json:"scp"`
}

var errNotNumericDate = errors.New("not a NumericDate")

// numericDate is an RFC 7519 NumericDate: a JSON number of seconds since the epoch, possibly
// fractional. A string, even one holding digits, is refused.
type numericDate struct {
	present bool
	seconds float64
}

func (d *numericDate) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	if len(data) == 0 || (data[0] != '-' && (data[0] < '0' || data[0] > '9')) {
		return errNotNumericDate
	}
	f, err := strconv.ParseFloat(string(data), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return errNotNumericDate
	}
	d.present, d.seconds = true, f
	return nil
}

// maxUnixSeconds (about 35 000 years) keeps absurd dates such as 1e300 from overflowing time.Time
// arithmetic; no real token comes near it, so clamping there changes no verdict.
const maxUnixSeconds = 1 << 40

// time converts the date, clamping it to ±maxUnixSeconds.
func (d numericDate) time() time.Time {
	s := math.Max(-maxUnixSeconds, math.Min(maxUnixSeconds, d.seconds))
	whole := math.Floor(s)
	return time.Unix(int64(whole), int64((s-whole)*1e9))
}

// optionalString is a string claim that remembers whether it was present.
type optionalString struct {
	present bool
	value   string
}

func (s *optionalString) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	if err := json.Unmarshal(data, &s.value); err != nil {
		return err
	}
	s.present = true
	return nil
}

// stringList is the "aud" shape: a single string or an array of strings (RFC 7519 §4.1.3).
type stringList struct {
	present bool
	values  []string
}

func (l *stringList) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	l.present = true
	if len(data) > 0 && data[0] == '"' {
		var one string
		if err := json.Unmarshal(data, &one); err != nil {
			return err
		}
		l.values = []string{one}
		return nil
	}
	return json.Unmarshal(data, &l.values)
}

// scopeList is a scope claim: a space-separated string, or an array of strings.
type scopeList struct {
	values []string
}

func (l *scopeList) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		var joined string
		if err := json.Unmarshal(data, &joined); err != nil {
			return err
		}
		l.values = strings.Fields(joined)
		if l.values == nil {
			l.values = []string{}
		}
		return nil
	}
	if err := json.Unmarshal(data, &l.values); err != nil {
		return err
	}
	if l.values == nil {
		l.values = []string{}
	}
	return nil
}
