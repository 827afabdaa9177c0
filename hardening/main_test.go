package hardening

import (
	"bytes"
	"runtime"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the run if a goroutine outlives the tests: every jwks.Set, issuer, server and
// client connection the suite starts must be stopped by the time it ends.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(collectFirst{m})
}

// collectFirst runs the tests, then lets garbage-collected caches stop their goroutines before goleak
// looks. A Validator made WithCache has no Close: the otter cache behind it runs a clean-up goroutine
// that returns at its next tick (≤ 1 s) once the cache is unreachable and collected. A cache still
// reachable after the tests — a real leak — keeps its goroutine, and goleak reports it.
type collectFirst struct{ m *testing.M }

func (c collectFirst) Run() int {
	code := c.m.Run()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && cacheGoroutines(); {
		runtime.GC()
		time.Sleep(50 * time.Millisecond)
	}
	return code
}

// cacheGoroutines reports whether an otter clean-up goroutine is running.
func cacheGoroutines() bool {
	buf := make([]byte, 1<<20)
	return bytes.Contains(buf[:runtime.Stack(buf, true)], []byte("otter/v2.periodicCleanUp"))
}
