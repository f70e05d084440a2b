// `abpd start` (the default command): the daemon in the foreground until a signal or
// POST /browser/shutdown.
import { defaultConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import type { Command } from './command.ts';
import { applyOptions, START_OPTIONS, UsageError } from './options.ts';
import { notifyReady } from './sdNotify.ts';

async function startCommand(argv: string[]): Promise<number> {
  const config = defaultConfig();
  const extra = applyOptions(config, argv, process.env, 'abpd start');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; see abpd start --help`);
  // Loaded here, not at the top: --help, status and stop should not pay for the whole daemon.
  const { startDaemon } = await import('../daemon.ts');
  const daemon = await startDaemon(config);
  const onSignal = (signal: string): void => { void daemon.stop(signal); };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  // Whatever happens to this process, Chromium's process group goes with it.
  process.once('exit', () => daemon.host.chrome?.kill());
  await notifyReady(createLogger(config.logLevel));
  await daemon.stopped;
  return 0;
}

export const startCommandDef: Command = {
  name: 'start',
  summary: 'run the daemon in the foreground (the default command)',
  details: ['Serves the ABP REST API on http://HOST:PORT/api/v1 and drives its own headless Chromium. SIGTERM or SIGINT (or POST /api/v1/browser/shutdown, or abpd stop) shuts it down cleanly. Under systemd with Type=notify it reports readiness once Chromium is up.'],
  options: [{ title: 'options', options: START_OPTIONS }],
  run: startCommand,
};
