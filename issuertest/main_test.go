package issuertest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any server, handler or client goroutine outlives the tests.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
