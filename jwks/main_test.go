package jwks

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any goroutine outlives the tests: every Set must stop its loop on Close.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
