// What a CLI command is: one row of the command table in main.ts. `--help` text and docs/cli.md
// are generated from these rows (help.ts), so they cannot drift from what the parser accepts.
import { START_OPTIONS, type OptionSpec } from './options.ts';

export interface OptionSection { title: string; options: readonly OptionSpec[] }

export interface Command {
  name: string;
  summary: string;
  /** Positional arguments in the usage line, e.g. `SCRIPT` or `install|uninstall|status|print`. */
  args?: string;
  /** Paragraphs for `abpd NAME --help` and docs/cli.md. */
  details?: string[];
  options?: OptionSection[];
  run(argv: string[]): Promise<number>;
}

/** The options a client command (status, stop, run) needs to find a running daemon. */
const CONNECT_HELP: Record<string, string> = {
  port: 'port of the daemon (default 8222)',
  host: 'address of the daemon (default 127.0.0.1)',
  'auth-token': 'token to send as Authorization: Bearer (the daemon\'s --auth-token; "auto" reads its token file)',
  'session-dir': 'the daemon\'s --session-dir: without --port its port is read from the lock there, and its token file is used (default ~/.local/state/abpd/session)',
};
export const CONNECT_OPTIONS = START_OPTIONS.filter((d) => Object.hasOwn(CONNECT_HELP, d.flag)).map((d) => ({ ...d, help: CONNECT_HELP[d.flag]! }));
