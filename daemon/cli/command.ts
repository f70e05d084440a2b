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
export const CONNECT_OPTIONS = START_OPTIONS.filter((d) => ['port', 'host', 'auth-token'].includes(d.flag));
