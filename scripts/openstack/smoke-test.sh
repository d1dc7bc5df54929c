#!/usr/bin/env bash
# Smoke test of a running openstack.sh instance: Keystone tokens + catalog, and the
# Glance image-members contract as the portal relies on it. Uses curl and Debian's python3.
#
#   scripts/openstack/smoke-test.sh            # checks; prints "N passed, N failed"
#   scripts/openstack/smoke-test.sh -v         # also prints every Glance response body verbatim
#
# Reads the env file of the running instance ($ISP_OPENSTACK_DIR/env, default
# /tmp/isp-openstack/env). Creates a few images in isp-producer and deletes them at the end.
# Expected codes are the ones a real Glance 25.1.0 (Debian 12) answered.
set -Euo pipefail

VERBOSE=0
[[ "${1:-}" == "-v" ]] && VERBOSE=1
PY=/usr/bin/python3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENV_FILE="${ISP_OPENSTACK_DIR:-/tmp/isp-openstack}/env"
[[ -f "$ENV_FILE" ]] || { echo "no $ENV_FILE: run $HERE/openstack.sh start" >&2; exit 1; }
# shellcheck disable=SC1090
source "$ENV_FILE"

PASS=0 FAIL=0
TMP=$(mktemp -d)
CREATED=()
cleanup() {
  local i
  for i in "${CREATED[@]}"; do
    curl -s -o /dev/null -X DELETE -H "X-Auth-Token: $PT" "$ISP_GLANCE_URL/v2/images/$i" || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT

ok() { PASS=$((PASS + 1)); echo "ok   - $*"; }
ko() { FAIL=$((FAIL + 1)); echo "FAIL - $*"; }

# jget FILE PYEXPR  -> evaluates PYEXPR with `d` = parsed JSON body
jget() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); r=eval(sys.argv[2]); print(r if not isinstance(r,(dict,list,bool)) else json.dumps(r))' "$1" "$2" 2>/dev/null; }

# call TOKEN METHOD PATH [JSON]  -> sets CODE, BODY (file), CTYPE
call() {
  local tok=$1 m=$2 p=$3 data=${4:-}
  local args=(-s -o "$TMP/body" -D "$TMP/headers" -w '%{http_code} %{content_type}' -X "$m"
    -H "Accept: application/json" -H "X-Auth-Token: $tok")
  [[ -n "$data" ]] && args+=(-H "Content-Type: application/json" -d "$data")
  read -r CODE CTYPE < <(curl "${args[@]}" "$ISP_GLANCE_URL$p"; echo)
  BODY="$TMP/body"
  if ((VERBOSE)); then
    echo "    > $m $p ${data:+$data}"
    echo "    < $CODE $(head -c 600 "$BODY" | tr '\n' ' ')"
  fi
}

expect() { # description expected_code
  if [[ "$CODE" == "$2" ]]; then ok "$1 → $CODE"; else ko "$1 → $CODE (expected $2): $(head -c 300 "$BODY")"; fi
}

token() { # user password project -> token (via curl, as a client would)
  local body
  body=$("$PY" -c 'import json,sys; print(json.dumps({"auth":{"identity":{"methods":["password"],"password":{"user":{"name":sys.argv[1],"domain":{"name":sys.argv[4]},"password":sys.argv[2]}}},"scope":{"project":{"name":sys.argv[3],"domain":{"name":sys.argv[4]}}}}}))' "$1" "$2" "$3" "$ISP_OS_USER_DOMAIN")
  curl -s -D "$TMP/tokh" -o "$TMP/tokb" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "$body" "$ISP_KEYSTONE_URL/auth/tokens" >"$TMP/tokc"
  grep -i '^x-subject-token:' "$TMP/tokh" | awk '{print $2}' | tr -d '\r'
}

# ---------------------------------------------------------------- Keystone
PT=$(token "$ISP_OS_PRODUCER_USER" "$ISP_OS_PRODUCER_PASSWORD" "$ISP_OS_PRODUCER_PROJECT")
[[ $(<"$TMP/tokc") == 201 && -n "$PT" ]] && ok "producer token: POST /v3/auth/tokens → 201, X-Subject-Token" || ko "producer token ($(<"$TMP/tokc"))"
cp "$TMP/tokb" "$TMP/ptok.json"
[[ $(jget "$TMP/ptok.json" 'd["token"]["project"]["id"]') == "$ISP_OS_PRODUCER_PROJECT_ID" ]] &&
  ok "token scoped to ISP_OS_PRODUCER_PROJECT_ID" || ko "token project id"
url=$(jget "$TMP/ptok.json" '[e["url"] for s in d["token"]["catalog"] if s["type"]=="image" for e in s["endpoints"] if e["interface"]=="public" and e["region_id"]=="RegionOne"][0]')
[[ "$url" == "$ISP_GLANCE_URL" ]] && ok "catalog: image/public = $url" || ko "catalog image endpoint: '$url'"
roles=$(jget "$TMP/ptok.json" 'sorted(r["name"] for r in d["token"]["roles"])')
[[ "$roles" == '["member", "reader"]' ]] && ok "producer roles $roles" || ko "producer roles $roles"
CT=$(token "$ISP_OS_CONSUMER_USER" "$ISP_OS_CONSUMER_PASSWORD" "$ISP_OS_CONSUMER_PROJECT")
ST=$(token "$ISP_OS_STRANGER_USER" "$ISP_OS_STRANGER_PASSWORD" "$ISP_OS_STRANGER_PROJECT")
P2=$(token "$ISP_OS_PRODUCER_USER" "$ISP_OS_PRODUCER_PASSWORD" "$ISP_OS_PRODUCER_PROJECT2")
[[ -n "$CT" && -n "$ST" ]] && ok "consumer and stranger tokens" || ko "consumer/stranger tokens"
[[ -n "$P2" && $(jget "$TMP/tokb" 'd["token"]["project"]["id"]') == "$ISP_OS_PRODUCER_PROJECT2_ID" ]] &&
  ok "producer user also scoped to isp-producer-2" || ko "producer second project"
curl -s -o "$TMP/projs" -H "X-Auth-Token: $PT" "$ISP_KEYSTONE_URL/auth/projects"
n=$(jget "$TMP/projs" 'len(d["projects"])')
[[ "$n" == 2 ]] && ok "GET /v3/auth/projects for the producer user: 2 projects" || ko "producer projects: $n"

C=$ISP_OS_CONSUMER_PROJECT_ID
X=$ISP_OS_STRANGER_PROJECT_ID

# ---------------------------------------------------------------- Glance members
call "$PT" POST /v2/images '{"name":"isp-smoke"}'
expect "create image" 201
IMG=$(jget "$BODY" 'd["id"]')
CREATED+=("$IMG")
[[ $(jget "$BODY" 'd["visibility"]') == shared ]] && ok "new image visibility=shared" || ko "visibility $(jget "$BODY" 'd["visibility"]')"

call "$PT" POST "/v2/images/$IMG/members" "{\"member\":\"$C\"}"
expect "owner adds consumer" 200
[[ $(jget "$BODY" 'd["status"]') == pending ]] && ok "member status pending" || ko "member status"
call "$PT" POST "/v2/images/$IMG/members" "{\"member\":\"$C\"}"
expect "add duplicate member" 409
call "$PT" POST "/v2/images/$IMG/members" '{}'
expect "add member, member field missing" 400
call "$PT" POST "/v2/images/$IMG/members" '{"member":""}'
expect "add member, empty member" 400

call "$CT" GET "/v2/images?visibility=shared&member_status=pending"
expect "consumer inbox (shared+pending)" 200
"$PY" -c 'import json,sys; sys.exit(0 if sys.argv[2] in [i["id"] for i in json.load(open(sys.argv[1]))["images"]] else 1)' "$BODY" "$IMG" &&
  ok "pending image in the consumer inbox" || ko "pending image not in inbox"
call "$CT" GET "/v2/images"
"$PY" -c 'import json,sys; sys.exit(1 if sys.argv[2] in [i["id"] for i in json.load(open(sys.argv[1]))["images"]] else 0)' "$BODY" "$IMG" &&
  ok "pending image hidden from consumer default list" || ko "pending image in default list"
call "$CT" GET "/v2/images/$IMG"
expect "consumer GETs pending image by id" 200
call "$CT" GET "/v2/images?member_status=bogus"
expect "bad member_status filter" 400

call "$CT" PUT "/v2/images/$IMG/members/$C" '{"status":"bogus"}'
expect "consumer sets bad status" 400
call "$CT" PUT "/v2/images/$IMG/members/$C" '{}'
expect "consumer PUT without status" 400
call "$CT" PUT "/v2/images/$IMG/members/$C" '{"status":"accepted"}'
expect "consumer accepts" 200
[[ $(jget "$BODY" 'd["status"]') == accepted ]] && ok "member status accepted" || ko "member status after PUT"
call "$CT" GET "/v2/images"
"$PY" -c 'import json,sys; sys.exit(0 if sys.argv[2] in [i["id"] for i in json.load(open(sys.argv[1]))["images"]] else 1)' "$BODY" "$IMG" &&
  ok "accepted image in consumer default list" || ko "accepted image missing from default list"
call "$PT" PUT "/v2/images/$IMG/members/$C" '{"status":"accepted"}'
expect "owner changes member status" 403

call "$ST" GET "/v2/images/$IMG/members/$C"
expect "stranger GETs a member" 404
call "$ST" GET "/v2/images/$IMG/members"
expect "stranger lists members" 404
call "$ST" PUT "/v2/images/$IMG/members/$C" '{"status":"rejected"}'
expect "stranger changes consumer's status" 404

call "$PT" POST "/v2/images/$IMG/members" "{\"member\":\"$X\"}"
expect "owner adds stranger too" 200
call "$CT" GET "/v2/images/$IMG/members"
expect "consumer lists members" 200
[[ $(jget "$BODY" '[m["member_id"] for m in d["members"]]') == "[\"$C\"]" ]] && ok "member sees only itself" || ko "member list as member: $(head -c 300 "$BODY")"
call "$PT" GET "/v2/images/$IMG/members"
[[ $(jget "$BODY" 'len(d["members"])') == 2 && $(jget "$BODY" 'd["schema"]') == /v2/schemas/members ]] && ok "owner sees 2 members" || ko "owner member list"
call "$CT" GET "/v2/images/$IMG/members/$X"
expect "consumer GETs another member" 404
call "$CT" DELETE "/v2/images/$IMG/members/$C"
expect "member deletes itself" 403
call "$PT" DELETE "/v2/images/$IMG/members/$X"
expect "owner deletes member" 204
call "$PT" DELETE "/v2/images/$IMG/members/$X"
expect "owner deletes it again" 404

call "$PT" POST /v2/images '{"name":"isp-smoke-private","visibility":"private"}'
expect "create private image" 201
PI=$(jget "$BODY" 'd["id"]')
CREATED+=("$PI")
call "$PT" GET "/v2/images/$PI/members"
expect "list members of a private image" 403
call "$PT" POST "/v2/images/$PI/members" "{\"member\":\"$C\"}"
expect "add member to a private image" 403

curl -s -o "$TMP/html" -w '%{http_code} %{content_type}' -X POST -H "X-Auth-Token: $PT" \
  -H 'Content-Type: application/json' -d "{\"member\":\"$C\"}" "$ISP_GLANCE_URL/v2/images/$IMG/members" >"$TMP/htmlc"
[[ $(<"$TMP/htmlc") == "409 text/html"* ]] && ok "error without Accept: application/json is HTML ($(<"$TMP/htmlc"))" || ko "HTML error: $(<"$TMP/htmlc")"
code=$(curl -s -D "$TMP/h401" -o /dev/null -w '%{http_code}' -H 'Accept: application/json' "$ISP_GLANCE_URL/v2/images")
grep -qi '^www-authenticate: Keystone uri=' "$TMP/h401" && [[ $code == 401 ]] && ok "no token → 401 with Www-Authenticate" || ko "no token → $code"

call "$P2" GET "/v2/images"
expect "producer's second project lists images" 200

echo "$PASS passed, $FAIL failed"
((FAIL == 0))
