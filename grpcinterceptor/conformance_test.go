package grpcinterceptor_test

import (
	"context"
	"net"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/validator"
)

// subjectHeader is the response header the recording interceptors set to the sub of the claims they
// find in the handler's context, so the client can tell the claims arrived.
const subjectHeader = "x-subject"

// recordUnary runs after the interceptor under test, where the service handler would.
func recordUnary(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if claims, ok := validator.FromContext(ctx); ok {
		_ = grpc.SetHeader(ctx, metadata.Pairs(subjectHeader, claims.Subject))
	}
	return handler(ctx, req)
}

// recordStream reads the claims through the stream's Context, which the interceptor must have wrapped.
func recordStream(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	if claims, ok := validator.FromContext(ss.Context()); ok {
		_ = ss.SetHeader(metadata.Pairs(subjectHeader, claims.Subject))
	}
	return handler(srv, ss)
}

// authUnary and authStream do what go-grpc-middleware v2's auth interceptors do with an AuthFunc.
func authUnary(f func(context.Context) (context.Context, error)) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		ctx, err := f(ctx)
		if err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

type contextStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s contextStream) Context() context.Context { return s.ctx }

func authStream(f func(context.Context) (context.Context, error)) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		ctx, err := f(ss.Context())
		if err != nil {
			return err
		}
		return handler(srv, contextStream{ss, ctx})
	}
}

// setupOptions returns the options of a GRPCSetup and the validator to use.
func setupOptions(t *testing.T, setup conformance.GRPCSetup, m *testtoken.Minter) (validator.TokenValidator, []grpcinterceptor.Option) {
	t.Helper()
	v, err := m.Validator()
	if err != nil {
		t.Fatal(err)
	}
	protected := []grpcinterceptor.Option{
		grpcinterceptor.WithSkipMethods(),
		grpcinterceptor.WithMethodScopes(conformance.GRPCMethodScopes),
	}
	switch setup {
	case conformance.GRPCProtected:
		return v, protected
	case conformance.GRPCDefaultSkip:
		return v, nil
	case conformance.GRPCOptional:
		return v, append(protected, grpcinterceptor.WithCredentialsOptional())
	case conformance.GRPCKeysDown:
		down, err := testtoken.UnavailableValidator()
		if err != nil {
			t.Fatal(err)
		}
		return down, protected
	}
	t.Fatalf("unknown setup %q", setup)
	return nil, nil
}

// serve starts a health server on a loopback listener behind the given interceptors and returns a
// client for it; both are stopped when the test ends.
func serve(t *testing.T, unary grpc.UnaryServerInterceptor, stream grpc.StreamServerInterceptor) healthpb.HealthClient {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(
		grpc.ChainUnaryInterceptor(unary, recordUnary),
		grpc.ChainStreamInterceptor(stream, recordStream))
	healthpb.RegisterHealthServer(srv, health.NewServer())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(lis)
	}()
	conn, err := grpc.NewClient("passthrough:///"+lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = conn.Close()
		srv.Stop()
		<-done
	})
	return healthpb.NewHealthClient(conn)
}

// call makes one call of a case and returns the subject header the server sent and its error.
func call(ctx context.Context, client healthpb.HealthClient, method string) (string, error) {
	var header metadata.MD
	switch method {
	case conformance.MethodCheck:
		_, err := client.Check(ctx, &healthpb.HealthCheckRequest{}, grpc.Header(&header))
		return first(header), err
	case conformance.MethodList:
		_, err := client.List(ctx, &healthpb.HealthListRequest{}, grpc.Header(&header))
		return first(header), err
	default:
		ctx, cancel := context.WithCancel(ctx)
		defer cancel() // ends the Watch, which would otherwise run until the server stops
		stream, err := client.Watch(ctx, &healthpb.HealthCheckRequest{})
		if err != nil {
			return "", err
		}
		if _, err := stream.Recv(); err != nil {
			return "", err
		}
		header, err = stream.Header()
		return first(header), err
	}
}

func first(md metadata.MD) string {
	if v := md.Get(subjectHeader); len(v) > 0 {
		return v[0]
	}
	return ""
}

func TestConformance(t *testing.T) {
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	tokens := conformance.MintTokens(m)
	logs := conformance.CaptureLogs(t)
	for _, mode := range []string{"interceptors", "AuthFunc"} {
		t.Run(mode, func(t *testing.T) {
			clients := make(map[conformance.GRPCSetup]healthpb.HealthClient)
			for _, setup := range conformance.GRPCSetups {
				v, opts := setupOptions(t, setup, m)
				clients[setup] = serveWith(t, mode, v, opts)
			}
			runGRPCCases(t, clients, tokens, conformance.GRPCCases)
		})
	}
	for _, text := range []string{logs.String(), grpcLogs.String()} {
		if name := tokens.LeakedIn(text); name != "" {
			t.Errorf("the logs hold the %s token:\n%s", name, text)
		}
	}
}

// serveWith serves the health service behind Unary and Stream with opts, or in mode "AuthFunc" behind
// AuthFunc as go-grpc-middleware would call it.
func serveWith(t *testing.T, mode string, v validator.TokenValidator, opts []grpcinterceptor.Option) healthpb.HealthClient {
	if mode == "AuthFunc" {
		f := grpcinterceptor.AuthFunc(v, opts...)
		return serve(t, authUnary(f), authStream(f))
	}
	return serve(t, grpcinterceptor.Unary(v, opts...), grpcinterceptor.Stream(v, opts...))
}

// runGRPCCases makes each call of cases to the client of its setup and checks the status, the claims
// the handler saw, and that the status holds no token.
func runGRPCCases(t *testing.T, clients map[conformance.GRPCSetup]healthpb.HealthClient, tokens conformance.Tokens, cases []conformance.GRPCCase) {
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			ctx := t.Context()
			for _, value := range c.Authorization {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", tokens.Expand(value))
			}
			subject, err := call(ctx, clients[c.Setup], c.Method)
			st := status.Convert(err)
			if st.Code() != c.Code || st.Message() != c.Message {
				t.Errorf("status = %v %q, want %v %q", st.Code(), st.Message(), c.Code, c.Message)
			}
			if subject != c.Subject {
				t.Errorf("claims subject in the handler's context = %q, want %q", subject, c.Subject)
			}
			if name := tokens.LeakedIn(st.Message()); name != "" {
				t.Errorf("the status holds the %s token", name)
			}
		})
	}
}
