package benchmarks

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/benchmarks/internal/loadrun"
)

// TestLoadRunSmoke runs the loopback load test in miniature, so the program keeps working; the numbers
// in README.md come from `go run ./loadrun`.
func TestLoadRunSmoke(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := loadrun.Config{Requests: 200, Concurrency: 4, Rounds: 1}
	results, err := loadrun.Run(ctx, cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 {
		t.Fatalf("got %d results", len(results))
	}
	for _, r := range results {
		if r.PerSec <= 0 {
			t.Errorf("%s: %v req/s", r.Name, r.PerSec)
		}
	}
}
