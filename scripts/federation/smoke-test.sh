#!/usr/bin/env bash
# Smoke test of a running federation.sh instance, with curl and node only (no browser, no .NET):
# the authorization code + PKCE sign-in as a person would do it (the sign-in form is filled and
# posted), the access token exchanged at Keystone, the mapped project scoped, Glance called;
# then the refusals. Prints `N passed, N failed`; exit 0 only when nothing failed.
#
#   scripts/federation/smoke-test.sh        [-v]  (-v: print each step's status line)
#
# Reads ${ISP_FEDERATION_DIR:-/tmp/isp-federation}/env.

set -Euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE_DIR="${ISP_FEDERATION_DIR:-/tmp/isp-federation}"
VERBOSE=0
[[ "${1:-}" == "-v" ]] && VERBOSE=1
[[ -f "$STATE_DIR/env" ]] || { echo "no env file in $STATE_DIR: run scripts/federation/federation.sh start" >&2; exit 2; }
# shellcheck disable=SC1091
source "$STATE_DIR/env"
export ISP_FED_PROVIDER_CONFIG
KS_LOG="$STATE_DIR/logs/keystone.log"
MINT=(node "$HERE/provider/mint-token.js")

PASS=0 FAIL=0 NONCE="" CODE="" VERIFIER="" REDIRECT=""
WORK=$(mktemp -d /tmp/isp-fed-smoke.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ok() { PASS=$((PASS + 1)); echo "ok   - $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL - $1${2:+ ($2)}"; }
check() { # name expected actual [detail]
  if [[ "$2" == "$3" ]]; then ok "$1"; else bad "$1" "expected $2, got $3${4:+; $4}"; fi
}
vlog() { ((VERBOSE)) && echo "     $*" >&2 || true; }
ms() { date +%s%3N; }

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
jwt_part() { # token index -> JSON
  local p
  p=$(cut -d. -f"$2" <<<"$1" | tr '_-' '/+')
  while ((${#p} % 4)); do p+="="; done
  base64 -d <<<"$p" 2>/dev/null
}
urlenc() { jq -rn --arg v "$1" '$v|@uri'; }
CURL=(curl -s --cacert "$ISP_FED_CA_CERT" -m 30)

# ------------------------------------------------------------------------------ sign-in
# login USER PASSWORD [REDIRECT_URI] -> sets CODE (empty on failure), LOGIN_NOTE, VERIFIER, REDIRECT
login() {
  local user=$1 pw=$2 jar="$WORK/cookies-$RANDOM" state nonce challenge url out code_http loc page action
  REDIRECT=${3:-${ISP_FED_REDIRECT_URIS%% *}}
  CODE="" LOGIN_NOTE=""
  VERIFIER=$(head -c 48 /dev/urandom | b64url)
  challenge=$(printf %s "$VERIFIER" | openssl dgst -sha256 -binary | b64url)
  state=$(head -c 16 /dev/urandom | b64url)
  nonce=$(head -c 16 /dev/urandom | b64url)
  url="$AUTHZ_ENDPOINT?client_id=$(urlenc "$ISP_FED_CLIENT_ID")&response_type=code&response_mode=query"
  url+="&redirect_uri=$(urlenc "$REDIRECT")&scope=$(urlenc "openid profile email offline_access $ISP_FED_API_SCOPE")"
  url+="&code_challenge=$challenge&code_challenge_method=S256&state=$state&nonce=$nonce"
  # 1. authorize -> 303 to the sign-in page
  out=$("${CURL[@]}" -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' "$url")
  vlog "authorize: $out"
  code_http=${out%% *} loc=${out#* }
  [[ "$code_http" == 303 && "$loc" == "$ISP_FED_AUTHORITY/login/"* ]] || { LOGIN_NOTE="authorize: $out"; return 1; }
  # 2. the sign-in page: a form with #username, #password, #signin
  page=$("${CURL[@]}" -c "$jar" -b "$jar" "$loc")
  grep -q 'id="username"' <<<"$page" && grep -q 'id="password"' <<<"$page" && grep -q 'id="signin"' <<<"$page" ||
    { LOGIN_NOTE="sign-in page lacks the form"; return 1; }
  action=$(sed -n 's/.*<form method="post" action="\([^"]*\)".*/\1/p' <<<"$page" | head -n1)
  [[ -n "$action" ]] || { LOGIN_NOTE="no form action"; return 1; }
  # 3. post the form -> 303 back to the authorization endpoint (resume)
  out=$("${CURL[@]}" -c "$jar" -b "$jar" -o "$WORK/post.html" -w '%{http_code} %{redirect_url}' \
    --data-urlencode "username=$user" --data-urlencode "password=$pw" "$ORIGIN$action")
  vlog "sign-in form: $out"
  code_http=${out%% *} loc=${out#* }
  if [[ "$code_http" != 303 ]]; then
    LOGIN_NOTE="sign-in form: HTTP $code_http$(grep -o 'id="error"[^<]*' "$WORK/post.html" | sed 's/.*>/: /')"
    return 1
  fi
  # 4. resume -> 303 to the portal's redirect URI with ?code=&state=&iss=
  for _ in 1 2 3 4; do
    out=$("${CURL[@]}" -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' "$loc")
    vlog "resume: ${out%%\?*}?…"
    code_http=${out%% *} loc=${out#* }
    [[ "$code_http" == 303 && "$loc" == "$ORIGIN/"* ]] || break
  done
  [[ "$code_http" == 303 && "$loc" == "$REDIRECT?"* ]] || { LOGIN_NOTE="resume: ${out%%\?*}"; return 1; }
  [[ "$(query_param "$loc" state)" == "$state" ]] || { LOGIN_NOTE="state mismatch"; return 1; }
  [[ "$(query_param "$loc" iss)" == "$ISP_FED_ISSUER" ]] || { LOGIN_NOTE="iss parameter mismatch"; return 1; }
  CODE=$(query_param "$loc" code)
  NONCE=$nonce
  [[ -n "$CODE" ]] || { LOGIN_NOTE="no code in $(query_param "$loc" error)"; return 1; }
}

query_param() { # url name
  "$PY" -c 'import sys, urllib.parse as u; q=u.parse_qs(u.urlsplit(sys.argv[1]).query); print(q.get(sys.argv[2], [""])[0])' "$1" "$2"
}

# redeem CODE [VERIFIER] -> token response JSON in $WORK/tokens.json, prints the HTTP status
redeem() {
  "${CURL[@]}" -o "$WORK/tokens.json" -w '%{http_code}' -X POST "$TOKEN_ENDPOINT" \
    --data-urlencode grant_type=authorization_code --data-urlencode "code=$1" \
    --data-urlencode "redirect_uri=$REDIRECT" --data-urlencode "client_id=$ISP_FED_CLIENT_ID" \
    --data-urlencode "client_secret=$ISP_FED_CLIENT_SECRET" --data-urlencode "code_verifier=${2:-$VERIFIER}"
}

# ------------------------------------------------------------------------------ Keystone
# fed_auth TOKEN -> "STATUS" ; headers in $WORK/fed.h, body in $WORK/fed.json
fed_auth() {
  "${CURL[@]}" -D "$WORK/fed.h" -o "$WORK/fed.json" -w '%{http_code}' -X POST \
    ${1:+-H "Authorization: Bearer $1"} "${@:2}" "$ISP_FED_AUTH_URL"
}
subject_token() { sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: *\([^[:space:]]*\).*/\1/p' "$WORK/fed.h" | tr -d '\r'; }
# 401 from mod_auth_openidc (token refused before Keystone) or from Keystone itself (JSON)
refused_by() {
  # mod_auth_openidc: WWW-Authenticate: Bearer (token invalid) or Apache's HTML 401 page
  # (a Require claim line failed); Keystone: a JSON error body
  if jq -e '.error.code == 401' "$WORK/fed.json" >/dev/null 2>&1; then echo keystone
  elif grep -qi '^WWW-Authenticate: Bearer' "$WORK/fed.h" || grep -q '<title>401 Unauthorized</title>' "$WORK/fed.json"; then echo apache
  else echo other; fi
}

# the full chain for a person: token -> unscoped -> projects -> scoped -> Glance
chain() { # label access_token expected_project_id
  local label=$1 at=$2 want=$3 st t0 unscoped projects scoped roles other
  t0=$(ms)
  st=$(fed_auth "$at")
  check "$label: federation auth with the access token → 201" 201 "$st" "$(head -c 200 "$WORK/fed.json")"
  vlog "federation auth took $(($(ms) - t0)) ms"
  unscoped=$(subject_token)
  [[ -n "$unscoped" ]] || { bad "$label: unscoped token in X-Subject-Token"; return; }
  ok "$label: unscoped token in X-Subject-Token"
  check "$label: token method is openid, user in domain $ISP_FED_DOMAIN" "openid $ISP_FED_DOMAIN_ID" \
    "$(jq -r '[.token.methods[0], .token.user.domain.id] | join(" ")' "$WORK/fed.json")"
  projects=$("${CURL[@]}" -H "X-Auth-Token: $unscoped" "$ISP_FED_KEYSTONE_URL/auth/projects" | jq -r '[.projects[].id] | join(",")')
  check "$label: GET /v3/auth/projects → the mapped project only" "$want" "$projects"
  st=$("${CURL[@]}" -D "$WORK/scope.h" -o "$WORK/scope.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"id\":\"$unscoped\"}},\"scope\":{\"project\":{\"id\":\"$want\"}}}}" \
    "$ISP_FED_KEYSTONE_URL/auth/tokens")
  check "$label: scope the federated token to the project → 201" 201 "$st"
  scoped=$(sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: *\([^[:space:]]*\).*/\1/p' "$WORK/scope.h" | tr -d '\r')
  roles=$(jq -r '[.token.roles[].name] | sort | join(",")' "$WORK/scope.json" 2>/dev/null)
  check "$label: scoped token has member+reader from the mapping's group" "member,reader" "$roles"
  check "$label: catalog has the image endpoint" "$ISP_FED_GLANCE_URL" \
    "$(jq -r '[.token.catalog[] | select(.type=="image") | .endpoints[] | select(.interface=="public") | .url][0]' "$WORK/scope.json" 2>/dev/null)"
  st=$("${CURL[@]}" -o "$WORK/images.json" -w '%{http_code}' -H "X-Auth-Token: $scoped" "$ISP_FED_GLANCE_URL/v2/images")
  check "$label: Glance GET /v2/images with the scoped token → 200" 200 "$st"
  # another project is refused
  if [[ "$want" == "$ISP_FED_PRODUCER_PROJECT_ID" ]]; then other=$ISP_FED_CONSUMER_PROJECT_ID; else other=$ISP_FED_PRODUCER_PROJECT_ID; fi
  st=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"id\":\"$unscoped\"}},\"scope\":{\"project\":{\"id\":\"$other\"}}}}" \
    "$ISP_FED_KEYSTONE_URL/auth/tokens")
  check "$label: scoping to the other test project → 401" 401 "$st"
}

PY=/usr/bin/python3
ORIGIN=${ISP_FED_ISSUER%%/"$ISP_FED_TENANT_ID"/*}
DISCOVERY=$("${CURL[@]}" "$ISP_FED_METADATA_URL")
TOKEN_ENDPOINT=$(jq -r .token_endpoint <<<"$DISCOVERY")
AUTHZ_ENDPOINT=$(jq -r .authorization_endpoint <<<"$DISCOVERY")
T_START=$(ms)

echo "# provider $ISP_FED_ISSUER"
echo "# keystone $ISP_FED_KEYSTONE_URL (idp $ISP_FED_IDP, protocol $ISP_FED_PROTOCOL), glance $ISP_FED_GLANCE_URL"

# ------------------------------------------------------------------------------ discovery
check "discovery: issuer is <instance><tenant>/v2.0" "$ISP_FED_INSTANCE$ISP_FED_TENANT_ID/v2.0" "$(jq -r .issuer <<<"$DISCOVERY")"
check "discovery: Entra's endpoint layout (authorize, token, keys, logout under <instance><tenant>/)" \
  "$ISP_FED_AUTHORITY/oauth2/v2.0/authorize $ISP_FED_AUTHORITY/oauth2/v2.0/token $ISP_FED_JWKS_URI $ISP_FED_AUTHORITY/oauth2/v2.0/logout" \
  "$(jq -r '"\(.authorization_endpoint) \(.token_endpoint) \(.jwks_uri) \(.end_session_endpoint)"' <<<"$DISCOVERY")"
check "discovery: S256 only" '["S256"]' "$(jq -c .code_challenge_methods_supported <<<"$DISCOVERY")"
check "provider serves TLS with the test CA (curl --cacert)" 200 "$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$(jq -r .jwks_uri <<<"$DISCOVERY")")"
check "provider is not trusted without the test CA" 000 "$(curl -s -m 10 -o /dev/null -w '%{http_code}' --cacert /etc/ssl/certs/ca-certificates.crt "$ISP_FED_METADATA_URL" || true)"

# ------------------------------------------------------------------------------ fed-producer
t0=$(ms)
if login "$ISP_FED_PRODUCER_USER" "$ISP_FED_PRODUCER_PASSWORD"; then ok "fed-producer: code + PKCE sign-in through the sign-in form"; else bad "fed-producer: code + PKCE sign-in" "$LOGIN_NOTE"; fi
st=$(redeem "$CODE")
check "fed-producer: code redeemed at the token endpoint (client_secret_post + code_verifier) → 200" 200 "$st" "$(head -c 200 "$WORK/tokens.json")"
vlog "sign-in + redeem took $(($(ms) - t0)) ms"
AT=$(jq -r '.access_token // empty' "$WORK/tokens.json")
IDT=$(jq -r '.id_token // empty' "$WORK/tokens.json")
RT=$(jq -r '.refresh_token // empty' "$WORK/tokens.json")
H=$(jwt_part "$AT" 1) P=$(jwt_part "$AT" 2) IP=$(jwt_part "$IDT" 2)
check "access token header: RS256, typ at+jwt" "RS256 at+jwt" "$(jq -r '"\(.alg) \(.typ)"' <<<"$H" 2>/dev/null)"
check "access token: iss, aud, tid" "$ISP_FED_ISSUER $ISP_FED_AUDIENCE $ISP_FED_TENANT_ID" "$(jq -r '"\(.iss) \(.aud) \(.tid)"' <<<"$P" 2>/dev/null)"
check "access token: preferred_username, email, name, roles, scp, azp" \
  "$ISP_FED_PRODUCER_UPN $ISP_FED_PRODUCER_UPN Fed Producer $ISP_FED_APP_ROLE access_as_user $ISP_FED_CLIENT_ID" \
  "$(jq -r '"\(.preferred_username) \(.email) \(.name) \(.roles|join(",")) \(.scp) \(.azp)"' <<<"$P" 2>/dev/null)"
check "access token: oid is a GUID, sub present, exp in the future" "true" \
  "$(jq -r --argjson now "$(date +%s)" '(.oid|test("^[0-9a-f-]{36}$")) and (.sub|length>20) and (.exp>$now)' <<<"$P" 2>/dev/null)"
check "ID token: aud = client id, nonce echoed, tid + oid + preferred_username" \
  "$ISP_FED_CLIENT_ID $NONCE $ISP_FED_TENANT_ID $(jq -r .oid <<<"$P") $ISP_FED_PRODUCER_UPN" \
  "$(jq -r '"\(.aud) \(.nonce) \(.tid) \(.oid) \(.preferred_username)"' <<<"$IP" 2>/dev/null)"
[[ -n "$RT" ]] && ok "refresh token issued (offline_access)" || bad "refresh token issued (offline_access)"
CI=$(jq -r '.client_info // empty' "$WORK/tokens.json" | tr '_-' '/+')
while ((${#CI} % 4)); do CI+="="; done
check "token response: client_info = {uid: oid, utid: tid} (as Entra gives MSAL)" "$(jq -r '"\(.oid) \(.tid)"' <<<"$P")" \
  "$(base64 -d <<<"$CI" 2>/dev/null | jq -r '"\(.uid) \(.utid)"' 2>/dev/null)"
chain fed-producer "$AT" "$ISP_FED_PRODUCER_PROJECT_ID"
if [[ -n "$RT" ]]; then
  st=$("${CURL[@]}" -o "$WORK/refresh.json" -w '%{http_code}' -X POST "$TOKEN_ENDPOINT" \
    --data-urlencode grant_type=refresh_token --data-urlencode "refresh_token=$RT" \
    --data-urlencode "client_id=$ISP_FED_CLIENT_ID" --data-urlencode "client_secret=$ISP_FED_CLIENT_SECRET")
  check "refresh grant → 200" 200 "$st"
  AT2=$(jq -r '.access_token // empty' "$WORK/refresh.json")
  check "refreshed access token has the API audience and is accepted by Keystone" "$ISP_FED_AUDIENCE 201" \
    "$(jwt_part "$AT2" 2 | jq -r .aud 2>/dev/null) $(fed_auth "$AT2")"
fi
st=$(redeem "$CODE")
check "the same code a second time → 400 (invalid_grant)" 400 "$st"

# ------------------------------------------------------------------------------ fed-consumer
if login "$ISP_FED_CONSUMER_UPN" "$ISP_FED_CONSUMER_PASSWORD"; then ok "fed-consumer: sign-in with the UPN"; else bad "fed-consumer: sign-in with the UPN" "$LOGIN_NOTE"; fi
st=$(redeem "$CODE")
check "fed-consumer: code redeemed → 200" 200 "$st"
chain fed-consumer "$(jq -r '.access_token // empty' "$WORK/tokens.json")" "$ISP_FED_CONSUMER_PROJECT_ID"

# ------------------------------------------------------------------------------ fed-nomap
if login "$ISP_FED_NOMAP_USER" "$ISP_FED_NOMAP_PASSWORD"; then ok "fed-nomap: sign-in works at the provider"; else bad "fed-nomap: sign-in" "$LOGIN_NOTE"; fi
redeem "$CODE" >/dev/null
before=$(wc -l <"$KS_LOG" 2>/dev/null || echo 0)
st=$(fed_auth "$(jq -r '.access_token // empty' "$WORK/tokens.json")")
check "fed-nomap: valid token, no mapping rule → 401 from Keystone" "401 keystone" "$st $(refused_by)"
sleep 0.2
if tail -n +"$((before + 1))" "$KS_LOG" 2>/dev/null | grep -q "Could not map any federated user properties"; then
  ok 'fed-nomap: Keystone log says "Could not map any federated user properties"'
else
  bad 'fed-nomap: Keystone log says "Could not map any federated user properties"' "not found in $KS_LOG"
fi

# ------------------------------------------------------------------------------ provider refusals
if login "$ISP_FED_PRODUCER_USER" "wrong-password-$RANDOM"; then bad "wrong password refused at the sign-in form"; else
  [[ "$LOGIN_NOTE" == *"incorrect"* ]] && ok "wrong password refused at the sign-in form (page shows #error)" || bad "wrong password refused" "$LOGIN_NOTE"
fi
if login "$ISP_FED_PRODUCER_USER" "$ISP_FED_PRODUCER_PASSWORD"; then
  st=$(redeem "$CODE" "$(head -c 48 /dev/urandom | b64url)")
  check "wrong PKCE code_verifier → 400 at the token endpoint" "400 invalid_grant" "$st $(jq -r .error "$WORK/tokens.json")"
else bad "sign-in for the PKCE check" "$LOGIN_NOTE"; fi
st=$("${CURL[@]}" -o "$WORK/err.html" -w '%{http_code}' \
  "$AUTHZ_ENDPOINT?client_id=$ISP_FED_CLIENT_ID&response_type=code&redirect_uri=$(urlenc "http://127.0.0.1:5080/not-registered")&scope=openid&code_challenge=$(printf x | openssl dgst -sha256 -binary | b64url)&code_challenge_method=S256")
check "unregistered redirect URI path → 400 error page (no redirect)" "400 true" "$st $(grep -q redirect_uri "$WORK/err.html" && echo true || echo false)"
out=$("${CURL[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' \
  "$AUTHZ_ENDPOINT?client_id=$ISP_FED_CLIENT_ID&response_type=code&redirect_uri=$(urlenc "${ISP_FED_REDIRECT_URIS%% *}")&scope=openid")
check "authorization request without PKCE → error=invalid_request sent back to the redirect URI" "303 invalid_request" \
  "${out%% *} $(query_param "${out#* }" error)"
port=$((40000 + RANDOM % 20000))
if [[ "$ISP_FED_LOOPBACK_ANY_PORT" == true ]]; then
  if login "$ISP_FED_PRODUCER_USER" "$ISP_FED_PRODUCER_PASSWORD" "http://127.0.0.1:$port/signin-oidc"; then
    ok "loopback redirect URI on another port (:$port) accepted (ISP_FED_LOOPBACK_ANY_PORT=true)"
    check "code redeemed with that redirect URI → 200" 200 "$(redeem "$CODE")"
  else bad "loopback redirect URI on another port" "$LOGIN_NOTE"; fi
else
  st=$("${CURL[@]}" -o "$WORK/err.html" -w '%{http_code}' \
    "$AUTHZ_ENDPOINT?client_id=$ISP_FED_CLIENT_ID&response_type=code&redirect_uri=$(urlenc "http://127.0.0.1:$port/signin-oidc")&scope=openid&code_challenge=$(printf x | openssl dgst -sha256 -binary | b64url)&code_challenge_method=S256")
  check "unregistered port (:$port) refused (ISP_FED_LOOPBACK_ANY_PORT=false: exact match) → 400" 400 "$st"
fi

# ------------------------------------------------------------------------------ Keystone refusals
refuse() { # label expected_by token [extra curl args]
  local st by
  st=$(fed_auth "$3" "${@:4}")
  by=$(refused_by)
  check "$1 → 401 ($2)" "401 $2" "$st $by"
}
refuse "no token" apache ""
refuse "garbage bearer token" apache "not-a-jwt"
refuse "expired token (real key)" apache "$("${MINT[@]}" --expired)"
refuse "token for another audience (real key)" apache "$("${MINT[@]}" --audience api://another-app)"
refuse "token from another issuer (its own key)" apache "$("${MINT[@]}" --issuer "https://127.0.0.1:28444/00000000-0000-0000-0000-000000000000/v2.0")"
refuse "real issuer's claims signed by another key" apache "$("${MINT[@]}" --foreign-key)"
refuse "other issuer string, real key (Require claim iss)" apache "$("${MINT[@]}" --claim "iss=https://login.microsoftonline.com/$ISP_FED_TENANT_ID/v2.0")"
refuse "another tenant (tid) → no mapping rule" keystone "$("${MINT[@]}" --tenant 11111111-2222-4333-a444-555555555555)"
refuse "no app role → no mapping rule" keystone "$("${MINT[@]}" --roles "")"
refuse "forged OIDC_CLAIM_* headers, no token" apache "" -H "OIDC-CLAIM-iss: $ISP_FED_ISSUER" -H "OIDC-CLAIM-preferred_username: $ISP_FED_PRODUCER_UPN" \
  -H "OIDC-CLAIM-tid: $ISP_FED_TENANT_ID" -H "OIDC-CLAIM-roles: $ISP_FED_APP_ROLE"
refuse "fed-nomap token + forged OIDC-CLAIM-preferred_username header → no mapping rule" keystone \
  "$("${MINT[@]}" --user fed-nomap)" -H "OIDC-CLAIM-preferred_username: $ISP_FED_PRODUCER_UPN" -H "OIDC_CLAIM_preferred_username: $ISP_FED_PRODUCER_UPN"
st=$(fed_auth "$("${MINT[@]}" --user fed-consumer)")
check "minted token (provider's key) for fed-consumer → 201 (mint-token.js is a faithful stand-in)" 201 "$st"

echo "# smoke test took $(( $(ms) - T_START )) ms"
echo "$PASS passed, $FAIL failed"
((FAIL == 0))
