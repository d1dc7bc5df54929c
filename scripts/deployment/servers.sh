#!/usr/bin/env bash
# A private PostgreSQL and Redis on loopback for the deployment tests, from Debian 12 packages. Runs as root, no
# systemd, no docker. The distro's own services are not used (and are stopped if an install starts them).
#
#   servers.sh start            install postgresql, redis-server and nginx if missing; start PostgreSQL on
#                               127.0.0.1:25432 and Redis on 127.0.0.1:26379 (each left alone when already up);
#                               write the env file. A few seconds when the packages are installed.
#   servers.sh status           up/down of each; exit 0 only when both answer
#   servers.sh stop [--purge]   stop both; --purge also deletes the state dir (data, logs, env file)
#   servers.sh stop-redis | start-redis | stop-postgres | start-postgres
#                               outage tests: stop one, or start it again (same port, same data)
#   servers.sh env              print the env file
#
# nginx is only installed and checked (`nginx -v`): the tests write and start their own configuration from
# deploy/nginx/test-template.conf.
#
# Settings (environment):
#   ISP_DEPLOY_DIR          state dir (default /tmp/isp-deploy): data, logs, sockets, configs, env file
#   ISP_DEPLOY_PG_PORT      default 25432
#   ISP_DEPLOY_REDIS_PORT   default 26379
#
# The env file ($ISP_DEPLOY_DIR/env) has one KEY='value' line per setting (no export, no escapes inside the quotes),
# so `set -a; source $ISP_DEPLOY_DIR/env; set +a` works and the C# tests read it line by line:
#   ISP_POSTGRES_CONNECTION        Npgsql string, role portal (password portal-test, CREATEDB), database portal
#   ISP_POSTGRES_ADMIN_CONNECTION  the same role on database postgres (for CREATE DATABASE)
#   ISP_REDIS_CONNECTION           StackExchange.Redis string (password redis-test)
#   ISP_NGINX                      the nginx binary
#   ISP_PG_BIN                     /usr/lib/postgresql/<version>/bin
#   ISP_DEPLOY_DIR                 the state dir
#   ISP_POSTGRES_PORT, ISP_REDIS_PORT
# Progress goes to stderr.

set -euo pipefail

export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
state="${ISP_DEPLOY_DIR:-/tmp/isp-deploy}"
state="${state%/}"
pg_port="${ISP_DEPLOY_PG_PORT:-25432}"
redis_port="${ISP_DEPLOY_REDIS_PORT:-26379}"
pg_password=portal-test
redis_password=redis-test
pg_data="$state/pg"            # also the unix socket dir (mode 700, postgres only)
pg_log="$state/postgres.log"
redis_conf="$state/redis.conf"
redis_pid="$state/redis.pid"
redis_log="$state/redis.log"

T0=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[servers.sh %5ss] %s\n' "$(elapsed "$T0")" "$*" >&2; }
die() { printf '[servers.sh] ERROR: %s\n' "$*" >&2; exit 1; }
fail_with_log() { # logfile message
  echo "[servers.sh] the last lines of $1:" >&2
  tail -n 25 "$1" >&2 2>/dev/null || true
  die "$2"
}

[[ "$pg_port" =~ ^[0-9]+$ && "$redis_port" =~ ^[0-9]+$ ]] || die "ports must be numbers"
[[ "$state" == /* ]] || die "ISP_DEPLOY_DIR must be an absolute path (got '$state')"

# ---------------------------------------------------------------------------- install
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

missing_packages() {
  local bin; bin="$(pg_bin)"
  [[ -n "$bin" && -x "$bin/initdb" && -x "$bin/pg_ctl" && -x "$bin/pg_isready" ]] || echo postgresql
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || echo redis-server
  [[ -x "$(nginx_bin)" ]] || echo nginx
}

# Best effort: the distro instances are not ours to run (a policy-rc.d kept them from starting; this is the safety net).
stop_distro_services() {
  local s ver
  for s in postgresql redis-server nginx; do
    [[ -x "/etc/init.d/$s" ]] || continue
    if [[ -d /run/systemd/system ]]; then
      systemctl disable --now "$s" >/dev/null 2>&1 || true
    else
      service "$s" stop >/dev/null 2>&1 || true
      update-rc.d "$s" disable >/dev/null 2>&1 || true
    fi
  done
  if command -v pg_lsclusters >/dev/null; then
    pg_lsclusters -h 2>/dev/null | awk '$4 == "online" { print $1, $2 }' | while read -r ver s; do
      pg_ctlcluster "$ver" "$s" stop >/dev/null 2>&1 || true
    done
  fi
}

install_packages() {
  local missing aptlog=/tmp/isp-deploy-apt.log saved=""
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]} == 0)) && return 0
  [[ $(id -u) -eq 0 ]] || die "must run as root to install ${missing[*]}"
  log "installing ${missing[*]} (Debian packages; log: $aptlog)"
  # policy-rc.d exit 101 = "do not start services": these are private instances. An existing one is put back.
  if [[ -e /usr/sbin/policy-rc.d ]]; then saved=$(mktemp); cp -p /usr/sbin/policy-rc.d "$saved"; fi
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  local rc=0
  {
    apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  } >"$aptlog" 2>&1 || rc=$?
  if [[ -n "$saved" ]]; then mv -f "$saved" /usr/sbin/policy-rc.d; else rm -f /usr/sbin/policy-rc.d; fi
  ((rc == 0)) || fail_with_log "$aptlog" "apt-get install ${missing[*]} failed"
  stop_distro_services
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]} == 0)) || die "still missing after the install: ${missing[*]}"
  log "installed"
}

# ---------------------------------------------------------------------------- helpers
as_postgres() { runuser -u postgres -- "$@"; }

port_busy() { # exit 0 when something accepts connections on 127.0.0.1:PORT
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

prepare_state_dir() {
  mkdir -p "$state"
  # postgres (the OS user) must reach its data dir and write its log: the state dir is root's, mode 755.
  chmod 755 "$state"
  as_postgres test -x "$state" ||
    die "the postgres user cannot enter $state (a parent directory is not world-searchable): set ISP_DEPLOY_DIR elsewhere"
}

lock() { # serialise concurrent calls (e.g. test.sh's start and a test's stop-redis)
  exec 9>"$state/.lock"
  flock -w 120 9 || die "another servers.sh holds $state/.lock"
}

wait_for() { # name check logfile (10 s)
  local _
  for _ in $(seq 1 100); do "$2" && return 0; sleep 0.1; done
  fail_with_log "$3" "$1 did not answer within 10 s"
}

# ---------------------------------------------------------------------------- PostgreSQL
pg_ready() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$pg_port" -t 2; }
pg_running() { [[ -f "$pg_data/postmaster.pid" ]] && as_postgres "$(pg_bin)/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; }
pg_sql() { as_postgres "$(pg_bin)/psql" -h "$pg_data" -p "$pg_port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 "$@"; }

init_postgres() {
  local bin; bin="$(pg_bin)"
  [[ -f "$pg_data/PG_VERSION" ]] && return 0
  rm -rf "$pg_data" # no PG_VERSION: an initdb that did not finish
  install -d -o postgres -g postgres -m 700 "$pg_data"
  log "postgres: initdb $pg_data ($bin)"
  as_postgres "$bin/initdb" -D "$pg_data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$state/postgres-init.log" 2>&1 ||
    fail_with_log "$state/postgres-init.log" "initdb failed"
  echo "include_if_exists = 'isp.conf'" >>"$pg_data/postgresql.conf"
}

start_postgres() {
  local bin; bin="$(pg_bin)"
  if pg_running; then
    pg_ready || wait_for postgres pg_ready "$pg_log"
    return 0
  fi
  port_busy "$pg_port" && die "127.0.0.1:$pg_port is busy but this state dir's PostgreSQL is not running (another server?)"
  init_postgres
  # rewritten on every start: the port and the socket dir follow the settings
  cat >"$pg_data/isp.conf" <<CONF
# written by scripts/deployment/servers.sh on every start
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_data'
password_encryption = scram-sha-256
max_connections = 200
# test data only: no durability needed
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  chown postgres:postgres "$pg_data/isp.conf"
  grep -q "^include_if_exists = 'isp.conf'" "$pg_data/postgresql.conf" ||
    echo "include_if_exists = 'isp.conf'" >>"$pg_data/postgresql.conf"
  touch "$pg_log" && chown postgres "$pg_log"
  log "postgres: starting on 127.0.0.1:$pg_port"
  # 9>&-: the daemon must not inherit (and hold forever) the lock of this call
  as_postgres "$bin/pg_ctl" -D "$pg_data" -l "$pg_log" -w -t 30 start >/dev/null 2>&1 9>&- ||
    fail_with_log "$pg_log" "PostgreSQL did not start"
  wait_for postgres pg_ready "$pg_log"
  # idempotent: the role (its password reset) and its database
  pg_sql -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal') THEN CREATE ROLE portal; END IF;
      ALTER ROLE portal LOGIN CREATEDB PASSWORD '$pg_password';
    END \$\$" >/dev/null || fail_with_log "$pg_log" "could not create the role portal"
  if [[ -z "$(pg_sql -c "SELECT 1 FROM pg_database WHERE datname = 'portal'")" ]]; then
    pg_sql -c "CREATE DATABASE portal OWNER portal" >/dev/null || fail_with_log "$pg_log" "could not create the database portal"
  fi
}

stop_postgres() {
  pg_running || return 0
  log "postgres: stopping"
  as_postgres "$(pg_bin)/pg_ctl" -D "$pg_data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
    as_postgres "$(pg_bin)/pg_ctl" -D "$pg_data" -m immediate -w -t 10 stop >/dev/null 2>&1 ||
    fail_with_log "$pg_log" "PostgreSQL did not stop"
}

# ---------------------------------------------------------------------------- Redis
redis_cli() { redis-cli -h 127.0.0.1 -p "$redis_port" -a "$redis_password" --no-auth-warning "$@"; }
redis_ready() { [[ "$(redis_cli ping 2>/dev/null)" == PONG ]]; }
# alive and not a zombie (a daemon's parent here may be slow to reap it)
alive() { local st; st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null || true); [[ -n "$st" && "$st" != Z ]]; }
redis_our_pid() { # the recorded pid, when it is a live redis-server
  local pid
  [[ -f "$redis_pid" ]] || return 1
  pid=$(<"$redis_pid")
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == redis-server* ]] || return 1
  echo "$pid"
}

start_redis() {
  if redis_ready; then return 0; fi
  if redis_our_pid >/dev/null; then wait_for redis redis_ready "$redis_log"; return 0; fi
  port_busy "$redis_port" && die "127.0.0.1:$redis_port is busy but does not answer as this Redis (another server?)"
  mkdir -p "$state/redis"
  (
    umask 077
    cat >"$redis_conf" <<CONF
# written by scripts/deployment/servers.sh on every start
bind 127.0.0.1
port $redis_port
protected-mode yes
requirepass $redis_password
save ""
appendonly no
dir $state/redis
daemonize yes
pidfile $redis_pid
logfile $redis_log
CONF
  )
  chmod 600 "$redis_conf" # it holds the password (an existing file keeps its mode through the umask)
  log "redis: starting on 127.0.0.1:$redis_port"
  redis-server "$redis_conf" >>"$redis_log" 2>&1 9>&- || fail_with_log "$redis_log" "redis-server did not start"
  wait_for redis redis_ready "$redis_log"
}

stop_redis() {
  local pid _
  pid=$(redis_our_pid) || pid=""
  if [[ -z "$pid" ]] && ! redis_ready; then return 0; fi
  log "redis: stopping"
  redis_cli shutdown nosave >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do
    if ! redis_ready && { [[ -z "$pid" ]] || ! alive "$pid"; }; then rm -f "$redis_pid"; return 0; fi
    sleep 0.1
  done
  [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do redis_ready || { rm -f "$redis_pid"; return 0; }; sleep 0.1; done
  fail_with_log "$redis_log" "Redis did not stop"
}

# ---------------------------------------------------------------------------- env file
write_env() {
  local nginx; nginx="$(nginx_bin)"
  "$nginx" -v >/dev/null 2>&1 || die "$nginx -v failed"
  cat >"$state/env.tmp" <<ENV
ISP_POSTGRES_CONNECTION='Host=127.0.0.1;Port=$pg_port;Username=portal;Password=$pg_password;Database=portal'
ISP_POSTGRES_ADMIN_CONNECTION='Host=127.0.0.1;Port=$pg_port;Username=portal;Password=$pg_password;Database=postgres'
ISP_REDIS_CONNECTION='127.0.0.1:$redis_port,password=$redis_password'
ISP_NGINX='$nginx'
ISP_PG_BIN='$(pg_bin)'
ISP_DEPLOY_DIR='$state'
ISP_POSTGRES_PORT='$pg_port'
ISP_REDIS_PORT='$redis_port'
ENV
  mv -f "$state/env.tmp" "$state/env" # readers never see half a file
}

cmd_status() {
  local rc=0
  if pg_ready; then echo "postgres: up (127.0.0.1:$pg_port)"; else echo "postgres: down (127.0.0.1:$pg_port)"; rc=1; fi
  if redis_ready; then echo "redis: up (127.0.0.1:$redis_port)"; else echo "redis: down (127.0.0.1:$redis_port)"; rc=1; fi
  return "$rc"
}

need_installed() {
  [[ -z "$(missing_packages)" ]] || die "postgresql/redis-server/nginx are not installed: run servers.sh start"
  [[ -d "$state" ]] || die "$state does not exist: run servers.sh start"
}

case "${1:-}" in
  start)
    install_packages
    prepare_state_dir
    lock
    start_postgres
    start_redis
    write_env
    log "PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port; env file: $state/env"
    ;;
  status)
    [[ -n "$(pg_bin)" ]] || { echo "postgres: not installed"; exit 1; }
    cmd_status
    ;;
  stop)
    [[ "${2:-}" == "" || "${2:-}" == "--purge" ]] || die "usage: servers.sh stop [--purge]"
    if [[ -d "$state" ]]; then
      lock
      if command -v redis-cli >/dev/null; then stop_redis; fi
      if [[ -n "$(pg_bin)" ]]; then stop_postgres; fi
    fi
    if [[ "${2:-}" == "--purge" ]]; then
      log "deleting $state"
      rm -rf "$state"
    fi
    ;;
  stop-redis) need_installed; lock; stop_redis ;;
  start-redis) need_installed; lock; start_redis ;;
  stop-postgres) need_installed; lock; stop_postgres ;;
  start-postgres) need_installed; prepare_state_dir; lock; start_postgres ;;
  env) cat "$state/env" ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
