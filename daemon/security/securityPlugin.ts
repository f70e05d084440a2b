// The security rules of operations.md as one middleware, first in line: Host (DNS rebinding), Origin
// and Sec-Fetch-Site (cross-site requests), no CORS, the bearer token, JSON-only bodies, body size.
// Each refusal is a 4xx that says what to do; nothing behind it runs.
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { DaemonPlugin } from '../plugins.ts';
import type { Deps } from '../routes/types.ts';
import { checkContentType, enforceBodyLimit } from './bodyRules.ts';
import { allowedHostNames, fetchSiteAllowed, hostAllowed, isLoopbackAddress, originAllowed } from './hostOrigin.ts';
import { bearerToken, tokenMatches, writeNewToken } from './token.ts';
import { viewerAuth, VIEWER_PAGES } from './viewerCookie.ts';

const HEALTH_PROBE = '/api/v1/browser/status';
/**
 * The vendor surfaces (compat.md "Common rules") read their vendor's key forms (a Bearer header, an
 * `apikey` header, a WebSocket subprotocol, a ticket) and answer in the vendor's 401 shape: they
 * check the key themselves (daemon/compat/keys.ts), against the same token. Host/Origin rules,
 * content types and body limits still apply here.
 */
export const COMPAT_PREFIX = '/compat/';

/**
 * Start-up rules, checked before the daemon listens: a non-loopback bind needs a token, and `auto`
 * becomes a real token (config.authToken is replaced, so in-process clients can use it).
 */
export function prepareSecurity(config: Config, log: Deps['log']): void {
  if (config.authToken === 'auto') {
    const { token, file } = writeNewToken(config.sessionDir);
    config.authToken = token;
    log.info(`auth token written to ${file} (mode 0600); send it as Authorization: Bearer <token>`);
  }
  if (!isLoopbackAddress(config.host) && !config.authToken) {
    throw new Error(`--host ${config.host} is not a loopback address: anyone who can reach it could drive this browser. `
      + 'Add --auth-token TOKEN (or --auth-token auto), or bind 127.0.0.1.');
  }
}

/** The port the request came in on; in-process requests (tests) have no socket. */
function arrivalPort(c: Context, config: Config): number | null {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const port = incoming?.socket?.localPort;
  if (port !== undefined) return port;
  return config.port === 0 ? null : config.port;
}

function checkHostAndOrigin(c: Context, config: Config, hostNames: Set<string>): void {
  const host = c.req.header('host');
  if (!hostAllowed(host, { names: hostNames, port: arrivalPort(c, config) })) {
    throw new ApiError(403, 'FORBIDDEN_HOST', `Host "${(host ?? '').slice(0, 100)}" is not accepted (this stops DNS rebinding). `
      + 'Call abpd as 127.0.0.1:<port>, localhost:<port> or [::1]:<port>, or start it with --allowed-host NAME.');
  }
  const origin = c.req.header('origin');
  if (!originAllowed(origin, host!, config.allowedOrigins)) {
    throw new ApiError(403, 'FORBIDDEN_ORIGIN', `Requests from web pages are refused (Origin "${(origin ?? '').slice(0, 100)}"). `
      + 'Call abpd from a non-browser client, or start it with --allowed-origin ORIGIN to trust that page.');
  }
  if (!fetchSiteAllowed(c.req.header('sec-fetch-site'), origin !== undefined)) {
    throw new ApiError(403, 'FORBIDDEN_ORIGIN', 'Requests that another site\'s page makes (Sec-Fetch-Site) are refused. Call abpd from a non-browser client.');
  }
}

function unauthorized(c: Context): ApiError {
  c.header('WWW-Authenticate', 'Bearer realm="abpd"');
  const where = '(the --auth-token value; with --auth-token auto it is in the file "token" next to the session dir, e.g. ~/.local/state/abpd/token)';
  if (VIEWER_PAGES.includes(new URL(c.req.url).pathname)) {
    return new ApiError(401, 'UNAUTHORIZED', `This daemon requires a token. Open the viewer once as /?token=<token> ${where}; a cookie keeps it signed in.`);
  }
  return new ApiError(401, 'UNAUTHORIZED', `This daemon requires a token: send Authorization: Bearer <token> ${where}.`);
}

/** The health probe without a token answers `{ready}` and nothing that describes the browser. */
async function minimalHealth(c: Context, next: () => Promise<void>): Promise<void> {
  await next();
  let ready = false;
  try {
    const body = await c.res.clone().json() as { data?: { ready?: unknown } };
    ready = body.data?.ready === true;
  } catch { /* not JSON (an error page): not ready is the honest answer */ }
  c.res = new Response(JSON.stringify({ success: true, data: { ready } }), { status: 200, headers: { 'content-type': 'application/json' } });
}

function stripCors(res: Response): void {
  for (const name of [...res.headers.keys()]) if (name.startsWith('access-control-')) res.headers.delete(name);
}

export function securityMiddleware(deps: Deps): MiddlewareHandler {
  const { config } = deps;
  prepareSecurity(config, deps.log);
  const hostNames = allowedHostNames(config.host, config.allowedHosts);
  const viewer = viewerAuth();
  return async (c, next) => {
    checkHostAndOrigin(c, config, hostNames);
    if (c.req.method === 'OPTIONS') {
      throw new ApiError(405, 'METHOD_NOT_ALLOWED', 'abpd does not answer CORS preflight requests; browsers may not call it from other origins.');
    }
    const token = config.authToken;
    if (token && !new URL(c.req.url).pathname.startsWith(COMPAT_PREFIX)) {
      const given = bearerToken(c.req.header('authorization'));
      if (given === undefined || !tokenMatches(given, token)) {
        if (c.req.method === 'GET' && new URL(c.req.url).pathname === HEALTH_PROBE) return minimalHealth(c, next);
        const exchanged = viewer.exchange(c, token);
        if (exchanged) return exchanged;
        if (!viewer.allows(c)) throw unauthorized(c);
      }
    }
    checkContentType(c);
    await enforceBodyLimit(c, next);
    // No CORS headers, ever: whatever a later handler set, a browser page must not read our answers.
    try { stripCors(c.res); } catch { /* immutable headers (a fetched Response): it cannot carry ours */ }
  };
}

export const securityPlugin: DaemonPlugin = {
  name: 'security',
  middleware: securityMiddleware,
};
