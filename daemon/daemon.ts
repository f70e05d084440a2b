// One daemon run: Chromium + the HTTP server, and a clean shutdown on signal or request.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { resolveLlm } from '../agent/llm/settings.ts';
import { createApp } from './app.ts';
import { BrowserHost } from './browserHost.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { plugins } from './plugins.ts';
import { routeTable } from './routes/index.ts';
import type { Deps, RouteDef } from './routes/types.ts';
import { ActionRunner } from './runner.ts';
import { createWebSocketServer, hardenServer, SERVER_OPTIONS } from './security/serverLimits.ts';
import { acquireSessionLock } from './sessionLock.ts';
import { browserStartError, startupLines } from './startupLines.ts';

export interface Daemon {
  port: number;
  host: BrowserHost;
  runner: ActionRunner;
  deps: Deps;
  app: ReturnType<typeof createApp>;
  /** Every REST route, core and plugins (MCP tools, docs and tests read it). */
  routes: RouteDef[];
  stop(reason?: string): Promise<void>;
  stopped: Promise<void>;
}

export async function startDaemon(config: Config, options: { log?: Logger; listen?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Daemon> {
  const log = options.log ?? createLogger(config.logLevel);
  // Before anything else: a second daemon on this directory would kill the first one's Chromium.
  const lock = acquireSessionLock(config.sessionDir, config.host);
  const host = new BrowserHost(config, log);
  const runner = new ActionRunner(host);
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => { resolveStopped = r; });
  let server: ServerType | null = null;
  let stopping: Promise<void> | null = null;

  const stop = (reason = 'stop requested'): Promise<void> => {
    stopping ??= (async () => {
      log.info(`shutting down: ${reason}`);
      server?.close();
      for (const plugin of [...plugins].reverse()) {
        try { await plugin.stop?.(deps); } catch (err) { log.error(`stopping ${plugin.name}: ${(err as Error).message}`); }
      }
      await host.stop();
      lock.release();
      resolveStopped();
    })();
    return stopping;
  };
  // The model is resolved once: keys come from the environment only (agent.md §1).
  const llm = resolveLlm(config.llm, options.env ?? process.env);
  const deps: Deps = { host, runner, config, log, llm, requestShutdown: (reason) => { setTimeout(() => void stop(reason), 50); } };
  const allRoutes = [...routeTable, ...plugins.flatMap((p) => p.routes ?? [])];
  const app = createApp(allRoutes, deps, plugins);
  let port = config.port;
  // Listen first: a taken port fails fast without launching Chromium, and ABP clients can poll
  // /browser/status (state "initializing") while Chromium starts.
  try {
    if (options.listen !== false) {
      server = await new Promise<ServerType>((resolve, reject) => {
        const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: SERVER_OPTIONS, websocket: { server: createWebSocketServer() } }, (info: AddressInfo) => { port = info.port; resolve(s); });
        hardenServer(s);
        s.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, config)));
      });
      lock.setPort(port);
      host.listenPort = port;
    }
    // The socket is open (status polls answer "initializing"), but the lines that say where things
    // are come only once Chromium is ready, so a browser that cannot start is said first, alone.
    await host.start().catch((err: unknown) => { throw browserStartError(err, host, config); });
    for (const plugin of plugins) await plugin.start?.(deps);
    if (server) for (const line of startupLines(config, port)) log.info(line);
  } catch (err) {
    server?.close();
    await host.stop();
    lock.release();
    throw err;
  }
  return { port, host, runner, deps, app, stop, stopped, routes: allRoutes };
}

/** EADDRINUSE and friends, said as what to do; the code stays on the error (abpd mcp reads it). */
function listenError(err: NodeJS.ErrnoException, config: Config): Error {
  const where = `${config.host}:${config.port}`;
  const message = err.code === 'EADDRINUSE'
    ? `port ${config.port} is already in use on ${config.host} (another abpd? try abpd status --port ${config.port}); pick another with --port N, or --port 0 for a free one`
    : err.code === 'EACCES'
      ? `not allowed to listen on ${where} (ports below 1024 need privileges); pick another with --port N`
      : err.code === 'EADDRNOTAVAIL'
        ? `cannot listen on ${where}: no such address on this machine; check --host`
        : `cannot listen on ${where}: ${err.message}`;
  return Object.assign(new Error(message), { code: err.code });
}
