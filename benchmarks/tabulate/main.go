// Command tabulate turns the output of `go test -bench` in this module into the Markdown tables of
// README.md: the median of every benchmark's runs (ns/op, B/op, allocs/op) and the ratios the targets
// are stated in, all computed from the one output it reads.
//
//	go test -run '^$' -bench . -benchmem -count 10 . | tee results.txt
//	go run ./tabulate results.txt
package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// key names one benchmark at one GOMAXPROCS.
type key struct {
	name  string // without "Benchmark" and the -N suffix
	procs int
}

type samples map[string][]float64 // unit → values

type data struct {
	config  []string // goos, goarch, cpu lines, in order of appearance
	results map[key]samples
	maxProc int
}

func main() {
	d := &data{results: map[key]samples{}}
	if len(os.Args) < 2 {
		d.read(os.Stdin)
	}
	for _, path := range os.Args[1:] {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		d.read(f)
		f.Close()
	}
	if len(d.results) == 0 {
		fmt.Fprintln(os.Stderr, "tabulate: no benchmark results in the input")
		os.Exit(1)
	}
	d.print(os.Stdout)
}

func (d *data) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, prefix := range []string{"goos:", "goarch:", "cpu:"} {
			if strings.HasPrefix(line, prefix) && !slices.Contains(d.config, line) {
				d.config = append(d.config, line)
			}
		}
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 {
			continue
		}
		name, procs := splitProcs(strings.TrimPrefix(fields[0], "Benchmark"))
		d.maxProc = max(d.maxProc, procs)
		k := key{name, procs}
		if d.results[k] == nil {
			d.results[k] = samples{}
		}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				break
			}
			d.results[k][fields[i+1]] = append(d.results[k][fields[i+1]], v)
		}
	}
}

// splitProcs splits "JWTGuard/RS256-2" into "JWTGuard/RS256" and 2; no suffix means GOMAXPROCS 1.
func splitProcs(name string) (string, int) {
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if n, err := strconv.Atoi(name[i+1:]); err == nil {
			return name[:i], n
		}
	}
	return name, 1
}

// median returns the median of name's unit at procs, and whether there was any.
func (d *data) median(name string, procs int, unit string) (float64, bool) {
	xs := d.results[key{name, procs}][unit]
	if len(xs) == 0 {
		return 0, false
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2], true
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2, true
}

func (d *data) runs(name string, procs int) int {
	return len(d.results[key{name, procs}]["ns/op"])
}

// contenders are the rows of the per-algorithm tables, in order.
var contenders = []struct{ bench, label string }{
	{"Floor", "crypto floor (hash + verify)"},
	{"FloorParse", "floor + parse (base64url ×3, encoding/json claims)"},
	{"JWTGuard", "**jwtguard Validate, uncached**"},
	{"JWTGuardCached", "**jwtguard Validate, cached (repeat token)**"},
	{"GolangJWT", "golang-jwt/jwt/v5 ParseWithClaims"},
	{"KeyfuncGolangJWT", "keyfunc/v3 + golang-jwt/v5"},
	{"JWX", "lestrrat-go/jwx/v3 jwt.Parse + key set"},
	{"Auth0Validator", "auth0/go-jwt-middleware/v2 validator"},
	{"Auth0Middleware", "auth0/go-jwt-middleware/v2 middleware (net/http)"},
	{"GoOIDC", "coreos/go-oidc/v3 verifier, static keys"},
}

func (d *data) print(w io.Writer) {
	procs := d.maxProc
	for _, c := range d.config {
		fmt.Fprintf(w, "`%s`  \n", c)
	}
	fmt.Fprintf(w, "GOMAXPROCS %d; medians of %d runs each.\n\n", procs, d.runs("JWTGuard/RS256", procs))
	for _, alg := range []string{"RS256", "ES256", "EdDSA"} {
		ref, ok := d.median("FloorParse/"+alg, procs, "ns/op")
		if !ok {
			continue
		}
		refCPU, hasCPU := d.median("FloorParse/"+alg, procs, "cpu-ns/op")
		fmt.Fprintf(w, "#### %s\n\n", alg)
		fmt.Fprintln(w, "| contender | ns/op | × floor+parse | CPU ns/op | × floor+parse (CPU) | B/op | allocs/op |")
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
		for _, c := range contenders {
			name := c.bench + "/" + alg
			ns, ok := d.median(name, procs, "ns/op")
			if !ok {
				continue
			}
			cpu, okCPU := d.median(name, procs, "cpu-ns/op")
			okCPU = okCPU && hasCPU
			b, _ := d.median(name, procs, "B/op")
			allocs, _ := d.median(name, procs, "allocs/op")
			fmt.Fprintf(w, "| %s | %s | %.3f | %s | %s | %.0f | %.0f |\n", c.label, ns3(ns), ns/ref,
				opt(okCPU, ns3(cpu)), opt(okCPU, fmt.Sprintf("%.3f", cpu/refCPU)), b, allocs)
		}
		fmt.Fprintln(w)
	}
	d.printParallel(w)
	d.printAdapters(w)
}

// printParallel compares RunParallel throughput with the sequential benchmark at the same GOMAXPROCS,
// and with the parallel one at GOMAXPROCS 1 when the run had -cpu 1,N.
func (d *data) printParallel(w io.Writer) {
	procs := d.maxProc
	header := false
	for _, alg := range []string{"RS256", "ES256", "EdDSA"} {
		for _, variant := range []string{"JWTGuard", "JWTGuardCached"} {
			par, ok := d.median(variant+"Parallel/"+alg, procs, "ns/op")
			if !ok {
				continue
			}
			if !header {
				fmt.Fprintf(w, "#### Parallel throughput (RunParallel, GOMAXPROCS %d)\n\n", procs)
				fmt.Fprintln(w, "| benchmark | ns/op sequential | ns/op parallel | throughput × sequential | ns/op parallel at GOMAXPROCS 1 | throughput × 1 core |")
				fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
				header = true
			}
			seq, okSeq := d.median(variant+"/"+alg, procs, "ns/op")
			one, okOne := d.median(variant+"Parallel/"+alg, 1, "ns/op")
			fmt.Fprintf(w, "| %s/%s | %s | %s | %s | %s | %s |\n", variant, alg,
				opt(okSeq, ns3(seq)), ns3(par), opt(okSeq, fmt.Sprintf("%.2f", seq/par)),
				opt(okOne && procs > 1, ns3(one)), opt(okOne && procs > 1, fmt.Sprintf("%.2f", one/par)))
		}
	}
	if header {
		fmt.Fprintln(w)
	}
}

func (d *data) printAdapters(w io.Writer) {
	procs := d.maxProc
	var frameworks []string
	for k := range d.results {
		if rest, ok := strings.CutPrefix(k.name, "Adapter"); ok {
			fw, _, _ := strings.Cut(rest, "/")
			if !slices.Contains(frameworks, fw) {
				frameworks = append(frameworks, fw)
			}
		}
	}
	if len(frameworks) == 0 {
		return
	}
	order := []string{"NetHTTP", "Echo", "Gin", "GRPC"}
	slices.SortFunc(frameworks, func(a, b string) int {
		return cmp.Compare(slices.Index(order, a), slices.Index(order, b))
	})
	fmt.Fprintln(w, "#### Adapters (RS256 token; overhead = middleware with a stub validator − bare handler)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| framework | run | bare ns/op | + middleware (stub) ns/op | overhead ns | overhead CPU ns | overhead allocs | overhead B | + cached validator ns/op | + uncached validator ns/op |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, fw := range frameworks {
		for _, mode := range []string{"seq", "parallel"} {
			get := func(c, unit string) float64 {
				v, _ := d.median("Adapter"+fw+"/"+c+"/"+mode, procs, unit)
				return v
			}
			bare, stub := get("bare", "ns/op"), get("stub", "ns/op")
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %.0f | %.0f | %s | %s |\n", fw, mode,
				ns3(bare), ns3(stub), ns3(stub-bare), ns3(get("stub", "cpu-ns/op")-get("bare", "cpu-ns/op")),
				get("stub", "allocs/op")-get("bare", "allocs/op"), get("stub", "B/op")-get("bare", "B/op"),
				ns3(get("cached", "ns/op")), ns3(get("uncached", "ns/op")))
		}
	}
	fmt.Fprintln(w)
}

// ns3 formats nanoseconds with three significant digits and thousands separators.
func ns3(ns float64) string {
	switch {
	case ns >= 1000:
		s := strconv.FormatFloat(ns, 'f', 0, 64)
		var b strings.Builder
		for i, c := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		return b.String()
	case ns >= 100:
		return strconv.FormatFloat(ns, 'f', 0, 64)
	case ns >= 10:
		return strconv.FormatFloat(ns, 'f', 1, 64)
	default:
		return strconv.FormatFloat(ns, 'f', 2, 64)
	}
}

func opt(ok bool, s string) string {
	if !ok {
		return "–"
	}
	return s
}
