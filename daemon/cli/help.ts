// `abpd --help`, `abpd COMMAND --help` and the CLI reference in docs/cli.md, all from the command table.
import { ABPD_VERSION } from '../routes/browserRoutes.ts';
import type { Command } from './command.ts';
import { optionsHelp } from './options.ts';

export function usage(commands: readonly Command[]): string {
  return [
    `abpd ${ABPD_VERSION} — a real browser for AI agents over the Agent Browser Protocol`,
    '',
    'usage: abpd [command] [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)}${c.summary}`),
    '',
    'abpd COMMAND --help shows a command\'s options; abpd --version prints the version.',
    'Every option can also be set with the ABPD_* variable shown beside it (flags win).',
  ].join('\n');
}

function usageLine(c: Command): string {
  return `abpd ${c.name}${c.args ? ` ${c.args}` : ''}${c.options?.length ? ' [options]' : ''}`;
}

export function commandHelp(c: Command): string {
  const lines = [`usage: ${usageLine(c)}`, '', c.summary];
  for (const paragraph of c.details ?? []) lines.push('', paragraph);
  for (const section of c.options ?? []) {
    if (section.options.length === 0) continue;
    lines.push('', `${section.title}:`, optionsHelp(section.options));
  }
  return lines.join('\n');
}

/** Markdown for docs/cli.md (scripts/cli-reference.ts writes it; a test checks it is current). */
export function cliReference(commands: readonly Command[]): string {
  const out = ['`abpd --help`, `abpd COMMAND --help` and `abpd --version` print the same text. Flags win over',
    'the `ABPD_*` variables; a bad option or value exits with status 2 and a message naming it.', ''];
  for (const c of commands) {
    out.push(`### \`${usageLine(c)}\``, '', c.summary.charAt(0).toUpperCase() + c.summary.slice(1) + '.', '');
    for (const paragraph of c.details ?? []) out.push(paragraph, '');
    for (const section of c.options ?? []) {
      if (section.options.length === 0) continue;
      out.push(`${section.title}:`, '', '```text', optionsHelp(section.options), '```', '');
    }
  }
  return out.join('\n').trimEnd() + '\n';
}
