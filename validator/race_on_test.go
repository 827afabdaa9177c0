//go:build race

package validator_test

// raceEnabled is true in -race builds, where the race detector's own allocations make allocation counts
// meaningless.
const raceEnabled = true
