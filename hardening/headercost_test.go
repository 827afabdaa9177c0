//go:build unix

package hardening

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

// BenchmarkHostileHeader is issue 14 item 5's measure: what Validate spends on a hostile header of a
// token of the maximum size, against one valid RS256 validation. The goal is at most 1×.
//
//	go test -run '^$' -bench HostileHeader -benchmem -count 10 ./hardening
//
// The hostile tokens name a kid the key source does not hold, so what is measured is all the work done
// before any signature check, on input anyone can send. Besides ns/op each case reports cpu-ns/op,
// the process's CPU time per operation, which stays steady on a machine shared with other work.
func BenchmarkHostileHeader(b *testing.B) {
	k := loadKeys()
	set, err := jwks.Static(trustedJWKS(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = set.Close() })
	v := newValidator(b, set)
	body := jsonOf(b, claimsAt(time.Now()))
	unknownKid := func(header string) string { return strings.Replace(header, `"kid":"rsa-1"`, `"kid":"rsa-9"`, 1) }
	// fill pads a token to the maximum size with a claim, so every hostile token is 16 KiB.
	fill := func(header string) string {
		return sizedWithHeader(b, header, validator.DefaultMaxTokenSize)
	}
	// The longest header the bounds admit, in the ways that cost the reader most per byte: escaped
	// names, names that share a long prefix (the duplicate check compares them), an array of numbers,
	// a string of escapes; and, refused, one member nested as deep as the bytes allow.
	long := `{"alg":"RS256","kid":"rsa-9"`
	for i := range validator.MaxHeaderMembers - 2 {
		long += `,"` + strings.Repeat("n", validator.MaxHeaderBytes/validator.MaxHeaderMembers-12) + itoa(i+10) + `":0`
	}
	long += "}"
	depth := (validator.MaxHeaderBytes - 40) / 2
	nested := `{"alg":"RS256","kid":"rsa-9","x":` + nest(depth) + `}`
	numbers := `{"alg":"RS256","kid":"rsa-9","x":[` + strings.Repeat("0,", (validator.MaxHeaderBytes-40)/2) + `0]}`
	escapes := `{"alg":"RS256","kid":"rsa-9","x":"` + strings.Repeat(`\u00e9`, (validator.MaxHeaderBytes-40)/6) + `"}`

	cases := []struct{ name, token string }{
		{"valid-RS256", compact(b, jsonOf(b, hdr("RS256", "rsa-1")), body, "RS256", k.rsa)},
		{"review-16KiB-1000-escaped-names", escapedNamesToken(b, body, validator.DefaultMaxTokenSize)},
		{"bound-escaped-names", fill(unknownKid(headerOfMembers(validator.MaxHeaderMembers, validator.MaxHeaderBytes)))},
		{"bound-long-names", fill(long)},
		{"bound-numbers", fill(numbers)},
		{"bound-escaped-string", fill(escapes)},
		{"nested-max-bytes", fill(nested)},
	}
	ctx := context.Background()
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			_, want := v.Validate(ctx, tc.token)
			if tc.name == "valid-RS256" && want != nil {
				b.Fatal(want)
			}
			if tc.name != "valid-RS256" && want == nil {
				b.Fatal("hostile token accepted")
			}
			b.SetBytes(int64(len(tc.token)))
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				_, _ = v.Validate(ctx, tc.token)
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// sizedWithHeader returns a token of about size bytes (at most size, at least size-3) with the given
// header, valid claims padded to fill, and an RSA-2048-sized signature of zeros.
func sizedWithHeader(t testing.TB, header string, size int) string {
	t.Helper()
	head := b64s(header) + "."
	sig := "." + strings.Repeat("A", 342)
	claims := jsonOf(t, claimsAt(time.Now()))
	for pad := size - len(head) - len(sig); pad >= 0; pad-- {
		p := b64s(claims[:len(claims)-1] + `,"p":"` + strings.Repeat("p", pad) + `"}`)
		if len(head)+len(p)+len(sig) <= size {
			return head + p + sig
		}
	}
	t.Fatal("sizedWithHeader: header too large")
	return ""
}

// cpuTime is the CPU time (user + system, all threads) the process has used so far. The benchmarks
// module measures the same way (benchmarks/internal/cputime), which this module cannot import.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
