#!/usr/bin/env bash
# run.sh — the interop suite: jwtguard against oidc-provider, a certified OpenID Provider.
#
# Installs what the suite needs (Node.js and npm from Debian when node is missing, the npm
# dependencies from package-lock.json), then runs the Go end-to-end test:
#
#   bash interop/run.sh            # from the repository root, or from anywhere
#
# Extra arguments go to `go test` (e.g. -run TestKeyRotation).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

# oidc-provider 9 needs Node.js >= 20.19 (it runs on 20 and recommends 22 LTS); Debian bookworm's
# nodejs is 18, which lacks URL.parse and crypto.hash.
min_major=20
min_minor=19

node_ok() {
	command -v node >/dev/null 2>&1 || return 1
	local v major minor
	v="$(node -p 'process.versions.node' 2>/dev/null)" || return 1
	major="${v%%.*}"
	minor="${v#*.}"
	minor="${minor%%.*}"
	((major > min_major || (major == min_major && minor >= min_minor)))
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "interop: node/npm missing; installing Debian's nodejs and npm" >&2
	as_root apt-get update -q
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends nodejs npm
fi

if ! node_ok; then
	# The distribution's Node.js is too old: take an official Node.js build from the npm registry
	# (the node-linux-<arch> package carries the binary) and put it first on PATH.
	case "$(uname -m)" in
	x86_64 | amd64) arch=x64 ;;
	aarch64 | arm64) arch=arm64 ;;
	*) echo "interop: node $(node -v) is too old and no npm build is known for $(uname -m)" >&2; exit 2 ;;
	esac
	prefix="${XDG_CACHE_HOME:-$HOME/.cache}/jwtguard-interop/node-22.22.0"
	if [ ! -x "$prefix/node_modules/node-linux-$arch/bin/node" ]; then
		echo "interop: node $(node -v) is older than ${min_major}.${min_minor}; installing node-linux-$arch@22.22.0 from npm" >&2
		mkdir -p "$prefix"
		npm install --prefix "$prefix" --no-save --no-audit --no-fund --ignore-scripts "node-linux-$arch@22.22.0" >&2
	fi
	export PATH="$prefix/node_modules/node-linux-$arch/bin:$PATH"
	node_ok || { echo "interop: still no usable node (have $(node -v))" >&2; exit 2; }
fi

echo "interop: node $(node -v), npm $(npm -v)" >&2

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

cd "$root"
go test -tags interop -count=1 -v "$@" ./interop/...
