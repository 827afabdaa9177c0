package conformance

import (
	"bytes"
	"log"
	"log/slog"
	"sync"
	"testing"
)

// Logs collects everything logged through log, slog and the test servers' error logs.
type Logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer; servers log from their own goroutines.
func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns what was logged so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// CaptureLogs routes the standard log and slog defaults into a Logs until the test ends. Tests that
// call it must not run in parallel: the defaults are process-wide.
func CaptureLogs(t testing.TB) *Logs {
	logs := new(Logs)
	oldSlog, oldOut, oldFlags := slog.Default(), log.Writer(), log.Flags()
	slog.SetDefault(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() {
		slog.SetDefault(oldSlog)
		log.SetOutput(oldOut)
		log.SetFlags(oldFlags)
	})
	return logs
}
