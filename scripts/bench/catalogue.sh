#!/usr/bin/env bash
# Catalogue throughput as a ratio: requests/s of the portal's anonymous "/" divided by requests/s of a bare Kestrel app
# (tests/ImageSharePortal.Benchmarks raw-server) that answers with exactly the bytes the portal sent, ABBA-interleaved.
#   scripts/bench/catalogue.sh              cached (the output cache on, as shipped) and uncached (Portal:CataloguePageCache=false: every view
#                                           renders the page again, from the cached queries)
#   ROUNDS=4 SECONDS_PER_RUN=5 scripts/bench/catalogue.sh
# Servers are pinned to CPU 0 and wrk to CPU 1 (taskset); requests carry Chromium's Accept-Encoding, so both sides send
# the same brotli body. Prints one line per mode: "cached: ratio <median> (min <a>, max <b>) over N ABBA pairs".
# Absolute requests/s are printed for the record only: they depend on the machine, the ratio much less.
# Needs: wrk (apt-get install wrk), a Release build (dotnet build ImageSharePortal.sln -c Release).
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds="${ROUNDS:-4}"
seconds="${SECONDS_PER_RUN:-5}"
encodings="gzip, deflate, br, zstd"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
web="src/ImageSharePortal.Web/bin/Release/net10.0/ImageSharePortal.Web.dll"
raw="tests/ImageSharePortal.Benchmarks/bin/Release/net10.0/ImageSharePortal.Benchmarks.dll"
[ -f "$web" ] && [ -f "$raw" ] || { echo "build first: dotnet build ImageSharePortal.sln -c Release" >&2; exit 1; }

work="$(mktemp -d /tmp/isp-bench-XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

wait_for() { for _ in $(seq 1 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done; echo "$1 did not answer" >&2; exit 1; }

rps() { # url -> requests/s
  taskset -c 1 wrk -t1 -c16 -d"${seconds}s" -H "Accept-Encoding: $encodings" "$1" | awk '/Requests\/sec/ { print $2 }'
}

run_mode() { # name portal-port raw-port page-cache
  local name="$1" port="$2" rawport="$3" pagecache="$4"
  local data="$work/$name"
  mkdir -p "$data"
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Logging__LogLevel__Default=Warning Portal__CataloguePageCache="$pagecache" \
    ConnectionStrings__Portal="Data Source=$data/portal.db" Sandbox__Url="http://127.0.0.1:$((port + 1))" \
    Sandbox__DatabasePath="$data/sandbox.db" Email__MailDropFolder="$data/maildrop" \
    taskset -c 0 dotnet "$web" --contentRoot "$PWD" >"$data/portal.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/"
  curl -fs -H "Accept-Encoding: $encodings" -D "$data/headers" -o "$data/body" "http://127.0.0.1:$port/"
  local encoding
  encoding="$(awk -F': ' 'tolower($1)=="content-encoding" { gsub("\r",""); print $2 }' "$data/headers")"
  taskset -c 0 dotnet "$raw" raw-server "$data/body" "$rawport" "$encoding" >"$data/raw.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$rawport/"

  # Warm both (JIT tiering, caches) before anything is counted.
  taskset -c 1 wrk -t1 -c16 -d10s -H "Accept-Encoding: $encodings" "http://127.0.0.1:$port/" >/dev/null
  taskset -c 1 wrk -t1 -c16 -d5s "http://127.0.0.1:$rawport/" >/dev/null

  local ratios=() portal_all=() raw_all=()
  for _ in $(seq 1 "$rounds"); do
    local a1 b1 b2 a2
    a1="$(rps "http://127.0.0.1:$port/")"; b1="$(rps "http://127.0.0.1:$rawport/")"
    b2="$(rps "http://127.0.0.1:$rawport/")"; a2="$(rps "http://127.0.0.1:$port/")"
    ratios+=("$(python3 -c "print(($a1 + $a2) / ($b1 + $b2))")")
    portal_all+=("$a1" "$a2"); raw_all+=("$b1" "$b2")
  done
  python3 - "$name" "$(wc -c <"$data/body")" "${encoding:-identity}" "${ratios[*]}" "${portal_all[*]}" "${raw_all[*]}" <<'PY'
import statistics, sys
name, size, encoding, ratios, portal, raw = sys.argv[1:]
r = [float(x) for x in ratios.split()]
p = [float(x) for x in portal.split()]
b = [float(x) for x in raw.split()]
print(f"{name}: ratio {statistics.median(r):.3f} (min {min(r):.3f}, max {max(r):.3f}) over {len(r)} ABBA pairs; "
      f"portal {statistics.median(p):,.0f} req/s, raw Kestrel {statistics.median(b):,.0f} req/s; body {size} bytes {encoding}")
PY
}

run_mode cached 5190 5199 true
run_mode uncached 5290 5299 false
