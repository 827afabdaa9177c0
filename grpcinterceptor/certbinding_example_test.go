package grpcinterceptor_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/issuertest"
)

// bindingSetup builds the validator of exampleSetup; its mint takes issuertest's options, such as
// WithCertificate, which binds the token to a client certificate.
func ExampleWithCertificateBinding() {
	v, mint, cleanup := bindingSetup()
	defer cleanup()
	// In a server: grpc.NewServer(grpc.Creds(credentials.NewTLS(&tls.Config{ClientAuth:
	// tls.VerifyClientCertIfGiven, ClientCAs: clientCAs, ...})), grpc.UnaryInterceptor(check)).
	check := grpcinterceptor.Unary(v, grpcinterceptor.WithCertificateBinding())

	// The client's certificate as the TLS handshake delivers it (here a stand-in: only its DER counts).
	cert := &x509.Certificate{Raw: []byte("DER of the client certificate")}
	token := mint(issuertest.WithCertificate(cert))
	handler := func(context.Context, any) (any, error) { return "hello", nil }
	info := &grpc.UnaryServerInfo{FullMethod: "/orders.v1.Orders/List"}
	for _, presented := range [][]*x509.Certificate{{cert}, nil} {
		ctx := peer.NewContext(context.Background(), &peer.Peer{
			AuthInfo: credentials.TLSInfo{State: tls.ConnectionState{PeerCertificates: presented}},
		})
		ctx = metadata.NewIncomingContext(ctx, metadata.Pairs("authorization", "Bearer "+token))
		reply, err := check(ctx, nil, info, handler)
		fmt.Println(reply, err)
	}
	// Output:
	// hello <nil>
	// <nil> rpc error: code = Unauthenticated desc = certificate_mismatch: the token is bound to a client certificate and none was presented
}
