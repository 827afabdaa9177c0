#!/usr/bin/env bash
# Runs every fuzz target of the module for a short, bounded time and prints the executions each made.
# Targets are discovered, not listed here: a new Fuzz function anywhere under ./... is fuzzed too.
#
#   .ci/fuzz.sh                  # 10 s per target, 2 workers
#   FUZZTIME=60s .ci/fuzz.sh     # longer local runs
#   FUZZ_FILTER=Validate .ci/fuzz.sh   # only targets whose "package name" matches the regexp
#   FUZZ_FILTER=internal/jose .ci/fuzz.sh   # the strict JOSE reader (FuzzReadObject, FuzzUnescape)
#
# A failing input is written by go test to <pkg>/testdata/fuzz/<FuzzName>/; the script keeps going
# through the remaining targets, prints a summary and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZTIME="${FUZZTIME:-10s}"
PARALLEL="${FUZZ_PARALLEL:-2}"
# Bounds a minimisation after a failure, and the whole run of one target (build included).
MINIMIZE="${FUZZ_MINIMIZETIME:-10s}"
TIMEOUT="${FUZZ_TIMEOUT:-5m}"
FILTER="${FUZZ_FILTER:-.}"

# `go test -list` prints each package's matching names, then that package's "ok <pkg>" line.
listing=$(go test -list '^Fuzz' ./...)
targets=$(awk '
	/^Fuzz/ { names[n++] = $1; next }
	/^ok /  { for (i = 0; i < n; i++) print $2, names[i]; n = 0; next }
	        { n = 0 }
' <<<"$listing" | { grep -E -- "$FILTER" || true; })
if [ -z "$targets" ]; then
	echo "fuzz.sh: no fuzz targets found" >&2
	exit 1
fi
count=$(wc -l <<<"$targets")
echo "fuzz.sh: $count targets, $FUZZTIME each, -parallel $PARALLEL"

# corpus lists the failing inputs go test has written for a target.
corpus() { ls -1 "$1" 2>/dev/null || true; }

failed=()
summary=()
while read -r pkg name; do
	start=$SECONDS
	dir="$(go list -f '{{.Dir}}' "$pkg")/testdata/fuzz/$name"
	before=$(corpus "$dir")
	if out=$(go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "$MINIMIZE" \
		-parallel "$PARALLEL" -timeout "$TIMEOUT" "$pkg" 2>&1); then
		verdict=ok
	elif [ "$(corpus "$dir")" = "$before" ] && grep -q 'context deadline exceeded' <<<"$out" &&
		go test -count=1 -run "^${name}\$" "$pkg" >/dev/null 2>&1; then
		# Go 1.26's fuzz coordinator can report its own -fuzztime deadline as a failure when a
		# worker is slow to stop (go.dev/issue/75804, fixed in Go 1.27). No input was written and
		# the seeds and committed corpus still pass, so there is nothing to reproduce.
		verdict=ok*
	else
		verdict=FAIL
		failed+=("$pkg $name")
		echo "$out"
		new=$(comm -13 <(echo "$before") <(corpus "$dir"))
		[ -n "$new" ] && echo "failing input(s) written to $dir: $new"
	fi
	# The coordinator's last progress line carries the total: "fuzz: elapsed: 10s, execs: 123456 (...)".
	execs=$(grep -oE 'execs: [0-9]+' <<<"$out" | tail -n 1 | awk '{print $2}' || true)
	line=$(printf '%-4s %-42s %-30s %12s execs  %3ds' "$verdict" "$pkg" "$name" "${execs:-?}" "$((SECONDS - start))")
	echo "$line"
	summary+=("$line")
done <<<"$targets"

echo
echo "fuzz.sh summary ($FUZZTIME per target; ok* = Go's fuzztime shutdown race, nothing to reproduce):"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
	echo "fuzz.sh: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
	exit 1
fi
