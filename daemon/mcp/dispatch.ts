// How a tool reaches its REST route. Tools never call actions directly: they send the REST request
// through the daemon's own hono app (in-process) or over HTTP to a running daemon, so validation,
// the runner, middleware and history treat an MCP call exactly like a REST call.
import type { Hono } from 'hono';
import { API_PREFIX } from '../app.ts';

export interface RestRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under /api/v1 with parameters filled in (and a query string, if any). */
  path: string;
  body?: unknown;
  signal?: AbortSignal;
}

export interface RestReply {
  status: number;
  contentType: string;
  json?: unknown;
  binary?: Buffer;
}

export type Dispatch = (request: RestRequest) => Promise<RestReply>;

function init(request: RestRequest, headers: Record<string, string>): RequestInit {
  const h: Record<string, string> = { ...headers };
  if (request.body !== undefined) h['content-type'] = 'application/json';
  return {
    method: request.method, headers: h, signal: request.signal,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  };
}

async function readReply(response: Response): Promise<RestReply> {
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('json')) {
    const text = await response.text();
    let json: unknown;
    try { json = JSON.parse(text); } catch (err) {
      // A truncated or non-JSON body still reaches the model as text rather than as a crash.
      json = { error: `The daemon sent invalid JSON (${(err as Error).message}): ${text.slice(0, 200)}`, code: 'INTERNAL' };
    }
    return { status: response.status, contentType, json };
  }
  return { status: response.status, contentType, binary: Buffer.from(await response.arrayBuffer()) };
}

/**
 * In-process: the request goes through `app.request`, so every middleware runs. `headers` supplies
 * what the middleware checks (Host, Authorization) — for /mcp, the caller's own headers.
 */
export function appDispatch(app: Hono, headers: () => Record<string, string>): Dispatch {
  return async (request) => readReply(await app.request(API_PREFIX + request.path, init(request, headers())));
}

/** A daemon in another process (`abpd mcp` next to a running `abpd start`). */
export function httpDispatch(origin: string, authToken: string | undefined, deadlineMs: number): Dispatch {
  const headers: Record<string, string> = authToken ? { authorization: `Bearer ${authToken}` } : {};
  return async (request) => {
    const timeout = AbortSignal.timeout(deadlineMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      return await readReply(await fetch(origin + API_PREFIX + request.path, { ...init(request, headers), signal }));
    } catch (err) {
      const why = timeout.aborted ? `no answer within ${deadlineMs} ms` : (err as Error).message;
      return { status: 503, contentType: 'application/json', json: {
        error: `abpd at ${origin} did not answer ${request.method} ${request.path} (${why}). Is it still running? Check with: abpd status`,
        code: 'BROWSER_UNAVAILABLE',
      } };
    }
  };
}
