// `abpd [command] [options]`. Commands come from one table; start is the default. `--help` text and
// docs/cli.md are generated from the rows (help.ts).
import { ABPD_VERSION } from '../routes/browserRoutes.ts';
import { agentCommandDef } from './agentCommand.ts';
import type { Command } from './command.ts';
import { commandHelp, usage } from './help.ts';
import { mcpCommandDef } from './mcpCommand.ts';
import { nearest } from '../unknownFields.ts';
import { UsageError } from './options.ts';
import { runCommandDef } from './runCommand.ts';
import { serviceCommandDef } from './service/serviceCommand.ts';
import { startCommandDef } from './startCommand.ts';
import { statusCommandDef, stopCommandDef } from './statusCommand.ts';

export const COMMANDS: Command[] = [
  startCommandDef,
  statusCommandDef,
  stopCommandDef,
  runCommandDef,
  agentCommandDef,
  serviceCommandDef,
  mcpCommandDef,
];

export async function main(argv: string[]): Promise<number> {
  const own = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (own.includes('--version')) { process.stdout.write(`${ABPD_VERSION}\n`); return 0; }
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('-');
  if (first === 'help') {
    const about = COMMANDS.find((c) => c.name === argv[1]);
    process.stdout.write(`${about ? commandHelp(about) : usage(COMMANDS)}\n`);
    return 0;
  }
  const command = named ? COMMANDS.find((c) => c.name === first) : COMMANDS[0];
  if (!command) {
    const near = nearest(first!, COMMANDS.map((c) => c.name));
    process.stderr.write(`abpd: unknown command "${first}"${near ? ` (did you mean "abpd ${near}"?)` : ''}\n\n${usage(COMMANDS)}\n`);
    return 2;
  }
  if (own.includes('--help') || own.includes('-h')) {
    process.stdout.write(`${named ? commandHelp(command) : usage(COMMANDS)}\n`);
    return 0;
  }
  try {
    return await command.run(named ? argv.slice(1) : argv);
  } catch (err) {
    process.stderr.write(`abpd ${command.name}: ${(err as Error).message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
