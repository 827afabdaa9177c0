package main

// greeterService and greeterMethod name the demo's gRPC service. It is described by a hand-written
// grpc.ServiceDesc over protobuf's well-known StringValue messages, so it needs no generated code.
const (
	greeterService = "jwtguard.demo.v1.Greeter"
	greeterMethod  = "/" + greeterService + "/Hello"
)
