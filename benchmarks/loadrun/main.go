// Command loadrun serves the same endpoint on loopback net/http servers with and without jwtguard's
// middleware, drives each with a Go client for a bounded number of requests, and reports requests per
// second and their ratio.
//
//	go run ./loadrun [-n 20000] [-c 8] [-rounds 3] [-timeout 2m]
//
// It listens on 127.0.0.1 only, sends a fixed number of requests per round and gives up when the
// timeout passes. The client shares the machine with the servers, as in any single-host load test.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/jwtguard/jwtguard/benchmarks/internal/loadrun"
)

func main() {
	var cfg loadrun.Config
	flag.IntVar(&cfg.Requests, "n", 20000, "requests per server per round")
	flag.IntVar(&cfg.Concurrency, "c", 8, "concurrent client connections")
	flag.IntVar(&cfg.Rounds, "rounds", 3, "rounds; the servers take turns and each one's median round is reported")
	timeout := flag.Duration("timeout", 2*time.Minute, "give up after this long")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	results, err := loadrun.Run(ctx, cfg, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadrun:", err)
		if errors.Is(err, context.DeadlineExceeded) {
			os.Exit(2)
		}
		os.Exit(1)
	}
	loadrun.Print(os.Stdout, cfg, results)
}
