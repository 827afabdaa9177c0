package validator

import (
	"testing"
	"unsafe"
)

// TestHotStructsFillCacheLines guards the padding that keeps the structs every validation reads on
// cache lines of their own (see Validator and tokenCache): each must be a whole number of 64-byte
// lines with less than one line of padding, and the objects New allocates must start on a line.
func TestHotStructsFillCacheLines(t *testing.T) {
	for _, s := range []struct {
		name          string
		size, payload uintptr
	}{
		{"Validator", unsafe.Sizeof(Validator{}), unsafe.Sizeof(settings{})},
		{"tokenCache", unsafe.Sizeof(tokenCache{}), unsafe.Sizeof(cacheState{})},
	} {
		if s.size%64 != 0 || s.size-s.payload >= 64 {
			t.Errorf("%s is %d bytes for %d of fields: want the next multiple of 64", s.name, s.size, s.payload)
		}
	}
	var keep []*Validator
	for range 64 {
		v, err := New(nil, WithAnyIssuer(), WithAnyAudience(), WithAlgorithms("HS256"),
			WithSymmetricKey(make([]byte, 32)), WithCache(1))
		if err != nil {
			t.Fatal(err)
		}
		keep = append(keep, v) // keep them live so each comes from a fresh slot
		if p := uintptr(unsafe.Pointer(v)); p%64 != 0 {
			t.Fatalf("a Validator was allocated at %#x, not on a cache line", p)
		}
		if p := uintptr(unsafe.Pointer(v.cache)); p%64 != 0 {
			t.Fatalf("a tokenCache was allocated at %#x, not on a cache line", p)
		}
	}
	_ = keep
}
