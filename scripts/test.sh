#!/usr/bin/env bash
# The README's test command: installs what the tests need (as root, Debian 12), then runs every test project.
#   scripts/test.sh              all tests (unit, component, contract, end-to-end)
#   scripts/test.sh --no-install skip the apt step (you installed Chromium yourself)
set -euo pipefail
cd "$(dirname "$0")/.."

install=1
for arg in "$@"; do
  case "$arg" in
    --no-install) install=0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ "$install" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "== installing Chromium (Debian package) for the browser tests"
  if [ "$(id -u)" != 0 ]; then echo "Chromium is missing and this is not root: apt-get install -y chromium" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
fi

mkdir -p artifacts
log=artifacts/test-output.log
echo "== building"
dotnet build ImageSharePortal.sln -c Release -nologo -v:q 2>&1 | tail -n 5

echo "== testing"
set +e
dotnet test --solution ImageSharePortal.sln -c Release --no-build --results-directory "$PWD/artifacts/test-results" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line from the run summary ("  succeeded: N" ...): "N passed, N failed, N skipped".
count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0; }
passed=$(count succeeded); failed=$(count failed); skipped=$(count skipped)
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" = 0 ] && [ "$status" = 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
