package jose

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
)

// maxObjectNames bounds ReadObject's names: presence is tracked in one machine word.
const maxObjectNames = 64

// ReadObject reads data, which must be exactly one JSON object, under the rules the validator applies
// to a header and claims: valid UTF-8, no duplicate member, no member named like one of names apart
// from letter case. members[i] receives the member named exactly names[i] (the zero Value when absent
// or null); other members are checked as JSON and skipped. A refusal is a Fault for the caller to
// turn into its own reason. It panics when names has more than 64 entries or members fewer than names:
// a programming error, not a property of the input.
func ReadObject(data []byte, names []string, members []Value) Fault {
	if len(names) > maxObjectNames || len(members) < len(names) {
		panic("jose: ReadObject: too many names, or fewer members than names")
	}
	match := func(name []byte) int {
		for i, n := range names {
			if n == string(name) {
				return i
			}
		}
		return -1
	}
	r := Reader{Data: data, Match: match, Registered: names}
	if f := r.Open(); f != None {
		return f
	}
	for {
		index, _, more, f := r.Next()
		if f != None {
			return f
		}
		if !more {
			return r.Close()
		}
		v, f := r.Value()
		if f != None {
			return f
		}
		if index >= 0 && v.Kind() != 'n' {
			members[index] = v
		}
	}
}

// Raw returns the value's JSON text, nil when absent.
func (v Value) Raw() []byte { return v.raw }

// Present reports whether the member was there and not null (a null member counts as absent).
func (v Value) Present() bool { return v.raw != nil && v.raw[0] != 'n' }

// Bool returns the member's boolean value, and ok false when it is absent or not a JSON boolean.
func (v Value) Bool() (value, ok bool) {
	if v.raw == nil {
		return false, false
	}
	switch v.Kind() {
	case 't':
		return true, true
	case 'f':
		return false, true
	}
	return false, false
}

// Object returns the raw JSON of the member when it is a JSON object, for ReadObject to read in turn,
// and false otherwise.
func (v Value) Object() (json.RawMessage, bool) {
	if v.raw == nil || v.Kind() != '{' {
		return nil, false
	}
	return v.raw, true
}

// NumericDate returns the member as an RFC 7519 NumericDate, and false when it is absent or not a JSON
// number (a string of digits is refused), exactly as the validator reads exp, nbf and iat.
func (v Value) NumericDate() (time.Time, bool) {
	var d NumericDate
	if v.raw == nil || !d.Set(v) {
		return time.Time{}, false
	}
	return d.Time(), true
}

// NumericDate is an RFC 7519 NumericDate: a JSON number of seconds since the epoch, possibly
// fractional. A string, even one holding digits, is refused.
type NumericDate struct {
	Present bool
	Seconds float64
}

// Set decodes v, a present non-null value, into d, reporting false when v is not a finite number.
func (d *NumericDate) Set(v Value) bool {
	if v.Kind() != '0' {
		return false
	}
	lit := v.raw
	// Fast path: a plain integer of up to 15 digits is exact in a float64, as ParseFloat would give it.
	if len(lit) <= 15 {
		var n int64
		plain := true
		for _, c := range lit {
			if c < '0' || c > '9' {
				plain = false
				break
			}
			n = n*10 + int64(c-'0')
		}
		if plain {
			d.Present, d.Seconds = true, float64(n)
			return true
		}
	}
	f, err := strconv.ParseFloat(stringView(lit), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return false
	}
	d.Present, d.Seconds = true, f
	return true
}

// maxUnixSeconds (about 35 000 years) keeps absurd dates such as 1e300 from overflowing time.Time
// arithmetic; no real token comes near it, so clamping there changes no verdict.
const maxUnixSeconds = 1 << 40

// Time converts the date, clamping it to ±maxUnixSeconds; the zero Time when absent. A present date
// can convert to the zero Time too (-62135596800 is 0001-01-01): a caller that must tell "absent"
// from that reads Present.
func (d NumericDate) Time() time.Time {
	if !d.Present {
		return time.Time{}
	}
	s := math.Max(-maxUnixSeconds, math.Min(maxUnixSeconds, d.Seconds))
	whole := math.Floor(s)
	return time.Unix(int64(whole), int64((s-whole)*1e9))
}
