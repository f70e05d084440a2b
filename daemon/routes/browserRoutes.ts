// /browser/* (rest.md §4.1).
import { z } from 'zod';
import { publicView } from '../../agent/llm/settings.ts';
import type { RouteDef } from './types.ts';

const VERSION = '0.1.0';

export const browserRoutes: RouteDef[] = [
  {
    name: 'browser_status', method: 'GET', path: '/browser/status', kind: 'query',
    docs: { answer: '{"success": true, "data": {"ready": true, "state": "ready", …}} (only {ready} without the token of a token daemon)' },
    summary: 'Is the daemon ready? ABP clients poll data.ready.',
    async handle(_req, { host, llm }) {
      const ready = host.state === 'ready';
      const hasTabs = host.tabs.size > 0;
      return { json: { success: true, data: {
        ready: ready && hasTabs, state: host.state,
        components: { http_server: true, browser_window: hasTabs, devtools: host.browser !== null && !host.browser.connection.closed },
        ...(host.message ? { message: host.message } : {}),
        uptime_ms: Date.now() - host.startedAt,
        ...Object.fromEntries([...host.statusSources].map(([name, source]) => [name, source()])),
        // agent.md §1: which model tasks use, never the key.
        llm: publicView(llm),
      } } };
    },
  },
  {
    name: 'browser_info', method: 'GET', path: '/browser', kind: 'query',
    summary: 'Browser and daemon versions.',
    async handle(_req, { host }) {
      return { json: {
        browser: host.version?.product.split('/')[0] ?? null, version: host.version?.product.split('/')[1] ?? null,
        user_agent: host.version?.userAgent ?? null, protocol_version: host.version?.protocolVersion ?? null,
        abpd_version: VERSION, uptime_ms: Date.now() - host.startedAt,
      } };
    },
  },
  {
    name: 'session_data', method: 'GET', path: '/browser/session-data', kind: 'query',
    summary: 'Where this session keeps its files.',
    async handle(_req, { config }) {
      const history = config.history;
      return { json: { success: true, data: {
        session_dir: config.sessionDir,
        database_path: history ? `${config.sessionDir}/history.db` : null,
        screenshots_dir: history ? `${config.sessionDir}/screenshots` : null,
        screenshots_enabled: history,
      } } };
    },
  },
  {
    name: 'shutdown', method: 'POST', path: '/browser/shutdown', kind: 'query',
    summary: 'Close Chromium and stop the daemon.',
    body: z.object({ timeout_ms: z.number().int().min(0).max(60_000).optional() }).loose(),
    async handle(_req, { requestShutdown }) {
      requestShutdown('POST /browser/shutdown');
      return { json: { success: true, message: 'Browser shutdown initiated' } };
    },
  },
];

export const ABPD_VERSION = VERSION;
