#!/usr/bin/env node
// Mints an access token like the test provider's (RS256, typ at+jwt, Entra-like claims),
// without a browser, for acceptance and refusal tests. Prints the compact JWT on stdout.
//
//   node mint-token.js [--user fed-producer]          valid token, signed with the provider's key
//   node mint-token.js --expired                      exp 10 minutes ago (signed with the real key)
//   node mint-token.js --audience api://other-app     token for another audience (real key)
//   node mint-token.js --issuer https://x/y/v2.0      token from another issuer (its own, second key)
//   node mint-token.js --foreign-key                  the real issuer's claims, signed with the second key
//   node mint-token.js --tenant <guid>                another tid claim (real key, real issuer)
//   node mint-token.js --roles ""                     no app roles; --roles A,B sets them
//   node mint-token.js --lifetime 600                 seconds (default 3600)
//   node mint-token.js --claim key=value              set/override any claim (JSON values allowed)
//   node mint-token.js --show                         also print header and payload to stderr
//
// Reads the provider configuration of the running instance
// ($ISP_FED_PROVIDER_CONFIG, else ${ISP_FEDERATION_DIR:-/tmp/isp-federation}/etc/provider/config.json).
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import { importJWK, SignJWT } from 'jose';

import {
  findUser, loadConfig, loadSigningJwk, shortScope, userClaims,
} from './lib.js';

function usage(msg) {
  if (msg) process.stderr.write(`mint-token: ${msg}\n`);
  process.stderr.write('usage: node mint-token.js [--user NAME] [--expired] [--audience AUD] [--issuer ISS] '
    + '[--foreign-key] [--tenant TID] [--roles A,B] [--lifetime S] [--claim k=v]... [--show]\n');
  process.exit(2);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      user: { type: 'string', default: 'fed-producer' },
      expired: { type: 'boolean', default: false },
      audience: { type: 'string' },
      issuer: { type: 'string' },
      'foreign-key': { type: 'boolean', default: false },
      tenant: { type: 'string' },
      roles: { type: 'string' },
      lifetime: { type: 'string', default: '3600' },
      claim: { type: 'string', multiple: true, default: [] },
      show: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }));
} catch (err) {
  usage(err.message);
}
if (args.help) usage();

const cfg = loadConfig();
const user = findUser(cfg, args.user);
if (!user) usage(`unknown user ${args.user} (known: ${cfg.users.map((u) => u.username).join(', ')})`);
const lifetime = Number(args.lifetime);
if (!Number.isInteger(lifetime) || lifetime <= 0) usage('--lifetime must be a positive number of seconds');

// another issuer has its own key; --foreign-key keeps the issuer but signs with that key
const otherSigner = Boolean(args.issuer) || args['foreign-key'];
const jwk = await loadSigningJwk(otherSigner ? cfg.otherKeyFile : cfg.signingKeyFile);
const key = await importJWK(jwk, 'RS256');

const now = Math.floor(Date.now() / 1000);
const iat = args.expired ? now - lifetime - 600 : now;
const exp = args.expired ? now - 600 : now + lifetime;
const { sub, ...claims } = userClaims(cfg, user);
const payload = {
  ...claims,
  iss: args.issuer || cfg.issuer,
  aud: args.audience || cfg.audience,
  sub,
  iat,
  nbf: iat,
  exp,
  jti: randomUUID(),
  azp: cfg.clientId,
  scp: shortScope(cfg),
};
if (args.tenant !== undefined) payload.tid = args.tenant;
if (args.roles !== undefined) payload.roles = args.roles.split(',').map((s) => s.trim()).filter(Boolean);
for (const kv of args.claim) {
  const i = kv.indexOf('=');
  if (i < 1) usage(`--claim wants key=value, got ${kv}`);
  const k = kv.slice(0, i);
  const raw = kv.slice(i + 1);
  let v;
  try { v = JSON.parse(raw); } catch { v = raw; }
  payload[k] = v;
}

const header = { alg: 'RS256', typ: 'at+jwt', kid: jwk.kid };
const token = await new SignJWT(payload).setProtectedHeader(header).sign(key);
if (args.show) process.stderr.write(`${JSON.stringify({ header, payload }, null, 2)}\n`);
process.stdout.write(`${token}\n`);
