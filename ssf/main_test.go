package ssf_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a poller, server or client goroutine outlives the tests.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
