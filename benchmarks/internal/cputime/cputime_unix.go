//go:build unix

// Package cputime reads the CPU time the process has used. On a machine shared with other work, CPU
// time per operation is far steadier than wall-clock time: it does not grow while the process waits
// for a core.
package cputime

import (
	"syscall"
	"time"
)

// Now returns the CPU time (user + system, all threads) this process has used so far, or 0 when it
// cannot be read.
func Now() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
