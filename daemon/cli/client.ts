// How CLI commands talk to a daemon: over HTTP to one that is already running, or in-process
// (hono app.request) to one that `abpd run` started itself. Both answer the same JSON.
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import type { Config } from '../config.ts';
import type { Daemon } from '../daemon.ts';
import { readTokenFile } from '../security/token.ts';
import { lockOwner } from '../sessionLock.ts';

export type Json = Record<string, unknown>;
export interface ApiReply { status: number; body: Json }

export interface DaemonClient {
  /** Where the daemon is, for messages. */
  readonly where: string;
  call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, timeoutMs?: number): Promise<ApiReply>;
}

/** No daemon answered (connection refused, timed out, not HTTP). */
export class DaemonUnreachable extends Error { override name = 'DaemonUnreachable'; }

const DEFAULT_TIMEOUT_MS = 10_000;

function connectHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

export function baseUrl(config: Config): string {
  const host = connectHost(config.host);
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/**
 * The token to send: the literal value, with `auto` the one the daemon wrote next to its session dir,
 * and without one the token file there if any (a daemon with no token ignores it).
 */
export function clientToken(config: Config): string | undefined {
  if (!config.authToken) return readTokenFile(config.sessionDir);
  if (config.authToken !== 'auto') return config.authToken;
  const file = join(dirname(config.sessionDir), 'token');
  try { return readFileSync(file, 'utf8').trim(); } catch {
    throw new Error(`--auth-token auto: no token file at ${file}; pass the token itself (--auth-token TOKEN or ABPD_AUTH_TOKEN)`);
  }
}

function headers(config: Config, hasBody: boolean, inProcess: boolean): Record<string, string> {
  const token = clientToken(config);
  return {
    // In-process requests have no socket: send the Host the daemon's Host check accepts for its port.
    ...(inProcess ? { host: `127.0.0.1:${config.port}` } : {}),
    ...(hasBody ? { 'content-type': 'application/json' } : {}),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

async function toReply(r: Response): Promise<ApiReply> {
  const text = await r.text();
  let body: Json;
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Json : { value: parsed };
  } catch { body = { error: text.slice(0, 500) }; } // not JSON: keep the text for the message
  return { status: r.status, body };
}

/** Without an explicit --port: the port (and host) the live daemon holding the session dir wrote in its lock. */
export function locateBySessionDir(config: Config, portGiven: boolean): void {
  if (portGiven) return;
  const owner = lockOwner(config.sessionDir);
  if (owner?.port) {
    config.port = owner.port;
    if (owner.host) config.host = owner.host;
  }
}

export function httpClient(config: Config): DaemonClient {
  const base = baseUrl(config);
  return {
    where: base,
    async call(method, path, body, timeoutMs = DEFAULT_TIMEOUT_MS) {
      let r: Response;
      try {
        r = await fetch(`${base}/api/v1${path}`, {
          method, headers: headers(config, body !== undefined, false),
          body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new DaemonUnreachable(`no daemon answers at ${base} (${cause?.code ?? cause?.message ?? (err as Error).message})`);
      }
      return toReply(r);
    },
  };
}

export function inProcessClient(daemon: Daemon, config: Config): DaemonClient {
  return {
    where: 'the daemon started by this command',
    async call(method, path, body) {
      // The runner's own deadline bounds every action; app.request has no socket to time out.
      const r = await daemon.app.request(`/api/v1${path}`, {
        method, headers: headers(config, body !== undefined, true), body: body === undefined ? undefined : JSON.stringify(body),
      });
      return toReply(r);
    },
  };
}

/** True once nothing accepts TCP connections on host:port (a fresh connection each time, so a
 *  kept-alive socket to the old server cannot fake an answer). */
export function portClosed(config: Config, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: connectHost(config.host), port: config.port });
    const done = (closed: boolean): void => { socket.destroy(); resolve(closed); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(false));
    socket.once('error', () => done(true));
  });
}

export type DaemonStatus =
  | { running: false; reason: string }
  | { running: true; ready: boolean; httpStatus: number; state: string; body: Json };

export async function readStatus(client: DaemonClient, timeoutMs = 5_000): Promise<DaemonStatus> {
  try {
    const r = await client.call('GET', '/browser/status', undefined, timeoutMs);
    const data = (r.body.data ?? {}) as Json;
    const state = r.status === 200 ? String(data.state ?? 'unknown') : `HTTP ${r.status}: ${String(r.body.error ?? '')}`;
    return { running: true, ready: r.status === 200 && data.ready === true, httpStatus: r.status, state, body: r.body };
  } catch (err) {
    if (err instanceof DaemonUnreachable) return { running: false, reason: err.message };
    throw err;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
