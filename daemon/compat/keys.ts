// The vendor surfaces' keys (compat.md "Common rules"): each vendor's header form is read; without
// --auth-token any non-empty key is accepted (the vendors' SDKs refuse to run without one), with it
// the key must equal the token. Each surface turns a refusal into its vendor's 401 shape.
import type { Hono } from 'hono';
import type { Config } from '../config.ts';
import { appDispatch, type Dispatch } from '../mcp/dispatch.ts';
import { bearerToken, tokenMatches } from '../security/token.ts';

export type KeyProblem = 'missing_key' | 'wrong_key';

/** Null when the key may pass; otherwise why not. */
export function keyProblem(given: string | undefined, config: Pick<Config, 'authToken'>): KeyProblem | null {
  if (given === undefined || given.trim() === '') return 'missing_key';
  if (config.authToken && !tokenMatches(given, config.authToken)) return 'wrong_key';
  return null;
}

export function keyFromBearer(header: string | undefined): string | undefined {
  return bearerToken(header);
}

/** `Sec-WebSocket-Protocol: key-<KEY>[, other]` — how a browser page, which cannot set headers, sends it. */
export function keyFromSubprotocol(header: string | undefined): string | undefined {
  for (const entry of (header ?? '').split(',')) {
    const value = entry.trim();
    if (value.startsWith('key-') && value.length > 4) return value.slice(4);
  }
  return undefined;
}

/** What a refusal tells the client to do, in every vendor's message. */
export function keyAdvice(problem: KeyProblem, forms: string): string {
  return problem === 'missing_key'
    ? `No API key was sent. Send one as ${forms}; locally any non-empty key works unless abpd was started with --auth-token, then it is that token.`
    : `The API key does not match: this abpd was started with --auth-token, so send that token as the key (${forms}).`;
}

/**
 * Calls into the daemon's own REST routes, in-process (house.md: a compat folder maps shapes only).
 * The caller's Host has passed the security check; the daemon's token stands in for the vendor key
 * that was checked against it, so the routes' own middleware lets the call through.
 */
export function compatDispatch(app: Hono, config: Pick<Config, 'authToken'>, host: string): Dispatch {
  return appDispatch(app, () => ({ host, ...(config.authToken ? { authorization: `Bearer ${config.authToken}` } : {}) }));
}
