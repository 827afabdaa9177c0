// provider.mjs runs oidc-provider (a certified OpenID Provider) on loopback so
// that jwtguard can be tested against access tokens it did not mint itself.
//
// Usage:
//   node interop/provider.mjs --jwks FILE [--port 0] [--ttl 300] [--short-ttl 1]
//                             [--client-id ID] [--client-secret SECRET] [--issuer-path /PATH]
//                             [--rs-client-id ID] [--rs-client-secret SECRET]
//                             [--clock-skew SECONDS] [--exit-with-stdin]
//
// Every flag may also be given as an environment variable: PORT, JWKS_FILE,
// ACCESS_TOKEN_TTL, SHORT_TTL, CLIENT_ID, CLIENT_SECRET, RS_CLIENT_ID,
// RS_CLIENT_SECRET. Flags win.
//
// Once listening it prints exactly one JSON line on stdout:
//   {"issuer":"http://127.0.0.1:PORT","port":PORT,"kids":[...]}
// --issuer-path mounts the provider below a path, as Keycloak-style issuers are
// (http://127.0.0.1:PORT/realms/x); its discovery document is then at
// ISSUER/.well-known/openid-configuration.
// --clock-skew runs the provider's clock that many seconds ahead (negative:
// behind), so its tokens' iat and exp are off as from a provider whose clock
// drifted.
// and logs only to stderr. SIGTERM or SIGINT stops it; so does the end of its
// standard input when --exit-with-stdin is given, which lets a test harness that
// dies without cleaning up take the provider with it.
//
// Access tokens are JWTs (RFC 9068, typ "at+jwt") for any https resource
// indicator. The resource URL picks how the token is made:
//
//   https://HOST[/ALG[/short]]
//
//   aud   = https://HOST (the resource's origin), so /rs256 and /eddsa name the
//           same API and differ only in how the token is signed
//   alg   = RS256 | PS256 | ES256 | EdDSA, from the first path segment (case
//           insensitive; RS256 when absent). The provider signs with the first
//           key in the JWKS file that fits the alg, so put a new key before the
//           old one to rotate.
//   short = the token lives --short-ttl seconds instead of --ttl.
//
// Opaque access tokens: a resource indicator whose host starts with "opaque"
// (https://opaque.example.test[/short]) gets an opaque token (aud = its origin),
// which the resource server checks at the introspection endpoint (RFC 7662),
// authenticating as the --rs-client-id client (client_secret_basic). The
// revocation endpoint (RFC 7009) lets the token's client revoke it.
//
// Scopes: the resource server offers "orders:read orders:write"; a token carries
// the requested ones it offers.

import http from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import Provider, { errors } from 'oidc-provider';

const SCOPES = 'orders:read orders:write';
const ALGS = new Map([
  ['rs256', 'RS256'],
  ['ps256', 'PS256'],
  ['es256', 'ES256'],
  ['eddsa', 'EdDSA'],
]);

function fail(message) {
  process.stderr.write(`provider: ${message}\n`);
  process.exit(2);
}

const { values: flags } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '0' },
    jwks: { type: 'string', default: process.env.JWKS_FILE },
    ttl: { type: 'string', default: process.env.ACCESS_TOKEN_TTL ?? '300' },
    'short-ttl': { type: 'string', default: process.env.SHORT_TTL ?? '1' },
    'client-id': { type: 'string', default: process.env.CLIENT_ID ?? 'interop-client' },
    'client-secret': { type: 'string', default: process.env.CLIENT_SECRET ?? 'interop-secret-0123456789abcdef' },
    'rs-client-id': { type: 'string', default: process.env.RS_CLIENT_ID ?? 'interop-rs' },
    'rs-client-secret': { type: 'string', default: process.env.RS_CLIENT_SECRET ?? 'interop-rs-secret-0123456789abcdef' },
    'clock-skew': { type: 'string', default: process.env.CLOCK_SKEW ?? '0' },
    'issuer-path': { type: 'string', default: process.env.ISSUER_PATH ?? '' },
    'exit-with-stdin': { type: 'boolean', default: false },
  },
  strict: true,
});

function positiveInt(name, value, { allowZero = false } = {}) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) fail(`--${name} must be an integer${allowZero ? '' : ' > 0'}, got ${JSON.stringify(value)}`);
  return n;
}

const port = positiveInt('port', flags.port, { allowZero: true });
const ttl = positiveInt('ttl', flags.ttl);
const shortTTL = positiveInt('short-ttl', flags['short-ttl']);
const clockSkew = Number(flags['clock-skew']);
if (!Number.isInteger(clockSkew)) fail(`--clock-skew must be an integer number of seconds, got ${JSON.stringify(flags['clock-skew'])}`);
if (clockSkew !== 0) {
  // oidc-provider takes every timestamp (iat, exp, expiry of stored artifacts) from Date.now().
  const realNow = Date.now;
  Date.now = () => realNow() + clockSkew * 1000;
}
const issuerPath = flags['issuer-path'].replace(/\/+$/, '');
if (issuerPath !== '' && !/^(\/[A-Za-z0-9._~-]+)+$/.test(issuerPath)) fail(`--issuer-path must look like /a/b, got ${JSON.stringify(flags['issuer-path'])}`);
if (!flags.jwks) fail('--jwks FILE (or JWKS_FILE) is required: a JWK Set with private keys');

let keys;
try {
  ({ keys } = JSON.parse(readFileSync(flags.jwks, 'utf8')));
} catch (err) {
  fail(`reading ${flags.jwks}: ${err.message}`);
}
if (!Array.isArray(keys) || keys.length === 0) fail(`${flags.jwks} holds no "keys"`);

// Resolve a resource indicator to the Resource Server it names (see top).
function resourceServer(indicator) {
  const url = new URL(indicator);
  if (url.protocol !== 'https:') return undefined;
  if (url.hostname.startsWith('opaque')) {
    const [lifetime = '', ...rest] = url.pathname.split('/').filter(Boolean);
    if (rest.length > 0 || (lifetime !== '' && lifetime !== 'short') || url.search) return undefined;
    return {
      audience: url.origin,
      scope: SCOPES,
      accessTokenFormat: 'opaque',
      accessTokenTTL: lifetime === 'short' ? shortTTL : ttl,
    };
  }
  const [algSegment = 'rs256', lifetime = '', ...rest] = url.pathname.split('/').filter(Boolean);
  const alg = ALGS.get(algSegment.toLowerCase());
  if (!alg || rest.length > 0 || (lifetime !== '' && lifetime !== 'short') || url.search) return undefined;
  return {
    audience: url.origin,
    scope: SCOPES,
    accessTokenFormat: 'jwt',
    accessTokenTTL: lifetime === 'short' ? shortTTL : ttl,
    jwt: { sign: { alg } },
  };
}

// Listen first, so that port 0 resolves to a real port before the issuer URL
// (which must be exact: it becomes "iss" and the discovery document's issuer)
// is fixed.
const server = http.createServer();
server.on('error', (err) => fail(`listen: ${err.message}`));
await new Promise((resolve) => { server.listen(port, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}${issuerPath}`;

const provider = new Provider(issuer, {
  jwks: { keys },
  clients: [{
    client_id: flags['client-id'],
    client_secret: flags['client-secret'],
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  }, {
    // The resource server: it only introspects.
    client_id: flags['rs-client-id'],
    client_secret: flags['rs-client-secret'],
    grant_types: [],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  features: {
    clientCredentials: { enabled: true },
    devInteractions: { enabled: false },
    introspection: {
      enabled: true,
      // Only the resource server, or the token's own client, learns about a token.
      allowedPolicy: (ctx, client, token) => client.clientId === flags['rs-client-id'] || client.clientId === token.clientId,
    },
    revocation: {
      enabled: true,
      allowedPolicy: (ctx, client, token) => client.clientId === token.clientId,
    },
    resourceIndicators: {
      enabled: true,
      // Without a resource parameter a token would be opaque; default to the
      // RS256 flavour of the API so that every access token is a JWT.
      defaultResource: () => 'https://api.example.test/rs256',
      useGrantedResource: () => true,
      getResourceServerInfo(ctx, indicator) {
        const info = resourceServer(indicator);
        if (!info) throw new errors.InvalidTarget(`unknown resource indicator ${indicator}`);
        return info;
      },
    },
  },
  ttl: {
    ClientCredentials: (ctx, token) => token.resourceServer?.accessTokenTTL ?? ttl,
  },
  // Tokens live in the default in-memory adapter; nothing here needs cookies,
  // but oidc-provider wants keys for them.
  cookies: { keys: ['interop-cookie-key-not-secret'] },
});

provider.on('server_error', (ctx, err) => process.stderr.write(`provider: server_error: ${err.stack}\n`));
provider.on('grant.error', (ctx, err) => process.stderr.write(`provider: grant.error: ${err.message} ${err.error_description ?? ''}\n`));

const handle = provider.callback();
server.on('request', (req, res) => {
  if (issuerPath === '') {
    handle(req, res);
    return;
  }
  // Mounted below issuerPath: oidc-provider derives its mount path from originalUrl minus url.
  const { url } = req;
  if (url !== issuerPath && !url.startsWith(`${issuerPath}/`) && !url.startsWith(`${issuerPath}?`)) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  req.originalUrl = url;
  req.url = url.slice(issuerPath.length) || '/';
  handle(req, res);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (flags['exit-with-stdin']) {
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

process.stdout.write(`${JSON.stringify({ issuer, port: server.address().port, kids: keys.map((k) => k.kid) })}\n`);
