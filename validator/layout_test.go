package validator

import (
	"testing"
	"unsafe"
)

// TestHotStructsFillCacheLines guards the padding that keeps the structs every validation reads on
// cache lines of their own (see Validator and tokenCache): their sizes must be size classes that are
// multiples of 64 bytes.
func TestHotStructsFillCacheLines(t *testing.T) {
	if n := unsafe.Sizeof(Validator{}); n != 256 {
		t.Errorf("Validator is %d bytes, want 256", n)
	}
	if n := unsafe.Sizeof(tokenCache{}); n != 64 {
		t.Errorf("tokenCache is %d bytes, want 64", n)
	}
}
