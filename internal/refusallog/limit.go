package refusallog

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// LinesPerSecond is how many refusal lines a logger made by Limit writes a second. A client can make
// a server refuse thousands of requests a second; their lines would bury everything else in the log
// and cost the server more than the refusals themselves. The lines beyond it are counted and reported
// in one line (SuppressedMessage) when the second is over.
const LinesPerSecond = 20

// SuppressedMessage is the message of the line that reports refusal lines left out by the limit.
const SuppressedMessage = "jwtguard: refusal lines suppressed"

// Limit returns a logger writing to l's handler whose refusal lines (Log) are limited to
// LinesPerSecond a second; every other line it writes passes unchanged. nil gives nil, and a logger
// Limit made is returned as it is. Adapters call it when a WithLogger option is applied, so every
// route or method of one guard shares the limit.
func Limit(l *slog.Logger) *slog.Logger {
	if l == nil {
		return nil
	}
	if _, ok := l.Handler().(*limited); ok {
		return l
	}
	return slog.New(&limited{Handler: l.Handler(), limiter: &limiter{perWindow: LinesPerSecond, window: time.Second}})
}

// limited marks a handler whose refusal lines are limited; it writes what it is given unchanged.
type limited struct {
	slog.Handler
	*limiter
}

// limiter counts refusal lines in fixed windows.
type limiter struct {
	perWindow int
	window    time.Duration

	mu         sync.Mutex
	start      time.Time // of the current window
	lines      int       // written in the current window
	suppressed int       // left out since the last report
	reporting  bool      // a report is scheduled
}

// admit reports whether a refusal line may be written on l now; when it may not, the line is counted
// and a report of the count is scheduled for the end of the window. Loggers not made by Limit write
// every line.
func admit(l *slog.Logger) bool {
	h, ok := l.Handler().(*limited)
	if !ok {
		return true
	}
	lim := h.limiter
	now := time.Now()
	lim.mu.Lock()
	defer lim.mu.Unlock()
	if now.Sub(lim.start) >= lim.window {
		lim.start, lim.lines = now, 0
	}
	if lim.lines < lim.perWindow {
		lim.lines++
		return true
	}
	lim.suppressed++
	if !lim.reporting {
		lim.reporting = true
		time.AfterFunc(lim.start.Add(lim.window).Sub(now), func() { lim.report(l) })
	}
	return false
}

// report writes the count of lines left out since the last report, at Warn: a flood of refusals is
// worth an operator's attention even when each refusal is not.
func (lim *limiter) report(l *slog.Logger) {
	lim.mu.Lock()
	n := lim.suppressed
	lim.suppressed, lim.reporting = 0, false
	lim.mu.Unlock()
	if n > 0 {
		l.LogAttrs(context.Background(), slog.LevelWarn, SuppressedMessage,
			slog.Int("suppressed", n), slog.Int("lines_per_second", lim.perWindow))
	}
}
