#!/usr/bin/env node
// Optional check: a real headless Chromium signs in at the test provider the way the portal's
// Playwright tests will (authorization code + PKCE, response_mode=form_post as ASP.NET Core's
// OpenIdConnect handler sends by default), and a stand-in for the portal's /signin-oidc on a
// free loopback port receives the code. The code is redeemed and the access token is exchanged
// at Keystone. Prints `N passed, N failed`.
//
//   cd scripts/federation/browser-check && npm ci && node browser-login.mjs
//
// Needs a running federation.sh instance (reads ${ISP_FEDERATION_DIR:-/tmp/isp-federation}/env),
// /usr/bin/chromium (Debian package chromium) or CHROMIUM_PATH.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

import { chromium } from 'playwright-core';

const stateDir = process.env.ISP_FEDERATION_DIR || '/tmp/isp-federation';
const env = Object.fromEntries(readFileSync(path.join(stateDir, 'env'), 'utf8').split('\n')
  .map((l) => l.match(/^export ([A-Z0-9_]+)=(.*)$/)).filter(Boolean)
  .map(([, k, v]) => [k, v.replace(/\\(.)/g, '$1').replace(/^'(.*)'$/, '$1')]));
const ca = readFileSync(env.ISP_FED_CA_CERT);
const b64url = (b) => Buffer.from(b).toString('base64url');

let passed = 0;
let failed = 0;
const check = (name, cond, detail = '') => {
  if (cond) { passed += 1; console.log(`ok   - ${name}`); } else { failed += 1; console.log(`FAIL - ${name}${detail ? ` (${detail})` : ''}`); }
};

function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(u, { method, headers, ca }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body) req.end(body); else req.end();
  });
}

// stand-in for the portal's callback: accepts form_post (POST) and query (GET)
const received = [];
let onCode;
const rp = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const u = new URL(req.url, 'http://127.0.0.1');
    const params = req.method === 'POST' ? new URLSearchParams(Buffer.concat(chunks).toString('utf8')) : u.searchParams;
    received.push({ method: req.method, path: u.pathname, params: Object.fromEntries(params) });
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<h1 id="signed-in">Signed in (test callback)</h1>');
    onCode?.();
  });
});
await new Promise((r) => rp.listen(env.ISP_FED_LOOPBACK_ANY_PORT === 'true' ? 0 : Number(new URL(env.ISP_FED_REDIRECT_URIS.split(' ')[0]).port), '127.0.0.1', r));
const redirectUri = `http://127.0.0.1:${rp.address().port}/signin-oidc`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'],
});
try {
  // the test CA is not in Chromium's store: ignoreHTTPSErrors (test-only)
  let context = await browser.newContext({ ignoreHTTPSErrors: true });
  let page = await context.newPage();

  function authorizeUrl(extra = {}) {
    const verifier = b64url(randomBytes(48));
    const challenge = b64url(createHash('sha256').update(verifier).digest());
    const state = b64url(randomBytes(16));
    const nonce = b64url(randomBytes(16));
    const q = new URLSearchParams({
      client_id: env.ISP_FED_CLIENT_ID,
      response_type: 'code',
      response_mode: 'form_post',
      redirect_uri: redirectUri,
      scope: `openid profile email offline_access ${env.ISP_FED_API_SCOPE}`,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      nonce,
      ...extra,
    });
    return { url: `${env.ISP_FED_AUTHORITY}/oauth2/v2.0/authorize?${q}`, verifier, state };
  }

  async function signIn(user, password, shot) {
    const { url, verifier, state } = authorizeUrl();
    await page.goto(url);
    await page.waitForSelector('#username');
    if (shot) await page.screenshot({ path: shot });
    await page.fill('#username', user);
    await page.fill('#password', password);
    const before = received.length;
    const got = new Promise((r) => { onCode = r; });
    await page.click('#signin');
    const outcome = await Promise.race([
      got.then(() => 'callback'),
      page.waitForSelector('#error', { timeout: 15000 }).then(() => 'error'),
    ]);
    onCode = undefined;
    return { outcome, verifier, state, cb: received[before] };
  }

  const t0 = Date.now();
  const shot = path.join(stateDir, 'logs', 'signin-page.png');
  const r = await signIn(env.ISP_FED_PRODUCER_USER, env.ISP_FED_PRODUCER_PASSWORD, shot);
  check('Chromium: sign-in page has #username, #password, #signin; the form post lands on /signin-oidc', r.outcome === 'callback', r.outcome);
  check('callback is a form_post (POST) with code and the same state', r.cb?.method === 'POST' && r.cb?.params.code && r.cb.params.state === r.state,
    JSON.stringify(r.cb?.method));
  console.log(`# browser sign-in took ${Date.now() - t0} ms; screenshot ${shot}`);

  const tok = await request(`${env.ISP_FED_AUTHORITY}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: r.cb?.params.code || '', redirect_uri: redirectUri,
      client_id: env.ISP_FED_CLIENT_ID, client_secret: env.ISP_FED_CLIENT_SECRET, code_verifier: r.verifier,
    }).toString(),
  });
  check('code redeemed → 200', tok.status === 200, `${tok.status} ${tok.body.slice(0, 200)}`);
  const tokens = tok.status === 200 ? JSON.parse(tok.body) : {};
  const at = tokens.access_token || '';
  const fed = await request(env.ISP_FED_AUTH_URL, { method: 'POST', headers: { Authorization: `Bearer ${at}` } });
  check('access token → Keystone federation auth 201', fed.status === 201, String(fed.status));

  // the provider's session cookie makes the next sign-in silent (single sign-on), as at Entra
  const sso = authorizeUrl();
  const before = received.length;
  const got = new Promise((res) => { onCode = res; });
  await page.goto(sso.url);
  await Promise.race([got, new Promise((res) => { setTimeout(res, 10000); })]);
  check('same browser context again: no sign-in page, straight back to /signin-oidc (SSO session)',
    received.length > before && received[before].params.code, String(received.length - before));
  // RP-initiated sign-out (the portal's SignOut): the provider's page submits itself and
  // returns to the post-logout redirect URI; the next sign-in shows the sign-in page again
  const before2 = received.length;
  const gotOut = new Promise((res) => { onCode = res; });
  const out = new URLSearchParams({
    id_token_hint: tokens.id_token || '',
    post_logout_redirect_uri: `http://127.0.0.1:${rp.address().port}/signout-callback-oidc`,
    state: 'bye',
  });
  await page.goto(`${env.ISP_FED_AUTHORITY}/oauth2/v2.0/logout?${out}`);
  await Promise.race([gotOut, new Promise((res) => { setTimeout(res, 10000); })]);
  onCode = undefined;
  const cb = received[before2];
  check('sign-out: back at /signout-callback-oidc with the state', cb?.path === '/signout-callback-oidc' && cb?.params.state === 'bye',
    JSON.stringify(cb));
  await page.goto(authorizeUrl().url);
  check('after sign-out the sign-in page is shown again', await page.waitForSelector('#username', { timeout: 10000 }).then(() => true, () => false));
  await context.close();

  // a new context has no provider session: the sign-in page again
  context = await browser.newContext({ ignoreHTTPSErrors: true });
  page = await context.newPage();
  const w = await signIn(env.ISP_FED_CONSUMER_USER, 'wrong-password', undefined);
  check('wrong password: the page shows #error and no callback', w.outcome === 'error', w.outcome);
  await context.close();
} finally {
  await browser.close();
  rp.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
