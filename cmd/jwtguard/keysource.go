package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/jwtguard/jwtguard/jwks"
)

// openKeys builds the key source the flags name: a JWK Set URL (refreshed as an API would), a JWK
// Set file (jwks.Static), or OIDC / RFC 8414 discovery from an issuer URL. Whatever jwks logs
// (skipped keys, failed fetches) goes to notes, so that the contract's first stderr line comes first.
func openKeys(ctx context.Context, jwksArg, discover string, timeout time.Duration, notes *slog.Logger) (*jwks.Set, error) {
	opts := []jwks.Option{jwks.WithLogger(notes), jwks.WithHTTPTimeout(timeout)}
	switch {
	case discover != "":
		return jwks.Discover(ctx, discover, opts...)
	case strings.HasPrefix(jwksArg, "https://") || strings.HasPrefix(jwksArg, "http://"):
		return jwks.New(ctx, jwksArg, opts...)
	}
	data, err := os.ReadFile(jwksArg)
	if err != nil {
		return nil, fmt.Errorf("read JWKS file: %w", err)
	}
	set, err := jwks.Static(data, opts...)
	if err != nil {
		return nil, fmt.Errorf("JWKS file %s: %w", jwksArg, err)
	}
	return set, nil
}

// noteBuffer holds log lines until the command has written its result line. The jwks refresher
// may log from its own goroutine, hence the lock.
type noteBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (n *noteBuffer) Write(p []byte) (int, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.buf.Write(p)
}

func (n *noteBuffer) String() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.buf.String()
}

// logger returns a logger writing "note: ..." lines into n. Notes are for what went wrong (skipped
// keys, failed fetches); jwks's Info records, such as the keys it loaded, are not worth a note.
func (n *noteBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(n, &slog.HandlerOptions{
		Level: slog.LevelWarn,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{} // the command's run is short; times are noise
			}
			return a
		},
	}))
}
