#!/usr/bin/env bash
# Managed heap per idle circuit: starts the portal (Release build, embedded default), opens N = 0/25/50/100 Chromium
# pages on /inbox as persona dave (its seeded shares), and after each N takes a gcdump (a forced full GC) of the portal.
# Prints the heap at each N and "circuits on /inbox: <KB> KB per idle circuit (least squares ..., R² = ...)".
#   scripts/bench/circuits.sh [path] [counts]      e.g. scripts/bench/circuits.sh /inbox 0,25,50,100
# Needs: dotnet-gcdump (dotnet tool install -g dotnet-gcdump), Chromium (/usr/bin/chromium), a Release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
path="${1:-/inbox}"
counts="${2:-0,25,50,100}"
web="src/ImageSharePortal.Web/bin/Release/net10.0/ImageSharePortal.Web.dll"
bench="tests/ImageSharePortal.Benchmarks/bin/Release/net10.0/ImageSharePortal.Benchmarks.dll"
[ -f "$web" ] && [ -f "$bench" ] || { echo "build first: dotnet build ImageSharePortal.sln -c Release" >&2; exit 1; }
work="$(mktemp -d /tmp/isp-circuits-XXXXXX)"
port=5390
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
  ConnectionStrings__Portal="Data Source=$work/portal.db" Sandbox__Url="http://127.0.0.1:$((port + 1))" \
  Sandbox__DatabasePath="$work/sandbox.db" Email__MailDropFolder="$work/maildrop" Portal__InboxRefreshInterval=00:00:00 \
  dotnet "$web" --contentRoot "$PWD" >"$work/portal.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
dotnet "$bench" circuits "http://127.0.0.1:$port" "$pid" "$path" "$counts"
