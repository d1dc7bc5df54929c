#!/usr/bin/env bash
# The README's test command: installs what the tests need (as root, Debian 12), starts a real Keystone + Glance on
# loopback (scripts/openstack/openstack.sh), then runs every test project, one after the other:
#   unit, component, contract (sandbox), end-to-end, contract (real Glance), OpenStack journeys and faults, and
#   organisation sign-in against an OIDC provider federated to a second real Keystone + Glance (scripts/federation/federation.sh).
#   The end-to-end run includes the deployment tests: PostgreSQL + Redis from scripts/deployment/servers.sh, nginx.
#   scripts/test.sh                all of it
#   scripts/test.sh --no-install   skip the apt step for Chromium (you installed it yourself)
#   scripts/test.sh --no-openstack skip the two runs against the real Keystone + Glance (CI never does)
#   scripts/test.sh --no-federation skip the organisation sign-in run (provider + federated Keystone; CI never does)
# The last line is "Tests: N passed, N failed, N skipped", summed over all runs; the exit code is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

install=1
openstack=1
federation=1
for arg in "$@"; do
  case "$arg" in
    --no-install) install=0 ;;
    --no-openstack) openstack=0 ;;
    --no-federation) federation=0 ;;
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
results="$PWD/artifacts/test-results"
rm -rf "$results" artifacts/test-output-*.log
echo "== building"
dotnet build ImageSharePortal.sln -c Release -nologo -v:q 2>&1 | tail -n 5

# A real Keystone + Glance for the contract suite's second run and the OpenStack tests. Stopped at the end unless
# it was already running before (a developer's instance is left alone).
openstack_state="${ISP_OPENSTACK_DIR:-/tmp/isp-openstack}"
openstack_log="$PWD/artifacts/openstack.log"
started_openstack=0
openstack_ready=0
stop_openstack() {
  if [ "$started_openstack" = 1 ]; then
    scripts/openstack/openstack.sh stop >>"$openstack_log" 2>&1 || echo "openstack.sh stop failed: see $openstack_log" >&2
    started_openstack=0
  fi
}
# The OIDC provider + federated Keystone + Glance (ports 28443/28000/28292: runs beside the one above). The tests read
# its env file themselves. Stopped at the end unless it was already running before.
federation_log="$PWD/artifacts/federation.log"
started_federation=0
federation_ready=0
stop_federation() {
  if [ "$started_federation" = 1 ]; then
    scripts/federation/federation.sh stop >>"$federation_log" 2>&1 || echo "federation.sh stop failed: see $federation_log" >&2
    started_federation=0
  fi
}
trap 'stop_openstack; stop_federation' EXIT
if [ "$openstack" = 1 ]; then
  echo "== starting Keystone + Glance (scripts/openstack/openstack.sh start; log: artifacts/openstack.log)"
  : >"$openstack_log"
  if scripts/openstack/openstack.sh status >/dev/null 2>&1; then
    echo "   already running in $openstack_state: using it as it is"
    openstack_ready=1
  elif scripts/openstack/openstack.sh start >/dev/null 2>>"$openstack_log"; then
    started_openstack=1
    openstack_ready=1
  else
    started_openstack=1 # whatever half started is stopped at the end
    echo "   Keystone + Glance did not start; the last lines of the log:" >&2
    tail -n 15 "$openstack_log" >&2
  fi
  if [ "$openstack_ready" = 1 ]; then
    set -a
    # shellcheck disable=SC1091
    source "$openstack_state/env"
    set +a
  fi
fi

if [ "$federation" = 1 ]; then
  echo "== starting the OIDC provider + federated Keystone + Glance (scripts/federation/federation.sh start; log: artifacts/federation.log)"
  : >"$federation_log"
  # Packages and this checkout's provider node_modules (mint-token.js needs them even when the servers already run).
  scripts/federation/federation.sh install >>"$federation_log" 2>&1 || echo "   federation.sh install failed: see artifacts/federation.log" >&2
  if scripts/federation/federation.sh status >/dev/null 2>&1; then
    echo "   already running in ${ISP_FEDERATION_DIR:-/tmp/isp-federation}: using it as it is"
    federation_ready=1
  elif scripts/federation/federation.sh start >/dev/null 2>>"$federation_log"; then
    started_federation=1
    federation_ready=1
  else
    started_federation=1 # whatever half started is stopped at the end
    echo "   the federation servers did not start; the last lines of the log:" >&2
    tail -n 15 "$federation_log" >&2
  fi
fi

# A private PostgreSQL + Redis on loopback for the deployment tests (nginx is started by the tests themselves).
deploy_log="$PWD/artifacts/deployment.log"
started_deploy=0
stop_deploy() {
  if [ "$started_deploy" = 1 ]; then
    scripts/deployment/servers.sh stop >>"$deploy_log" 2>&1 || echo "servers.sh stop failed: see $deploy_log" >&2
    started_deploy=0
  fi
}
trap 'stop_openstack; stop_federation; stop_deploy' EXIT
echo "== starting PostgreSQL + Redis (scripts/deployment/servers.sh start; log: artifacts/deployment.log)"
: >"$deploy_log"
if scripts/deployment/servers.sh status >/dev/null 2>&1; then
  echo "   already running in ${ISP_DEPLOY_DIR:-/tmp/isp-deploy}: using it as it is"
elif ! scripts/deployment/servers.sh start >>"$deploy_log" 2>&1; then
  started_deploy=1
  echo "   PostgreSQL + Redis did not start (the deployment tests will fail); the last lines of the log:" >&2
  tail -n 15 "$deploy_log" >&2
else
  started_deploy=1
fi

passed=0; failed=0; skipped=0; status=0; summary=()
# run NAME PROJECT [VAR=VALUE...]: one test project, its own log; adds its counts from the run summary ("  succeeded: N").
run() {
  local name="$1" project="$2"; shift 2
  local log="artifacts/test-output-$name.log" rc
  echo "== testing: $name"
  set +e
  env "$@" dotnet test --project "$project" -c Release --no-build --results-directory "$results/$name" >"$log" 2>&1
  rc=$?
  set -e
  count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0; }
  local p f s
  p=$(count succeeded); f=$(count failed); s=$(count skipped)
  grep -E "^(failed|Test run summary)|^\s+(total|failed|succeeded|skipped|duration):" "$log" | sed 's/^/   /' || true
  # What each failure said (its message and the first frames), so a CI log alone tells why.
  if [ "$f" != 0 ]; then
    grep -A 14 -E "^failed " "$log" | sed 's/^/   | /' | head -n 120 || true
  fi
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; echo "   $name exited with $rc before reporting a failed test: see $log"; fi
  [ "$rc" = 0 ] || status=1
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  summary+=("$(printf '%-18s %4s passed %3s failed %3s skipped' "$name" "$p" "$f" "$s")")
}

run unit tests/ImageSharePortal.UnitTests
run component tests/ImageSharePortal.ComponentTests
run contract-sandbox tests/ImageSharePortal.ContractTests ISP_CONTRACT_TARGET=sandbox
run e2e tests/ImageSharePortal.E2ETests
if [ "$openstack" = 1 ]; then
  if [ "$openstack_ready" = 1 ]; then
    run contract-glance tests/ImageSharePortal.ContractTests ISP_CONTRACT_TARGET=glance
    run openstack tests/ImageSharePortal.OpenStackTests
  else
    status=1; failed=$((failed + 1))
    summary+=("keystone+glance    did not start (counted as 1 failure): see artifacts/openstack.log")
  fi
else
  summary+=("contract-glance, openstack: not run (--no-openstack)")
fi

if [ "$federation" = 1 ]; then
  if [ "$federation_ready" = 1 ]; then
    run federation tests/ImageSharePortal.FederationTests
  else
    status=1; failed=$((failed + 1))
    summary+=("federation         did not start (counted as 1 failure): see artifacts/federation.log")
  fi
else
  summary+=("federation: not run (--no-federation)")
fi

stop_openstack
stop_federation
stop_deploy
echo "== summary"
printf '   %s\n' "${summary[@]}"
if [ "$passed" = 0 ]; then
  echo "no test ran" >&2
  status=1
fi
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
