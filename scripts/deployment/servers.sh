#!/usr/bin/env bash
# A private PostgreSQL and Redis on loopback for the deployment tests (Debian packages; as root on Debian 12).
#   scripts/deployment/servers.sh start     install postgresql, redis-server and nginx if missing; start PostgreSQL on
#                                           127.0.0.1:25432 and Redis on 127.0.0.1:26379; write $ISP_DEPLOY_DIR/env
#   scripts/deployment/servers.sh status    exit 0 when both answer
#   scripts/deployment/servers.sh stop [--purge]
#   scripts/deployment/servers.sh stop-redis | start-redis | stop-postgres | start-postgres   (outage tests)
# State (data, logs, sockets, env) lives in ISP_DEPLOY_DIR (default /tmp/isp-deploy). The distro's own services are
# not used. nginx is only installed: the tests write and start their own configuration (deploy/nginx/test-template.conf).
# The env file has KEY='value' lines: ISP_POSTGRES_CONNECTION, ISP_POSTGRES_ADMIN_CONNECTION, ISP_REDIS_CONNECTION,
# ISP_NGINX, ISP_PG_BIN, ISP_DEPLOY_DIR.
set -euo pipefail

state="${ISP_DEPLOY_DIR:-/tmp/isp-deploy}"
pg_port=25432
redis_port=26379
pg_password=portal-test
redis_password=redis-test

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install_packages() {
  local missing=()
  [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ "${#missing[@]}" = 0 ] && return 0
  echo "installing ${missing[*]} (Debian packages)"
  apt-get update -qq
  # No service starts at install time: these are private instances (policy-rc.d 101 = "don't start").
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
}

as_postgres() { runuser -u postgres -- "$@"; }

pg_ready() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; }
redis_ready() { redis-cli -h 127.0.0.1 -p "$redis_port" -a "$redis_password" --no-auth-warning ping 2>/dev/null | grep -q PONG; }

wait_for() { # name check
  for _ in $(seq 1 100); do "$2" && return 0; sleep 0.1; done
  echo "$1 did not answer; the last lines of its log:" >&2
  tail -n 20 "$state/$1.log" >&2 || true
  return 1
}

start_postgres() {
  pg_ready && return 0
  local bin; bin="$(pg_bin)"
  mkdir -p "$state"
  chmod 755 "$state"
  if [ ! -f "$state/pg/PG_VERSION" ]; then
    install -d -o postgres -g postgres -m 700 "$state/pg"
    printf '%s\n' "$pg_password" >"$state/pg.pw"
    chown postgres "$state/pg.pw"
    as_postgres "$bin/initdb" -D "$state/pg" -U postgres --auth-local=trust --auth-host=scram-sha-256 --pwfile="$state/pg.pw" -E UTF8 --locale=C.UTF-8 >"$state/postgres-init.log" 2>&1
    rm -f "$state/pg.pw"
    cat >>"$state/pg/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$state/pg'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
    touch "$state/postgres.log" && chown postgres "$state/postgres.log"
    as_postgres "$bin/pg_ctl" -D "$state/pg" -l "$state/postgres.log" -w start >/dev/null
    as_postgres "$bin/psql" -h "$state/pg" -p "$pg_port" -U postgres -q -v ON_ERROR_STOP=1 \
      -c "CREATE ROLE portal LOGIN CREATEDB PASSWORD '$pg_password'" -c "CREATE DATABASE portal OWNER portal" >/dev/null
  else
    touch "$state/postgres.log" && chown postgres "$state/postgres.log"
    as_postgres "$bin/pg_ctl" -D "$state/pg" -l "$state/postgres.log" -w start >/dev/null
  fi
  wait_for postgres pg_ready
}

stop_postgres() {
  [ -f "$state/pg/postmaster.pid" ] || return 0
  as_postgres "$(pg_bin)/pg_ctl" -D "$state/pg" -m fast -w stop >/dev/null 2>&1 || true
}

start_redis() {
  redis_ready && return 0
  mkdir -p "$state/redis"
  cat >"$state/redis.conf" <<CONF
bind 127.0.0.1
port $redis_port
protected-mode yes
requirepass $redis_password
save ""
appendonly no
dir $state/redis
daemonize yes
pidfile $state/redis.pid
logfile $state/redis.log
CONF
  redis-server "$state/redis.conf"
  wait_for redis redis_ready
}

stop_redis() {
  if redis_ready; then
    redis-cli -h 127.0.0.1 -p "$redis_port" -a "$redis_password" --no-auth-warning shutdown nosave >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 50); do redis_ready || return 0; sleep 0.1; done
}

write_env() {
  cat >"$state/env" <<ENV
ISP_POSTGRES_CONNECTION='Host=127.0.0.1;Port=$pg_port;Username=portal;Password=$pg_password;Database=portal'
ISP_POSTGRES_ADMIN_CONNECTION='Host=127.0.0.1;Port=$pg_port;Username=portal;Password=$pg_password;Database=postgres'
ISP_REDIS_CONNECTION='127.0.0.1:$redis_port,password=$redis_password'
ISP_NGINX='$(command -v nginx || echo /usr/sbin/nginx)'
ISP_PG_BIN='$(pg_bin)'
ISP_DEPLOY_DIR='$state'
ENV
}

case "${1:-}" in
  start)
    install_packages
    mkdir -p "$state"
    start_postgres
    start_redis
    write_env
    echo "PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port; env in $state/env"
    ;;
  status) pg_ready && redis_ready ;;
  stop)
    stop_redis
    stop_postgres
    if [ "${2:-}" = "--purge" ]; then rm -rf "$state"; fi
    ;;
  stop-redis) stop_redis ;;
  start-redis) start_redis ;;
  stop-postgres) stop_postgres ;;
  start-postgres) start_postgres ;;
  *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac
