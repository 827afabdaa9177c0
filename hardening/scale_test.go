package hardening

import "os"

// LoadEnv is the environment variable that turns on the full load and flood runs: JWTGUARD_LOAD=1 go
// test -race ./hardening. .ci/run sets it in a step of its own. Without it, go test ./... runs one
// quick case of each (the same code and assertions, with fewer requests), so a first test run takes
// minutes, not many.
const loadEnv = "JWTGUARD_LOAD"

// fullLoad reports whether the full load and flood runs were asked for.
func fullLoad() bool { return os.Getenv(loadEnv) == "1" }

// scaled returns full for the full runs, quick otherwise.
func scaled(full, quick int) int {
	if fullLoad() {
		return full
	}
	return quick
}
