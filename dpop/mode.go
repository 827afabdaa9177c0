package dpop

// Mode says which authorization schemes a route accepts once DPoP is enabled on it.
type Mode uint8

const (
	// Allowed accepts both "Authorization: Bearer" (unbound tokens only) and "Authorization: DPoP"
	// requests; the 401 answer offers both challenges.
	Allowed Mode = iota + 1
	// Required accepts only "Authorization: DPoP" requests with a valid proof.
	Required
)

// String returns "allowed" or "required".
func (m Mode) String() string {
	switch m {
	case Allowed:
		return "allowed"
	case Required:
		return "required"
	}
	return "invalid"
}

// Valid reports whether m is Allowed or Required, so an adapter refuses a zero or garbled Mode at
// construction instead of guessing.
func (m Mode) Valid() bool { return m == Allowed || m == Required }
