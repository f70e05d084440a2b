// A real daemon (real Chromium, no listening socket) for in-process route tests via app.request(),
// plus the fixture server. One per test file; each test opens its own tab.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type Config } from '../../daemon/config.ts';
import { startDaemon, type Daemon } from '../../daemon/daemon.ts';
import { createLogger } from '../../daemon/log.ts';
import { startFixtureServer, type FixtureServer } from './fixtureServer.ts';

export interface ApiResponse<T = any> { status: number; body: T; headers: Headers }

export interface Harness {
  daemon: Daemon;
  fixtures: FixtureServer;
  sessionDir: string;
  api<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  raw(method: string, path: string, init?: { body?: string; headers?: Record<string, string> }): Promise<Response>;
  /** Opens a tab, navigates it (as an action) and returns its id. */
  openTab(path?: string): Promise<string>;
  /** Evaluates in the tab through the execute action and returns result.value. */
  value<T = unknown>(tabId: string, script: string): Promise<T>;
  close(): Promise<void>;
}

/** `listen: true` also serves real HTTP/WebSocket on a free port (daemon.port), for socket clients. */
export async function startHarness(overrides: Partial<Config> = {}, options: { env?: NodeJS.ProcessEnv; listen?: boolean } = {}): Promise<Harness> {
  const sessionDir = mkdtempSync(join(tmpdir(), 'abpd-test-'));
  const fixtures = await startFixtureServer();
  const config = defaultConfig({ sessionDir, port: 0, logLevel: 'quiet', history: false, ...overrides });
  const daemon = await startDaemon(config, { listen: options.listen ?? false, env: options.env, log: createLogger(process.env.ABPD_TEST_LOG ? 'debug' : 'quiet') });
  const raw = (method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) =>
    Promise.resolve(daemon.app.request(path.startsWith('/api/') || path.startsWith('/mcp') || path.startsWith('/compat/') || path === '/' ? path : `/api/v1${path}`, {
      method, body: init.body, headers: { host: '127.0.0.1:8222', ...init.headers },
    }));
  const api = async <T,>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const r = await raw(method, path, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    });
    const type = r.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await r.json() : Buffer.from(await r.arrayBuffer());
    return { status: r.status, body: parsed as T, headers: r.headers };
  };
  const harness: Harness = {
    daemon, fixtures, sessionDir, api, raw,
    async openTab(path?: string) {
      const created = await api<{ id: string }>('POST', '/tabs', {});
      if (created.status !== 201) throw new Error(`POST /tabs: ${created.status} ${JSON.stringify(created.body)}`);
      if (path) {
        const nav = await api('POST', `/tabs/${created.body.id}/navigate`, { url: fixtures.url(path), screenshot: { area: 'none' } });
        if (nav.status !== 200) throw new Error(`navigate: ${nav.status} ${JSON.stringify(nav.body)}`);
      }
      return created.body.id;
    },
    async value<T,>(tabId: string, script: string) {
      const r = await api<any>('POST', `/tabs/${tabId}/execute`, { script, screenshot: { area: 'none' } });
      if (r.status !== 200) throw new Error(`execute ${script}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.result.value as T;
    },
    async close() {
      await daemon.stop('test finished');
      await fixtures.close();
      rmSync(sessionDir, { recursive: true, force: true });
    },
  };
  return harness;
}
