package revocation_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/revocation"
	"github.com/jwtguard/jwtguard/validator"
)

// TestAdaptersAnswerRevoked checks the answer a revoked token gets end to end: HTTP 401 with
// error="invalid_token" (RFC 6750), gRPC Unauthenticated, both from the one reason table.
func TestAdaptersAnswerRevoked(t *testing.T) {
	const aud = "https://api.example.com"
	iss := issuertest.New(t)
	keys, err := jwks.Static(iss.JWKS(), jwks.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer keys.Close()
	list := revocation.NewMemory()
	v, err := validator.New(keys, validator.WithIssuer(iss.URL()), validator.WithAudience(aud), validator.WithRevocation(list))
	if err != nil {
		t.Fatal(err)
	}
	token := iss.MustMint(t, issuertest.WithAudience(aud), issuertest.WithSubject("alice"))
	if err := list.RevokeSubject(context.Background(), iss.URL(), "alice", time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}

	srv := httptest.NewServer(nethttp.Middleware(v)(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		t.Error("the handler ran for a revoked token")
	})))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if challenge := resp.Header.Get("WWW-Authenticate"); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(challenge, `error="invalid_token"`) {
		t.Errorf("HTTP %d, WWW-Authenticate %q", resp.StatusCode, challenge)
	}
	if strings.Contains(string(body), token) || strings.Contains(resp.Header.Get("WWW-Authenticate"), token) {
		t.Error("the answer echoes the token")
	}

	ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs("authorization", "Bearer "+token))
	_, err = grpcinterceptor.AuthFunc(v, grpcinterceptor.WithLogger(slog.New(slog.DiscardHandler)))(ctx)
	if code := status.Code(err); code != codes.Unauthenticated {
		t.Errorf("gRPC %v, want Unauthenticated", code)
	}
}
