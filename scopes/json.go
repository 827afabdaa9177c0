package scopes

import "encoding/json"

// MarshalJSON encodes the set as a JSON array of its scopes in ascending order; the empty set is [].
func (s Set) MarshalJSON() ([]byte, error) {
	if s.sorted == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(s.sorted)
}
