package hardening

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/jwtguard/jwtguard/echomw"
	"github.com/jwtguard/jwtguard/ginmw"
	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/validator"
)

// answerHeaders are the response headers the adapters must agree on.
var answerHeaders = []string{"WWW-Authenticate", "Content-Type", "Cache-Control", "Retry-After", "Content-Length"}

// TestAttackCorpusEveryAdapter sends the corpus through the Echo and Gin adapters, which must answer
// byte for byte as nethttp does (status, the RFC 6750 headers, body) and admit exactly the valid
// tokens, and through the gRPC guard, which must admit the valid tokens and refuse every attack
// Unauthenticated with the reason code first in its message.
func TestAttackCorpusEveryAdapter(t *testing.T) {
	c := buildCorpus(t)
	reference := protected(c)

	gin.SetMode(gin.TestMode)
	e := echo.New()
	g := gin.New()
	authFuncs := map[string]func(context.Context) (context.Context, error){}
	for name, v := range c.validators {
		e.GET("/"+name, func(ctx echo.Context) error {
			if _, ok := echomw.Claims(ctx); !ok {
				return ctx.String(http.StatusTeapot, "no claims in context")
			}
			return ctx.String(http.StatusOK, "ok")
		}, echomw.Middleware(v))
		g.GET("/"+name, ginmw.Middleware(v), func(ctx *gin.Context) {
			if _, ok := ginmw.Claims(ctx); !ok {
				ctx.String(http.StatusTeapot, "no claims in context")
				return
			}
			ctx.String(http.StatusOK, "ok")
		})
		authFuncs[name] = grpcinterceptor.AuthFunc(v)
	}

	for _, ac := range c.cases {
		if ac.http < 0 {
			continue
		}
		t.Run(ac.class+"/"+ac.name, func(t *testing.T) {
			serve := func(h http.Handler) *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodGet, "/"+ac.cfg, nil)
				if ac.token != "" {
					req.Header.Set("Authorization", "Bearer "+ac.token)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				return rec
			}
			want := serve(reference)
			for name, h := range map[string]http.Handler{"echomw": e, "ginmw": g} {
				got := serve(h)
				if got.Code != want.Code {
					t.Fatalf("%s: status %d, nethttp %d", name, got.Code, want.Code)
				}
				if want.Code == http.StatusOK {
					continue
				}
				for _, hdr := range answerHeaders {
					if got.Header().Get(hdr) != want.Header().Get(hdr) {
						t.Errorf("%s: %s %q, nethttp %q", name, hdr, got.Header().Get(hdr), want.Header().Get(hdr))
					}
				}
				if got.Body.String() != want.Body.String() {
					t.Errorf("%s: body %q, nethttp %q", name, got.Body.String(), want.Body.String())
				}
			}

			ctx := context.Background()
			if ac.token != "" {
				ctx = metadata.NewIncomingContext(ctx, metadata.Pairs("authorization", "Bearer "+ac.token))
			}
			out, err := authFuncs[ac.cfg](ctx)
			checkGRPC(t, "AuthFunc", ac, err, func() bool {
				_, ok := validator.FromContext(out)
				return ok
			})
		})
	}
}

// expectedGRPC is the status code and message prefix the gRPC guard must answer a case with.
func expectedGRPC(ac attackCase) (codes.Code, string) {
	status, _, _ := expectedHTTP(ac)
	switch {
	case status == http.StatusOK:
		return codes.OK, ""
	case ac.token == "":
		return codes.Unauthenticated, "missing_token: "
	case status == http.StatusBadRequest:
		return codes.Unauthenticated, "invalid_request: "
	case status == http.StatusForbidden:
		return codes.PermissionDenied, wantCodes[ac.want] + ": "
	case ac.refusedBy != nil:
		return codes.Unauthenticated, wantCodes[ac.refusedBy] + ": "
	}
	return codes.Unauthenticated, wantCodes[ac.want] + ": "
}

// checkGRPC asserts a gRPC verdict; hasClaims reports whether the call went on with claims.
func checkGRPC(t *testing.T, how string, ac attackCase, err error, hasClaims func() bool) {
	t.Helper()
	code, prefix := expectedGRPC(ac)
	st, _ := status.FromError(err)
	if st.Code() != code {
		t.Fatalf("%s: gRPC code %v (%q), want %v", how, st.Code(), st.Message(), code)
	}
	if code == codes.OK {
		if !hasClaims() {
			t.Fatalf("%s: admitted without claims in the context", how)
		}
		return
	}
	if !strings.HasPrefix(st.Message(), prefix) {
		t.Errorf("%s: message %q, want prefix %q", how, st.Message(), prefix)
	}
	check := &leakCheck{tokens: []string{ac.token}, haystacks: []string{st.Message()}}
	for _, leak := range check.leaks() {
		t.Errorf("%s: token fragment in the status: %s", how, leak)
	}
}

// TestAttackCorpusGRPCLoopback calls a real gRPC server on loopback, guarded by the stream
// interceptor, with every token gRPC metadata can carry (printable ASCII).
func TestAttackCorpusGRPCLoopback(t *testing.T) {
	c := buildCorpus(t)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	// The service is unknown to the server, so the stream interceptor guards every call; the
	// handler answers only if it finds claims in the context.
	srv := grpc.NewServer(
		grpc.StreamInterceptor(grpcinterceptor.Stream(pickValidator(c))),
		grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
			if _, ok := validator.FromContext(stream.Context()); !ok {
				return status.Error(codes.Internal, "no claims in context")
			}
			var in emptypb.Empty
			if err := stream.RecvMsg(&in); err != nil {
				return err
			}
			return stream.SendMsg(&emptypb.Empty{})
		}),
	)
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	sent := 0
	for _, ac := range c.cases {
		if ac.http < 0 || ac.cfg != cfgDefault || !printableASCII(ac.token) || len(ac.token) > 15<<10 {
			continue // one configuration per server; gRPC's default header limit is 16 KiB
		}
		sent++
		t.Run(ac.class+"/"+ac.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if ac.token != "" {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+ac.token)
			}
			err := conn.Invoke(ctx, "/hardening.Probe/Call", &emptypb.Empty{}, &emptypb.Empty{})
			checkGRPC(t, "loopback", ac, err, func() bool { return true })
		})
	}
	t.Logf("gRPC corpus over loopback: %d cases", sent)
}

// pickValidator returns the corpus validator of the default configuration.
func pickValidator(c *corpus) *validator.Validator { return c.validators[cfgDefault] }

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
