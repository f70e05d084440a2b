// `abpd run SCRIPT`: a script of actions against the daemon on --port, or, when none answers, a
// daemon started inside this process for the script alone (no port is opened; it stops with the run).
import { mkdirSync } from 'node:fs';
import { defaultConfig, type Config } from '../config.ts';
import type { Daemon } from '../daemon.ts';
import { createLogger } from '../log.ts';
import { httpClient, inProcessClient, readStatus, sleep, type DaemonClient, type Json } from './client.ts';
import type { Command } from './command.ts';
import { bindOptions, parseCommandLine, START_OPTIONS, UsageError, type OptionDef } from './options.ts';
import { SCRIPT_STEP_SUMMARIES } from './script/scriptSteps.ts';
import { noScriptMessage } from './script/suggest.ts';

interface RunSettings { vars: Map<string, string>; out?: string; keepGoing: boolean; keepTabs: boolean; serve?: string }

const RUN_OPTIONS: OptionDef<RunSettings>[] = [
  { flag: 'var', env: 'ABPD_VAR', type: 'string', arg: 'NAME=VALUE', repeatable: true, help: 'set ${NAME} in the script (repeatable; the environment and the script\'s vars: are read too)', apply: (s, v) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(v as string);
    if (!m) throw new UsageError(`--var: expected NAME=VALUE, e.g. --var BASE_URL=http://127.0.0.1:8080 (got "${v}")`);
    s.vars.set(m[1]!, m[2]!);
  } },
  { flag: 'out', env: 'ABPD_OUT', type: 'string', arg: 'DIR', help: 'save every step\'s envelope (NNN-step.json), its frames and summary.json in DIR', apply: (s, v) => { s.out = v as string; } },
  { flag: 'keep-going', env: 'ABPD_KEEP_GOING', type: 'bool', help: 'run the remaining steps after a failing one (the exit status is still 1)', apply: (s, v) => { s.keepGoing = v as boolean; } },
  { flag: 'serve', env: 'ABPD_SERVE', type: 'string', arg: 'DIR', help: 'serve DIR on 127.0.0.1 for this run (plus /echo for forms) and set ${BASE_URL} to it, e.g. --serve examples/site', apply: (s, v) => { s.serve = v as string; } },
  { flag: 'keep-tabs', env: 'ABPD_KEEP_TABS', type: 'bool', help: 'leave the tabs the script opened on a running daemon (default: close them)', apply: (s, v) => { s.keepTabs = v as boolean; } },
];

const READY_WAIT_MS = 60_000;

/** A daemon that answers on the port, or one started here. */
export async function connect(config: Config, logExplicit: boolean, command = 'run', forWhat = 'this script'): Promise<{ client: DaemonClient; daemon?: Daemon }> {
  const remote = httpClient(config);
  let status = await readStatus(remote);
  const deadline = Date.now() + READY_WAIT_MS;
  while (status.running && !status.ready && status.httpStatus === 200 && Date.now() < deadline) {
    await sleep(250);
    status = await readStatus(remote);
  }
  if (status.running) {
    if (!status.ready) throw new Error(`the daemon at ${remote.where} is not ready (${status.state})`);
    return { client: remote };
  }
  process.stderr.write(`abpd ${command}: no daemon at ${remote.where}; starting one for ${forWhat}\n`);
  // The script's lines are the output: the daemon's request log only when asked for.
  const { startDaemon } = await import('../daemon.ts');
  const daemon = await startDaemon(config, { listen: false, log: createLogger(logExplicit ? config.logLevel : 'quiet') });
  return { client: inProcessClient(daemon, config), daemon };
}

async function runCommand(argv: string[]): Promise<number> {
  const config = defaultConfig();
  const settings: RunSettings = { vars: new Map(), keepGoing: false, keepTabs: false };
  const { positionals, given } = parseCommandLine([...bindOptions(RUN_OPTIONS, settings), ...bindOptions(START_OPTIONS, config)], argv, process.env, 'abpd run');
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? noScriptMessage() : `one script at a time (got ${positionals.join(', ')})`);
  // Loaded here, not at the top: the script's checks use the daemon's route table and schemas.
  const { loadScript, ScriptError } = await import('./script/load.ts');
  const { runScript } = await import('./script/execute.ts');
  const site = settings.serve ? await (await import('./script/serve.ts')).serveSite(settings.serve) : undefined;
  try {
    if (site && !settings.vars.has('BASE_URL')) settings.vars.set('BASE_URL', site.origin);
    if (site) process.stderr.write(`abpd run: serving ${settings.serve} at ${site.origin} (\${BASE_URL})\n`);
    return await runLoaded(positionals[0]!, settings, config, given.some((g) => g.spec.flag === 'log-level'), loadScript, ScriptError, runScript);
  } finally {
    await site?.close();
  }
}

async function runLoaded(file: string, settings: RunSettings, config: Config, logExplicit: boolean,
  loadScript: typeof import('./script/load.ts').loadScript, ScriptError: typeof import('./script/load.ts').ScriptError,
  runScript: typeof import('./script/execute.ts').runScript): Promise<number> {
  let script;
  try { script = loadScript(file, settings.vars, process.env); } catch (err) {
    if (!(err instanceof ScriptError)) throw err;
    process.stderr.write(`abpd run: ${err.file}: the script was not run:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 2;
  }
  if (settings.out) mkdirSync(settings.out, { recursive: true });

  const { client, daemon } = await connect(config, logExplicit);
  const stopDaemon = (reason: string): Promise<void> => daemon?.stop(reason) ?? Promise.resolve();
  const onSignal = (signal: NodeJS.Signals): void => { void stopDaemon(signal).finally(() => process.exit(130)); };
  if (daemon) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    // Whatever happens to this process, Chromium's process group goes with it.
    process.once('exit', () => daemon.host.chrome?.kill());
  }
  const emit = (line: Json): void => { process.stdout.write(`${JSON.stringify(line)}\n`); };
  try {
    const summary = await runScript(script, client, {
      keepGoing: settings.keepGoing, out: settings.out, emit,
      progress: process.stderr.isTTY ? (line) => process.stderr.write(`${line}\n`) : undefined,
    });
    if (!daemon && !settings.keepTabs) {
      for (const tab of summary.tabs) await client.call('DELETE', `/tabs/${tab}`).catch(() => undefined); // already closed by the page: fine
    }
    emit({ summary });
    process.stderr.write(`abpd run: ${summary.steps} steps: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} not run (${(summary.duration_ms / 1000).toFixed(1)} s)\n`);
    return summary.failed > 0 ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await stopDaemon('script finished');
  }
}

export const runCommandDef: Command = {
  name: 'run',
  args: 'SCRIPT',
  summary: 'run a script of actions (JSON or YAML) against a daemon, starting one if none runs',
  details: [
    'A script has optional `vars`, optional `defaults` (screenshot, wait_until: merged into every action) and `steps`. A step is {NAME: BODY}: NAME is any POST route on a tab (its name or path: navigate, click, type, keyboard/press, batch, execute, wait, screenshot, …) and BODY is its REST body; action steps accept `save: FILE.png|webp|jpg` (and `save_before`). Script-only steps — ' + Object.entries(SCRIPT_STEP_SUMMARIES).map(([name, summary]) => `${name}: ${summary}`).join('; ') + '. See docs/scripts.md.',
    'The whole script is checked first (unknown step, bad body, unset ${VAR}: one message per problem, naming steps[N]; exit 2, nothing run). Output: one JSON line per step on stdout (the envelope without image data), then {"summary": …}; a progress line per step on stderr when it is a terminal. Exit 0 when every step passed, 1 on the first failing step (or at the end with --keep-going).',
    'When no daemon answers on --host/--port, one is started inside this process with the daemon options below (it opens no port and stops when the script ends).',
  ],
  options: [
    { title: 'script options', options: RUN_OPTIONS },
    { title: 'daemon options (connecting: port, host, auth-token; the rest when a daemon is started)', options: START_OPTIONS },
  ],
  run: runCommand,
};
