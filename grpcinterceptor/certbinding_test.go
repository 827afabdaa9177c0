package grpcinterceptor_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/internal/thumbprint"
)

// TestCertificateBinding proves RFC 8705 over a real mutual-TLS loopback gRPC server: a token bound
// to a client certificate passes only with that certificate, unary and streaming, while unbound
// tokens and servers without WithCertificateBinding are unaffected.
func TestCertificateBinding(t *testing.T) {
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	pki := conformance.NewPKI(t)
	bound := m.Token(testtoken.Claim("cnf", map[string]any{"x5t#S256": thumbprint.Certificate(pki.Client.Leaf)}))
	unbound := m.Token()

	const (
		mismatch    = "certificate_mismatch: the client certificate is not the one the token is bound to"
		none        = "certificate_mismatch: the token is bound to a client certificate and none was presented"
		unsupported = "unsupported_binding: the token is bound (cnf x5t#S256) and this resource does not check that binding"
	)
	tests := []struct {
		name        string
		binding     bool
		certificate *tls.Certificate
		token       string
		code        codes.Code
		message     string
	}{
		{"bound token with its certificate", true, &pki.Client, bound, codes.OK, ""},
		{"bound token with another certificate", true, &pki.Other, bound, codes.Unauthenticated, mismatch},
		{"bound token without a certificate", true, nil, bound, codes.Unauthenticated, none},
		{"unbound token without a certificate", true, nil, unbound, codes.OK, ""},
		{"unbound token with a certificate", true, &pki.Other, unbound, codes.OK, ""},
		{"without WithCertificateBinding", false, &pki.Other, bound, codes.Unauthenticated, unsupported},
		{"without WithCertificateBinding, with its certificate", false, &pki.Client, bound, codes.Unauthenticated, unsupported},
		{"without WithCertificateBinding, unbound", false, &pki.Other, unbound, codes.OK, ""},
	}
	serverCert := conformance.NewServerCertificate(t, "127.0.0.1")
	addrs := map[bool]string{false: serveTLS(t, m, serverCert, pki.Pool, false), true: serveTLS(t, m, serverCert, pki.Pool, true)}
	serverPool := x509.NewCertPool()
	serverPool.AddCert(serverCert.Leaf)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &tls.Config{RootCAs: serverPool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
			if tt.certificate != nil {
				cfg.Certificates = []tls.Certificate{*tt.certificate}
			}
			conn, err := grpc.NewClient(addrs[tt.binding], grpc.WithTransportCredentials(credentials.NewTLS(cfg)))
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = conn.Close() }()
			client := healthpb.NewHealthClient(conn)
			ctx := metadata.AppendToOutgoingContext(t.Context(), "authorization", "Bearer "+tt.token)
			_, err = client.Check(ctx, &healthpb.HealthCheckRequest{})
			checkStatus(t, "unary", err, tt.code, tt.message)
			stream, err := client.Watch(ctx, &healthpb.HealthCheckRequest{})
			if err == nil {
				_, err = stream.Recv()
			}
			checkStatus(t, "stream", err, tt.code, tt.message)
		})
	}
}

func checkStatus(t *testing.T, kind string, err error, code codes.Code, message string) {
	t.Helper()
	st := status.Convert(err)
	if st.Code() != code || (code != codes.OK && st.Message() != message) {
		t.Errorf("%s: status %v %q, want %v %q", kind, st.Code(), st.Message(), code, message)
	}
}

// serveTLS starts a gRPC health server on loopback, with certificate cert, that asks for client
// certificates of clientCAs,
// protected by both interceptors (with WithCertificateBinding when binding), and returns its address.
func serveTLS(t *testing.T, m *testtoken.Minter, cert tls.Certificate, clientCAs *x509.CertPool, binding bool) string {
	t.Helper()
	v, err := m.Validator()
	if err != nil {
		t.Fatal(err)
	}
	opts := []grpcinterceptor.Option{grpcinterceptor.WithSkipMethods()}
	if binding {
		opts = append(opts, grpcinterceptor.WithCertificateBinding())
	}
	creds := credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.VerifyClientCertIfGiven,
		ClientCAs:    clientCAs,
		MinVersion:   tls.VersionTLS12,
	})
	srv := grpc.NewServer(grpc.Creds(creds),
		grpc.UnaryInterceptor(grpcinterceptor.Unary(v, opts...)),
		grpc.StreamInterceptor(grpcinterceptor.Stream(v, opts...)))
	hs := health.NewServer()
	healthpb.RegisterHealthServer(srv, hs)
	lis, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(func() {
		hs.Shutdown()
		srv.Stop()
	})
	return lis.Addr().String()
}
