// Prints the CLI reference generated from the command table; with --write, replaces the block
// between the cli-reference markers in docs/cli.md (test/cli/options.test.ts checks it is current).
// Usage: node --import tsx scripts/cli-reference.ts [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cliReference } from '../daemon/cli/help.ts';
import { COMMANDS } from '../daemon/cli/main.ts';

const reference = cliReference(COMMANDS);
if (process.argv.includes('--write')) {
  const file = fileURLToPath(new URL('../docs/cli.md', import.meta.url));
  const doc = readFileSync(file, 'utf8');
  const re = /(<!-- cli-reference:start -->\n)[\s\S]*?(<!-- cli-reference:end -->)/;
  if (!re.test(doc)) throw new Error(`${file} has no <!-- cli-reference:start --> … <!-- cli-reference:end --> block`);
  writeFileSync(file, doc.replace(re, (_m, start: string, end: string) => `${start}${reference}${end}`));
  process.stderr.write(`updated ${file}\n`);
} else {
  process.stdout.write(reference);
}
