package revocation_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/revocation"
)

// BenchmarkRevoked measures the check alone, with 20,000 entries of the three kinds held, for a token
// that is not revoked (the common case). The validator's cost with and without it is in benchmarks/.
func BenchmarkRevoked(b *testing.B) {
	ctx := context.Background()
	l := revocation.NewMemory()
	now := time.Now()
	for i := range 20_000 {
		e := revocation.Entry{Kind: revocation.Kind(i%3 + 1), Issuer: iss, ID: fmt.Sprint("id-", i), Time: now}
		if _, err := l.Revoke(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if l.Revoked(iss, "a6c1f0e4-5b3e-4d0c-9f59-1c0c2ad0e6f1", "7f0c2b1e-session", "0d4b1e7a-92f0-4c1e-b1c4-2fd3b7a0e9c5", now) {
			b.Fatal("revoked")
		}
	}
}
