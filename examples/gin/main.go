// Command gin serves a small orders API protected by jwtguard's Gin middleware, with keys
// discovered from an OpenID Connect issuer.
//
//	go run ./examples/gin -issuer https://idp.example.com -audience https://api.example.com
//
// GET /healthz is open; GET /me needs a valid access token; POST /orders also needs the
// orders:write scope.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/ginmw"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], func(addr net.Addr) { slog.Info("listening", "url", "http://"+addr.String()) })
	if err != nil {
		slog.Error("gin example", "err", err)
		os.Exit(1)
	}
}

// run serves until ctx is done; ready is told the address once the listener is open.
func run(ctx context.Context, args []string, ready func(net.Addr)) error {
	fs := flag.NewFlagSet("gin", flag.ContinueOnError)
	issuer := fs.String("issuer", "", "issuer URL of the identity provider (required)")
	audience := fs.String("audience", "", "audience this API accepts (required)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	keysTimeout := fs.Duration("keys-timeout", 10*time.Second, "how long to wait for the issuer's keys at start-up")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: go run ./examples/gin -issuer URL -audience AUD [flags]\n\n"+
			"Serves an orders API protected by jwtguard's Gin middleware, with keys discovered from the issuer.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // -h asked for the usage, which is printed: nothing to serve, nothing wrong
		}
		return err
	}
	if *issuer == "" || *audience == "" {
		return errors.New("-issuer and -audience are required")
	}

	keys, err := jwks.Discover(ctx, *issuer)
	if err != nil {
		return err
	}
	defer keys.Close()
	// Start serving only with keys in hand: a wrong -issuer or an issuer that is down is reported
	// here, instead of as a 503 on every request.
	waitCtx, cancel := context.WithTimeout(ctx, *keysTimeout)
	defer cancel()
	if err := keys.Ready(waitCtx); err != nil {
		return fmt.Errorf("no signing keys from issuer %s within %v (is -issuer right, and is the issuer up?): %w", *issuer, *keysTimeout, err)
	}
	v, err := validator.New(keys, validator.WithIssuer(*issuer), validator.WithAudience(*audience))
	if err != nil {
		return err
	}

	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: routes(v), ReadHeaderTimeout: 5 * time.Second}
	ready(lis.Addr())
	return serve(ctx, srv, lis)
}

func routes(v validator.TokenValidator) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())
	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok\n") })

	// One Guard, its options given once: the realm is in the 401 of Middleware and the 403 of Require.
	g := ginmw.New(v, ginmw.WithRealm("orders"))
	api := r.Group("", g.Middleware)
	api.GET("/me", func(c *gin.Context) {
		claims, _ := ginmw.Claims(c)
		c.String(http.StatusOK, "hello %s, your scopes: %s\n", claims.Subject, claims.Scopes)
	})
	api.POST("/orders", g.Require(scopes.All("orders:write")), func(c *gin.Context) {
		claims, _ := ginmw.Claims(c)
		c.String(http.StatusCreated, "order created for %s\n", claims.Subject)
	})
	return r
}

// serve runs srv on lis until ctx is done, then gives requests in flight a few seconds to finish.
func serve(ctx context.Context, srv *http.Server, lis net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lis) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
