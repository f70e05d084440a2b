// Features that plug into the daemon without touching its core: each adds routes, HTTP middleware,
// extra handlers outside /api/v1, and start/stop hooks. The list below is the only place they are
// named; order matters for middleware (security first).
import type { Hono, MiddlewareHandler } from 'hono';
import type { Deps, RouteDef } from './routes/types.ts';
import { securityPlugin } from './security/securityPlugin.ts';
import { recoveryPlugin } from './browserRecovery.ts';
import { livenessPlugin } from './liveness.ts';
import { quotaPlugin } from './quota.ts';
import { markupPlugin } from './markCollector.ts';
import { semanticPlugin } from './semantic/captureCache.ts';
import { mcpPlugin } from './mcp/plugin.ts';
import { eventsPlugin } from './features/plugin.ts';
import { historyPlugin } from './history/plugin.ts';
import { sessionsPlugin } from './sessions/plugin.ts';
import { agenstabPlugin } from './compat/agenstab/plugin.ts';
import { tabstackPlugin } from './compat/tabstack/plugin.ts';
import { agiPlugin } from './compat/agi/plugin.ts';
import { smoothPlugin } from './compat/smooth/plugin.ts';
import { docsPlugin } from './docs/plugin.ts';
import { tasksPlugin } from './tasks/plugin.ts';

export interface DaemonPlugin {
  name: string;
  /** Runs before every route (e.g. Host/Origin/token checks). */
  middleware?: (deps: Deps) => MiddlewareHandler;
  /** Extra rows for the route table (under /api/v1). */
  routes?: RouteDef[];
  /** Handlers outside /api/v1 (e.g. /mcp, the viewer at /); `routes` is the whole route table. */
  install?: (app: Hono, deps: Deps, routes: RouteDef[]) => void;
  /** After Chromium is ready. */
  start?: (deps: Deps) => Promise<void> | void;
  /** Before Chromium is closed. */
  stop?: (deps: Deps) => Promise<void> | void;
}

export const plugins: DaemonPlugin[] = [
  securityPlugin,
  recoveryPlugin,
  livenessPlugin,
  markupPlugin,
  semanticPlugin,
  mcpPlugin,
  eventsPlugin,
  historyPlugin,
  quotaPlugin,
  sessionsPlugin,
  agenstabPlugin,
  docsPlugin,
  tasksPlugin,
  tabstackPlugin,
  agiPlugin,
  smoothPlugin,
];
