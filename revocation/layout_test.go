package revocation

import (
	"testing"
	"unsafe"
)

// TestHotStructsFillCacheLines guards the padding that keeps what Revoked reads on cache lines of
// its own: the structs are whole 64-byte lines, and allocations start on a line.
func TestHotStructsFillCacheLines(t *testing.T) {
	if s := unsafe.Sizeof(Memory{}); s%64 != 0 {
		t.Errorf("Memory is %d bytes, not a multiple of 64", s)
	}
	if s := unsafe.Sizeof(filter{}); s != 64 {
		t.Errorf("filter is %d bytes, not 64", s)
	}
	var keep []*Memory
	for range 64 {
		m := NewMemory()
		keep = append(keep, m)
		if p := uintptr(unsafe.Pointer(m)); p%64 != 0 {
			t.Fatalf("a Memory was allocated at %#x, not on a cache line", p)
		}
		if p := uintptr(unsafe.Pointer(m.filter.Load())); p%64 != 0 {
			t.Fatalf("a filter was allocated at %#x, not on a cache line", p)
		}
	}
	_ = keep
}
