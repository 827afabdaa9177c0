//go:build race

package introspect_test

const raceEnabled = true
