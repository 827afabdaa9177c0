package connectmw_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/jwtguard/jwtguard/connectmw"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/validator"
)

// The test service is written by hand over well-known message types, so no code is generated: the
// conformance table's health procedures (Check and List unary, Watch a server stream), a client
// stream and a bidi stream. Each answers with the subject of the claims in its context ("" for none).
const (
	procCollect = "/test.v1.Echo/Collect" // client stream
	procChat    = "/test.v1.Echo/Chat"    // bidi stream
	procOpen    = "/test.v1.Open/Get"     // unary, for skip and unlisted rules
)

// protocols are the three protocols connect-go speaks, as client options.
var protocols = map[string][]connect.ClientOption{
	"connect":  nil,
	"grpc":     {connect.WithGRPC()},
	"grpc-web": {connect.WithGRPCWeb()},
}

// subject returns the sub of the claims in ctx, "" without claims.
func subject(ctx context.Context) string {
	if claims, ok := validator.FromContext(ctx); ok {
		return claims.Subject
	}
	return ""
}

// server is a running test service: its base URL and a client for it.
type server struct {
	url    string
	client *http.Client
}

// serve starts the test service behind ic on a loopback TLS listener with HTTP/2, which the gRPC
// protocol and bidi streams need; it stops when the test ends. outer are interceptors around ic.
func serve(t testing.TB, ic *connectmw.Interceptor, outer ...connect.Interceptor) server {
	t.Helper()
	opts := []connect.HandlerOption{connect.WithInterceptors(append(outer, ic)...)}
	unary := func(ctx context.Context, _ *connect.Request[emptypb.Empty]) (*connect.Response[wrapperspb.StringValue], error) {
		return connect.NewResponse(wrapperspb.String(subject(ctx))), nil
	}
	mux := http.NewServeMux()
	for _, proc := range []string{conformance.MethodCheck, conformance.MethodList, procOpen} {
		mux.Handle(proc, connect.NewUnaryHandler(proc, unary, opts...))
	}
	mux.Handle(conformance.MethodWatch, connect.NewServerStreamHandler(conformance.MethodWatch,
		func(ctx context.Context, _ *connect.Request[emptypb.Empty], s *connect.ServerStream[wrapperspb.StringValue]) error {
			return s.Send(wrapperspb.String(subject(ctx)))
		}, opts...))
	mux.Handle(procCollect, connect.NewClientStreamHandler(procCollect,
		func(ctx context.Context, s *connect.ClientStream[emptypb.Empty]) (*connect.Response[wrapperspb.StringValue], error) {
			for s.Receive() {
			}
			return connect.NewResponse(wrapperspb.String(subject(ctx))), s.Err()
		}, opts...))
	mux.Handle(procChat, connect.NewBidiStreamHandler(procChat,
		func(ctx context.Context, s *connect.BidiStream[emptypb.Empty, wrapperspb.StringValue]) error {
			if _, err := s.Receive(); err != nil {
				return err
			}
			return s.Send(wrapperspb.String(subject(ctx)))
		}, opts...))
	srv := httptest.NewUnstartedServer(mux)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return server{url: srv.URL, client: srv.Client()}
}

// call makes one call to proc (its kind decides unary or which stream) with the given Authorization
// values, and returns the subject the handler saw, or the error.
func (s server) call(ctx context.Context, proc string, proto []connect.ClientOption, authorization ...string) (string, error) {
	return s.callWith(ctx, proc, proto, http.Header{"Authorization": authorization})
}

// callWith is call with the request's header fields given whole.
func (s server) callWith(ctx context.Context, proc string, proto []connect.ClientOption, header http.Header) (string, error) {
	setAuth := func(h http.Header) {
		for name, values := range header {
			for _, v := range values {
				h.Add(name, v)
			}
		}
	}
	switch proc {
	case conformance.MethodWatch:
		c := connect.NewClient[emptypb.Empty, wrapperspb.StringValue](s.client, s.url+proc, proto...)
		req := connect.NewRequest(&emptypb.Empty{})
		setAuth(req.Header())
		stream, err := c.CallServerStream(ctx, req)
		if err != nil {
			return "", err
		}
		defer stream.Close()
		if !stream.Receive() {
			return "", stream.Err()
		}
		return stream.Msg().GetValue(), nil
	case procCollect:
		c := connect.NewClient[emptypb.Empty, wrapperspb.StringValue](s.client, s.url+proc, proto...)
		stream := c.CallClientStream(ctx)
		setAuth(stream.RequestHeader())
		if err := stream.Send(&emptypb.Empty{}); err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		res, err := stream.CloseAndReceive()
		if err != nil {
			return "", err
		}
		return res.Msg.GetValue(), nil
	case procChat:
		c := connect.NewClient[emptypb.Empty, wrapperspb.StringValue](s.client, s.url+proc, proto...)
		stream := c.CallBidiStream(ctx)
		setAuth(stream.RequestHeader())
		if err := stream.Send(&emptypb.Empty{}); err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		_ = stream.CloseRequest()
		defer stream.CloseResponse()
		msg, err := stream.Receive()
		if err != nil {
			return "", err
		}
		return msg.GetValue(), nil
	default:
		c := connect.NewClient[emptypb.Empty, wrapperspb.StringValue](s.client, s.url+proc, proto...)
		req := connect.NewRequest(&emptypb.Empty{})
		setAuth(req.Header())
		res, err := c.CallUnary(ctx, req)
		if err != nil {
			return "", err
		}
		return res.Msg.GetValue(), nil
	}
}
