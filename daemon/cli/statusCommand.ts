// `abpd status` and `abpd stop`: ask the daemon on --port/ABPD_PORT, never start one.
import { defaultConfig, type Config } from '../config.ts';
import { httpClient, locateBySessionDir, portClosed, readStatus, sleep, type DaemonStatus } from './client.ts';
import { CONNECT_OPTIONS, type Command } from './command.ts';
import { lockOwner } from '../sessionLock.ts';
import { bindOptions, parseCommandLine, UsageError, type OptionDef } from './options.ts';

interface StatusSettings { json: boolean; waitS: number }
interface StopSettings { timeoutS: number }

const STATUS_OPTIONS: OptionDef<StatusSettings>[] = [
  { flag: 'json', env: 'ABPD_STATUS_JSON', type: 'bool', help: 'print the daemon\'s /browser/status answer as JSON', apply: (s, v) => { s.json = v as boolean; } },
  { flag: 'wait', env: 'ABPD_STATUS_WAIT', type: 'int', arg: 'SECONDS', help: 'wait up to SECONDS for the daemon to be ready (default 0)', apply: (s, v) => { s.waitS = v as number; } },
];
const STOP_OPTIONS: OptionDef<StopSettings>[] = [
  { flag: 'timeout', env: 'ABPD_STOP_TIMEOUT', type: 'int', arg: 'SECONDS', help: 'how long to wait for the port to close (default 30)', apply: (s, v) => { s.timeoutS = v as number; } },
];

function parse<T>(name: string, argv: string[], defs: OptionDef<T>[], settings: T): Config {
  const config = defaultConfig();
  const { positionals, given } = parseCommandLine([...bindOptions(CONNECT_OPTIONS, config), ...bindOptions(defs, settings)], argv, process.env, `abpd ${name}`);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; see abpd ${name} --help`);
  locateBySessionDir(config, given.some((g) => g.spec.flag === 'port'));
  return config;
}

function describe(status: DaemonStatus, where: string): string {
  if (!status.running) return `not running: ${status.reason}`;
  const data = (status.body.data ?? {}) as Record<string, unknown>;
  const uptime = typeof data.uptime_ms === 'number' ? `, up ${Math.round(data.uptime_ms / 1000)} s` : '';
  const message = typeof data.message === 'string' ? ` (${data.message})` : '';
  return `${status.ready ? 'ready' : 'not ready'}: abpd at ${where}, state ${status.state}${uptime}${message}`;
}

async function statusCommand(argv: string[]): Promise<number> {
  const settings: StatusSettings = { json: false, waitS: 0 };
  const config = parse('status', argv, STATUS_OPTIONS, settings);
  const client = httpClient(config);
  const deadline = Date.now() + settings.waitS * 1000;
  let status = await readStatus(client);
  while (!(status.running && status.ready) && Date.now() < deadline) {
    await sleep(250);
    status = await readStatus(client);
  }
  if (settings.json) process.stdout.write(`${JSON.stringify(status.running ? status.body : { running: false, error: status.reason })}\n`);
  else process.stdout.write(`${describe(status, client.where)}\n`);
  if (!status.running) return 1;
  return status.ready ? 0 : 3;
}

async function stopCommand(argv: string[]): Promise<number> {
  const settings: StopSettings = { timeoutS: 30 };
  const config = parse('stop', argv, STOP_OPTIONS, settings);
  const client = httpClient(config);
  const status = await readStatus(client);
  if (!status.running) { process.stderr.write(`abpd stop: nothing to stop (${status.reason})\n`); return 1; }
  // The daemon holding the session dir on this port: stop also waits for its process to end, so
  // the directory is free for the next `abpd start` the moment stop returns.
  const owner = lockOwner(config.sessionDir);
  const holder = owner?.port === config.port ? owner.pid : undefined;
  const r = await client.call('POST', '/browser/shutdown', {});
  if (r.status !== 200) {
    process.stderr.write(`abpd stop: the daemon at ${client.where} refused: HTTP ${r.status} ${String(r.body.error ?? '')}\n`);
    return 1;
  }
  const deadline = Date.now() + settings.timeoutS * 1000;
  while (!(await portClosed(config))) {
    if (Date.now() > deadline) {
      process.stderr.write(`abpd stop: shutdown requested, but ${client.where} still accepts connections after ${settings.timeoutS} s\n`);
      return 1;
    }
    await sleep(100);
  }
  while (holder !== undefined && lockOwner(config.sessionDir)?.pid === holder) {
    if (Date.now() > deadline) {
      process.stderr.write(`abpd stop: the port closed, but the daemon (pid ${holder}) still holds ${config.sessionDir} after ${settings.timeoutS} s\n`);
      return 1;
    }
    await sleep(100);
  }
  process.stdout.write(`stopped abpd at ${client.where}\n`);
  return 0;
}

export const statusCommandDef: Command = {
  name: 'status',
  summary: 'ask a running daemon whether it is ready (exit 0 ready, 1 not running, 3 running but not ready)',
  details: ['Asks GET /api/v1/browser/status on --host/--port (ABPD_HOST/ABPD_PORT) and prints one line; with --auth-token (ABPD_AUTH_TOKEN) the token is sent. Without --port, the daemon that holds --session-dir (ABPD_SESSION_DIR, default ~/.local/state/abpd/session) is asked, on the port its lock file names, with the token file an --auth-token auto daemon wrote there. --wait N polls until ready, which makes it a readiness probe for scripts and service managers.'],
  options: [{ title: 'options', options: [...CONNECT_OPTIONS, ...STATUS_OPTIONS] }],
  run: statusCommand,
};

export const stopCommandDef: Command = {
  name: 'stop',
  summary: 'shut a running daemon down gracefully and wait until its port closes',
  details: ['Finds the daemon as abpd status does (--port, or the one holding --session-dir, with its token file). Sends POST /api/v1/browser/shutdown, then waits until nothing accepts connections on the port. Exit 0 when stopped, 1 when no daemon answered or it did not stop in time.'],
  options: [{ title: 'options', options: [...CONNECT_OPTIONS, ...STOP_OPTIONS] }],
  run: stopCommand,
};
