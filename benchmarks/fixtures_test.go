package benchmarks

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/benchmarks/internal/cputime"
	"github.com/jwtguard/jwtguard/benchmarks/internal/fixture"
	"github.com/jwtguard/jwtguard/validator"
)

const (
	issuer   = fixture.Issuer
	audience = fixture.Audience
)

type alg = fixture.Alg

// jwtguardValidator builds the validator every jwtguard benchmark uses (see fixture.Validator).
func jwtguardValidator(tb testing.TB, opts ...validator.Option) *validator.Validator {
	tb.Helper()
	v, keys, err := fixture.Validator(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = keys.Close() })
	return v
}

// forEachAlg runs one sub-benchmark per algorithm.
func forEachAlg(b *testing.B, run func(b *testing.B, a *alg)) {
	for _, a := range fixture.Get().Algs {
		b.Run(a.Name, func(b *testing.B) { run(b, a) })
	}
}

func TestTokensAreRealistic(t *testing.T) {
	for _, a := range fixture.Get().Algs {
		parts := strings.Split(a.Token, ".")
		t.Logf("%s: token %d bytes (header %d, payload %d, signature %d)", a.Name, len(a.Token), len(parts[0]), len(parts[1]), len(parts[2]))
		if a.Name == "RS256" && (len(a.Token) < 650 || len(a.Token) > 900) {
			t.Errorf("RS256 token is %d bytes, want about 700", len(a.Token))
		}
	}
}

// measure runs op in a b.Loop and reports, besides the usual figures, the process CPU time per
// operation (cpu-ns/op), which waiting for a core on a busy machine does not inflate.
func measure(b *testing.B, op func()) {
	b.ReportAllocs()
	n := 0
	start := cputime.Now()
	for b.Loop() {
		op()
		n++
	}
	reportCPU(b, start, n)
}

// measureParallel is measure under b.RunParallel: newOp is called once per goroutine.
func measureParallel(b *testing.B, newOp func() func()) {
	b.ReportAllocs()
	var n atomic.Int64
	start := cputime.Now()
	b.RunParallel(func(pb *testing.PB) {
		op := newOp()
		local := int64(0)
		for pb.Next() {
			op()
			local++
		}
		n.Add(local)
	})
	reportCPU(b, start, int(n.Load()))
}

func reportCPU(b *testing.B, start time.Duration, n int) {
	if n > 0 && start > 0 {
		b.ReportMetric(float64(cputime.Now()-start)/float64(n), "cpu-ns/op")
	}
}
