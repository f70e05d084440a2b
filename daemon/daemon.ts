// One daemon run: Chromium + the HTTP server, and a clean shutdown on signal or request.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { BrowserHost } from './browserHost.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { plugins } from './plugins.ts';
import { routeTable } from './routes/index.ts';
import type { Deps, RouteDef } from './routes/types.ts';
import { ActionRunner } from './runner.ts';
import { createWebSocketServer, hardenServer, SERVER_OPTIONS } from './security/serverLimits.ts';

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

export async function startDaemon(config: Config, options: { log?: Logger; listen?: boolean } = {}): Promise<Daemon> {
  const log = options.log ?? createLogger(config.logLevel);
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
      resolveStopped();
    })();
    return stopping;
  };
  const deps: Deps = { host, runner, config, log, requestShutdown: (reason) => { setTimeout(() => void stop(reason), 50); } };
  const allRoutes = [...routeTable, ...plugins.flatMap((p) => p.routes ?? [])];
  const app = createApp(allRoutes, deps, plugins);
  let port = config.port;
  // Listen first: a taken port fails fast without launching Chromium, and ABP clients can poll
  // /browser/status (state "initializing") while Chromium starts.
  if (options.listen !== false) {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: SERVER_OPTIONS, websocket: { server: createWebSocketServer() } }, (info: AddressInfo) => { port = info.port; resolve(s); });
      hardenServer(s);
      s.once('error', reject);
    });
    log.info(`abpd listening on http://${config.host}:${port}/api/v1`);
  }
  try {
    await host.start();
    for (const plugin of plugins) await plugin.start?.(deps);
  } catch (err) {
    server?.close();
    await host.stop();
    throw err;
  }
  return { port, host, runner, deps, app, stop, stopped, routes: allRoutes };
}
