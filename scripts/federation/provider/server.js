// Test OpenID Connect provider laid out like Microsoft Entra ID (v2.0 endpoints), for
// ImageSharePortal's federation tests. Loopback only; started by ../federation.sh.
//
//   issuer      https://127.0.0.1:PORT/<tenant>/v2.0
//   discovery   https://127.0.0.1:PORT/<tenant>/v2.0/.well-known/openid-configuration
//   authorize   https://127.0.0.1:PORT/<tenant>/oauth2/v2.0/authorize   (Entra's paths)
//   token       https://127.0.0.1:PORT/<tenant>/oauth2/v2.0/token
//   keys        https://127.0.0.1:PORT/<tenant>/discovery/v2.0/keys
//   sign-out    https://127.0.0.1:PORT/<tenant>/oauth2/v2.0/logout
//   sign-in page https://127.0.0.1:PORT/<tenant>/login/<uid>   (form: #username, #password, #signin)
//
// Authorization code flow with PKCE (S256, required) for one confidential client; the access
// token is a JWT (RS256, typ at+jwt) for the portal's API audience with Entra-like claims.
// Consent is pre-granted for the portal client, as an admin-consented Entra app: the only page
// a person (or a browser test) fills is the sign-in page.
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';

import Provider, { errors, interactionPolicy } from 'oidc-provider';

import {
  configPath, findUser, loadConfig, loadSigningJwk, shortScope, subFor, userClaims,
} from './lib.js';

const cfg = loadConfig(process.argv[2] || configPath()); // federation.sh passes the path
const ISSUER_PATH = new URL(cfg.issuer).pathname.replace(/\/$/, ''); // /<tenant>/v2.0
// oidc-provider is mounted at /<tenant>, as Entra's endpoints hang off the tenant, not the issuer
const MOUNT = ISSUER_PATH.replace(/\/v2\.0$/, '');
if (!MOUNT || MOUNT === ISSUER_PATH) throw new Error(`issuer must look like https://host:port/<tenant>/v2.0, got ${cfg.issuer}`);
const DISCOVERY_PATH = `${ISSUER_PATH}/.well-known/openid-configuration`;
const signingJwk = await loadSigningJwk(cfg.signingKeyFile);
const log = (...a) => console.log(new Date().toISOString(), ...a);

const redirectUris = cfg.redirectUris || [];
const postLogoutRedirectUris = cfg.postLogoutRedirectUris || [];

// ------------------------------------------------------------------------------ pages
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

const STYLE = `body{font-family:"Segoe UI",Arial,sans-serif;background:#f2f2f2;margin:0}
main{max-width:440px;margin:48px auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:0 0 16px}label{display:block;margin:12px 0 4px}
input{width:100%;box-sizing:border-box;padding:6px 0;border:0;border-bottom:1px solid #666;font-size:15px}
button{margin-top:24px;background:#0067b8;color:#fff;border:0;padding:8px 32px;font-size:15px;cursor:pointer}
.error{color:#e81123;margin:8px 0}.tenant{color:#666;font-size:12px;margin-top:24px}`;

function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function loginPage({ uid, clientName, loginHint, error, username }) {
  return page('Sign in to your account', `<h1>Sign in</h1>
<p>to continue to ${esc(clientName)}</p>
${error ? `<p class="error" id="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="${esc(`${MOUNT}/login/${uid}`)}" autocomplete="off">
  <label for="username">Email or user name</label>
  <input id="username" name="username" type="text" required value="${esc(username || loginHint || '')}" autofocus>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required>
  <button id="signin" type="submit">Sign in</button>
</form>
<p class="tenant">ImageSharePortal test identity provider · tenant ${esc(cfg.tenantId)}</p>`);
}

async function renderError(ctx, out) {
  ctx.type = 'html';
  ctx.body = page('Sign-in error', `<h1>Sorry, but we're having trouble signing you in.</h1>
<p id="error-code">${esc(out.error)}</p><p id="error-description">${esc(out.error_description)}</p>`);
}

async function logoutSource(ctx, form) {
  // Signs out at once (like Entra after the account is picked): the form is submitted with logout=yes.
  ctx.type = 'html';
  ctx.body = page('Sign out', `<h1>Signing you out…</h1>${form}
<button id="signout" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<script>(function(){var f=document.getElementById('op.logoutForm');var i=document.createElement('input');
i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();})();</script>`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.type = 'html';
  ctx.body = page('Signed out', '<h1>You signed out of your account</h1>');
}

// ------------------------------------------------------------------------------ provider
// oidc-provider asks native clients for consent on every sign-in; Entra does not (the app is
// admin-consented), so that check goes: the sign-in page is the only page.
const policy = interactionPolicy.base();
policy.get('consent').checks.remove('native_client_prompt');

const provider = new Provider(cfg.issuer, {
  clients: [{
    client_id: cfg.clientId,
    client_secret: cfg.clientSecret,
    client_name: cfg.clientName || 'ImageSharePortal',
    // 'native' makes the port of an http loopback redirect URI free (RFC 8252 7.3), as Entra
    // ignores the port of localhost redirect URIs; 'web' requires an exact match.
    application_type: cfg.loopbackAnyPort ? 'native' : 'web',
    redirect_uris: redirectUris,
    post_logout_redirect_uris: postLogoutRedirectUris,
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: cfg.clientAuthMethod || 'client_secret_post',
  }],
  jwks: { keys: [signingJwk] },
  cookies: { keys: cfg.cookieKeys },
  pkce: { required: () => true },
  responseTypes: ['code'],
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  claims: {
    openid: ['sub', 'tid', 'oid', 'ver', 'roles'],
    profile: ['name', 'preferred_username'],
    email: ['email'],
  },
  conformIdTokenClaims: false, // profile/email claims in the ID token, as Entra does
  ttl: {
    AccessToken: cfg.accessTokenTtl || 3600,
    AuthorizationCode: 600,
    IdToken: 3600,
    Interaction: 3600,
    Session: 8 * 3600,
    Grant: 8 * 3600,
    RefreshToken: 24 * 3600,
  },
  routes: {
    authorization: '/oauth2/v2.0/authorize',
    token: '/oauth2/v2.0/token',
    jwks: '/discovery/v2.0/keys',
    end_session: '/oauth2/v2.0/logout',
    userinfo: '/oidc/userinfo',
    revocation: '/oauth2/v2.0/revoke',
    introspection: '/oauth2/v2.0/introspect',
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    resourceIndicators: {
      enabled: true,
      // a client that sends no `resource` (the .NET OpenIdConnect handler, MSAL) gets the API
      defaultResource: () => cfg.audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, indicator) => {
        if (indicator !== cfg.audience) throw new errors.InvalidTarget();
        return {
          scope: cfg.scope,
          audience: cfg.audience,
          accessTokenTTL: cfg.accessTokenTtl || 3600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  findAccount: async (ctx, sub) => {
    const user = findUser(cfg, sub);
    if (!user) return undefined;
    return { accountId: sub, claims: async () => userClaims(cfg, user) };
  },
  extraTokenClaims: async (ctx, token) => {
    if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
    const user = findUser(cfg, token.accountId);
    if (!user) return undefined;
    const { sub, ...claims } = userClaims(cfg, user);
    return { ...claims, azp: cfg.clientId, scp: shortScope(cfg) };
  },
  formats: {
    customizers: {
      // Entra's access tokens carry azp/scp, not RFC 9068's client_id/scope
      jwt: async (ctx, token, jwt) => {
        delete jwt.payload.client_id;
        delete jwt.payload.scope;
        jwt.payload.nbf = jwt.payload.iat;
      },
    },
  },
  interactions: {
    policy,
    url: (ctx, interaction) => `${MOUNT}/login/${interaction.uid}`,
  },
  // admin consent: the portal client is granted what it asks for
  loadExistingGrant: async (ctx) => {
    const { client, session } = ctx.oidc;
    const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    if (client.clientId !== cfg.clientId || !session.accountId) return undefined;
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope('openid profile email offline_access');
    grant.addResourceScope(cfg.audience, cfg.scope);
    await grant.save();
    return grant;
  },
  // Entra issues a refresh token for offline_access without prompt=consent
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  renderError,
});
// Entra's token responses carry client_info (base64url {"uid": oid, "utid": tid}) when asked
// (client_info=1, as MSAL does); MSAL builds its account from it. Added to every code/refresh
// response here: other clients ignore the field.
provider.on('grant.success', (ctx) => {
  const accountId = ctx.oidc.account?.accountId
    || ctx.oidc.entities.AuthorizationCode?.accountId || ctx.oidc.entities.RefreshToken?.accountId;
  const user = accountId && findUser(cfg, accountId);
  if (user && ctx.body && typeof ctx.body === 'object') {
    const { oid, tid } = userClaims(cfg, user);
    ctx.body.client_info = Buffer.from(JSON.stringify({ uid: oid, utid: tid })).toString('base64url');
  }
});
provider.on('server_error', (ctx, err) => log('server_error', err));
provider.on('grant.error', (ctx, err) => log('grant.error', err.message, err.error_description || ''));
provider.on('authorization.error', (ctx, err) => log('authorization.error', err.message, err.error_description || ''));

const callback = provider.callback();

// ------------------------------------------------------------------------------ sign-in page
function readBody(req, limit = 65536) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) { reject(new Error('body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function passwordOk(user, given) {
  const a = Buffer.from(String(user.password));
  const b = Buffer.from(String(given ?? ''));
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

async function interaction(req, res, uid) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    return send(res, 400, 'text/html; charset=utf-8',
      page('Sign-in error', '<h1>This sign-in request has expired or is unknown.</h1><p>Start again from the application.</p>'));
  }
  if (details.uid !== uid) return send(res, 400, 'text/plain', 'interaction mismatch\n');
  const { prompt, params } = details;
  const clientName = cfg.clientName || 'ImageSharePortal';

  if (prompt.name === 'consent') {
    // not reached with loadExistingGrant above; kept as a fallback: grant what is missing
    const grant = details.grantId ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    const d = prompt.details;
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    if (d.missingResourceScopes) {
      for (const [ind, sc] of Object.entries(d.missingResourceScopes)) grant.addResourceScope(ind, sc.join(' '));
    }
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  if (prompt.name !== 'login') return send(res, 501, 'text/plain', `prompt ${prompt.name} not implemented\n`);

  if (req.method === 'GET') {
    return send(res, 200, 'text/html; charset=utf-8', loginPage({ uid, clientName, loginHint: params.login_hint }));
  }
  if (req.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    const username = form.get('username') || '';
    const user = findUser(cfg, username);
    if (!user || !passwordOk(user, form.get('password'))) {
      log('login refused for', JSON.stringify(username.slice(0, 64)));
      return send(res, 200, 'text/html; charset=utf-8', loginPage({
        uid, clientName, username, error: 'Your account or password is incorrect.',
      }));
    }
    log('login', user.username);
    return provider.interactionFinished(req, res, {
      login: { accountId: subFor(cfg, user.username), amr: ['pwd'] },
    }, { mergeWithLastSubmission: false });
  }
  return send(res, 405, 'text/plain', 'method not allowed\n');
}

// ------------------------------------------------------------------------------ server
async function handle(req, res) {
  const started = Date.now();
  const pathOnly = (req.url || '/').split('?')[0];
  res.on('finish', () => log(req.method, pathOnly, res.statusCode, `${Date.now() - started}ms`));
  try {
    if (pathOnly === '/healthz') return send(res, 200, 'text/plain', 'ok\n');
    const query = (req.url || '').slice(pathOnly.length);
    let inner;
    if (pathOnly === DISCOVERY_PATH) {
      inner = '/.well-known/openid-configuration';
    } else if (pathOnly.startsWith(`${MOUNT}/`) && !pathOnly.startsWith(`${MOUNT}/.well-known/`)) {
      inner = pathOnly.slice(MOUNT.length);
    } else {
      return send(res, 404, 'application/json', JSON.stringify({
        error: 'not_found', error_description: `this provider serves only ${DISCOVERY_PATH} and ${MOUNT}/...`,
      }));
    }
    const m = inner.match(/^\/login\/([A-Za-z0-9_-]+)$/);
    if (m) return await interaction(req, res, m[1]);
    // hand the rest to oidc-provider as if mounted at MOUNT (it reads req.originalUrl)
    req.url = inner + query;
    req.originalUrl = MOUNT + req.url;
    return callback(req, res);
  } catch (err) {
    log('error', err);
    if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
    else res.end();
  }
}

const server = https.createServer({
  cert: readFileSync(cfg.tlsCertFile),
  key: readFileSync(cfg.tlsKeyFile),
}, handle);
server.keepAliveTimeout = 5000;
server.listen(cfg.port, cfg.host, () => {
  log(`provider listening on https://${cfg.host}:${cfg.port}, issuer ${cfg.issuer}, signing kid ${signingJwk.kid}`);
});
const stop = () => { server.close(); setTimeout(() => process.exit(0), 500).unref(); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
