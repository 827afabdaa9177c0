// Package conformance holds the one table of requests and expected answers that every adapter must
// reproduce exactly — status, WWW-Authenticate and body for the HTTP adapters, code and message for
// the gRPC interceptor — together with the harness that runs the HTTP table against a real server.
//
// The table is the proof that the protocol answer is written in one place: nethttp, echomw and ginmw
// each run RunHTTP with a Build of their own and must match it byte for byte. RunDPoP does the same
// with DPoPCases (RFC 9449, one case per rule) and RunCertificateBinding with CertCases (RFC 8705,
// over mutual TLS with a PKI made for the test).
package conformance
