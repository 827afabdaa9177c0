package introspect_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if an in-flight call, server or client goroutine outlives the tests.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
