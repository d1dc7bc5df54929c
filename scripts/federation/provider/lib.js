// Shared by server.js and mint-token.js: configuration, keys and the test accounts' claims.
// The configuration file is written by scripts/federation/federation.sh (mode 600).
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { calculateJwkThumbprint, exportJWK } from 'jose';

export function configPath() {
  if (process.env.ISP_FED_PROVIDER_CONFIG) return process.env.ISP_FED_PROVIDER_CONFIG;
  const dir = process.env.ISP_FEDERATION_DIR || '/tmp/isp-federation';
  return path.join(dir, 'etc', 'provider', 'config.json');
}

export function loadConfig(file = configPath()) {
  let cfg;
  try {
    cfg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the provider configuration ${file} (run federation.sh start first): ${err.message}`);
  }
  for (const k of ['port', 'host', 'tenantId', 'issuer', 'clientId', 'clientSecret', 'audience', 'scope',
    'users', 'signingKeyFile', 'otherKeyFile', 'tlsCertFile', 'tlsKeyFile', 'cookieKeys']) {
    if (cfg[k] === undefined) throw new Error(`provider configuration ${file} lacks "${k}"`);
  }
  return cfg;
}

// RSA private key (PKCS#8 PEM on disk) -> private JWK with kid = RFC 7638 thumbprint
export async function loadSigningJwk(pemFile) {
  const pem = readFileSync(pemFile, 'utf8');
  const jwk = await exportJWK(createPrivateKey(pem));
  const pub = await exportJWK(createPublicKey(pem));
  jwk.kid = await calculateJwkThumbprint(pub, 'sha256');
  jwk.alg = 'RS256';
  jwk.use = 'sig';
  return jwk;
}

// Entra-like GUIDs derived from the tenant and the user name, so they are stable for a tenant.
function guidFrom(...parts) {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function oidFor(cfg, username) {
  return guidFrom('oid', cfg.tenantId, username);
}

// Entra's sub is pairwise per application: an opaque 43-character base64url string
export function subFor(cfg, username) {
  return createHash('sha256').update(['sub', cfg.tenantId, cfg.clientId, username].join('\u0000'))
    .digest('base64url');
}

// A user is found by short name (fed-producer), by UPN (fed-producer@imageshare.test) or by sub.
export function findUser(cfg, loginOrSub) {
  if (!loginOrSub) return undefined;
  const key = String(loginOrSub).trim().toLowerCase();
  return cfg.users.find((u) => u.username.toLowerCase() === key
    || u.upn.toLowerCase() === key
    || subFor(cfg, u.username) === loginOrSub);
}

// Claims about the person, as Entra puts them in v2.0 ID and access tokens
export function userClaims(cfg, user) {
  return {
    sub: subFor(cfg, user.username),
    tid: cfg.tenantId,
    oid: oidFor(cfg, user.username),
    ver: '2.0',
    name: user.name,
    preferred_username: user.upn,
    email: user.email || user.upn,
    roles: [...(user.roles || [])],
  };
}

// The short scope name Entra puts in `scp` ("access_as_user" for "api://app/access_as_user")
export function shortScope(cfg) {
  const prefix = `${cfg.audience}/`;
  return cfg.scope.startsWith(prefix) ? cfg.scope.slice(prefix.length) : cfg.scope;
}
