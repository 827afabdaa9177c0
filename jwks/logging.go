package jwks

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"
)

// sourceAttrs names where keys come from, leaving out what is not known (a Static set has no URL, a
// Set made by New no issuer) rather than logging empty values.
func sourceAttrs(url, issuer string) []any {
	attrs := make([]any, 0, 4)
	if url != "" {
		attrs = append(attrs, "url", url)
	}
	if issuer != "" {
		attrs = append(attrs, "issuer", issuer)
	}
	return slices.Clip(attrs) // appending copies, so one result can start several records
}

// errorAttr logs err on one line: a joined error (discovery tries several locations) or a library's
// message may hold newlines, which split a log record in line-oriented collectors.
func errorAttr(err error) slog.Attr {
	return slog.String("error", oneLine(err))
}

func oneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}

// keyAttrs describes snap for a log record: where it came from, how many keys, which kids, the epoch.
// Key material is never logged. It takes s.mu; callers must not hold it.
func (s *Set) keyAttrs(snap *snapshot) []any {
	s.mu.Lock()
	url := s.jwksURL
	s.mu.Unlock()
	return append(sourceAttrs(url, s.issuer), "keys", snap.count, "kids", snap.kids, "epoch", s.Epoch())
}

// logKeys reports a key set installed over old (nil: the first one).
func (s *Set) logKeys(old, next *snapshot) {
	msg := "jwks: keys changed"
	if old == nil {
		msg = "jwks: keys loaded"
	}
	s.cfg.logger.InfoContext(s.ctx, msg, s.keyAttrs(next)...)
}

// logParse reports what parsing left out: each skipped key and any private material dropped.
func (s *Set) logParse(ctx context.Context, url string, p parsedSet) {
	src := sourceAttrs(url, s.issuer)
	for _, sk := range p.skipped {
		s.cfg.logger.WarnContext(ctx, "jwks: skipping key", append(src, "index", sk.index, "kid", sk.kid, "reason", oneLine(sk.reason))...)
	}
	if p.private > 0 {
		s.cfg.logger.WarnContext(ctx, "jwks: JWK Set publishes private key material; only public parts are used", append(src, "keys", p.private)...)
	}
}

// logFailure reports a failed fetch and what lookups answer meanwhile.
func (s *Set) logFailure(err error, retry time.Duration) {
	s.mu.Lock()
	url, held, usable := s.jwksURL, s.held != nil, s.snap.Load() != nil
	s.mu.Unlock()
	level, msg := slog.LevelWarn, "jwks: refresh failed, keeping current keys"
	switch {
	case !held:
		level, msg = slog.LevelError, "jwks: fetch failed, no keys yet"
	case !usable:
		level, msg = slog.LevelError, "jwks: refresh failed, keys stay expired"
	}
	s.cfg.logger.Log(s.ctx, level, msg, append(sourceAttrs(url, s.issuer), errorAttr(err), "retry_in", retry)...)
}
