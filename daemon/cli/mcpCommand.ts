// `abpd mcp`: an MCP server on stdio (what an MCP host's config launches). It serves the daemon that
// answers on --port, or starts one in this process (listening on --port too, so the REST API and
// other clients share it) that stops when the MCP client goes away. stdout is the MCP channel:
// everything else goes to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { defaultConfig, type Config } from '../config.ts';
import { startDaemon, type Daemon } from '../daemon.ts';
import { createLogger, type Logger } from '../log.ts';
import { appDispatch, httpDispatch, type Dispatch } from '../mcp/dispatch.ts';
import { DEFAULT_MCP_LIMITS, MCP_LIMIT_OPTIONS, parseLimit, type McpLimits } from '../mcp/limits.ts';
import { buildCatalog, createMcpServer } from '../mcp/server.ts';
import { plugins } from '../plugins.ts';
import { routeTable } from '../routes/index.ts';
import { ABPD_VERSION } from '../routes/browserRoutes.ts';
import type { RouteDef } from '../routes/types.ts';
import { baseUrl, clientToken, httpClient, readStatus } from './client.ts';
import type { Command } from './command.ts';
import { bindOptions, parseCommandLine, START_OPTIONS, UsageError, type OptionDef } from './options.ts';

const LIMIT_OPTIONS: OptionDef<McpLimits>[] = MCP_LIMIT_OPTIONS.map((o) => ({
  flag: o.flag, env: o.env, type: 'string', arg: 'N', help: o.help,
  apply: (limits, v) => o.apply(limits, parseLimit(o, v as string, `--${o.flag}`)),
}));

// A remote action may take the daemon's whole action deadline; give the reply time to arrive.
const REMOTE_MARGIN_MS = 30_000;

interface Backend { dispatch: Dispatch; routes: RouteDef[]; daemon?: Daemon }

async function backend(config: Config, log: Logger): Promise<Backend> {
  if (config.port !== 0) {
    const status = await readStatus(httpClient(config), 3_000);
    if (status.running && (status.httpStatus === 401 || status.httpStatus === 403)) {
      throw new Error(`the daemon at ${baseUrl(config)} refused the status request (HTTP ${status.httpStatus}); pass its token with --auth-token or ABPD_AUTH_TOKEN`);
    }
    if (status.running && (status.httpStatus !== 200 || typeof status.body.data !== 'object')) {
      throw new Error(`something answers on ${baseUrl(config)} but not as an abpd daemon (GET /api/v1/browser/status answered HTTP ${status.httpStatus}); pass another --port, or --port 0`);
    }
    if (status.running) {
      log.info(`abpd mcp: serving the daemon at ${baseUrl(config)} (${status.state})`);
      // Same code as the daemon: its route table decides which tools exist.
      const routes = [...routeTable, ...plugins.flatMap((p) => p.routes ?? [])];
      return { dispatch: httpDispatch(baseUrl(config), clientToken(config), config.actionDeadlineMs + REMOTE_MARGIN_MS), routes };
    }
  }
  log.info(`abpd mcp: no daemon at ${baseUrl(config)}; starting one in this process`);
  const daemon = await startDaemon(config, { log }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    throw new Error(`port ${config.port} is taken by something that is not an abpd daemon (it did not answer /api/v1/browser/status); pass another --port, or --port 0`);
  });
  const headers = (): Record<string, string> => {
    // Read per call: with --auth-token auto the daemon writes its token file while starting.
    const token = clientToken(config);
    return { host: `127.0.0.1:${daemon.port}`, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  };
  return { dispatch: appDispatch(daemon.app, headers), routes: daemon.routes, daemon };
}

async function mcpCommand(argv: string[]): Promise<number> {
  // Anything a library prints must not corrupt the JSON-RPC stream on stdout.
  console.log = console.info = console.debug = console.error;
  const config = defaultConfig();
  const limits = structuredClone(DEFAULT_MCP_LIMITS);
  const { positionals } = parseCommandLine([...bindOptions(START_OPTIONS, config), ...bindOptions(LIMIT_OPTIONS, limits)], argv, process.env, 'abpd mcp');
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; see abpd mcp --help`);
  const log = createLogger(config.logLevel);
  const { dispatch, routes, daemon } = await backend(config, log);
  if (daemon) process.once('exit', () => daemon.host.chrome?.kill());

  const catalog = buildCatalog(routes);
  const server = createMcpServer({ catalog, dispatchFor: () => dispatch, limits, version: ABPD_VERSION, log });
  const transport = new StdioServerTransport();
  const done = new Promise<string>((resolve) => {
    process.stdin.once('end', () => resolve('stdin closed'));
    process.stdin.once('close', () => resolve('stdin closed'));
    transport.onclose = () => resolve('transport closed');
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
    void daemon?.stopped.then(() => resolve('daemon stopped'));
  });
  await server.connect(transport);
  log.info(`abpd mcp: ready on stdio (${catalog.listing.length} tools)`);
  const reason = await done;
  log.info(`abpd mcp: ${reason}; exiting`);
  await server.close();
  await daemon?.stop(`mcp: ${reason}`);
  return 0;
}

export const mcpCommandDef: Command = {
  name: 'mcp',
  summary: 'an MCP server on stdio for MCP hosts (Claude Code, Claude Desktop, ...)',
  details: [
    'Reads JSON-RPC messages on stdin and answers on stdout; logs go to stderr. If a daemon answers GET /api/v1/browser/status on --host/--port (ABPD_HOST/ABPD_PORT), its browser is used (with --auth-token/ABPD_AUTH_TOKEN if it needs one); otherwise a daemon is started in this process with the options below, listens on --port like abpd start, and stops when the MCP client closes stdin.',
    'The same tools are served over HTTP by a running daemon at http://127.0.0.1:PORT/mcp. The --mcp-* limits are also read from their ABPD_MCP_* variables there.',
  ],
  options: [{ title: 'MCP options', options: LIMIT_OPTIONS }, { title: 'daemon options (when one is started)', options: START_OPTIONS }],
  run: mcpCommand,
};
