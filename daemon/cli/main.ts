// `abpd [command] [options]`. Commands come from one table; start is the default.
import { defaultConfig } from '../config.ts';
import { startDaemon } from '../daemon.ts';
import { ABPD_VERSION } from '../routes/browserRoutes.ts';
import { applyOptions, optionsHelp } from './options.ts';

interface Command { name: string; summary: string; run(argv: string[]): Promise<number> }

const COMMANDS: Command[] = [
  { name: 'start', summary: 'run the daemon in the foreground (default)', run: startCommand },
];

function usage(): string {
  return [
    `abpd ${ABPD_VERSION} — a real browser for AI agents over the Agent Browser Protocol`,
    '',
    'usage: abpd [command] [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`),
    '',
    'options (start):',
    optionsHelp(),
    '',
    '  --help, --version',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--version')) { process.stdout.write(`${ABPD_VERSION}\n`); return 0; }
  if (argv.includes('--help') || argv.includes('-h')) { process.stdout.write(`${usage()}\n`); return 0; }
  const first = argv[0];
  const command = first && !first.startsWith('-') ? COMMANDS.find((c) => c.name === first) : COMMANDS[0];
  if (!command) { process.stderr.write(`abpd: unknown command "${first}"\n\n${usage()}\n`); return 2; }
  const rest = first && !first.startsWith('-') ? argv.slice(1) : argv;
  try {
    return await command.run(rest);
  } catch (err) {
    process.stderr.write(`abpd: ${(err as Error).message}\n`);
    return 1;
  }
}

async function startCommand(argv: string[]): Promise<number> {
  const config = defaultConfig();
  const extra = applyOptions(config, argv, process.env);
  if (extra.length > 0) throw new Error(`unexpected argument "${extra[0]}"; see abpd --help`);
  const daemon = await startDaemon(config);
  const onSignal = (signal: string): void => { void daemon.stop(signal); };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  // Whatever happens to this process, Chromium's process group goes with it.
  process.once('exit', () => daemon.host.chrome?.kill());
  await daemon.stopped;
  return 0;
}
