#!/usr/bin/env bash
# Real OpenStack Keystone + Glance on loopback, from Debian 12 packages.
# For local development and CI of ImageSharePortal. Runs as root, no systemd, no docker.
#
#   openstack.sh install        install the Debian packages (only what is missing)
#   openstack.sh start          fresh Keystone + Glance + test projects/users; prints the env file
#   openstack.sh stop           stop both (only the processes this script started)
#   openstack.sh stop-glance    stop only Glance (fault injection)
#   openstack.sh start-glance   start Glance again (same port, same data)
#   openstack.sh status         up/down of each; exit 0 only when both are up
#   openstack.sh token ROLE     project-scoped token for producer|consumer|stranger|admin
#   openstack.sh env            print the env file of the running instance
#
# Settings (environment):
#   ISP_OPENSTACK_DIR   state dir (default /tmp/isp-openstack)
#   ISP_KEYSTONE_PORT   default 25000
#   ISP_GLANCE_PORT     default 29292
#   ISP_OS_ADMIN_PASSWORD, ISP_OS_{PRODUCER,CONSUMER,STRANGER}_PASSWORD  fixed passwords
#                       (generated when unset)
#   ISP_GLANCE_SECURE_RBAC  true|false (default false, Glance Zed's own default; true is
#                       "experimental" in Zed): enforce_secure_rbac = enforce_new_defaults
#   ISP_KEYSTONE_TOKEN_EXPIRATION  seconds (default 14400)
#   ISP_OPENSTACK_START_TIMEOUT    seconds to wait for each service (default 180)
#
# Progress goes to stderr; `start` and `env` print only the export lines to stdout, so
# `eval "$(scripts/openstack/openstack.sh start)"` works.

set -Eeuo pipefail

PY=/usr/bin/python3
HOST=127.0.0.1
REGION=RegionOne
DOMAIN=Default
STATE_DIR="${ISP_OPENSTACK_DIR:-/tmp/isp-openstack}"
MARKER=".isp-openstack-state"
START_TIMEOUT="${ISP_OPENSTACK_START_TIMEOUT:-180}"
PACKAGES=(python3-glance python3-keystone uwsgi-core uwsgi-plugin-python3)
ROLES=(producer consumer stranger)

# Debian's python and packages only: never a pyenv/venv interpreter or its paths.
unset PYTHONPATH PYTHONHOME PYTHONSTARTUP VIRTUAL_ENV PYTHONUSERBASE 2>/dev/null || true
export PYTHONNOUSERSITE=1
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

T0=$(date +%s.%N)
die() { printf '[openstack.sh] ERROR: %s\n' "$*" >&2; exit 1; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[openstack.sh %6ss] %s\n' "$(elapsed "$T0")" "$*" >&2; }

# ---------------------------------------------------------------------------- paths
ETC="$STATE_DIR/etc"
KS_CONF_DIR="$ETC/keystone"
KS_CONF="$KS_CONF_DIR/keystone.conf"
GL_CONF="$ETC/glance/glance-api.conf"
GL_PASTE="$ETC/glance/glance-api-paste.ini"
DATA="$STATE_DIR/data"
LOGS="$STATE_DIR/logs"
RUN="$STATE_DIR/run"
ENV_FILE="$STATE_DIR/env"
STATE_FILE="$STATE_DIR/state.sh"

load_state() {
  [[ -f "$STATE_FILE" ]] || return 1
  # shellcheck disable=SC1090
  source "$STATE_FILE"
}

ports_from_env() {
  KS_PORT="${ISP_KEYSTONE_PORT:-25000}"
  GL_PORT="${ISP_GLANCE_PORT:-29292}"
  [[ "$KS_PORT" =~ ^[0-9]+$ && "$GL_PORT" =~ ^[0-9]+$ ]] || die "ports must be numbers"
  [[ "$KS_PORT" != "$GL_PORT" ]] || die "Keystone and Glance ports must differ"
}

ks_url() { echo "http://$HOST:$KS_PORT/v3"; }
gl_url() { echo "http://$HOST:$GL_PORT"; }

# ---------------------------------------------------------------------------- install
missing_packages() {
  local p st
  for p in "${PACKAGES[@]}" curl procps; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$st" == "install ok installed" ]] || echo "$p"
  done
}

uwsgi_bin() {
  if [[ -x /usr/bin/uwsgi ]]; then echo /usr/bin/uwsgi
  elif [[ -x /usr/bin/uwsgi-core ]]; then echo /usr/bin/uwsgi-core
  else return 1; fi
}

cmd_install() {
  local t missing
  t=$(date +%s.%N)
  [[ $(id -u) -eq 0 ]] || die "must run as root (apt-get, keystone-manage --keystone-user root)"
  [[ -x "$PY" ]] || die "$PY not found (Debian's python3 is required)"
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    log "install: all packages present (${PACKAGES[*]})"
    return 0
  fi
  log "install: installing ${missing[*]} (about 90 s on a fresh machine)"
  export DEBIAN_FRONTEND=noninteractive
  local aptlog="/tmp/isp-openstack-apt.log"
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >"$aptlog" 2>&1; then
    log "install: apt-get install failed; running apt-get update and retrying"
    apt-get update >>"$aptlog" 2>&1 || true
    apt-get install -y --no-install-recommends "${missing[@]}" >>"$aptlog" 2>&1 ||
      { tail -n 30 "$aptlog" >&2; die "apt-get install failed (log: $aptlog)"; }
  fi
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]} == 0)) || die "still missing after install: ${missing[*]}"
  log "install: done in $(elapsed "$t") s"
}

ensure_installed() {
  local missing
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]} == 0)) || cmd_install
  uwsgi_bin >/dev/null || die "uwsgi binary not found after install"
  [[ -x /usr/bin/keystone-wsgi-public && -f /usr/bin/keystone-manage ]] ||
    die "python3-keystone is installed but keystone-wsgi-public/keystone-manage are missing"
}

# ---------------------------------------------------------------------------- helpers
# exit 0 when something listens on / holds 127.0.0.1:PORT
port_busy() {
  "$PY" - "$1" <<'EOF'
import socket, sys
port = int(sys.argv[1])
s = socket.socket(); s.settimeout(0.5)
try:
    s.connect(("127.0.0.1", port)); sys.exit(0)      # somebody answers
except OSError:
    pass
finally:
    s.close()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # ignore TIME_WAIT, not listeners
try:
    s.bind(("127.0.0.1", port))
except OSError:
    sys.exit(0)
finally:
    s.close()
sys.exit(1)
EOF
}

gen_password() {
  local p=""
  while ((${#p} < 24)); do
    p+=$(head -c 64 /dev/urandom | tr -dc 'A-Za-z0-9' || true)
  done
  echo "${p:0:24}"
}

http_code() { # url -> status code (000 when nothing answers)
  curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true
}

pidfile() { echo "$RUN/$1.pid"; }

# pattern that the command line of our process (or a member of its group) contains
svc_pattern() {
  case "$1" in
    keystone) echo "OS_KEYSTONE_CONFIG_DIR=$KS_CONF_DIR" ;;
    glance) echo "$GL_CONF" ;;
  esac
}

# prints the recorded process group id when that group is alive and is ours
svc_pgid() {
  local name=$1 pf pgid pid pat
  pf=$(pidfile "$name")
  [[ -f "$pf" ]] || return 1
  pgid=$(<"$pf")
  [[ "$pgid" =~ ^[0-9]+$ ]] || return 1
  pat=$(svc_pattern "$name")
  for pid in $(pgrep -g "$pgid" 2>/dev/null || true); do
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pat"; then
      echo "$pgid"
      return 0
    fi
  done
  return 1
}

svc_stop() {
  local name=$1 port=$2 pgid i
  if pgid=$(svc_pgid "$name"); then
    log "stop: $name (process group $pgid)"
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      pgrep -g "$pgid" >/dev/null 2>&1 || break
      sleep 0.1
    done
    if pgrep -g "$pgid" >/dev/null 2>&1; then
      log "stop: $name did not exit on SIGTERM in 10 s; SIGKILL"
      kill -KILL -- "-$pgid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do
        pgrep -g "$pgid" >/dev/null 2>&1 || break
        sleep 0.1
      done
    fi
  else
    log "stop: $name is not running (no live recorded process group)"
  fi
  rm -f "$(pidfile "$name")"
  for ((i = 0; i < 50; i++)); do
    port_busy "$port" || return 0
    sleep 0.2
  done
  log "stop: WARNING: port $port is still busy after stopping $name (not ours?)"
  return 1
}

# start NAME LOGFILE CMD... in its own session; records the process group id
svc_launch() {
  local name=$1 logfile=$2 pid pgid
  shift 2
  mkdir -p "$RUN" "$LOGS"
  setsid "$@" </dev/null >>"$logfile" 2>&1 &
  pid=$!
  # setsid does not fork when the caller is not a group leader (non-interactive bash):
  # the pid is then the new session and process group id. Check anyway.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ' || true)
    [[ -n "$pgid" && "$pgid" == "$pid" ]] && break
    sleep 0.05
  done
  [[ -n "${pgid:-}" ]] || die "$name exited immediately; see $logfile"
  echo "$pgid" >"$(pidfile "$name")"
}

wait_up() { # name url logfile
  local name=$1 url=$2 logfile=$3 t code deadline
  t=$(date +%s.%N)
  deadline=$(($(date +%s) + START_TIMEOUT))
  while :; do
    code=$(http_code "$url")
    [[ "$code" == 200 ]] && break
    if ! svc_pgid "$name" >/dev/null; then
      tail -n 40 "$logfile" >&2 || true
      die "$name died while starting (log: $logfile)"
    fi
    if (($(date +%s) > deadline)); then
      tail -n 40 "$logfile" >&2 || true
      die "$name did not answer 200 on $url within ${START_TIMEOUT}s (last: $code; log: $logfile)"
    fi
    sleep 0.3
  done
  log "$name answers on $url after $(elapsed "$t") s"
}

# ---------------------------------------------------------------------------- configs
write_configs() {
  local secure=$1 glance_pw=$2
  mkdir -p "$KS_CONF_DIR" "$ETC/glance" "$DATA"/{fernet-keys,credential-keys,images,staging,tasks,locks} "$LOGS" "$RUN"
  chmod 700 "$DATA/fernet-keys" "$DATA/credential-keys"

  cat >"$KS_CONF" <<EOF
# generated by scripts/openstack/openstack.sh
[DEFAULT]
debug = false

[database]
connection = sqlite:///$DATA/keystone.sqlite

[token]
provider = fernet
expiration = ${ISP_KEYSTONE_TOKEN_EXPIRATION:-14400}

[fernet_tokens]
key_repository = $DATA/fernet-keys

[credential]
key_repository = $DATA/credential-keys

[identity]
# test deployment: cheapest bcrypt cost keeps token issuing fast
password_hash_rounds = 4

[cache]
# one uwsgi process (see start_keystone), so an in-process cache stays coherent:
# keystone invalidates it on every write. Without it each call runs ~200 SQLite queries.
enabled = true
backend = dogpile.cache.memory
expiration_time = 600
EOF

  (
    umask 077
    cat >"$GL_CONF" <<EOF
# generated by scripts/openstack/openstack.sh
[DEFAULT]
debug = false
bind_host = $HOST
bind_port = $GL_PORT
workers = 1
enabled_backends = fs:file
image_member_quota = 128
enforce_secure_rbac = $secure

[database]
connection = sqlite:///$DATA/glance.sqlite

[glance_store]
default_backend = fs

[fs]
filesystem_store_datadir = $DATA/images/

[os_glance_staging_store]
filesystem_store_datadir = $DATA/staging/

[os_glance_tasks_store]
filesystem_store_datadir = $DATA/tasks/

[paste_deploy]
flavor = keystone
config_file = $GL_PASTE

[keystone_authtoken]
www_authenticate_uri = http://$HOST:$KS_PORT/v3
auth_url = http://$HOST:$KS_PORT/v3
auth_type = password
username = glance
password = $glance_pw
project_name = service
user_domain_name = $DOMAIN
project_domain_name = $DOMAIN
delay_auth_decision = true

[oslo_policy]
enforce_new_defaults = $secure

[oslo_concurrency]
lock_path = $DATA/locks
EOF
  )

  cat >"$GL_PASTE" <<EOF
# generated by scripts/openstack/openstack.sh (python3-glance ships no paste ini)
# flavor "keystone": tokens validated by keystonemiddleware
[pipeline:glance-api-keystone]
pipeline = healthcheck http_proxy_to_wsgi versionnegotiation authtoken context rootapp

# no flavor: trusted X-Identity-Status/X-Project-Id/X-Roles headers (not used by start)
[pipeline:glance-api]
pipeline = healthcheck http_proxy_to_wsgi versionnegotiation context rootapp

[composite:rootapp]
paste.composite_factory = glance.api:root_app_factory
/: apiversions
/v2: apiv2app

[app:apiversions]
paste.app_factory = glance.api.versions:create_resource

[app:apiv2app]
paste.app_factory = glance.api.v2.router:API.factory

[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory
backends = disable_by_file
disable_by_file_path = $DATA/healthcheck_disable

[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true
EOF
}

sqlite_wal() {
  "$PY" -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); m=c.execute("PRAGMA journal_mode=WAL").fetchone()[0]; c.close(); sys.exit(0 if m=="wal" else 1)' "$1" ||
    die "could not switch $1 to WAL"
}

keystone_manage() { # args...; output to the keystone-manage log (tracebacks on exit are harmless)
  "$PY" /usr/bin/keystone-manage --config-file "$KS_CONF" "$@" >>"$LOGS/keystone-manage.log" 2>&1
}

# ---------------------------------------------------------------------------- services
start_keystone() {
  port_busy "$KS_PORT" && die "port $HOST:$KS_PORT is busy: refusing to start Keystone (stop the other server or set ISP_KEYSTONE_PORT)"
  local uwsgi
  uwsgi=$(uwsgi_bin)
  svc_launch keystone "$LOGS/keystone.log" \
    "$uwsgi" --plugin python3 --http-socket "$HOST:$KS_PORT" \
    --wsgi-file /usr/bin/keystone-wsgi-public \
    --master --processes 1 --threads 8 --lazy-apps --die-on-term --need-app \
    --buffer-size 65535 --skip-atexit-teardown --add-header "Connection: close" \
    --env "OS_KEYSTONE_CONFIG_DIR=$KS_CONF_DIR" --env "PYTHONNOUSERSITE=1"
}

start_glance_proc() {
  port_busy "$GL_PORT" && die "port $HOST:$GL_PORT is busy: refusing to start Glance (Glance binds with SO_REUSEPORT and would silently share it; set ISP_GLANCE_PORT)"
  svc_launch glance "$LOGS/glance-api.log" "$PY" -m glance.cmd.api --config-file "$GL_CONF"
}

# ---------------------------------------------------------------------------- REST setup
# Reads passwords from the environment; prints KEY=VALUE lines (ids only) on stdout.
rest_setup() {
  "$PY" - <<'EOF'
import json, os, sys, time, urllib.error, urllib.request

KS = os.environ["SETUP_KS_URL"]
GL = os.environ["SETUP_GL_URL"]
DOMAIN_ID = "default"

def req(method, url, body=None, token=None, tries=6):
    data = json.dumps(body).encode() if body is not None else None
    for attempt in range(tries):
        r = urllib.request.Request(url, data=data, method=method)
        r.add_header("Accept", "application/json")
        if data is not None:
            r.add_header("Content-Type", "application/json")
        if token:
            r.add_header("X-Auth-Token", token)
        try:
            with urllib.request.urlopen(r, timeout=60) as resp:
                raw = resp.read()
                return resp.status, resp.headers, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as e:
            raw = e.read()[:400].decode("utf-8", "replace")
            if e.code >= 500 and attempt < tries - 1:
                time.sleep(1); continue
            sys.exit(f"setup: {method} {url} -> {e.code}: {raw}")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            if attempt < tries - 1:
                time.sleep(1); continue
            sys.exit(f"setup: {method} {url} failed: {e}")

def token(user, password, project):
    body = {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": user, "domain": {"id": DOMAIN_ID}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"id": DOMAIN_ID}}}}}
    st, h, b = req("POST", KS + "/auth/tokens", body)
    assert st == 201, st
    return h["X-Subject-Token"], b["token"]

admin, _ = token("admin", os.environ["SETUP_ADMIN_PASSWORD"], "admin")

def get(path):
    return req("GET", KS + path, token=admin)[2]

roles = {r["name"]: r["id"] for r in get("/roles")["roles"]}
for need in ("admin", "member", "reader"):
    if need not in roles:
        sys.exit(f"setup: role {need} missing after bootstrap")

def project(name, desc):
    found = get(f"/projects?name={name}&domain_id={DOMAIN_ID}")["projects"]
    if found:
        return found[0]["id"]
    return req("POST", KS + "/projects", {"project": {
        "name": name, "domain_id": DOMAIN_ID, "description": desc, "enabled": True}}, admin)[2]["project"]["id"]

def user(name, password, default_project):
    found = get(f"/users?name={name}&domain_id={DOMAIN_ID}")["users"]
    if found:
        uid = found[0]["id"]
        req("PATCH", KS + f"/users/{uid}", {"user": {"password": password, "enabled": True}}, admin)
        return uid
    return req("POST", KS + "/users", {"user": {
        "name": name, "domain_id": DOMAIN_ID, "password": password,
        "default_project_id": default_project, "enabled": True}}, admin)[2]["user"]["id"]

def grant(pid, uid, role):
    st = req("PUT", KS + f"/projects/{pid}/users/{uid}/roles/{roles[role]}", None, admin)[0]
    assert st in (200, 204), st

# Glance's service user
service = project("service", "OpenStack services")
glance = user("glance", os.environ["SETUP_GLANCE_PASSWORD"], service)
grant(service, glance, "admin")

# image service + endpoints (the catalog is how a client finds Glance)
svcs = get("/services?type=image")["services"]
svc_id = svcs[0]["id"] if svcs else req("POST", KS + "/services", {"service": {
    "type": "image", "name": "glance", "description": "OpenStack Image", "enabled": True}}, admin)[2]["service"]["id"]
existing = {e["interface"]: e for e in get(f"/endpoints?service_id={svc_id}")["endpoints"]}
for iface in ("public", "internal", "admin"):
    e = existing.get(iface)
    if e and (e["url"] != GL or e.get("region_id") != os.environ["SETUP_REGION"]):
        req("DELETE", KS + f"/endpoints/{e['id']}", None, admin)
        e = None
    if not e:
        req("POST", KS + "/endpoints", {"endpoint": {
            "service_id": svc_id, "interface": iface, "url": GL,
            "region_id": os.environ["SETUP_REGION"], "enabled": True}}, admin)

# test tenants
out = {}
people = {}
for role in ("producer", "consumer", "stranger"):
    pname, uname = f"isp-{role}", f"isp-{role}-user"
    pw = os.environ[f"SETUP_{role.upper()}_PASSWORD"]
    pid = project(pname, f"ImageSharePortal test {role}")
    uid = user(uname, pw, pid)
    grant(pid, uid, "member")
    grant(pid, uid, "reader")
    out[f"{role.upper()}_PROJECT_ID"] = pid
    out[f"{role.upper()}_USER_ID"] = uid
    people[role] = (uname, pw, pname)
p2 = project("isp-producer-2", "ImageSharePortal test producer, second project")
grant(p2, out["PRODUCER_USER_ID"], "member")
out["PRODUCER_PROJECT2_ID"] = p2

# verify: every user gets a project-scoped token, the catalog has Glance, Glance accepts it
for role, (uname, pw, pname) in people.items():
    tok, body = token(uname, pw, pname)
    imgs = [e for s in body.get("catalog", []) if s["type"] == "image" for e in s["endpoints"]]
    if sorted(e["interface"] for e in imgs) != ["admin", "internal", "public"] or any(e["url"] != GL for e in imgs):
        sys.exit(f"setup: catalog of {uname} lacks the image endpoints: {imgs}")
    deadline = time.time() + 60
    while True:
        try:
            st = req("GET", GL + "/v2/images", None, tok, tries=1)[0]
        except SystemExit as e:
            st = str(e)
        if st == 200:
            break
        if time.time() > deadline:
            sys.exit(f"setup: Glance does not accept the {role} token: {st}")
        time.sleep(1)
token(people["producer"][0], people["producer"][1], "isp-producer-2")  # second project works

for k, v in out.items():
    print(f"{k}={v}")
EOF
}

write_env() { # needs the ids in PRODUCER_PROJECT_ID etc.
  local role R
  (
    umask 077
    {
      echo "# generated by scripts/openstack/openstack.sh start — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
      echo "export ISP_KEYSTONE_URL=$(printf %q "$(ks_url)")"
      echo "export ISP_GLANCE_URL=$(printf %q "$(gl_url)")"
      echo "export ISP_OS_REGION=$REGION"
      echo "export ISP_OS_USER_DOMAIN=$DOMAIN"
      echo "export ISP_OS_PROJECT_DOMAIN=$DOMAIN"
      echo "export ISP_OS_ADMIN_USER=admin"
      echo "export ISP_OS_ADMIN_PROJECT=admin"
      echo "export ISP_OS_ADMIN_PASSWORD=$(printf %q "$ADMIN_PW")"
      for role in "${ROLES[@]}"; do
        R=${role^^}
        local pwvar="PW_$R" idvar="${R}_PROJECT_ID" uidvar="${R}_USER_ID"
        echo "export ISP_OS_${R}_USER=isp-$role-user"
        echo "export ISP_OS_${R}_USER_ID=${!uidvar}"
        echo "export ISP_OS_${R}_PASSWORD=$(printf %q "${!pwvar}")"
        echo "export ISP_OS_${R}_PROJECT=isp-$role"
        echo "export ISP_OS_${R}_PROJECT_ID=${!idvar}"
      done
      echo "export ISP_OS_PRODUCER_PROJECT2=isp-producer-2"
      echo "export ISP_OS_PRODUCER_PROJECT2_ID=$PRODUCER_PROJECT2_ID"
    } >"$ENV_FILE.tmp"
    mv "$ENV_FILE.tmp" "$ENV_FILE"
  )
}

# ---------------------------------------------------------------------------- commands
prepare_state_dir() {
  if [[ -e "$STATE_DIR" ]]; then
    [[ -d "$STATE_DIR" ]] || die "$STATE_DIR exists and is not a directory"
    if [[ ! -f "$STATE_DIR/$MARKER" ]] && [[ -n "$(ls -A "$STATE_DIR")" ]]; then
      die "$STATE_DIR is not empty and was not made by this script: refusing to wipe it (set ISP_OPENSTACK_DIR)"
    fi
  fi
  mkdir -p "$STATE_DIR"
  chmod 700 "$STATE_DIR"
  # fresh data every start: remove only what this script creates
  rm -rf "${STATE_DIR:?}/etc" "${STATE_DIR:?}/data" "${STATE_DIR:?}/logs" "${STATE_DIR:?}/run" \
    "$ENV_FILE" "$ENV_FILE.tmp" "$STATE_FILE"
  touch "$STATE_DIR/$MARKER"
}

STARTED_BY_US=()
on_start_failure() {
  local rc=$?
  trap - ERR EXIT
  if ((rc != 0)) && ((${#STARTED_BY_US[@]} > 0)); then
    log "start failed (exit $rc): stopping what was started; logs in $LOGS"
    svc_pgid glance >/dev/null 2>&1 && { svc_stop glance "$GL_PORT" || true; }
    svc_pgid keystone >/dev/null 2>&1 && { svc_stop keystone "$KS_PORT" || true; }
  fi
  exit "$rc"
}

cmd_start() {
  local t_all t secure glance_pw ks_up gl_up
  t_all=$(date +%s.%N)
  ports_from_env

  # already running from this state dir?
  if load_state; then
    ks_up=0 gl_up=0
    svc_pgid keystone >/dev/null && ks_up=1
    svc_pgid glance >/dev/null && gl_up=1
    if ((ks_up && gl_up)) && [[ -f "$ENV_FILE" ]]; then
      log "already running from $STATE_DIR (Keystone :$KS_PORT, Glance :$GL_PORT); run 'stop' first for a fresh one"
      cat "$ENV_FILE"
      return 0
    fi
    if ((ks_up || gl_up)); then
      die "a partial instance is running from $STATE_DIR (keystone up=$ks_up glance up=$gl_up): run 'stop' (or 'start-glance') first"
    fi
    ports_from_env # the recorded ports are not binding for a fresh start
  fi

  [[ "${ISP_KEYSTONE_TOKEN_EXPIRATION:-14400}" =~ ^[0-9]+$ ]] || die "ISP_KEYSTONE_TOKEN_EXPIRATION must be a number of seconds"
  ensure_installed
  port_busy "$KS_PORT" && die "port $HOST:$KS_PORT (Keystone) is busy: refusing to start"
  port_busy "$GL_PORT" && die "port $HOST:$GL_PORT (Glance) is busy: refusing to start"

  [[ "${ISP_GLANCE_SECURE_RBAC:-false}" =~ ^(true|false)$ ]] || die "ISP_GLANCE_SECURE_RBAC must be true or false"
  secure=${ISP_GLANCE_SECURE_RBAC:-false}

  prepare_state_dir
  log "start: state dir $STATE_DIR, Keystone $HOST:$KS_PORT, Glance $HOST:$GL_PORT"

  ADMIN_PW=${ISP_OS_ADMIN_PASSWORD:-$(gen_password)}
  PW_PRODUCER=${ISP_OS_PRODUCER_PASSWORD:-$(gen_password)}
  PW_CONSUMER=${ISP_OS_CONSUMER_PASSWORD:-$(gen_password)}
  PW_STRANGER=${ISP_OS_STRANGER_PASSWORD:-$(gen_password)}
  glance_pw=$(gen_password)

  write_configs "$secure" "$glance_pw"
  cat >"$STATE_FILE" <<EOF
KS_PORT=$KS_PORT
GL_PORT=$GL_PORT
EOF

  trap on_start_failure EXIT

  # Databases and keys, in parallel (each python start costs ~3 s of imports):
  #   A: keystone db_sync -> WAL -> bootstrap       B: fernet + credential keys
  #   C: glance db_sync -> WAL
  t=$(date +%s.%N)
  (
    keystone_manage db_sync
    sqlite_wal "$DATA/keystone.sqlite"
    OS_BOOTSTRAP_PASSWORD="$ADMIN_PW" keystone_manage bootstrap \
      --bootstrap-username admin --bootstrap-project-name admin \
      --bootstrap-role-name admin --bootstrap-service-name keystone \
      --bootstrap-region-id "$REGION" \
      --bootstrap-admin-url "$(ks_url)" --bootstrap-internal-url "$(ks_url)" \
      --bootstrap-public-url "$(ks_url)"
  ) &
  local pa=$!
  (
    keystone_manage fernet_setup --keystone-user root --keystone-group root
    keystone_manage credential_setup --keystone-user root --keystone-group root
  ) &
  local pb=$!
  (
    "$PY" -m glance.cmd.manage --config-file "$GL_CONF" db_sync >>"$LOGS/glance-manage.log" 2>&1
    sqlite_wal "$DATA/glance.sqlite"
  ) &
  local pc=$!
  wait "$pc" || { tail -n 30 "$LOGS/glance-manage.log" >&2; die "glance db_sync failed (log: $LOGS/glance-manage.log)"; }
  # Glance validates tokens lazily: it may start before Keystone.
  STARTED_BY_US+=(glance)
  start_glance_proc
  wait "$pb" || { tail -n 30 "$LOGS/keystone-manage.log" >&2; die "keystone key setup failed (log: $LOGS/keystone-manage.log)"; }
  wait "$pa" || { tail -n 30 "$LOGS/keystone-manage.log" >&2; die "keystone db_sync/bootstrap failed (log: $LOGS/keystone-manage.log)"; }
  [[ -n "$(ls -A "$DATA/fernet-keys")" ]] || die "no fernet keys were created"
  log "start: databases, keys and bootstrap done in $(elapsed "$t") s"

  STARTED_BY_US+=(keystone)
  start_keystone
  wait_up keystone "$(ks_url)" "$LOGS/keystone.log"
  wait_up glance "$(gl_url)/healthcheck" "$LOGS/glance-api.log"

  t=$(date +%s.%N)
  local line ids
  ids=$(SETUP_KS_URL="$(ks_url)" SETUP_GL_URL="$(gl_url)" SETUP_REGION="$REGION" \
    SETUP_ADMIN_PASSWORD="$ADMIN_PW" SETUP_GLANCE_PASSWORD="$glance_pw" \
    SETUP_PRODUCER_PASSWORD="$PW_PRODUCER" SETUP_CONSUMER_PASSWORD="$PW_CONSUMER" \
    SETUP_STRANGER_PASSWORD="$PW_STRANGER" rest_setup) || die "REST setup failed"
  while IFS='=' read -r k v; do
    [[ "$k" =~ ^[A-Z0-9_]+$ && "$v" =~ ^[0-9a-f]+$ ]] || die "unexpected setup output"
    printf -v "$k" '%s' "$v"
  done <<<"$ids"
  log "start: projects, users, roles, catalog set up and verified in $(elapsed "$t") s"

  write_env
  trap - EXIT
  log "start: ready in $(elapsed "$t_all") s — env file: $ENV_FILE"
  cat "$ENV_FILE"
}

need_state() {
  load_state || die "no instance in $STATE_DIR (run 'start' first)"
}

cmd_stop() {
  if ! load_state; then
    log "stop: nothing recorded in $STATE_DIR"
    return 0
  fi
  local rc=0 pg pk
  # in parallel: each takes ~2 s to wind down
  svc_stop glance "$GL_PORT" &
  pg=$!
  svc_stop keystone "$KS_PORT" &
  pk=$!
  wait "$pg" || rc=1
  wait "$pk" || rc=1
  return $rc
}

cmd_stop_glance() {
  need_state
  svc_stop glance "$GL_PORT"
}

cmd_start_glance() {
  need_state
  if svc_pgid glance >/dev/null; then
    log "start-glance: Glance is already running"
    return 0
  fi
  [[ -f "$GL_CONF" ]] || die "no Glance config in $STATE_DIR (run 'start')"
  ensure_installed
  start_glance_proc
  wait_up glance "$(gl_url)/healthcheck" "$LOGS/glance-api.log"
}

cmd_status() {
  local rc=0 pgid code
  if ! load_state; then
    echo "keystone: down (no instance in $STATE_DIR)"
    echo "glance: down (no instance in $STATE_DIR)"
    return 1
  fi
  if pgid=$(svc_pgid keystone); then
    code=$(http_code "$(ks_url)")
    echo "keystone: $([[ $code == 200 ]] && echo up || echo "running, not answering (HTTP $code)") (process group $pgid, $(ks_url))"
    [[ $code == 200 ]] || rc=1
  else
    echo "keystone: down"; rc=1
  fi
  if pgid=$(svc_pgid glance); then
    code=$(http_code "$(gl_url)/healthcheck")
    echo "glance: $([[ $code == 200 ]] && echo up || echo "running, not answering (HTTP $code)") (process group $pgid, $(gl_url))"
    [[ $code == 200 ]] || rc=1
  else
    echo "glance: down"; rc=1
  fi
  return $rc
}

cmd_token() {
  local role=${1:-}
  need_state
  [[ -f "$ENV_FILE" ]] || die "no env file in $STATE_DIR"
  local user pw project
  (
    # shellcheck disable=SC1090
    source "$ENV_FILE"
    case "$role" in
      producer | consumer | stranger)
        R=${role^^}
        user_v="ISP_OS_${R}_USER" pw_v="ISP_OS_${R}_PASSWORD" proj_v="ISP_OS_${R}_PROJECT"
        user=${!user_v} pw=${!pw_v} project=${!proj_v}
        ;;
      producer2) user=$ISP_OS_PRODUCER_USER pw=$ISP_OS_PRODUCER_PASSWORD project=$ISP_OS_PRODUCER_PROJECT2 ;;
      admin) user=admin pw=$ISP_OS_ADMIN_PASSWORD project=admin ;;
      *) die "usage: $0 token producer|producer2|consumer|stranger|admin" ;;
    esac
    TOK_URL="$ISP_KEYSTONE_URL" TOK_USER="$user" TOK_PW="$pw" TOK_PROJECT="$project" "$PY" - <<'EOF'
import json, os, sys, urllib.request, urllib.error
body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
    "name": os.environ["TOK_USER"], "domain": {"id": "default"}, "password": os.environ["TOK_PW"]}}},
    "scope": {"project": {"name": os.environ["TOK_PROJECT"], "domain": {"id": "default"}}}}}
r = urllib.request.Request(os.environ["TOK_URL"] + "/auth/tokens", json.dumps(body).encode(),
                           {"Content-Type": "application/json"}, method="POST")
try:
    with urllib.request.urlopen(r, timeout=30) as resp:
        print(resp.headers["X-Subject-Token"])
except urllib.error.HTTPError as e:
    sys.exit(f"token: Keystone answered {e.code}")
except urllib.error.URLError as e:
    sys.exit(f"token: Keystone unreachable: {e.reason}")
EOF
  )
}

cmd_env() {
  [[ -f "$ENV_FILE" ]] || die "no env file in $STATE_DIR (run 'start' first)"
  cat "$ENV_FILE"
}

usage() {
  sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

main() {
  local cmd=${1:-}
  shift || true
  case "$cmd" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    stop-glance) cmd_stop_glance ;;
    start-glance) cmd_start_glance ;;
    status) cmd_status ;;
    token) cmd_token "$@" ;;
    env) cmd_env ;;
    -h | --help | help | "") usage ;;
    *) echo "unknown command: $cmd" >&2; usage ;;
  esac
}

main "$@"
