// Package loadrun is the loopback load test behind the loadrun command: the same endpoint served with
// and without jwtguard's net/http middleware, driven by a Go client for a bounded number of requests.
package loadrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jwtguard/jwtguard/benchmarks/internal/cputime"
	"github.com/jwtguard/jwtguard/benchmarks/internal/fixture"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// Config bounds a run.
type Config struct {
	Requests    int // per server per round
	Concurrency int // client connections
	Rounds      int
}

// Result is one server's median round.
type Result struct {
	Name      string
	PerSec    float64       // requests per second, median over the rounds
	CPUPerReq time.Duration // process CPU time (client and server) per request, median over the rounds
	Rounds    []float64
	CPU       []time.Duration
	Requests  int
}

// server is one way of serving the endpoint.
type server struct {
	name    string
	handler http.Handler
}

// Run serves each variant on its own 127.0.0.1 listener and drives it cfg.Rounds times, the variants
// taking turns so that drift in the machine's load affects them alike. Progress goes to log.
func Run(ctx context.Context, cfg Config, log io.Writer) ([]Result, error) {
	if cfg.Requests <= 0 || cfg.Concurrency <= 0 || cfg.Rounds <= 0 {
		return nil, errors.New("requests, concurrency and rounds must be positive")
	}
	token := fixture.Get().Algs[0].Token // RS256, the most common
	uncached, keys, err := fixture.Validator()
	if err != nil {
		return nil, err
	}
	defer keys.Close()
	cached, keys2, err := fixture.Validator(validator.WithCache(1024))
	if err != nil {
		return nil, err
	}
	defer keys2.Close()

	endpoint := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	servers := []server{
		{"bare", endpoint},
		{"jwtguard", nethttp.Middleware(uncached)(endpoint)},
		{"jwtguard+cache", nethttp.Middleware(cached)(endpoint)},
	}
	results := make([]Result, len(servers))
	urls := make([]string, len(servers))
	for i, s := range servers {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = srv.Serve(ln) }()
		defer srv.Close()
		urls[i] = "http://" + ln.Addr().String() + "/orders"
		results[i].Name = s.name
	}
	for round := range cfg.Rounds {
		for i := range servers {
			perSec, cpu, err := drive(ctx, urls[i], token, cfg)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", servers[i].name, err)
			}
			results[i].Rounds = append(results[i].Rounds, perSec)
			results[i].CPU = append(results[i].CPU, cpu)
			fmt.Fprintf(log, "round %d %-15s %8.0f req/s %6.1f µs CPU/req\n", round+1, servers[i].name, perSec, micros(cpu))
		}
	}
	for i := range results {
		results[i].PerSec = median(results[i].Rounds)
		results[i].CPUPerReq = median(results[i].CPU)
		results[i].Requests = cfg.Requests * cfg.Rounds
	}
	return results, nil
}

func median[T float64 | time.Duration](xs []T) T {
	sorted := slices.Sorted(slices.Values(xs))
	return sorted[len(sorted)/2]
}

func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

// drive sends cfg.Requests requests to url over cfg.Concurrency kept-alive connections and returns
// the rate achieved and the process CPU time spent per request. Every answer must be 204.
func drive(ctx context.Context, url, token string, cfg Config) (perSec float64, cpuPerReq time.Duration, err error) {
	transport := &http.Transport{
		MaxIdleConns:        cfg.Concurrency,
		MaxIdleConnsPerHost: cfg.Concurrency,
		MaxConnsPerHost:     cfg.Concurrency,
		DisableCompression:  true,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}

	// Warm the connections and the server before timing.
	for range cfg.Concurrency {
		if err := get(ctx, client, url, token); err != nil {
			return 0, 0, err
		}
	}
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	cpuStart, start := cputime.Now(), time.Now()
	for range cfg.Concurrency {
		wg.Go(func() {
			for next.Add(1) <= int64(cfg.Requests) {
				if err := get(ctx, client, url, token); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed, cpu := time.Since(start), cputime.Now()-cpuStart
	if firstErr != nil {
		return 0, 0, firstErr
	}
	return float64(cfg.Requests) / elapsed.Seconds(), cpu / time.Duration(cfg.Requests), nil
}

func get(ctx context.Context, client *http.Client, url, token string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// Print writes the results as a Markdown table with each variant's ratio to the bare server.
func Print(w io.Writer, cfg Config, results []Result) {
	fmt.Fprintf(w, "%d requests x %d rounds per server, %d connections, 127.0.0.1, RS256 token; median round:\n\n", cfg.Requests, cfg.Rounds, cfg.Concurrency)
	fmt.Fprintln(w, "| server | requests/s | vs bare | CPU µs/request (client+server) | CPU added |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	bare := results[0]
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %.0f | %.3f | %.1f | %+.1f |\n", r.Name, r.PerSec, r.PerSec/bare.PerSec, micros(r.CPUPerReq), micros(r.CPUPerReq-bare.CPUPerReq))
	}
}
