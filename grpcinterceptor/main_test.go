package grpcinterceptor_test

import (
	"testing"

	"go.uber.org/goleak"
	"google.golang.org/grpc/grpclog"

	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
)

// grpcLogs collects what grpc-go logs during the tests, so they can be searched for tokens. grpclog
// must be replaced before any gRPC call, hence here.
var grpcLogs = new(conformance.Logs)

func TestMain(m *testing.M) {
	grpclog.SetLoggerV2(grpclog.NewLoggerV2WithVerbosity(grpcLogs, grpcLogs, grpcLogs, 2))
	goleak.VerifyTestMain(m)
}
